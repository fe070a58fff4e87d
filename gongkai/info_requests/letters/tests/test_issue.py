"""Letters issued by the workflow's steps: which step issues which letter, its number, its text,
that it rolls back with the step, that it never changes once issued, and that template edits
reach the next letter only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from gongkai.core.models import AuditEvent
from gongkai.info_requests import services as svc
from gongkai.info_requests.factories import InfoRequestFactory
from gongkai.info_requests.letters import services as letter_svc
from gongkai.info_requests.letters.files import letter_file, letter_files_ensure
from gongkai.info_requests.letters.issue import letter_issue, letter_issue_reply
from gongkai.info_requests.letters.kinds import LetterKind
from gongkai.info_requests.letters.selectors import public_letter_file, public_letters
from gongkai.info_requests.models import Letter, LetterNumberSequence
from gongkai.info_requests.services import WithheldPartInput as Part
from gongkai.info_requests.tests.conftest import APPROVED_ON, RECEIVED, SERVED_ON

D = dt.date
K = LetterKind


def _kinds(info_request):
    return list(info_request.letters.order_by("id").values_list("kind", flat=True))


# --- which step issues which letter ---------------------------------------------------------


def test_registration_issues_the_receipt(register, office):
    info_request = register()
    (receipt,) = info_request.letters.all()
    assert receipt.kind == K.RECEIPT
    assert receipt.number == "县民政局依申公告〔2025〕1号"
    assert receipt.issued_on == RECEIVED
    assert receipt.title == "示例县民政局政府信息公开申请登记回执"
    assert receipt.recipient == "王小明"
    assert receipt.organ_name == "示例县民政局"
    assert receipt.issued_by == office and receipt.issued_by_name == "刘芳"
    assert "本机关于2025年9月22日收到您以当面方式提交的政府信息公开申请" in receipt.body
    assert f"受理编号：{info_request.tracking_number}" in receipt.paragraphs
    assert "预计不晚于2025年10月24日" in receipt.body
    audit = AuditEvent.objects.get(action="info_request.letter_issue")
    assert audit.object_repr == f"{receipt.number} {receipt.title}"
    assert audit.organisation_name == "示例县民政局"


def test_an_application_to_confirm_gets_its_receipt_when_confirmed(register, office):
    info_request = register(channel="online")
    assert _kinds(info_request) == []
    svc.info_request_confirm_receipt(
        info_request=info_request, received_on=D(2025, 9, 23), actor=office
    )
    receipt = info_request.letters.get()
    assert (receipt.kind, receipt.issued_on) == (K.RECEIPT, D(2025, 9, 23))
    assert "以网络方式提交" in receipt.body


def test_correction_notice(drafting, clerk_a):
    info_request = drafting()
    svc.correction_issue(
        info_request=info_request,
        issued_on=D(2025, 9, 24),
        items="1. 请写明所需信息的年份；\n2. 请写明具体项目名称。",
        correct_by=D(2025, 10, 15),
        actor=clerk_a,
    )
    letter = info_request.letters.get(kind=K.CORRECTION)
    assert letter.number == "县民政局依申公告〔2025〕2号"  # after the receipt
    assert letter.issued_on == D(2025, 9, 24)
    assert "1. 请写明所需信息的年份；" in letter.paragraphs  # one paragraph per item
    assert "2. 请写明具体项目名称。" in letter.paragraphs
    assert "请于2025年10月15日前向本机关提交补正后的申请" in letter.body
    assert "第三十条" in letter.body


def test_extension_notice_gives_the_new_due_date(drafting, office):
    info_request = drafting()
    svc.extension_grant(
        info_request=info_request,
        days=15,
        reason="所申请信息涉及多个年度的档案，需要调取核实。",
        notified_on=D(2025, 10, 20),
        approved_on=D(2025, 10, 17),
        actor=office,
    )
    info_request.refresh_from_db()
    letter = info_request.letters.get(kind=K.EXTENSION)
    assert letter.issued_on == D(2025, 10, 20)
    assert "因所申请信息涉及多个年度的档案，需要调取核实，本机关不能在规定期限内作出答复" in (
        letter.body
    )
    assert "答复期限延长15个工作日" in letter.body
    assert f"本机关将于{info_request.due_on.year}年{info_request.due_on.month}月" in letter.body
    assert "第三十三条第二款" in letter.body


def test_a_consultation_issues_the_letter_to_the_party_and_a_notice_to_the_applicant(
    drafting, clerk_a
):
    info_request = drafting()
    consultation = svc.consultation_start(
        info_request=info_request,
        kind="third_party",
        party="示例县某某有限公司",
        sent_on=D(2025, 9, 26),
        actor=clerk_a,
    )
    to_party = info_request.letters.get(kind=K.CONSULTATION_THIRD_PARTY)
    to_applicant = info_request.letters.get(kind=K.CONSULTATION_APPLICANT_NOTICE)
    assert to_party.consultation == consultation == to_applicant.consultation
    assert to_party.recipient == "示例县某某有限公司"
    assert "15个工作日内" in to_party.body and "第三十二条" in to_party.body
    assert "王小明" not in to_party.body  # the third party is not told who asked
    assert to_applicant.recipient == "王小明"
    assert "本机关已于2025年9月26日" in to_applicant.body
    assert "不计算在答复期限内" in to_applicant.body
    assert "示例县某某有限公司" not in to_applicant.body


def test_a_co_maker_consultation_uses_the_co_maker_letter(drafting, clerk_a):
    info_request = drafting()
    svc.consultation_start(
        info_request=info_request,
        kind="co_maker",
        party="示例县财政局",
        sent_on=D(2025, 9, 26),
        actor=clerk_a,
    )
    letter = info_request.letters.get(kind=K.CONSULTATION_CO_MAKER)
    assert letter.recipient == "示例县财政局"
    assert "视为同意公开" in letter.body and "第三十四条" in letter.body


def test_fee_notice_states_basis_rate_amount_payment_and_period(drafting, clerk_a):
    info_request = drafting()
    notice = svc.fee_notice_issue(
        info_request=info_request,
        method="per_volume",
        pages=120,
        sent_on=D(2025, 9, 25),
        actor=clerk_a,
    )
    assert notice.amount == Decimal("1100.00")
    letter = info_request.letters.get(kind=K.FEE_NOTICE)
    assert letter.fee_notice == notice
    paragraphs = letter.paragraphs
    assert any(
        p.startswith("收费依据：") and "第四十二条" in p and "109号" in p for p in paragraphs
    )
    assert "计收方式：按量计收" in paragraphs
    assert any("31—100页（含100页）的部分，10元/页" in p and "共120页" in p for p in paragraphs)
    assert "收费金额：人民币1100.00元（大写：壹仟壹佰元整）" in paragraphs
    assert any(p.startswith("缴费方式：") and "财政票据" in p for p in paragraphs)
    assert "请您自收到本通知之日起20个工作日内缴纳" in letter.body


def test_the_reply_is_issued_at_sign_off_in_the_reply_series(approved):
    info_request = approved()
    reply = info_request.letters.get(series="reply")
    assert reply.kind == K.REPLY_GRANTED
    assert reply.number == "县民政局依申公复〔2025〕1号"
    assert reply.issued_on == APPROVED_ON
    assert reply.title == "示例县民政局政府信息公开申请答复书"
    assert reply.issued_by_name == "刘芳"
    assert reply.paragraphs[0].startswith("我机关于2025年9月22日收到您提交的政府信息公开申请")
    assert reply.paragraphs[0].endswith("经审查，现答复如下：")
    assert "经审查，您申请的信息属于可以公开的政府信息，现予以提供。" in reply.paragraphs
    assert "第三十六条第（一）项、第三十六条第（二）项的规定" in reply.body
    assert "60日内向示例县人民政府申请行政复议" in reply.body
    assert "应当先向" not in reply.body


def test_on_the_spot_answers_and_closures_issue_their_reply(site, office, drafting, clerk_a):
    from gongkai.info_requests.tests.conftest import PERSON

    on_the_spot = svc.info_request_answer_on_the_spot(
        site=site,
        outcome="np_publication",
        reply_content="请到县图书馆查阅《示例县年鉴》。",
        actor=office,
        answered_on=RECEIVED,
        **PERSON,
    ).info_request
    assert _kinds(on_the_spot) == [K.RECEIPT, K.REPLY_NOT_PROCESSED]
    assert "请到县图书馆查阅《示例县年鉴》。" in on_the_spot.letters.get(series="reply").body

    abandoned = drafting()
    svc.correction_issue(
        info_request=abandoned,
        issued_on=D(2025, 9, 24),
        items="请写明年份。",
        correct_by=D(2025, 10, 15),
        actor=clerk_a,
    )
    svc.info_request_close_no_correction(
        info_request=abandoned, closed_on=D(2025, 10, 16), actor=clerk_a
    )
    reply = abandoned.letters.get(series="reply")
    assert (reply.kind, reply.issued_on) == (K.REPLY_OTHER, D(2025, 10, 16))
    assert "补正期限至2025年10月15日。您无正当理由逾期未补正，视为放弃申请" in reply.body


def test_withdrawal_issues_no_reply(drafting, clerk_a):
    info_request = drafting()
    svc.info_request_withdraw(info_request=info_request, withdrawn_on=D(2025, 9, 25), actor=clerk_a)
    assert _kinds(info_request) == [K.RECEIPT]


def test_service_never_happens_without_a_reply_letter(approved, clerk_a):
    info_request = approved()
    # An application signed off before letters existed has no reply letter.
    info_request.letters.filter(series="reply").delete()
    svc.info_request_serve(
        info_request=info_request, method="in_person", served_on=SERVED_ON, actor=clerk_a
    )
    reply = info_request.letters.get(series="reply")
    assert reply.issued_on == APPROVED_ON  # dated the sign-off day


# --- numbers ----------------------------------------------------------------------------------


def _government_reply(site, orgs, day):
    info_request = InfoRequestFactory(
        site=site,
        organisation=orgs["government"],
        outcome="granted",
        reply_content="现予提供。",
        legal_basis="《中华人民共和国政府信息公开条例》第三十六条第（二）项",
    )
    with transaction.atomic():
        return letter_issue_reply(info_request=info_request, actor=None, issued_on=day)


def test_numbers_run_per_organisation_series_and_year(site, orgs, register):
    numbers = [
        _government_reply(site, orgs, D(2025, 3, 1) + dt.timedelta(days=i)).number
        for i in range(12)
    ]
    assert numbers[0] == "示例县政府依申公复〔2025〕1号"
    assert numbers[-1] == "示例县政府依申公复〔2025〕12号"  # the 12th reply of 2025
    assert _government_reply(site, orgs, D(2026, 1, 5)).number == "示例县政府依申公复〔2026〕1号"
    # The department's notices have their own sequence.
    assert register().letters.get().number == "县民政局依申公告〔2025〕1号"
    assert (
        LetterNumberSequence.objects.get(
            organisation=orgs["government"], year=2025, series="reply"
        ).last
        == 12
    )


def test_a_configured_prefix_numbers_the_next_letter(site, orgs, office):
    letter_svc.letter_settings_update(
        organisation=orgs["government"],
        reply_prefix="示政依复〔{年度}〕{序号}号",
        reconsideration_organ="示例市人民政府",
        actor=office,
    )
    reply = _government_reply(site, orgs, D(2025, 6, 1))
    assert reply.number == "示政依复〔2025〕1号"
    assert "60日内向示例市人民政府申请行政复议" in reply.body


def test_the_county_governments_replies_warn_until_its_reconsideration_organ_is_set(site, orgs):
    reply = _government_reply(site, orgs, D(2025, 6, 1))
    assert "60日内向上一级人民政府申请行政复议" in reply.body


def test_a_rolled_back_step_gives_its_number_back(drafting, clerk_a):
    info_request = drafting()
    with pytest.raises(RuntimeError), transaction.atomic():
        svc.correction_issue(
            info_request=info_request,
            issued_on=D(2025, 9, 24),
            items="请写明年份。",
            correct_by=D(2025, 10, 15),
            actor=clerk_a,
        )
        raise RuntimeError("the step failed after its letter was issued")
    assert _kinds(info_request) == [K.RECEIPT]
    svc.correction_issue(
        info_request=info_request,
        issued_on=D(2025, 9, 24),
        items="请写明年份。",
        correct_by=D(2025, 10, 15),
        actor=clerk_a,
    )
    assert info_request.letters.get(kind=K.CORRECTION).number == "县民政局依申公告〔2025〕2号"


def test_a_reply_letter_must_fit_the_outcome(drafted):
    info_request = drafted()
    with pytest.raises(ValueError, match="does not fit"), transaction.atomic():
        letter_issue(info_request=info_request, kind=K.REPLY_DENIED, actor=None)


# --- issued letters do not change ---------------------------------------------------------------


def test_an_issued_letter_cannot_be_updated(register):
    letter = register().letters.get()
    for change in (
        {"body": "改写的正文"},
        {"number": "X〔2025〕1号"},
        {"issued_on": D(2025, 1, 1)},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Letter.objects.filter(pk=letter.pk).update(**change)
    # Its files are stored once, then fixed too.
    letter = letter_files_ensure(letter)
    assert letter.has_files and len(letter.docx_sha256) == 64
    for change in ({"docx_sha256": "0" * 64}, {"pdf_file": "letters/other.pdf"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Letter.objects.filter(pk=letter.pk).update(**change)
    # The issuer's account may go; the name stays.
    Letter.objects.filter(pk=letter.pk).update(issued_by=None)
    letter.refresh_from_db()
    assert letter.issued_by is None and letter.issued_by_name == "刘芳"


def test_files_are_rendered_once_and_checked_on_every_download(register, private_root):
    letter = letter_files_ensure(register().letters.get())
    first = (letter.docx_file.name, letter.pdf_file.name, letter.docx_sha256)
    assert letter_files_ensure(Letter.objects.get(pk=letter.pk)).docx_file.name == first[0]
    path, name, content_type = letter_file(letter, "pdf")
    assert path.startswith(str(private_root))
    assert name == f"示例县民政局政府信息公开申请登记回执（{letter.number}）.pdf"
    assert content_type == "application/pdf"
    # A file changed on disk is refused, not served.
    (private_root / letter.docx_file.name).write_bytes(b"tampered")
    from gongkai.info_requests.letters.files import LetterFileError

    with pytest.raises(LetterFileError):
        letter_file(letter, "docx")


def test_template_edits_change_the_next_letter_never_an_issued_one(register, site, office):
    first = register().letters.get()
    before = first.body
    letter_svc.letter_template_update(
        site=site,
        kind=K.RECEIPT,
        title="{受理机关}政府信息公开申请受理回执",
        body="本机关已于{收到申请日期}收到并登记您的申请，受理编号{受理编号}。",
        actor=office,
    )
    second = register().letters.get()
    assert second.title == "示例县民政局政府信息公开申请受理回执"
    assert second.custom_template is True
    assert second.paragraphs == [
        f"本机关已于2025年9月22日收到并登记您的申请，受理编号{second.info_request.tracking_number}。"
    ]
    first.refresh_from_db()
    assert first.body == before and first.custom_template is False
    # Its files, rendered after the edit, are rendered from what was issued.
    from docx import Document

    path, _, _ = letter_file(first, "docx")
    text = "\n".join(p.text for p in Document(path).paragraphs)
    assert "现予登记" in text and "受理回执" not in text


# --- what the applicant may download ----------------------------------------------------------


def test_public_letters_leave_out_consultation_letters_and_unserved_replies(approved, clerk_a):
    info_request = approved()
    svc_kinds = [letter.kind for letter in public_letters(info_request)]
    assert svc_kinds == [K.RECEIPT]  # signed off, not yet served
    svc.info_request_serve(
        info_request=info_request, method="in_person", served_on=SERVED_ON, actor=clerk_a
    )
    info_request.refresh_from_db()
    assert [letter.kind for letter in public_letters(info_request)] == [K.RECEIPT, K.REPLY_GRANTED]
    _, name, content_type = public_letter_file(public_letters(info_request)[-1], "docx")
    assert name.endswith("（县民政局依申公复〔2025〕1号）.docx")
    assert content_type.endswith("wordprocessingml.document")


def test_consultation_letters_are_not_for_the_applicant(drafting, clerk_a):
    info_request = drafting()
    svc.consultation_start(
        info_request=info_request,
        kind="third_party",
        party="示例县某某有限公司",
        sent_on=D(2025, 9, 26),
        actor=clerk_a,
    )
    public = [letter.kind for letter in public_letters(info_request)]
    assert public == [K.RECEIPT, K.CONSULTATION_APPLICANT_NOTICE]
    with pytest.raises(PermissionDenied):
        public_letter_file(info_request.letters.get(kind=K.CONSULTATION_THIRD_PARTY))


def test_partial_reply_lists_each_withheld_part_with_reason_and_basis(drafting, clerk_a, office):
    info_request = drafting()
    svc.info_request_draft_reply(
        info_request=info_request,
        outcome="partial",
        reply_content="现将2024年低保资金发放汇总表提供给您。",
        withheld_parts=[
            Part("低保对象的身份证号码和银行账号", "denied_third_party"),
            Part("审批会议的讨论记录", "denied_process"),
        ],
        actor=clerk_a,
    )
    svc.info_request_submit_reply(info_request=info_request, actor=clerk_a)
    svc.info_request_review(info_request=info_request, passed=True, actor=office)
    svc.info_request_approve(
        info_request=info_request, approved=True, actor=office, approved_on=APPROVED_ON
    )
    reply = info_request.letters.get(series="reply")
    assert reply.kind == K.REPLY_PARTIAL
    assert (
        "1.低保对象的身份证号码和银行账号（理由：保护第三方合法权益；依据：《中华人民共和国政府信息公开条例》"
        "第十五条、第三十二条、第三十六条第（三）项）。"
    ) in reply.paragraphs
    assert any(
        p.startswith("2.审批会议的讨论记录（理由：属于四类过程性信息；") for p in reply.paragraphs
    )
    assert "应当先向示例县人民政府申请行政复议" in reply.body
