"""A case's statuses as data: which status may move to which, and the check every service runs.

    WORKFLOW = Workflow(Status, ALLOWED)
    WORKFLOW.check(case.status, Status.CLOSED)   # ValidationError in Chinese, or nothing

A transition missing from the table cannot happen, whichever view, import or command asks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError


class Workflow:
    def __init__(
        self, statuses: Any, allowed: Mapping[Any, frozenset[Any]], *, noun: str = ""
    ) -> None:
        """`statuses` is a TextChoices class, `allowed` maps each status to its targets (a self
        loop is a real transition), `noun` names the case in messages ("年度报告")."""
        self.statuses = statuses
        self.allowed: dict[str, frozenset[str]] = {
            str(source): frozenset(str(t) for t in targets) for source, targets in allowed.items()
        }
        self.noun = noun

    def label(self, status: Any) -> str:
        try:
            return str(self.statuses(status).label)
        except ValueError:
            return str(status)

    def allows(self, source: Any, target: Any) -> bool:
        return str(target) in self.allowed.get(str(source), frozenset())

    def check(self, source: Any, target: Any) -> None:
        """Raise a Chinese ValidationError unless the table has source → target; ValueError for
        a status the table does not know (a programming error, not bad input)."""
        for status in (source, target):
            if str(status) not in self.allowed:
                raise ValueError(f"unknown status {status!r}")
        if not self.allows(source, target):
            raise ValidationError(
                f"{self.noun}当前状态为“{self.label(source)}”，不能变更为“{self.label(target)}”。",
                code="transition",
            )

    def require(self, status: Any, allowed: Any, what: str) -> None:
        """A step that is not a transition still has statuses it belongs to."""
        if str(status) not in {str(s) for s in allowed}:
            raise ValidationError(
                f"{self.noun}当前状态为“{self.label(status)}”，不能{what}。", code="status"
            )

    @property
    def pairs(self) -> frozenset[tuple[str, str]]:
        return frozenset((s, t) for s, targets in self.allowed.items() for t in targets)
