"""The step table: the one predicate that offers a step on a page and enforces it in the service.

A tenant declares its steps as rows:

    Step("dispatch", "交办", who="office", starts_from={S.RECEIVED}, target=S.DISPATCHED)
    Step("correction_issue", "告知补正", who="handler", starts_from=HANDLING,
         target=S.AWAITING_CORRECTION, when=lambda case, f: not f.has_correction,
         refusal="补正只能一次性告知，本申请已经告知过补正。")

and builds one `StepTable` with its workflow, the rules each `who` stands for, and a loader of
the facts its preconditions read. Then:

* the pages and the API ask `table.offered(case, user)` which buttons to show;
* every service starts with `actor = table.enforce(case, actor, "dispatch")` after locking the
  case, which refuses with the same answer the page was given: who may act (PermissionDenied),
  the status (narrowed by the workflow) and the precondition (ValidationError in Chinese).

A new step is therefore a row here and one service; nothing else has to learn about it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.organizations.actors import Actor
from gongkai.organizations.authority import Rule, authorise

from .workflow import Workflow

Precondition = Callable[[Any, Any], bool]


def always(case: Any, facts: Any) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    # A key of the table's rules: who may take the step.
    who: str
    # The statuses the step starts from.
    starts_from: frozenset[str]
    # The status it moves to; None for a step that leaves the status as it is.
    target: str | None = None
    # What else must be true now (an open fee notice to mark paid, no earlier correction ...).
    when: Precondition = always
    # Why `when` says no: shown on the page and raised by the service (a text, or a function of
    # the case and the facts when the reason depends on which condition failed).
    refusal: str | Callable[[Any, Any], str] = ""
    # Taken on one row of the case (a consultation, a fee notice), not as a page button.
    per_row: bool = False
    # The main next step of the loop, shown prominently.
    primary: bool = False


@dataclass(frozen=True)
class StepState:
    step: Step
    permitted: bool  # the user may take this step on this case
    possible: bool  # the status and the facts allow it now
    reason: str = ""  # why not, when not

    @property
    def available(self) -> bool:
        return self.permitted and self.possible

    @property
    def action(self) -> Step:
        return self.step


RulesFor = Callable[[Any, Any], Sequence[Rule]]


class StepTable:
    def __init__(
        self,
        steps: Iterable[Step],
        *,
        workflow: Workflow,
        rules: Mapping[str, RulesFor],
        facts: Callable[[Any], Any],
        site_of: Callable[[Any], int | None] = lambda case: case.site_id,
        noun: str = "",
    ) -> None:
        self.steps: tuple[Step, ...] = tuple(steps)
        self.by_key: dict[str, Step] = {step.key: step for step in self.steps}
        if len(self.by_key) != len(self.steps):
            raise ValueError("step keys must be unique")
        unknown = {step.who for step in self.steps} - set(rules)
        if unknown:
            raise ValueError(f"steps name rules that are not defined: {sorted(unknown)}")
        self.workflow = workflow
        self.rules = dict(rules)
        self.load_facts = facts
        self.site_of = site_of
        self.noun = noun

    def __getitem__(self, key: str) -> Step:
        return self.by_key[key]

    def __iter__(self) -> Any:
        return iter(self.steps)

    def statuses(self, step: Step) -> frozenset[str]:
        """`starts_from` narrowed by the transition table."""
        if step.target is None:
            return frozenset(str(s) for s in step.starts_from)
        return frozenset(str(s) for s in step.starts_from if self.workflow.allows(s, step.target))

    def _rules(self, step: Step, case: Any, facts: Any) -> Sequence[Rule]:
        return self.rules[step.who](case, facts)

    def _possible(self, step: Step, case: Any, facts: Any) -> tuple[bool, str]:
        if str(case.status) not in self.statuses(step):
            return False, (
                f"{self.noun}当前状态为“{self.workflow.label(case.status)}”，不能{step.label}。"
            )
        if not step.when(case, facts):
            reason = step.refusal(case, facts) if callable(step.refusal) else step.refusal
            return False, reason or f"{self.noun}当前不能{step.label}。"
        return True, ""

    def state(self, case: Any, user: Any, key: str, facts: Any = None) -> StepState:
        """KeyError for an unknown step."""
        step = self.by_key[key]
        facts = self.load_facts(case) if facts is None else facts
        try:
            authorise(user, self._rules(step, case, facts), site_id=self.site_of(case))
        except PermissionDenied as denied:
            permitted, reason = False, str(denied.args[0]) if denied.args else ""
        else:
            permitted, reason = True, ""
        possible, why = self._possible(step, case, facts)
        return StepState(step, permitted, possible, reason or why)

    def offered(self, case: Any, user: Any, facts: Any = None) -> list[Step]:
        """The steps `user` may take on `case` now, in table order."""
        facts = self.load_facts(case) if facts is None else facts
        return [step for step in self.steps if self.state(case, user, step.key, facts).available]

    def enforce(self, case: Any, actor: Any, key: str, facts: Any = None) -> Actor:
        """The service's check: the acting Actor, or PermissionDenied / ValidationError with the
        same reason the page would give. Call it on the locked case."""
        step = self.by_key[key]
        facts = self.load_facts(case) if facts is None else facts
        acting = authorise(actor, self._rules(step, case, facts), site_id=self.site_of(case))
        possible, why = self._possible(step, case, facts)
        if not possible:
            raise ValidationError(why, code="step")
        return acting
