"""Changes to the reply period itself: the one extension (延期答复, Art. 33 para. 2) and the
Art. 35 review of mass or repeated requests, whose reasonable outcome may set a custom deadline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core.calendar import load_calendar
from gongkai.organizations.authority import authorise

from .. import deadlines
from ..actions import head_rules
from ..choices import MassReviewDecision
from ..letters.issue import letter_issue
from ..models import Extension, InfoRequest, MassReview
from ..states import Action
from ._base import (
    STEPS,
    actor_name,
    check_date,
    check_text,
    clock_start_of,
    clock_stops,
    corrected_on,
    lock,
    received_date,
    recompute_due,
    record,
    snapshot,
    step,
    today,
    zh_date,
)

MAX_EXTENSION = deadlines.MAX_EXTENSION_WORKING_DAYS


# --- extension ------------------------------------------------------------------------------


@transaction.atomic
def extension_grant(
    *,
    info_request: InfoRequest,
    days: int,
    reason: str,
    notified_on: dt.date,
    actor: Any,
    approver: Any = None,
    approved_on: dt.date | None = None,
) -> Extension:
    """延期答复 (Art. 33 para. 2): once, at most 20 working days, approved by the head of the
    disclosure work organ (`approver`, the actor by default), and notified to the applicant no
    later than the original due date; a notice after it is refused."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "extension_grant")
    approver = actor if approver is None else approver
    authorise(approver, head_rules(info_request), site_id=info_request.site_id)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION:
        raise ValidationError({"days": f"延长的期限应为1至{MAX_EXTENSION}个工作日。"})
    reason = check_text(reason, "reason", "延期理由", 1000)
    received = received_date(info_request)
    calendar = load_calendar()
    original = deadlines.original_due_date(
        received, corrected_on(info_request), clock_stops(info_request), calendar
    )
    start = clock_start_of(info_request)
    approved_on = today() if approved_on is None else approved_on
    check_date(approved_on, "approved_on", not_before=start, not_before_label="起算日")
    check_date(notified_on, "notified_on", not_before=approved_on, not_before_label="批准日期")
    if notified_on > original.due:
        raise ValidationError(
            {
                "notified_on": (
                    f"延期须在原答复期限（{zh_date(original.due)}）届满前告知申请人，"
                    "现已超过原期限，不能延期。"
                )
            }
        )
    before = snapshot(info_request)
    extension = Extension.objects.create(
        info_request=info_request,
        days=days,
        reason=reason,
        approved_by=approver if getattr(approver, "is_authenticated", False) else None,
        approved_by_name=actor_name(approver),
        approved_on=approved_on,
        notified_on=notified_on,
        original_due_on=original.due,
    )
    step(
        info_request,
        Action.GRANT_EXTENSION,
        actor=actor,
        on=notified_on,
        note=f"延长 {days} 个工作日：{reason}"[:500],
        data={"days": days, "approved_by": extension.approved_by_name},
    )
    recompute_due(info_request, calendar)
    info_request.save()
    record(info_request, "grant_extension", actor=actor, before=before, note=reason[:500])
    letter_issue(info_request=info_request, kind="extension", actor=actor, issued_on=notified_on)
    return extension


# --- Art. 35 --------------------------------------------------------------------------------


@transaction.atomic
def mass_review_request_reasons(
    *, info_request: InfoRequest, requested_on: dt.date, actor: Any, note: str = ""
) -> MassReview:
    """Art. 35: the number or frequency of the applicant's requests clearly exceeds a reasonable
    range, so the organ asks for the reasons."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "mass_review_request")
    check_date(
        requested_on,
        "requested_on",
        not_before=clock_start_of(info_request),
        not_before_label="起算日",
    )
    note = check_text(note, "note", "备注", 500, required=False)
    review = MassReview.objects.create(
        info_request=info_request, reasons_requested_on=requested_on, note=note
    )
    step(info_request, Action.MASS_REVIEW, actor=actor, on=requested_on, note="要求说明理由")
    record(info_request, "mass_review", actor=actor, changes={}, note="要求说明理由")
    return review


@transaction.atomic
def mass_review_decide(
    *,
    info_request: InfoRequest,
    decision: str,
    decided_on: dt.date,
    actor: Any,
    reasons: str = "",
    reasons_received_on: dt.date | None = None,
    custom_due_on: dt.date | None = None,
) -> MassReview:
    """Unreasonable reasons: the application is not processed (the reply's outcome is np_mass).
    Reasonable: it is processed, and the organ may set a longer deadline and tell the
    applicant (`custom_due_on` replaces the computed due date)."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "mass_review_decide")
    review = MassReview.objects.select_for_update().filter(info_request=info_request).first()
    if review is None:
        raise ValidationError("请先要求申请人说明理由。")
    if decision not in (MassReviewDecision.REASONABLE, MassReviewDecision.UNREASONABLE):
        raise ValidationError({"decision": "请选择理由是否合理。"})
    if reasons_received_on is not None:
        check_date(
            reasons_received_on,
            "reasons_received_on",
            not_before=review.reasons_requested_on,
            not_before_label="要求说明理由日期",
        )
    check_date(
        decided_on,
        "decided_on",
        not_before=review.reasons_requested_on,
        not_before_label="要求说明理由日期",
    )
    if custom_due_on is not None:
        if decision != MassReviewDecision.REASONABLE:
            raise ValidationError({"custom_due_on": "理由不合理的申请不予处理，无需确定答复期限。"})
        floor = max(decided_on, info_request.due_on or decided_on)
        check_date(
            custom_due_on,
            "custom_due_on",
            not_before=floor,
            allow_future=True,
            not_before_label="原答复期限",
        )
    before = snapshot(info_request)
    review.reasons = check_text(reasons, "reasons", "申请人说明的理由", 2000, required=False)
    review.reasons_received_on = reasons_received_on
    review.decision = decision
    review.decided_on = decided_on
    review.custom_due_on = custom_due_on
    review.save()
    info_request.custom_due_on = custom_due_on
    step(
        info_request,
        Action.MASS_REVIEW,
        actor=actor,
        on=decided_on,
        note=str(MassReviewDecision(decision).label),
        data={"custom_due_on": custom_due_on.isoformat() if custom_due_on else None},
    )
    recompute_due(info_request)
    info_request.save()
    record(info_request, "mass_review", actor=actor, before=before)
    return review
