"""Reconsideration and litigation records (行政复议、行政诉讼) of an application, for Table 四 of
the annual report and the case file. Recorded by the disclosure office."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ..choices import RemedyResult, SuitKind
from ..models import InfoRequest, Litigation, Reconsideration
from ..states import Action
from ._base import authorise_office, check_date, check_text, lock, record, step

_UNSET: Any = object()


def _check_result(result: str, decided_on: dt.date | None, filed_on: dt.date) -> None:
    if result not in RemedyResult.values:
        raise ValidationError({"result": "请选择结果。"})
    if result == RemedyResult.PENDING:
        if decided_on is not None:
            raise ValidationError({"decided_on": "尚未审结的案件不填写决定或裁判日期。"})
        return
    if decided_on is None:
        raise ValidationError({"decided_on": "已审结的案件请填写决定或裁判日期。"})
    check_date(decided_on, "decided_on", not_before=filed_on, not_before_label="申请或起诉日期")


def _filed(info_request: InfoRequest, filed_on: dt.date) -> None:
    if info_request.received_on is None:
        raise ValidationError("尚未收到的申请不能登记复议或诉讼。")
    check_date(
        filed_on, "filed_on", not_before=info_request.received_on, not_before_label="收到申请日期"
    )


@transaction.atomic
def reconsideration_record(
    *,
    info_request: InfoRequest,
    filed_on: dt.date,
    organ: str,
    actor: Any,
    case_number: str = "",
    result: str = RemedyResult.PENDING,
    decided_on: dt.date | None = None,
    note: str = "",
) -> Reconsideration:
    info_request = lock(info_request)
    authorise_office(actor, info_request.site_id)
    _filed(info_request, filed_on)
    _check_result(result, decided_on, filed_on)
    row = Reconsideration.objects.create(
        info_request=info_request,
        filed_on=filed_on,
        organ=check_text(organ, "organ", "复议机关", 200),
        case_number=check_text(case_number, "case_number", "案号", 100, required=False),
        result=result,
        decided_on=decided_on,
        note=check_text(note, "note", "备注", 500, required=False),
    )
    step(
        info_request,
        Action.RECORD_REMEDY,
        actor=actor,
        on=filed_on,
        note=f"行政复议：{row.organ}",
        data={"reconsideration": row.pk},
    )
    record(
        info_request,
        "record_reconsideration",
        actor=actor,
        changes={"reconsideration": [None, f"{row.organ} {row.get_result_display()}"]},
    )
    return row


@transaction.atomic
def reconsideration_update(
    *,
    reconsideration: Reconsideration,
    result: str,
    actor: Any,
    decided_on: dt.date | None = None,
    case_number: str = _UNSET,
    note: str = _UNSET,
) -> Reconsideration:
    info_request = lock(reconsideration.info_request)
    authorise_office(actor, info_request.site_id)
    row = Reconsideration.objects.select_for_update().get(pk=reconsideration.pk)
    _check_result(result, decided_on, row.filed_on)
    before = [row.get_result_display(), row.decided_on]
    row.result, row.decided_on = result, decided_on
    if case_number is not _UNSET:
        row.case_number = check_text(case_number, "case_number", "案号", 100, required=False)
    if note is not _UNSET:
        row.note = check_text(note, "note", "备注", 500, required=False)
    row.save()
    record(
        info_request,
        "update_reconsideration",
        actor=actor,
        changes={"reconsideration": [before, [row.get_result_display(), row.decided_on]]},
    )
    return row


@transaction.atomic
def litigation_record(
    *,
    info_request: InfoRequest,
    kind: str,
    filed_on: dt.date,
    court: str,
    actor: Any,
    reconsideration: Reconsideration | None = None,
    case_number: str = "",
    result: str = RemedyResult.PENDING,
    decided_on: dt.date | None = None,
    note: str = "",
) -> Litigation:
    info_request = lock(info_request)
    authorise_office(actor, info_request.site_id)
    if kind not in SuitKind.values:
        raise ValidationError({"kind": "请选择直接起诉或复议后起诉。"})
    _filed(info_request, filed_on)
    if reconsideration is not None:
        if kind != SuitKind.AFTER_RECONSIDERATION:
            raise ValidationError({"reconsideration": "直接起诉的案件不关联行政复议。"})
        if reconsideration.info_request_id != info_request.pk:
            raise ValidationError({"reconsideration": "所选行政复议不属于本申请。"})
        check_date(
            filed_on,
            "filed_on",
            not_before=reconsideration.filed_on,
            not_before_label="申请复议日期",
        )
    _check_result(result, decided_on, filed_on)
    row = Litigation.objects.create(
        info_request=info_request,
        kind=kind,
        reconsideration=reconsideration,
        filed_on=filed_on,
        court=check_text(court, "court", "受理法院", 200),
        case_number=check_text(case_number, "case_number", "案号", 100, required=False),
        result=result,
        decided_on=decided_on,
        note=check_text(note, "note", "备注", 500, required=False),
    )
    step(
        info_request,
        Action.RECORD_REMEDY,
        actor=actor,
        on=filed_on,
        note=f"行政诉讼：{row.court}",
        data={"litigation": row.pk},
    )
    record(
        info_request,
        "record_litigation",
        actor=actor,
        changes={"litigation": [None, f"{row.get_kind_display()} {row.court}"]},
    )
    return row


@transaction.atomic
def litigation_update(
    *,
    litigation: Litigation,
    result: str,
    actor: Any,
    decided_on: dt.date | None = None,
    case_number: str = _UNSET,
    note: str = _UNSET,
) -> Litigation:
    info_request = lock(litigation.info_request)
    authorise_office(actor, info_request.site_id)
    row = Litigation.objects.select_for_update().get(pk=litigation.pk)
    _check_result(result, decided_on, row.filed_on)
    before = [row.get_result_display(), row.decided_on]
    row.result, row.decided_on = result, decided_on
    if case_number is not _UNSET:
        row.case_number = check_text(case_number, "case_number", "案号", 100, required=False)
    if note is not _UNSET:
        row.note = check_text(note, "note", "备注", 500, required=False)
    row.save()
    record(
        info_request,
        "update_litigation",
        actor=actor,
        changes={"litigation": [before, [row.get_result_display(), row.decided_on]]},
    )
    return row
