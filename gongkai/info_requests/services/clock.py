"""What moves the reply clock: the correction notice (补正, which restarts it), consultations
(征求意见, which stop it), and the recompute when the working-day calendar changes. Fee notices
are in fees.py, the extension and Art. 35 in extension.py. Each write recomputes the stored due
date in its transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core.calendar import load_calendar

from .. import deadlines
from ..choices import ConsultationAnswer, ConsultationKind
from ..letters.issue import letter_issue, letter_issue_consultation
from ..models import Consultation, Correction, InfoRequest
from ..states import Action, Status
from ._base import (
    DUE_FIELDS,
    STEPS,
    actor_name,
    check_date,
    check_text,
    clock_start_of,
    lock,
    move,
    received_date,
    recompute_due,
    record,
    snapshot,
    step,
    zh_date,
)

# --- correction -----------------------------------------------------------------------------


@transaction.atomic
def correction_issue(
    *,
    info_request: InfoRequest,
    issued_on: dt.date,
    items: str,
    correct_by: dt.date,
    actor: Any,
) -> Correction:
    """The single correction notice (一次性告知补正, Art. 30). A second one is refused; one sent
    after the 7th working day from receipt is recorded with `issued_late` (the law's limit was
    missed, but the applicant still has to be told)."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "correction_issue")
    received = received_date(info_request)
    check_date(issued_on, "issued_on", not_before=received, not_before_label="收到申请日期")
    check_date(
        correct_by,
        "correct_by",
        not_before=issued_on,
        not_before_label="告知日期",
        allow_future=True,
    )
    items = check_text(items, "items", "需要补正的事项", 2000)
    limit = deadlines.correction_deadline(received, load_calendar())
    late = issued_on > limit.due
    before = snapshot(info_request)
    correction = Correction.objects.create(
        info_request=info_request,
        issued_on=issued_on,
        items=items,
        correct_by=correct_by,
        issued_late=late,
        issued_by_name=actor_name(actor),
    )
    note = f"超过收到申请后7个工作日（{zh_date(limit.due)}）才告知补正。" if late else ""
    move(
        info_request,
        Status.AWAITING_CORRECTION,
        Action.ISSUE_CORRECTION,
        actor=actor,
        on=issued_on,
        note=note,
        data={"correct_by": correct_by.isoformat()},
    )
    recompute_due(info_request)
    info_request.save()
    record(info_request, "issue_correction", actor=actor, before=before, note=note)
    letter_issue(info_request=info_request, kind="correction", actor=actor, issued_on=issued_on)
    return correction


@transaction.atomic
def correction_receive(
    *, info_request: InfoRequest, corrected_on: dt.date, actor: Any, note: str = ""
) -> Correction:
    """The corrected application arrived: the clock restarts from zero on that day. The case
    returns to the unit that had it, or to the office if it was not dispatched yet."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "correction_receive")
    correction = Correction.objects.select_for_update().get(info_request=info_request)
    check_date(
        corrected_on,
        "corrected_on",
        not_before=correction.issued_on,
        not_before_label="补正告知日期",
    )
    before = snapshot(info_request)
    correction.corrected_on = corrected_on
    correction.save(update_fields=["corrected_on"])
    target = Status.DRAFTING if info_request.unit_id else Status.RECEIVED
    note = check_text(note, "note", "说明", 500, required=False)
    move(info_request, target, Action.RECEIVE_CORRECTION, actor=actor, on=corrected_on, note=note)
    recompute_due(info_request)
    info_request.save()
    record(info_request, "receive_correction", actor=actor, before=before, note=note)
    return correction


# --- consultation ---------------------------------------------------------------------------


@transaction.atomic
def consultation_start(
    *,
    info_request: InfoRequest,
    kind: str,
    party: str,
    sent_on: dt.date,
    actor: Any,
    note: str = "",
) -> Consultation:
    """A consultation letter went out (Art. 32 third party, Art. 34 co-maker): the clock stops
    from `sent_on` until the answer, at most 15 working days."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "consultation_start")
    if kind not in ConsultationKind.values:
        raise ValidationError({"kind": "请选择征求意见的类型。"})
    party = check_text(party, "party", "征求意见对象", 200)
    check_date(
        sent_on, "sent_on", not_before=clock_start_of(info_request), not_before_label="起算日"
    )
    before = snapshot(info_request)
    consultation = Consultation.objects.create(
        info_request=info_request,
        kind=kind,
        party=party,
        sent_on=sent_on,
        note=check_text(note, "note", "备注", 500, required=False),
    )
    step(
        info_request,
        Action.START_CONSULTATION,
        actor=actor,
        on=sent_on,
        note=party,
        data={"consultation": consultation.pk, "kind": kind},
    )
    recompute_due(info_request)
    info_request.save()
    record(info_request, "start_consultation", actor=actor, before=before, note=party)
    letter_issue_consultation(info_request=info_request, consultation=consultation, actor=actor)
    return consultation


@transaction.atomic
def consultation_answer(
    *,
    consultation: Consultation,
    answered_on: dt.date,
    answer: str,
    actor: Any,
    note: str = "",
) -> Consultation:
    """The consulted party answered: the stop ends that day (or earlier, at its 15-day cap)."""
    info_request = lock(consultation.info_request)
    STEPS.enforce(info_request, actor, "consultation_answer")
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.answered_on is not None:
        raise ValidationError("该征求意见已登记答复。")
    if answer not in ConsultationAnswer.values:
        raise ValidationError({"answer": "请选择答复意见。"})
    check_date(
        answered_on, "answered_on", not_before=consultation.sent_on, not_before_label="发函日期"
    )
    before = snapshot(info_request)
    consultation.answered_on = answered_on
    consultation.answer = answer
    if note:
        consultation.note = check_text(note, "note", "备注", 500, required=False)
    consultation.save(update_fields=["answered_on", "answer", "note"])
    step(
        info_request,
        Action.ANSWER_CONSULTATION,
        actor=actor,
        on=answered_on,
        note=f"{consultation.party}：{consultation.get_answer_display()}",
        data={"consultation": consultation.pk},
    )
    recompute_due(info_request)
    info_request.save()
    record(info_request, "answer_consultation", actor=actor, before=before)
    return consultation


# --- the calendar changed -------------------------------------------------------------------


def recompute_open_due_dates(changed: frozenset[dt.date]) -> int:
    """Registered with core.calendar: recompute the due date of every open application whose
    clock may touch a changed date. Runs inside the calendar write's transaction, so the new
    calendar and the new due dates commit together. Returns how many changed."""
    if not changed:
        return 0
    calendar = load_calendar()
    candidates = (
        InfoRequest.objects.select_for_update(of=("self",))
        .select_related("organisation", "unit")
        .filter(closed_on__isnull=True, received_on__isnull=False, received_on__lte=max(changed))
        .order_by("pk")
    )
    count = 0
    for info_request in candidates:
        before = snapshot(info_request)
        if recompute_due(info_request, calendar):
            info_request.save(update_fields=DUE_FIELDS)
            record(info_request, "recompute_due", actor=None, before=before, note="工作日历调整")
            count += 1
    return count
