"""③ 送达 and 归档, and the ways an application closes without a reply: withdrawal, no correction
by the correction deadline, fee unpaid after the payment period. Also the on-the-spot answer
(当场答复), registered and closed the same day."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.calendar import load_calendar
from gongkai.organizations.access import staff_of
from gongkai.organizations.authority import OFFICE, TheApplicant, authorise
from gongkai.organizations.models import Organisation, Site

from ..choices import POSTAL_CARRIER, Channel, ServiceMethod
from ..fees import payment_due
from ..letters.issue import letter_issue_reply, letter_reply_ensure
from ..models import Correction, FeeNotice, InfoRequest, ServiceRecord
from ..outcomes import OUTCOMES, Outcome
from ..states import OPEN_STATUSES, Action, Status
from ._base import (
    STEPS,
    actor_name,
    check_date,
    check_text,
    lock,
    move,
    record,
    require_status,
    snapshot,
    today,
    zh_date,
)
from .intake import Registration, info_request_register
from .reply import WithheldPartInput, write_reply

# China Post items: S10 (two letters, nine digits, CN) or EMS/挂号 numeric forms.
_TRACKING = re.compile(r"^[A-Z0-9]{10,30}$")
WITHDRAWAL_BASIS = "申请人撤回申请"


@transaction.atomic
def info_request_serve(
    *,
    info_request: InfoRequest,
    method: str,
    served_on: dt.date,
    actor: Any,
    sent_on: dt.date | None = None,
    tracking_number: str = "",
    note: str = "",
) -> ServiceRecord:
    """送达 (235号): the approved reply reached the applicant. By post only through China Post,
    with the item's number; the signature date is the service date. The application closes on
    `served_on`."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "serve")
    if method not in ServiceMethod.values:
        raise ValidationError({"method": "请选择送达方式。"})
    approved_on = info_request.approved_on
    check_date(served_on, "served_on", not_before=approved_on, not_before_label="签发日期")
    number = "".join((tracking_number or "").split()).upper()
    carrier = ""
    if method == ServiceMethod.POST:
        if not _TRACKING.match(number):
            raise ValidationError({"tracking_number": "邮寄送达须填写中国邮政的邮件号码。"})
        carrier = POSTAL_CARRIER
        if sent_on is not None:
            check_date(sent_on, "sent_on", not_before=approved_on, not_before_label="签发日期")
            if sent_on > served_on:
                raise ValidationError({"sent_on": "寄出日期不能晚于签收日期。"})
    elif number or sent_on is not None:
        raise ValidationError({"tracking_number": "只有邮寄送达才填写邮件号码和寄出日期。"})
    before = snapshot(info_request)
    letter_reply_ensure(info_request=info_request, actor=actor)
    service = ServiceRecord.objects.create(
        info_request=info_request,
        method=method,
        served_on=served_on,
        sent_on=sent_on,
        carrier=carrier,
        tracking_number=number,
        note=check_text(note, "note", "备注", 500, required=False),
        recorded_by_name=actor_name(actor),
    )
    info_request.closed_on = served_on
    move(
        info_request,
        Status.SERVED,
        Action.SERVE,
        actor=actor,
        on=served_on,
        note=service.get_method_display(),
    )
    info_request.save()
    record(info_request, "serve", actor=actor, before=before)
    return service


def _close(
    info_request: InfoRequest,
    *,
    outcome: Outcome,
    legal_basis: str,
    closed_on: dt.date,
    action: Action,
    actor: Any,
    note: str,
) -> None:
    info_request.outcome = outcome
    info_request.legal_basis = legal_basis
    info_request.responsible_organ = ""
    info_request.withheld_parts.all().delete()
    info_request.closed_on = closed_on
    move(info_request, Status.CLOSED, action, actor=actor, on=closed_on, note=note)
    info_request.save()


@transaction.atomic
def info_request_withdraw(
    *, info_request: InfoRequest, withdrawn_on: dt.date, actor: Any, note: str = ""
) -> InfoRequest:
    """The applicant withdrew the application: closed with outcome （六）3 其他 (decisions
    table)."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "withdraw")
    start = info_request.received_on or info_request.submitted_on
    check_date(withdrawn_on, "withdrawn_on", not_before=start, not_before_label="收到申请日期")
    note = check_text(note, "note", "撤回说明", 500, required=False)
    before = snapshot(info_request)
    _close(
        info_request,
        outcome=Outcome.OTHER_OTHER,
        legal_basis=WITHDRAWAL_BASIS,
        closed_on=withdrawn_on,
        action=Action.WITHDRAW,
        actor=actor,
        note=note,
    )
    record(info_request, "withdraw", actor=actor, before=before, note=note)
    return info_request


@transaction.atomic
def info_request_withdraw_online(
    *, info_request: InfoRequest, actor: Any, note: str = ""
) -> InfoRequest:
    """The applicant withdrew the application on the portal, inside a lookup session (tracking
    number and query code: the caller has checked them and passes `organizations.actors.
    applicant()`). The same closing as a withdrawal the
    staff record — （六）3 其他 — dated today; the timeline names the applicant."""
    info_request = lock(info_request)
    applicant = authorise(actor, (TheApplicant(),), site_id=info_request.site_id)
    require_status(info_request, OPEN_STATUSES, "撤回")
    note = check_text(note, "note", "撤回原因", 500, required=False)
    text = "申请人在网上撤回申请" + (f"：{note}" if note else "")
    before = snapshot(info_request)
    _close(
        info_request,
        outcome=Outcome.OTHER_OTHER,
        legal_basis=WITHDRAWAL_BASIS,
        closed_on=timezone.localdate(),
        action=Action.WITHDRAW,
        actor=applicant,
        note=text,
    )
    record(info_request, "withdraw", actor=applicant, before=before, note=text)
    return info_request


@transaction.atomic
def info_request_close_no_correction(
    *, info_request: InfoRequest, closed_on: dt.date, actor: Any, note: str = ""
) -> InfoRequest:
    """Art. 30: not corrected by the correction deadline without good reason: the organ no
    longer processes the application (（六）1)."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "close_no_correction")
    correction = Correction.objects.get(info_request=info_request)
    check_date(closed_on, "closed_on")
    if closed_on <= correction.correct_by:
        raise ValidationError(
            {"closed_on": f"补正期限（{zh_date(correction.correct_by)}）尚未届满。"}
        )
    before = snapshot(info_request)
    _close(
        info_request,
        outcome=Outcome.OTHER_NO_CORRECTION,
        legal_basis=OUTCOMES[Outcome.OTHER_NO_CORRECTION].legal_basis_text,
        closed_on=closed_on,
        action=Action.CLOSE_NO_CORRECTION,
        actor=actor,
        note=check_text(note, "note", "说明", 500, required=False),
    )
    record(info_request, "close_no_correction", actor=actor, before=before)
    letter_issue_reply(info_request=info_request, actor=actor, issued_on=closed_on)
    return info_request


@transaction.atomic
def info_request_close_fee_unpaid(
    *, info_request: InfoRequest, closed_on: dt.date, actor: Any, note: str = ""
) -> InfoRequest:
    """The fee was not paid within 20 working days from the day after the notice was received:
    the organ no longer processes the application (（六）2)."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "close_fee_unpaid")
    notice = FeeNotice.objects.filter(
        info_request=info_request, paid_on__isnull=True, cancelled_on__isnull=True
    ).first()
    if notice is None:
        raise ValidationError("该申请没有未缴费的收费通知。")
    last_day = payment_due(notice.notice_received_on or notice.sent_on, load_calendar()).due
    check_date(closed_on, "closed_on")
    if closed_on <= last_day:
        raise ValidationError({"closed_on": f"缴费期限（{zh_date(last_day)}）尚未届满。"})
    before = snapshot(info_request)
    _close(
        info_request,
        outcome=Outcome.OTHER_FEE_UNPAID,
        legal_basis=OUTCOMES[Outcome.OTHER_FEE_UNPAID].legal_basis_text,
        closed_on=closed_on,
        action=Action.CLOSE_FEE_UNPAID,
        actor=actor,
        note=check_text(note, "note", "说明", 500, required=False),
    )
    record(info_request, "close_fee_unpaid", actor=actor, before=before)
    letter_issue_reply(info_request=info_request, actor=actor, issued_on=closed_on)
    return info_request


@transaction.atomic
def info_request_archive(
    *, info_request: InfoRequest, actor: Any, archived_on: dt.date | None = None
) -> InfoRequest:
    """分类整理归档: a closed application's file is complete."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "archive")
    day = today() if archived_on is None else archived_on
    check_date(day, "archived_on", not_before=info_request.closed_on, not_before_label="办结日期")
    before = snapshot(info_request)
    info_request.archived_on = day
    move(info_request, Status.ARCHIVED, Action.ARCHIVE, actor=actor, on=day)
    info_request.save()
    record(info_request, "archive", actor=actor, before=before)
    return info_request


@transaction.atomic
def info_request_answer_on_the_spot(
    *,
    site: Site,
    outcome: str,
    reply_content: str,
    actor: Any,
    answered_on: dt.date | None = None,
    legal_basis: str | None = None,
    withheld_parts: Iterable[WithheldPartInput] = (),
    responsible_organ: str = "",
    organisation: Organisation | None = None,
    attachments: Iterable[tuple[str, Any]] = (),
    **fields: Any,
) -> Registration:
    """当场答复 (Art. 33 para. 1): an application made in person and answered at once. It is
    registered, answered, approved by the office member who answered, served in person and
    closed, all on `answered_on` (today by default)."""
    authorise(actor, (OFFICE,), site_id=site.pk)
    day = today() if answered_on is None else answered_on
    registration = info_request_register(
        site=site,
        channel=Channel.IN_PERSON,
        submitted_on=day,
        actor=actor,
        organisation=organisation,
        attachments=attachments,
        **fields,
    )
    info_request = lock(registration.info_request)
    before = snapshot(info_request)
    staff = staff_of(actor)
    info_request.unit = staff.organisation if staff is not None else info_request.organisation
    write_reply(
        info_request,
        outcome=outcome,
        reply_content=reply_content,
        legal_basis=legal_basis,
        withheld_parts=withheld_parts,
        responsible_organ=responsible_organ,
    )
    info_request.approved_by = actor if getattr(actor, "is_authenticated", False) else None
    info_request.approved_by_name = actor_name(actor)
    info_request.approved_on = day
    info_request.closed_on = day
    ServiceRecord.objects.create(
        info_request=info_request,
        method=ServiceMethod.IN_PERSON,
        served_on=day,
        recorded_by_name=actor_name(actor),
    )
    move(info_request, Status.SERVED, Action.ANSWER_ON_THE_SPOT, actor=actor, on=day)
    info_request.save()
    record(info_request, "answer_on_the_spot", actor=actor, before=before)
    letter_issue_reply(info_request=info_request, actor=actor, issued_on=day)
    return Registration(info_request, registration.query_code)
