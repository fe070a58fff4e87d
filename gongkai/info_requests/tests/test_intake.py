"""① 收件登记: receipt dates by channel, tracking numbers, query codes, identity checks, files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.models import AuditEvent
from gongkai.info_requests import services as svc
from gongkai.info_requests.applicants import applicant_key
from gongkai.info_requests.factories import make_id_number
from gongkai.info_requests.models import InfoRequest, RequestAttachment, RequestSettings
from gongkai.info_requests.query_codes import ALPHABET as QUERY_CODE_ALPHABET
from gongkai.info_requests.query_codes import check_code
from gongkai.info_requests.states import Action, Status
from gongkai.organizations.factories import make_credit_code

from .conftest import PERSON, RECEIVED

D = dt.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _register(site, office, orgs, **overrides):
    fields = {**PERSON, **overrides}
    channel = fields.pop("channel", "in_person")
    submitted_on = fields.pop("submitted_on", RECEIVED)
    return svc.info_request_register(
        site=site,
        channel=channel,
        submitted_on=submitted_on,
        actor=office,
        organisation=orgs["dept"],
        **fields,
    )


@pytest.fixture
def env(site, orgs, office, calendar):
    return site, office, orgs


# --- receipt date by channel (Art. 31) ------------------------------------------------------


def test_in_person_is_received_on_the_day_of_submission(env):
    registration = _register(*env)
    info_request = registration.info_request
    assert info_request.status == Status.RECEIVED
    assert info_request.received_on == RECEIVED
    assert info_request.due_on == D(2025, 10, 24)  # decisions table example
    assert info_request.due_provisional is False
    event = info_request.events.get()
    assert (event.action, event.from_status, event.to_status) == (
        Action.REGISTER,
        "",
        Status.RECEIVED,
    )
    assert event.actor_name == "刘芳" and event.on_date == RECEIVED


def test_signed_post_is_received_on_the_signature_day(env):
    info_request = _register(
        *env, channel="post", submitted_on=D(2025, 9, 19), signed_on=D(2025, 9, 22)
    ).info_request
    assert info_request.status == Status.RECEIVED
    assert (info_request.submitted_on, info_request.received_on) == (D(2025, 9, 19), RECEIVED)
    assert info_request.due_on == D(2025, 10, 24)


@pytest.mark.parametrize("channel", ["online", "fax", "email", "post", "other"])
def test_confirmation_channels_wait_without_a_clock(env, channel):
    info_request = _register(*env, channel=channel).info_request
    assert info_request.status == Status.SUBMITTED
    assert info_request.received_on is None and info_request.due_on is None


def test_confirmation_starts_the_clock_on_the_confirmation_day(env):
    _, office, _ = env
    info_request = _register(*env, channel="online", submitted_on=D(2025, 9, 20)).info_request
    svc.info_request_confirm_receipt(info_request=info_request, received_on=RECEIVED, actor=office)
    info_request.refresh_from_db()
    assert info_request.status == Status.RECEIVED
    assert info_request.received_on == RECEIVED
    assert info_request.due_on == D(2025, 10, 24)
    event = info_request.events.get(action=Action.CONFIRM_RECEIPT)
    assert (event.from_status, event.to_status, event.on_date) == (
        "submitted",
        "received",
        RECEIVED,
    )


def test_confirmation_cannot_predate_submission_or_be_repeated(env):
    _, office, _ = env
    info_request = _register(*env, channel="fax").info_request
    with pytest.raises(ValidationError) as exc:
        svc.info_request_confirm_receipt(
            info_request=info_request, received_on=D(2025, 9, 19), actor=office
        )
    assert "不能早于提交日期" in exc.value.message_dict["received_on"][0]
    svc.info_request_confirm_receipt(info_request=info_request, received_on=RECEIVED, actor=office)
    with pytest.raises(ValidationError, match="当前状态为“已登记”，不能确认收到申请"):
        svc.info_request_confirm_receipt(
            info_request=info_request, received_on=RECEIVED, actor=office
        )


def test_unreachable_applicant_is_logged_and_the_clock_starts_when_contact_resumes(env):
    _, office, _ = env
    info_request = _register(*env, channel="email", submitted_on=D(2025, 9, 1)).info_request
    svc.info_request_log_unreachable(
        info_request=info_request, on=D(2025, 9, 2), note="电话无人接听，邮件未回复", actor=office
    )
    info_request.refresh_from_db()
    assert info_request.status == Status.SUBMITTED and info_request.due_on is None
    logged = info_request.events.get(action=Action.LOG_UNREACHABLE)
    assert logged.from_status == logged.to_status == Status.SUBMITTED
    assert logged.note == "电话无人接听，邮件未回复"
    svc.info_request_confirm_receipt(info_request=info_request, received_on=RECEIVED, actor=office)
    info_request.refresh_from_db()
    assert info_request.due_on == D(2025, 10, 24)


def test_signature_date_only_for_post(env):
    with pytest.raises(ValidationError) as exc:
        _register(*env, channel="online", signed_on=RECEIVED)
    assert "signed_on" in exc.value.message_dict


# --- tracking numbers and query codes -------------------------------------------------------


def test_tracking_numbers_run_per_site_and_year(env, other_site, other_office):
    first = _register(*env).info_request
    second = _register(*env).info_request
    next_year = _register(*env, submitted_on=D(2026, 1, 5)).info_request
    other = svc.info_request_register(
        site=other_site, channel="in_person", submitted_on=RECEIVED, actor=other_office, **PERSON
    ).info_request
    assert [first.tracking_number, second.tracking_number, next_year.tracking_number] == [
        "YSQ-2025-000001",
        "YSQ-2025-000002",
        "YSQ-2026-000001",
    ]
    assert other.tracking_number == "YSQ-2025-000001"  # its own sequence
    assert other.organisation == other_site.government  # addressed to the county by default


def test_site_settings_change_the_prefix(env):
    site, _, _ = env
    RequestSettings.objects.create(site=site, tracking_prefix="SXGK")
    assert _register(*env).info_request.tracking_number == "SXGK-2025-000001"


def test_query_code_is_returned_once_and_stored_hashed(env):
    registration = _register(*env)
    code = registration.query_code
    assert len(code) == 8 and set(code) <= set(QUERY_CODE_ALPHABET)
    stored = InfoRequest.objects.get(pk=registration.info_request.pk)
    assert code not in stored.query_code_hash
    assert check_code(code, stored.query_code_hash)


def test_reset_query_code_invalidates_the_old_one(env):
    _, office, _ = env
    registration = _register(*env)
    new = svc.info_request_reset_query_code(info_request=registration.info_request, actor=office)
    stored = InfoRequest.objects.get(pk=registration.info_request.pk)
    assert check_code(new, stored.query_code_hash)
    assert not check_code(registration.query_code, stored.query_code_hash)


# --- applicant data (Art. 29) ---------------------------------------------------------------


def test_applicant_key_matches_however_the_number_is_written(env):
    number = make_id_number(7)
    spaced = f"{number[:6]} {number[6:14]} {number[14:]}".lower()
    info_request = _register(*env, id_number=spaced).info_request
    assert info_request.id_number == number.upper()
    assert info_request.applicant_key == applicant_key(number) != ""


def test_an_organisation_applies_with_its_credit_code_and_a_representative(env):
    info_request = _register(
        *env,
        applicant_type="legal_service",
        applicant_name="示例律师事务所",
        id_type="credit_code",
        id_number=make_credit_code("370899", 77, "3", "1"),
        legal_representative="张律师",
    ).info_request
    assert info_request.applicant_type == "legal_service"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"applicant_name": "  "}, "applicant_name", "请填写申请人姓名或名称。"),
        ({"id_number": "370899198001010070"}, "id_number", "居民身份证号码不正确"),
        ({"id_type": "credit_code"}, "id_type", "自然人请提供居民身份证等个人身份证件。"),
        (
            {"applicant_type": "commercial", "id_type": "id_card"},
            "id_type",
            "法人或其他组织请提供统一社会信用代码",
        ),
        (
            {
                "applicant_type": "research",
                "id_type": "credit_code",
                "id_number": make_credit_code("370899", 5),
            },
            "legal_representative",
            "法定代表人或联系人",
        ),
        ({"phone": "", "email": "", "address": ""}, "phone", "至少填写一种联系方式"),
        ({"delivery_method": "email", "email": ""}, "email", "请填写电子邮箱"),
        ({"email": "not-an-email"}, "email", "电子邮箱格式不正确。"),
        ({"postcode": "27200"}, "postcode", "邮政编码应为6位数字。"),
        ({"description": ""}, "description", "请填写所需信息的名称或描述。"),
        ({"provision_form": "carrier_pigeon"}, "provision_form", "请选择信息提供形式。"),
        ({"channel": "telepathy"}, "channel", "请选择申请方式。"),
        ({"submitted_on": D(2099, 1, 1)}, "submitted_on", "日期不能晚于今天。"),
    ],
)
def test_bad_intake_is_refused_in_chinese_and_nothing_is_written(env, overrides, field, message):
    with pytest.raises(ValidationError) as exc:
        _register(*env, **overrides)
    assert message in exc.value.message_dict[field][0]
    assert not InfoRequest.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="info_request.").exists()


def test_only_the_disclosure_office_of_the_site_registers(env, clerk_a, other_office):
    site, _, _ = env
    for actor in (clerk_a, other_office):
        with pytest.raises(PermissionDenied):
            svc.info_request_register(
                site=site, channel="in_person", submitted_on=RECEIVED, actor=actor, **PERSON
            )
    assert not InfoRequest.objects.exists()


def test_registration_is_audited_without_identity_or_contact_details(env):
    info_request = _register(*env).info_request
    event = AuditEvent.objects.get(action="info_request.register")
    assert event.object_repr == info_request.tracking_number
    text = str(event.changes)
    assert event.changes["status"] == [None, "received"]
    for secret in (PERSON["id_number"], PERSON["phone"], PERSON["email"], PERSON["address"]):
        assert secret not in text


# --- attachments ----------------------------------------------------------------------------


@pytest.fixture
def private_root(settings, tmp_path) -> Path:
    settings.GONGKAI_PRIVATE_ROOT = str(tmp_path)
    return tmp_path


def test_attachments_are_checked_by_content_and_stored_privately(env, private_root):
    upload = SimpleUploadedFile("王小明身份证.pdf", PDF)
    info_request = _register(*env, attachments=[("id_copy", upload)]).info_request
    attachment = RequestAttachment.objects.get(info_request=info_request)
    assert attachment.content_kind == "pdf" and attachment.original_name == "王小明身份证.pdf"
    assert "王小明" not in attachment.file.name  # the stored name carries no personal data
    assert (private_root / attachment.file.name).read_bytes() == PDF
    with pytest.raises(ValueError, match="no URL"):
        attachment.file.url  # noqa: B018


def test_a_disguised_file_is_refused_and_the_application_not_registered(env, private_root):
    upload = SimpleUploadedFile("身份证.pdf", b"MZ\x90\x00not really a pdf" * 10)
    with pytest.raises(ValidationError) as exc:
        _register(*env, attachments=[("id_copy", upload)])
    assert "只能上传" in exc.value.message_dict["attachments"][0]
    assert not InfoRequest.objects.exists()


def test_unit_staff_add_files_to_applications_of_their_unit_only(
    env, private_root, clerk_a, other_clerk
):
    _, office, orgs = env
    info_request = _register(*env).info_request
    svc.info_request_dispatch(info_request=info_request, unit=orgs["dept"], actor=office)
    svc.attachment_add(
        info_request=info_request,
        kind="correction",
        file=SimpleUploadedFile("a.pdf", PDF),
        actor=clerk_a,
    )
    with pytest.raises(PermissionDenied):
        svc.attachment_add(
            info_request=info_request,
            kind="other",
            file=SimpleUploadedFile("b.pdf", PDF),
            actor=other_clerk,
        )
    assert info_request.attachments.count() == 1
