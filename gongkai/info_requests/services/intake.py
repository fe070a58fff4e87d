"""① 收件登记: registering an application, confirming its receipt, its files, its query code,
and the on-the-spot answer (当场答复)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from gongkai.core.files import check_upload
from gongkai.organizations.authority import OFFICE, authorise
from gongkai.organizations.models import Organisation, Site

from .. import query_codes
from ..applicants import applicant_key, validate_identity
from ..choices import (
    ATTACHMENT_KINDS,
    AttachmentKind,
    Channel,
    DeliveryMethod,
    ProvisionForm,
)
from ..letters.issue import letter_issue
from ..models import InfoRequest, RequestAttachment, RequestSequence
from ..states import Action, Status
from ._base import (
    DUE_FIELDS,
    STEPS,
    actor_name,
    check_date,
    check_text,
    event,
    lock,
    move,
    recompute_due,
    record,
    request_settings,
    snapshot,
    step,
)

DEFAULT_PREFIX = "YSQ"
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

APPLICANT_FIELDS = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "legal_representative",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
)
REQUEST_FIELDS = ("description", "document_number", "provision_form", "delivery_method")
INTAKE_FIELDS = APPLICANT_FIELDS + REQUEST_FIELDS


@dataclass(frozen=True)
class Registration:
    """A registered application and its query code. The code is shown once (on the page after
    submission and in the receipt letter) and stored only as a hash."""

    info_request: InfoRequest
    query_code: str


def next_tracking_number(site: Site, year: int) -> str:
    """受理编号 YSQ-2025-000123: one sequence per site and year.

    The row is created if missing without a race (INSERT ... ON CONFLICT DO NOTHING), then
    locked: a second registration waits for the first to commit and reads its serial.
    """
    RequestSequence.objects.bulk_create(
        [RequestSequence(site=site, year=year, last=0)], ignore_conflicts=True
    )
    sequence = RequestSequence.objects.select_for_update().get(site=site, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    configured = request_settings(site)
    prefix = configured.tracking_prefix if configured is not None else DEFAULT_PREFIX
    return f"{prefix}-{year}-{sequence.last:06d}"


def _clean_intake(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(INTAKE_FIELDS)
    if unknown:
        raise ValueError(f"unknown application fields: {sorted(unknown)}")
    data = {name: fields.get(name, "") for name in INTAKE_FIELDS}
    errors: dict[str, str] = {}
    for name, label, length, required in (
        ("applicant_name", "申请人姓名或名称", 200, True),
        ("legal_representative", "法定代表人", 60, False),
        ("contact_person", "联系人", 60, False),
        ("phone", "联系电话", 30, False),
        ("address", "通信地址", 200, False),
        ("postcode", "邮政编码", 6, False),
        ("description", "所需信息的名称或描述", 5000, True),
        ("document_number", "文号", 100, False),
        ("email", "电子邮箱", 254, False),
    ):
        try:
            data[name] = check_text(data[name], name, label, length, required)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if data["postcode"] and not (len(data["postcode"]) == 6 and data["postcode"].isdigit()):
        errors["postcode"] = "邮政编码应为6位数字。"
    if data["email"] and "email" not in errors:
        try:
            validate_email(data["email"])
        except ValidationError:
            errors["email"] = "电子邮箱格式不正确。"
    if not (data["phone"] or data["email"] or data["address"]):
        errors["phone"] = "请至少填写一种联系方式（电话、电子邮箱或通信地址）。"
    if data["provision_form"] not in ProvisionForm.values:
        errors["provision_form"] = "请选择信息提供形式。"
    if data["delivery_method"] not in DeliveryMethod.values:
        errors["delivery_method"] = "请选择获取信息的方式。"
    elif data["delivery_method"] == DeliveryMethod.POST and not data["address"]:
        errors["address"] = "选择邮寄的，请填写通信地址。"
    elif data["delivery_method"] == DeliveryMethod.EMAIL and not data["email"]:
        errors["email"] = "选择电子邮件的，请填写电子邮箱。"
    try:
        data["id_number"] = validate_identity(
            data["applicant_type"],
            data["id_type"],
            data["id_number"],
            legal_representative=data["legal_representative"],
            contact_person=data["contact_person"],
        )
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items() if k not in errors})
    if errors:
        raise ValidationError(errors)
    return data


def _organisation(site: Site, organisation: Organisation | None) -> Organisation:
    organisation = organisation or site.government
    if organisation is None:
        raise ValidationError({"organisation": "本站点尚未设置县人民政府，请选择受理机关。"})
    if organisation.site_id != site.pk or not organisation.is_active:
        raise ValidationError({"organisation": "受理机关不属于本站点或已停用。"})
    return organisation


def _receipt(
    channel: str, submitted_on: dt.date, signed_on: dt.date | None
) -> tuple[Status, dt.date | None]:
    """Art. 31: in person, the day of submission; signed post, the day the organ signs; every
    other channel (and an unsigned letter) the day both sides confirm, recorded later."""
    if channel not in Channel.values:
        raise ValidationError({"channel": "请选择申请方式。"})
    if signed_on is not None:
        if channel != Channel.POST:
            raise ValidationError({"signed_on": "只有邮寄的申请才有签收日期。"})
        check_date(signed_on, "signed_on", not_before=submitted_on, not_before_label="寄出日期")
        return Status.RECEIVED, signed_on
    if channel == Channel.IN_PERSON:
        return Status.RECEIVED, submitted_on
    # Post without a signature (an ordinary letter) and CONFIRMATION_CHANNELS.
    return Status.SUBMITTED, None


def _store_attachment(
    info_request: InfoRequest, kind: str, uploaded: Any, actor: Any
) -> RequestAttachment:
    if kind not in AttachmentKind.values:
        raise ValidationError({"attachments": "请选择材料类型。"})
    try:
        content_kind = check_upload(
            uploaded, allowed=set(ATTACHMENT_KINDS), max_bytes=MAX_ATTACHMENT_BYTES
        )
    except ValidationError as exc:
        raise ValidationError({"attachments": exc.messages}) from exc
    attachment = RequestAttachment(
        info_request=info_request,
        kind=kind,
        original_name=PurePath(uploaded.name or "").name[:255],
        content_kind=content_kind,
        size=uploaded.size,
        uploaded_by_name=actor_name(actor),
    )
    attachment.file.save(attachment.original_name or f"file.{content_kind}", uploaded, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def info_request_register(
    *,
    site: Site,
    channel: str,
    submitted_on: dt.date,
    actor: Any,
    organisation: Organisation | None = None,
    signed_on: dt.date | None = None,
    attachments: Iterable[tuple[str, Any]] = (),
    **fields: Any,
) -> Registration:
    """Register an application (收件登记). Received at once in person or by signed post; the
    other channels wait as `submitted` for `info_request_confirm_receipt`."""
    authorise(actor, (OFFICE,), site_id=site.pk)
    data = _clean_intake(fields)
    check_date(submitted_on, "submitted_on")
    status, received_on = _receipt(channel, submitted_on, signed_on)
    organisation = _organisation(site, organisation)
    code = query_codes.new_code()
    info_request = InfoRequest(
        site=site,
        organisation=organisation,
        tracking_number=next_tracking_number(site, submitted_on.year),
        query_code_hash=query_codes.hash_code(code),
        status=status,
        channel=channel,
        submitted_on=submitted_on,
        received_on=received_on,
        applicant_key=applicant_key(data["id_number"]),
        **data,
    )
    info_request.save()
    if recompute_due(info_request):
        info_request.save(update_fields=DUE_FIELDS)
    event(
        info_request, Action.REGISTER, actor=actor, from_status="", on=received_on or submitted_on
    )
    for kind, uploaded in attachments:
        _store_attachment(info_request, kind, uploaded, actor)
    record(info_request, "register", actor=actor, before={})
    if info_request.status == Status.RECEIVED:
        letter_issue(info_request=info_request, kind="receipt", actor=actor, issued_on=received_on)
    return Registration(info_request, code)


@transaction.atomic
def info_request_confirm_receipt(
    *, info_request: InfoRequest, received_on: dt.date, actor: Any, note: str = ""
) -> InfoRequest:
    """The office and the applicant confirmed the application (online, fax, e-mail, an
    unsigned letter), or contact with an unreachable applicant resumed: the clock starts on
    `received_on` (Art. 31, 207号)."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "confirm_receipt")
    before = snapshot(info_request)
    check_date(
        received_on,
        "received_on",
        not_before=info_request.submitted_on,
        not_before_label="提交日期",
    )
    info_request.received_on = received_on
    move(
        info_request,
        Status.RECEIVED,
        Action.CONFIRM_RECEIPT,
        actor=actor,
        on=received_on,
        note=check_text(note, "note", "说明", 500, required=False),
    )
    recompute_due(info_request)
    info_request.save()
    record(info_request, "confirm_receipt", actor=actor, before=before)
    letter_issue(info_request=info_request, kind="receipt", actor=actor, issued_on=received_on)
    return info_request


@transaction.atomic
def info_request_log_unreachable(
    *, info_request: InfoRequest, on: dt.date, note: str, actor: Any
) -> InfoRequest:
    """207号: the applicant could not be reached to confirm. Logged; the clock starts only when
    contact resumes (`info_request_confirm_receipt` with that day)."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "log_unreachable")
    check_date(on, "on", not_before=info_request.submitted_on, not_before_label="提交日期")
    note = check_text(note, "note", "联系情况", 500)
    step(info_request, Action.LOG_UNREACHABLE, actor=actor, on=on, note=note)
    record(info_request, "log_unreachable", actor=actor, changes={}, note=note)
    return info_request


@transaction.atomic
def attachment_add(
    *, info_request: InfoRequest, kind: str, file: Any, actor: Any
) -> RequestAttachment:
    """Add a file to an application (an ID copy handed in later, correction material)."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "attachment_add")
    attachment = _store_attachment(info_request, kind, file, actor)
    record(
        info_request,
        "attachment_add",
        actor=actor,
        changes={"attachment": [None, attachment.get_kind_display()]},
    )
    return attachment


@transaction.atomic
def info_request_reset_query_code(*, info_request: InfoRequest, actor: Any) -> str:
    """A new query code for an applicant who lost theirs; the old one stops working."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "reset_query_code")
    code = query_codes.new_code()
    info_request.query_code_hash = query_codes.hash_code(code)
    info_request.save(update_fields=["query_code_hash", "updated_at"])
    step(info_request, Action.RESET_QUERY_CODE, actor=actor)
    record(info_request, "reset_query_code", actor=actor, changes={})
    return code
