"""The steps of an application as a table (casework.steps): who may take each, from which
statuses, and what else must be true. The pages offer a step and the services enforce it with
the same row, so a button is never offered that the service would refuse.

Who the names stand for:
* office  — the site's disclosure office;
* handler — the office, or staff of the unit handling the application (or of a unit above it:
  a township acts for its villages);
* head    — the head of the disclosure work organ (政府信息公开工作机构负责人) named in the
  site's settings; while none is named, any disclosure-office member (ADR 0008 §5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from gongkai.casework.steps import Step, StepState, StepTable
from gongkai.organizations.authority import OFFICE, NamedPeople, Rule, SiteRole, UnitStaff
from gongkai.organizations.models import Role

from .choices import MassReviewDecision
from .models import Extension, InfoRequest, RequestSettings
from .states import CLOCK_STATUSES, HANDLING_STATUSES, OPEN_STATUSES, WORKFLOW, Status

S = Status
ALL_STATUSES = frozenset(Status)


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


# --- who -------------------------------------------------------------------------------------

HEAD_ONLY = "只有政务公开工作机构负责人可以审批。"


def office_rules(info_request: Any, facts: Any = None) -> Sequence[Rule]:
    return (OFFICE,)


def handler_rules(info_request: Any, facts: Any = None) -> Sequence[Rule]:
    return (OFFICE, UnitStaff(info_request.unit, message="该申请未交办给您所在的单位。"))


def head_rules(info_request: Any, facts: Any = None) -> Sequence[Rule]:
    configured = RequestSettings.objects.filter(site_id=info_request.site_id).first()
    if configured is not None and configured.head_user_id is not None:
        return (NamedPeople(frozenset({configured.head_user_id}), HEAD_ONLY),)
    return (SiteRole(frozenset({Role.OFFICE}), HEAD_ONLY, personal=True),)


# --- the steps -------------------------------------------------------------------------------


NOT_RECEIVED = "尚未收到的申请不能登记复议或诉讼。"


def _correction_overdue(ir: InfoRequest, f: Facts) -> bool:
    return f.correct_by is not None and f.today > f.correct_by


def _extension_refusal(ir: InfoRequest, f: Facts) -> str:
    if f.has_extension:
        return "答复期限只能延长一次，本申请已经延期。"
    return "本申请已按第三十五条另行确定答复期限，不再延期。"


# fmt: off
ACTIONS: tuple[Step, ...] = (
    Step("confirm_receipt", "确认收到申请", "office", frozenset({S.SUBMITTED}), S.RECEIVED,
         primary=True),
    Step("log_unreachable", "记录无法联系申请人", "office", frozenset({S.SUBMITTED})),
    Step("dispatch", "交办", "office", frozenset({S.RECEIVED}), S.DISPATCHED, primary=True),
    Step("accept", "签收", "handler", frozenset({S.DISPATCHED}), S.DRAFTING, primary=True),
    Step("transfer", "转办", "handler", frozenset({S.DISPATCHED, S.DRAFTING}), S.DISPATCHED),
    Step("correction_issue", "告知补正", "handler", HANDLING_STATUSES, S.AWAITING_CORRECTION,
         when=lambda ir, f: not f.has_correction,
         refusal="补正只能一次性告知，本申请已经告知过补正。"),
    Step("correction_receive", "登记收到补正", "handler", frozenset({S.AWAITING_CORRECTION}),
         primary=True),
    Step("close_no_correction", "逾期未补正终止办理", "handler",
         frozenset({S.AWAITING_CORRECTION}), S.CLOSED, when=_correction_overdue,
         refusal=lambda ir, f: "补正期限尚未届满。"),
    Step("consultation_start", "征求意见", "handler", HANDLING_STATUSES),
    Step("consultation_answer", "登记征求意见答复", "handler", OPEN_STATUSES,
         when=lambda ir, f: f.unanswered_consultations > 0, refusal="该征求意见已登记答复。",
         per_row=True),
    Step("fee_notice_issue", "发出收费通知", "handler", HANDLING_STATUSES,
         when=lambda ir, f: f.open_fee_notices == 0, refusal="该申请已有未缴费的收费通知。"),
    Step("fee_notice_delivered", "登记收到通知日期", "handler", OPEN_STATUSES,
         when=lambda ir, f: f.open_fee_notices > 0, refusal="该收费通知已缴费或已撤销。",
         per_row=True),
    Step("fee_notice_paid", "确认缴费", "handler", OPEN_STATUSES,
         when=lambda ir, f: f.open_fee_notices > 0, refusal="该收费通知已缴费或已撤销。",
         per_row=True),
    Step("fee_notice_cancel", "撤销收费通知", "handler", OPEN_STATUSES,
         when=lambda ir, f: f.open_fee_notices > 0, refusal="该收费通知已缴费或已撤销。",
         per_row=True),
    Step("close_fee_unpaid", "逾期未缴费终止办理", "handler", HANDLING_STATUSES, S.CLOSED,
         when=lambda ir, f: f.open_fee_notices > 0, refusal="该申请没有未缴费的收费通知。"),
    Step("extension_grant", "延期答复", "handler", CLOCK_STATUSES,
         when=lambda ir, f: not f.has_extension and ir.custom_due_on is None,
         refusal=_extension_refusal),
    Step("mass_review_request", "要求说明理由（第三十五条）", "handler", HANDLING_STATUSES,
         when=lambda ir, f: not f.has_mass_review, refusal="已要求申请人说明理由。"),
    Step("mass_review_decide", "审查申请理由", "handler", OPEN_STATUSES,
         when=lambda ir, f: f.mass_review_pending, refusal="请先要求申请人说明理由。"),
    Step("draft_reply", "撰写答复", "handler", frozenset({S.DRAFTING}), primary=True),
    Step("submit_reply", "提交审核", "handler", frozenset({S.DRAFTING}), S.UNDER_REVIEW,
         when=lambda ir, f: bool(ir.outcome), refusal="请先撰写答复并选择办理结果。",
         primary=True),
    Step("review", "审核答复", "office", frozenset({S.UNDER_REVIEW}), S.AWAITING_APPROVAL,
         primary=True),
    Step("approve", "签发", "head", frozenset({S.AWAITING_APPROVAL}), S.APPROVED, primary=True),
    Step("serve", "登记送达", "handler", frozenset({S.APPROVED}), S.SERVED, primary=True),
    Step("withdraw", "申请人撤回", "handler", OPEN_STATUSES, S.CLOSED),
    Step("archive", "归档", "office", frozenset({S.SERVED, S.CLOSED}), S.ARCHIVED,
         primary=True),
    Step("attachment_add", "添加申请材料", "handler", ALL_STATUSES - {S.ARCHIVED}),
    Step("reset_query_code", "重置查询码", "office", ALL_STATUSES - {S.ARCHIVED}),
    Step("reconsideration_record", "登记行政复议", "office", ALL_STATUSES,
         when=lambda ir, f: ir.received_on is not None, refusal=NOT_RECEIVED),
    Step("reconsideration_update", "更新复议结果", "office", ALL_STATUSES,
         when=lambda ir, f: ir.received_on is not None, refusal=NOT_RECEIVED,
         per_row=True),
    Step("litigation_record", "登记行政诉讼", "office", ALL_STATUSES,
         when=lambda ir, f: ir.received_on is not None, refusal=NOT_RECEIVED),
    Step("litigation_update", "更新诉讼结果", "office", ALL_STATUSES,
         when=lambda ir, f: ir.received_on is not None, refusal=NOT_RECEIVED,
         per_row=True),
)
# fmt: on

STEPS = StepTable(
    ACTIONS,
    workflow=WORKFLOW,
    rules={"office": office_rules, "handler": handler_rules, "head": head_rules},
    facts=facts_of,
)
BY_KEY: dict[str, Step] = STEPS.by_key


def action_state(
    info_request: InfoRequest, user: Any, key: str, facts: Facts | None = None
) -> StepState:
    """KeyError for an unknown step."""
    return STEPS.state(info_request, user, key, facts)


def available_actions(
    info_request: InfoRequest, user: Any, today: dt.date | None = None
) -> list[Step]:
    """The steps `user` may take on `info_request` now, in loop order."""
    return STEPS.offered(info_request, user, facts_of(info_request, today))
