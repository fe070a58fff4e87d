"""收费通知: the information processing fee (Art. 42, 国办函〔2020〕109号). A notice stops the
reply clock from the day it is sent until the fee is paid; unpaid when the 20-working-day payment
period has run out, the application is closed with outcome other_fee_unpaid (closing.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ..fees import FeeMethod, fee_for
from ..letters.issue import letter_issue
from ..models import FeeNotice, InfoRequest
from ..selectors import applicant_month_position
from ..states import Action
from ._base import (
    STEPS,
    check_date,
    check_text,
    lock,
    received_date,
    recompute_due,
    record,
    snapshot,
    step,
)


@transaction.atomic
def fee_notice_issue(
    *,
    info_request: InfoRequest,
    method: str,
    sent_on: dt.date,
    actor: Any,
    pages: int | None = None,
    notice_received_on: dt.date | None = None,
) -> FeeNotice:
    """Send a fee notice. Per application (按件) the fee follows the applicant's place in their
    applications received that calendar month across the site; per volume (按量) the pages.
    A notice for nothing (the free bands) is refused: there is nothing to notify."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "fee_notice_issue")
    try:
        method = FeeMethod(method)
    except ValueError:
        raise ValidationError({"method": "请选择按件或按量计收。"}) from None
    received = received_date(info_request)
    check_date(sent_on, "sent_on", not_before=received, not_before_label="收到申请日期")
    if notice_received_on is not None:
        check_date(
            notice_received_on,
            "notice_received_on",
            not_before=sent_on,
            not_before_label="发出日期",
        )
    n_in_month = None
    if method == FeeMethod.PER_APPLICATION:
        if pages is not None:
            raise ValidationError({"pages": "同一申请只能选择按件或按量中的一种方式计收。"})
        n_in_month = applicant_month_position(info_request)
    try:
        amount = fee_for(method, n_in_month=n_in_month, pages=pages)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"pages": str(exc)}) from None
    if amount <= 0:
        which = f"该申请人本月第 {n_in_month} 件申请" if n_in_month is not None else f"{pages} 页"
        raise ValidationError(f"{which}在免费范围内，不收取信息处理费。")
    before = snapshot(info_request)
    notice = FeeNotice.objects.create(
        info_request=info_request,
        method=method,
        n_in_month=n_in_month,
        pages=pages if method == FeeMethod.PER_VOLUME else None,
        amount=amount,
        sent_on=sent_on,
        notice_received_on=notice_received_on,
    )
    step(
        info_request,
        Action.ISSUE_FEE_NOTICE,
        actor=actor,
        on=sent_on,
        note=f"{method.label} {amount} 元",
        data={"fee_notice": notice.pk, "amount": str(amount)},
    )
    recompute_due(info_request)
    info_request.save()
    record(info_request, "issue_fee_notice", actor=actor, before=before, note=f"{amount} 元")
    letter_issue(
        info_request=info_request,
        kind="fee_notice",
        actor=actor,
        issued_on=sent_on,
        fee_notice=notice,
    )
    return notice


def _open_notice(fee_notice: FeeNotice, actor: Any, key: str) -> tuple[InfoRequest, FeeNotice]:
    info_request = lock(fee_notice.info_request)
    STEPS.enforce(info_request, actor, key)
    notice = FeeNotice.objects.select_for_update().get(pk=fee_notice.pk)
    if not notice.is_open:
        raise ValidationError("该收费通知已缴费或已撤销。")
    return info_request, notice


@transaction.atomic
def fee_notice_delivered(
    *, fee_notice: FeeNotice, notice_received_on: dt.date, actor: Any
) -> FeeNotice:
    """The day the applicant received the notice (a postal receipt): the payment period, and
    so the longest the stop can last, counts from the day after."""
    info_request, notice = _open_notice(fee_notice, actor, "fee_notice_delivered")
    check_date(
        notice_received_on,
        "notice_received_on",
        not_before=notice.sent_on,
        not_before_label="发出日期",
    )
    before = snapshot(info_request)
    notice.notice_received_on = notice_received_on
    notice.save(update_fields=["notice_received_on"])
    recompute_due(info_request)
    info_request.save()
    record(info_request, "fee_notice_delivered", actor=actor, before=before)
    return notice


@transaction.atomic
def fee_notice_paid(
    *, fee_notice: FeeNotice, paid_on: dt.date, actor: Any, receipt_number: str = ""
) -> FeeNotice:
    """The fee was paid (into the treasury, against a fiscal receipt): the clock runs again
    from the next day."""
    info_request, notice = _open_notice(fee_notice, actor, "fee_notice_paid")
    check_date(paid_on, "paid_on", not_before=notice.sent_on, not_before_label="发出日期")
    before = snapshot(info_request)
    notice.paid_on = paid_on
    notice.receipt_number = check_text(receipt_number, "receipt_number", "财政票据号", 60, False)
    notice.save(update_fields=["paid_on", "receipt_number"])
    step(
        info_request,
        Action.RECORD_PAYMENT,
        actor=actor,
        on=paid_on,
        note=f"{notice.amount} 元",
        data={"fee_notice": notice.pk},
    )
    recompute_due(info_request)
    info_request.save()
    record(info_request, "record_payment", actor=actor, before=before, note=f"{notice.amount} 元")
    return notice


@transaction.atomic
def fee_notice_cancel(
    *, fee_notice: FeeNotice, cancelled_on: dt.date, reason: str, actor: Any
) -> FeeNotice:
    """Withdraw an unpaid notice (charged in error, waived): the stop ends that day."""
    info_request, notice = _open_notice(fee_notice, actor, "fee_notice_cancel")
    check_date(cancelled_on, "cancelled_on", not_before=notice.sent_on, not_before_label="发出日期")
    reason = check_text(reason, "reason", "撤销理由", 500)
    before = snapshot(info_request)
    notice.cancelled_on = cancelled_on
    notice.save(update_fields=["cancelled_on"])
    step(
        info_request,
        Action.CANCEL_FEE_NOTICE,
        actor=actor,
        on=cancelled_on,
        note=reason,
        data={"fee_notice": notice.pk},
    )
    recompute_due(info_request)
    info_request.save()
    record(info_request, "cancel_fee_notice", actor=actor, before=before, note=reason)
    return notice
