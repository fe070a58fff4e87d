"""Which steps a user may take on an application now, for the pages and the API to offer.

Derived, never decided here: a step is offered when the application's status is one it starts
from AND the transition table (`states.ALLOWED`) allows its target from there, when the facts
it needs exist (an open fee notice to mark paid, no earlier correction notice ...), and when the
services' own authorisation (`authorise_office` / `authorise_handler` / `authorise_head`) lets
the user act. The services check all of it again when the step is posted; this module only
keeps pages from offering buttons that would be refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.utils import timezone

from .choices import MassReviewDecision
from .models import Extension, InfoRequest
from .services import authorise_handler, authorise_head, authorise_office
from .states import (
    ALLOWED,
    CLOCK_STATUSES,
    HANDLING_STATUSES,
    OPEN_STATUSES,
    Status,
)

S = Status
ALL_STATUSES = frozenset(Status)


class Who(StrEnum):
    OFFICE = "office"  # the disclosure office of the site
    HANDLER = "handler"  # the unit handling it (or the office on its behalf)
    HEAD = "head"  # the head of the disclosure work organ (RequestSettings.head_user)


@dataclass(frozen=True)
class Facts:
    """What the preconditions read, loaded once per application."""

    today: dt.date
    has_correction: bool
    correct_by: dt.date | None
    corrected: bool
    has_extension: bool
    open_fee_notices: int
    unanswered_consultations: int
    mass_review_pending: bool
    has_mass_review: bool


def facts_of(info_request: InfoRequest, today: dt.date | None = None) -> Facts:
    try:
        correction = info_request.correction
    except ObjectDoesNotExist:
        correction = None
    try:
        review = info_request.mass_review
    except ObjectDoesNotExist:
        review = None
    return Facts(
        today=today or timezone.localdate(),
        has_correction=correction is not None,
        correct_by=correction.correct_by if correction is not None else None,
        corrected=correction is not None and correction.corrected_on is not None,
        has_extension=Extension.objects.filter(info_request=info_request).exists(),
        open_fee_notices=info_request.fee_notices.filter(
            paid_on__isnull=True, cancelled_on__isnull=True
        ).count(),
        unanswered_consultations=info_request.consultations.filter(
            answered_on__isnull=True
        ).count(),
        mass_review_pending=review is not None and review.decision == MassReviewDecision.PENDING,
        has_mass_review=review is not None,
    )


Precondition = Callable[[InfoRequest, Facts], bool]


def _always(info_request: InfoRequest, facts: Facts) -> bool:
    return True


@dataclass(frozen=True)
class StepAction:
    key: str
    label: str
    who: Who
    # The statuses the step starts from (the service's require_status / transition source).
    starts_from: frozenset[Status]
    # The status it moves to; None for a step that leaves the status as it is.
    target: Status | None = None
    when: Precondition = _always
    # Offered once per row (a consultation, a fee notice, a remedy), not as a page button.
    per_row: bool = False
    # Shown as a prominent button (the main next step of the loop).
    primary: bool = False

    @property
    def statuses(self) -> frozenset[Status]:
        """`starts_from` narrowed by the transition table."""
        if self.target is None:
            return self.starts_from
        return frozenset(s for s in self.starts_from if self.target in ALLOWED[s])


def _correction_overdue(ir: InfoRequest, f: Facts) -> bool:
    return f.correct_by is not None and f.today > f.correct_by


# fmt: off
ACTIONS: tuple[StepAction, ...] = (
    StepAction("confirm_receipt", "确认收到申请", Who.OFFICE, frozenset({S.SUBMITTED}), S.RECEIVED,
               primary=True),
    StepAction("log_unreachable", "记录无法联系申请人", Who.OFFICE, frozenset({S.SUBMITTED})),
    StepAction("dispatch", "交办", Who.OFFICE, frozenset({S.RECEIVED}), S.DISPATCHED,
               primary=True),
    StepAction("accept", "签收", Who.HANDLER, frozenset({S.DISPATCHED}), S.DRAFTING,
               primary=True),
    StepAction("transfer", "转办", Who.HANDLER, frozenset({S.DISPATCHED, S.DRAFTING}),
               S.DISPATCHED),
    StepAction("correction_issue", "告知补正", Who.HANDLER, HANDLING_STATUSES,
               S.AWAITING_CORRECTION, when=lambda ir, f: not f.has_correction),
    StepAction("correction_receive", "登记收到补正", Who.HANDLER,
               frozenset({S.AWAITING_CORRECTION}), primary=True),
    StepAction("close_no_correction", "逾期未补正终止办理", Who.HANDLER,
               frozenset({S.AWAITING_CORRECTION}), S.CLOSED, when=_correction_overdue),
    StepAction("consultation_start", "征求意见", Who.HANDLER, HANDLING_STATUSES),
    StepAction("consultation_answer", "登记征求意见答复", Who.HANDLER, OPEN_STATUSES,
               when=lambda ir, f: f.unanswered_consultations > 0, per_row=True),
    StepAction("fee_notice_issue", "发出收费通知", Who.HANDLER, HANDLING_STATUSES,
               when=lambda ir, f: f.open_fee_notices == 0),
    StepAction("fee_notice_delivered", "登记收到通知日期", Who.HANDLER, OPEN_STATUSES,
               when=lambda ir, f: f.open_fee_notices > 0, per_row=True),
    StepAction("fee_notice_paid", "确认缴费", Who.HANDLER, OPEN_STATUSES,
               when=lambda ir, f: f.open_fee_notices > 0, per_row=True),
    StepAction("fee_notice_cancel", "撤销收费通知", Who.HANDLER, OPEN_STATUSES,
               when=lambda ir, f: f.open_fee_notices > 0, per_row=True),
    StepAction("close_fee_unpaid", "逾期未缴费终止办理", Who.HANDLER, HANDLING_STATUSES,
               S.CLOSED, when=lambda ir, f: f.open_fee_notices > 0),
    StepAction("extension_grant", "延期答复", Who.HANDLER, CLOCK_STATUSES,
               when=lambda ir, f: not f.has_extension and ir.custom_due_on is None),
    StepAction("mass_review_request", "要求说明理由（第三十五条）", Who.HANDLER,
               HANDLING_STATUSES, when=lambda ir, f: not f.has_mass_review),
    StepAction("mass_review_decide", "审查申请理由", Who.HANDLER, OPEN_STATUSES,
               when=lambda ir, f: f.mass_review_pending),
    StepAction("draft_reply", "撰写答复", Who.HANDLER, frozenset({S.DRAFTING}), primary=True),
    StepAction("submit_reply", "提交审核", Who.HANDLER, frozenset({S.DRAFTING}),
               S.UNDER_REVIEW, when=lambda ir, f: bool(ir.outcome), primary=True),
    StepAction("review", "审核答复", Who.OFFICE, frozenset({S.UNDER_REVIEW}),
               S.AWAITING_APPROVAL, primary=True),
    StepAction("approve", "签发", Who.HEAD, frozenset({S.AWAITING_APPROVAL}), S.APPROVED,
               primary=True),
    StepAction("serve", "登记送达", Who.HANDLER, frozenset({S.APPROVED}), S.SERVED,
               primary=True),
    StepAction("withdraw", "申请人撤回", Who.HANDLER, OPEN_STATUSES, S.CLOSED),
    StepAction("archive", "归档", Who.OFFICE, frozenset({S.SERVED, S.CLOSED}), S.ARCHIVED,
               primary=True),
    StepAction("attachment_add", "添加申请材料", Who.HANDLER, ALL_STATUSES - {S.ARCHIVED}),
    StepAction("reset_query_code", "重置查询码", Who.OFFICE, ALL_STATUSES - {S.ARCHIVED}),
    StepAction("reconsideration_record", "登记行政复议", Who.OFFICE, ALL_STATUSES,
               when=lambda ir, f: ir.received_on is not None),
    StepAction("reconsideration_update", "更新复议结果", Who.OFFICE, ALL_STATUSES,
               when=lambda ir, f: ir.received_on is not None, per_row=True),
    StepAction("litigation_record", "登记行政诉讼", Who.OFFICE, ALL_STATUSES,
               when=lambda ir, f: ir.received_on is not None),
    StepAction("litigation_update", "更新诉讼结果", Who.OFFICE, ALL_STATUSES,
               when=lambda ir, f: ir.received_on is not None, per_row=True),
)
# fmt: on

BY_KEY: dict[str, StepAction] = {action.key: action for action in ACTIONS}


def may_act(user: Any, who: Who, info_request: InfoRequest) -> bool:
    """The services' own authorisation, asked without acting."""
    try:
        if who == Who.OFFICE:
            authorise_office(user, info_request.site_id)
        elif who == Who.HEAD:
            authorise_head(user, info_request.site_id)
        else:
            authorise_handler(user, info_request)
    except PermissionDenied:
        return False
    return True


@dataclass(frozen=True)
class ActionState:
    action: StepAction
    permitted: bool  # the user's role may take this step on this application
    possible: bool  # the status and the facts allow it now

    @property
    def available(self) -> bool:
        return self.permitted and self.possible


def action_state(
    info_request: InfoRequest, user: Any, key: str, facts: Facts | None = None
) -> ActionState:
    """KeyError for an unknown step."""
    action = BY_KEY[key]
    facts = facts or facts_of(info_request)
    possible = info_request.status in action.statuses and action.when(info_request, facts)
    return ActionState(action, may_act(user, action.who, info_request), possible)


def available_actions(
    info_request: InfoRequest, user: Any, today: dt.date | None = None
) -> list[StepAction]:
    """The steps `user` may take on `info_request` now, in loop order."""
    facts = facts_of(info_request, today)
    return [
        action
        for action in ACTIONS
        if action_state(info_request, user, action.key, facts).available
    ]
