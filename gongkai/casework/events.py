"""The event row every move and step of a case leaves behind, and the log that writes it.

`CaseEvent` is the abstract row (who, when, from, to, the legal date, a note, data); a tenant
subclasses it with a foreign key to its case and makes the table append-only in a migration
(`core.append_only`). `EventLog` checks a move against the workflow, sets the status and writes
the row, so no service sets a status by hand. The actor is copied, not linked: the row never has
to change when a user is removed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from gongkai.organizations.actors import actor_of

from .workflow import Workflow


class CaseEvent(models.Model):
    action = models.CharField("操作", max_length=30)
    from_status = models.CharField("原状态", max_length=30, blank=True)
    to_status = models.CharField("新状态", max_length=30)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    # The legal date of the step (a receipt, a letter sent, a signature), when it has one.
    on_date = models.DateField("日期", null=True, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]


class EventLog:
    """Writes `model` rows for the cases of one app. `case_field` is the row's foreign key to
    the case. A model that lacks the optional columns (on_date, data) simply does not get them,
    so an older event table can be a tenant too."""

    def __init__(self, model: type[models.Model], case_field: str, workflow: Workflow) -> None:
        self.model = model
        self.case_field = case_field
        self.workflow = workflow
        names = {f.name for f in model._meta.get_fields()}
        self._has = {name: name in names for name in ("on_date", "data")}
        self._note_length = model._meta.get_field("note").max_length  # type: ignore[union-attr]

    def event(
        self,
        case: Any,
        action: str,
        *,
        actor: Any,
        from_status: str,
        on: dt.date | None = None,
        note: str = "",
        data: dict[str, Any] | None = None,
    ) -> Any:
        who = actor_of(actor)
        fields: dict[str, Any] = {
            self.case_field: case,
            "action": str(action),
            "from_status": str(from_status),
            "to_status": str(case.status),
            "actor_id": who.pk,
            "actor_name": who.name,
            "note": note[: self._note_length] if self._note_length else note,
        }
        if self._has["on_date"]:
            fields["on_date"] = on
        if self._has["data"]:
            fields["data"] = data or {}
        return self.model._default_manager.create(**fields)

    def move(
        self,
        case: Any,
        target: str,
        action: str,
        *,
        actor: Any,
        on: dt.date | None = None,
        note: str = "",
        data: dict[str, Any] | None = None,
    ) -> Any:
        """Check source → target against the table, set it (the caller saves), log the event."""
        source = case.status
        self.workflow.check(source, target)
        case.status = target
        return self.event(
            case, action, actor=actor, from_status=source, on=on, note=note, data=data
        )

    def step(
        self,
        case: Any,
        action: str,
        *,
        actor: Any,
        on: dt.date | None = None,
        note: str = "",
        data: dict[str, Any] | None = None,
    ) -> Any:
        """A step that leaves the status as it is (the event's from and to are equal)."""
        return self.event(
            case, action, actor=actor, from_status=case.status, on=on, note=note, data=data
        )
