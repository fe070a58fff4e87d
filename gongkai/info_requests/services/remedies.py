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
from ._base import STEPS, check_date, check_text, lock, record, step

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


def _recorded(
    info_request: InfoRequest, row: Reconsideration | Litigation, kind: str, actor: Any, label: str
) -> None:
    """The timeline step and the audit record of a newly recorded remedy."""
    step(
        info_request,
        Action.RECORD_REMEDY,
        actor=actor,
        on=row.filed_on,
        note=label,
        data={kind: row.pk},
    )
    record(info_request, f"record_{kind}", actor=actor, changes={kind: [None, label]})


def _update(
    model: type[Reconsideration] | type[Litigation],
    pk: int,
    info_request: InfoRequest,
    *,
    kind: str,
    result: str,
    actor: Any,
    decided_on: dt.date | None,
    case_number: str,
    note: str,
) -> Any:
    """A remedy's outcome (and case number, note) once decided, with its audit record."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, f"{kind}_update")
    row = model.objects.select_for_update().get(pk=pk)
    _check_result(result, decided_on, row.filed_on)
    before = [row.get_result_display(), row.decided_on]
    row.result, row.decided_on = result, decided_on
    if case_number is not _UNSET:
        row.case_number = check_text(case_number, "case_number", "案号", 100, required=False)
    if note is not _UNSET:
        row.note = check_text(note, "note", "备注", 500, required=False)
    row.save()
    after = [row.get_result_display(), row.decided_on]
    record(info_request, f"update_{kind}", actor=actor, changes={kind: [before, after]})
    return row


def _filed(info_request: InfoRequest, filed_on: dt.date) -> None:
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
    STEPS.enforce(info_request, actor, "reconsideration_record")
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
    _recorded(info_request, row, "reconsideration", actor, f"行政复议：{row.organ}")
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
    row: Reconsideration = _update(
        Reconsideration,
        reconsideration.pk,
        reconsideration.info_request,
        kind="reconsideration",
        result=result,
        actor=actor,
        decided_on=decided_on,
        case_number=case_number,
        note=note,
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
    STEPS.enforce(info_request, actor, "litigation_record")
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
    _recorded(
        info_request, row, "litigation", actor, f"行政诉讼（{row.get_kind_display()}）：{row.court}"
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
    row: Litigation = _update(
        Litigation,
        litigation.pk,
        litigation.info_request,
        kind="litigation",
        result=result,
        actor=actor,
        decided_on=decided_on,
        case_number=case_number,
        note=note,
    )
    return row
