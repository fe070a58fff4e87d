"""The workbench pages of 依申请公开: every step through the HTTP layer, who may open and do
what, and bad input as form errors (never a 500, nothing half-written)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from conftest import OTHER_SITE_HOST
from gongkai.core.models import AuditEvent
from gongkai.info_requests import services as svc
from gongkai.info_requests.models import InfoRequest, RequestAttachment, RequestSettings
from gongkai.info_requests.selectors import info_request_for_applicant
from gongkai.info_requests.states import Status

from .web_helpers import NOW, TODAY, application_post, d, detail, fake_pdf, png_upload, step

D = dt.date
LIST = reverse("info_requests:list")
REGISTER = reverse("info_requests:register")
ON_THE_SPOT = reverse("info_requests:on_the_spot")
SETTINGS = reverse("info_requests:settings")


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield TODAY


@pytest.fixture
def dispatched(register, orgs, office, now):
    """Received by signed post on 2025-10-09, dispatched to 示例县民政局 on 10-10."""
    info_request = register(channel="post", submitted_on=D(2025, 10, 8), signed_on=D(2025, 10, 9))
    svc.info_request_dispatch(
        info_request=info_request, unit=orgs["dept"], actor=office, dispatched_on=D(2025, 10, 10)
    )
    return info_request


@pytest.fixture
def in_drafting(dispatched, clerk_a):
    svc.info_request_accept(info_request=dispatched, actor=clerk_a, accepted_on=D(2025, 10, 10))
    return dispatched


def buttons(page: str) -> list[str]:
    """The step buttons of an application's page, in order."""
    actions = page.split('aria-label="可办理的操作"', 1)
    if len(actions) < 2:
        return []
    return re.findall(r'class="btn[^"]*" href="[^"]*">([^<]+)<', actions[1].split("</ul>", 1)[0])


def _status(info_request):
    info_request.refresh_from_db()
    return info_request.status


def _ok(response, status=302):
    assert response.status_code == status, (
        response.content.decode()[:3000] if hasattr(response, "content") else response
    )
    return response


# --- the whole loop, page by page -----------------------------------------------------------


def test_the_whole_loop_through_the_pages(
    client_of, office, clerk_a, clerk_b, orgs, site, calendar, now
):
    office_web, clerk_web, b_web = client_of(office), client_of(clerk_a), client_of(clerk_b)

    # ① 收件登记: a signed letter; the receipt date is the signature day.
    page = _ok(office_web.get(REGISTER), 200)
    assert "签收日期" in page.content.decode()
    response = _ok(
        office_web.post(
            REGISTER,
            application_post(
                organisation=orgs["dept"].pk,
                channel="post",
                submitted_on="2025-10-08",
                signed_on="2025-10-09",
                id_copy=png_upload(),
            ),
        ),
        200,
    )
    ir = InfoRequest.objects.get()
    body = response.content.decode()
    assert ir.tracking_number in body and "查询码只显示这一次" in body
    code = re.search(r'id="query-code">([A-Z0-9]{8})<', body).group(1)
    assert info_request_for_applicant(site, ir.tracking_number, code) == ir
    assert ir.status == Status.RECEIVED and ir.received_on == D(2025, 10, 9)
    # 20 working days from the day after 10-09 (10-11 is a make-up working day).
    assert ir.due_on == D(2025, 11, 5)
    assert RequestAttachment.objects.filter(info_request=ir, kind="id_copy").count() == 1

    # 下发调度: the office dispatches; the unit's clerks see it from now on.
    assert clerk_web.get(detail(ir)).status_code == 404
    _ok(
        office_web.post(
            step(ir, "dispatch"),
            {"unit": orgs["dept"].pk, "note": "", "dispatched_on": "2025-10-10"},
        )
    )
    assert _status(ir) == Status.DISPATCHED
    page = _ok(clerk_web.get(detail(ir)), 200).content.decode()
    assert "签收" in page and "交办" not in re.findall(
        r'class="btn[^"]*" href="[^"]*">([^<]+)<', page
    )
    _ok(clerk_web.post(step(ir, "accept"), {"accepted_on": "2025-10-10"}))
    assert _status(ir) == Status.DRAFTING

    # Correction (B角 acts for the unit as well): the clock stops, then restarts.
    _ok(
        b_web.post(
            step(ir, "correction_issue"),
            {
                "issued_on": "2025-10-13",
                "items": "请写明所需信息的年份",
                "correct_by": "2025-10-31",
            },
        )
    )
    ir.refresh_from_db()
    assert ir.status == Status.AWAITING_CORRECTION and ir.due_on is None
    assert "待补正" in clerk_web.get(detail(ir)).content.decode()
    _ok(clerk_web.post(step(ir, "correction_receive"), {"corrected_on": "2025-10-20", "note": ""}))
    ir.refresh_from_db()
    assert ir.status == Status.DRAFTING and ir.due_on == D(2025, 11, 17)
    assert "重新起算日" in clerk_web.get(detail(ir)).content.decode()

    # A third-party consultation stops the clock until the answer.
    _ok(
        clerk_web.post(
            step(ir, "consultation_start"),
            {
                "kind": "third_party",
                "party": "示例县某某有限公司",
                "sent_on": "2025-10-21",
                "note": "",
            },
        )
    )
    ir.refresh_from_db()
    assert ir.due_on > D(2025, 11, 17)
    page = clerk_web.get(detail(ir)).content.decode()
    assert "（最迟）" in page and "登记答复" in page
    consultation = ir.consultations.get()
    _ok(
        clerk_web.post(
            step(ir, "consultation_answer", consultation),
            {"answered_on": "2025-10-23", "answer": "objection", "note": ""},
        )
    )
    ir.refresh_from_db()
    assert ir.due_on == D(2025, 11, 20)  # 10-21..10-23 not counted: three working days later

    # A fee notice (per volume, the amount from the fee rules), delivered and paid.
    _ok(
        clerk_web.post(
            step(ir, "fee_notice_issue"),
            {"method": "per_volume", "pages": "120", "sent_on": "2025-10-24"},
        )
    )
    notice = ir.fee_notices.get()
    assert notice.amount == 10 * 70 + 20 * 20
    _ok(
        clerk_web.post(
            step(ir, "fee_notice_delivered", notice), {"notice_received_on": "2025-10-27"}
        )
    )
    _ok(
        clerk_web.post(
            step(ir, "fee_notice_paid", notice),
            {"paid_on": "2025-10-28", "receipt_number": "NO123"},
        )
    )
    notice.refresh_from_db()
    assert notice.paid_on == D(2025, 10, 28)
    ir.refresh_from_db()
    original_due = ir.due_on

    # The extension, approved by the head (no head named: the office) before the due date.
    page = _ok(clerk_web.get(step(ir, "extension_grant")), 200).content.decode()
    assert "当前答复期限为" in page
    _ok(
        clerk_web.post(
            step(ir, "extension_grant"),
            {
                "days": "10",
                "reason": "需要调取档案",
                "approver": office.pk,
                "approved_on": "2025-11-03",
                "notified_on": "2025-11-03",
            },
        )
    )
    ir.refresh_from_db()
    assert ir.extension.approved_by_name == "刘芳" and ir.due_on > original_due

    # The reply: 部分公开 with one withheld part, then submitted; the office returns it once.
    draft_url = reverse("info_requests:draft_reply", args=[ir.pk])
    page = _ok(clerk_web.get(draft_url), 200).content.decode()
    assert 'data-basis="《中华人民共和国政府信息公开条例》第三十七条"' in page
    _ok(
        clerk_web.post(
            draft_url,
            {
                "outcome": "partial",
                "legal_basis": "",
                "reply_content": "经审查，现提供可以公开的部分。",
                "responsible_organ": "",
                "parts-TOTAL_FORMS": "2",
                "parts-INITIAL_FORMS": "0",
                "parts-MIN_NUM_FORMS": "0",
                "parts-MAX_NUM_FORMS": "50",
                "parts-0-description": "第三方的商业秘密",
                "parts-0-reason": "denied_third_party",
                "parts-0-legal_basis": "",
                "parts-1-description": "",
                "parts-1-reason": "",
                "parts-1-legal_basis": "",
            },
        )
    )
    ir.refresh_from_db()
    assert ir.outcome == "partial" and ir.legal_basis.endswith("第三十七条")
    part = ir.withheld_parts.get()
    assert part.reason == "denied_third_party" and "第十五条" in part.legal_basis
    _ok(clerk_web.post(step(ir, "submit_reply"), {"note": ""}))
    _ok(office_web.post(step(ir, "review"), {"decision": "return", "note": "请补充获取方式"}))
    assert _status(ir) == Status.DRAFTING
    _ok(clerk_web.post(step(ir, "submit_reply"), {"note": "已补充"}))
    _ok(office_web.post(step(ir, "review"), {"decision": "pass", "note": ""}))
    assert _status(ir) == Status.AWAITING_APPROVAL
    _ok(
        office_web.post(
            step(ir, "approve"), {"decision": "pass", "note": "", "approved_on": "2025-11-18"}
        )
    )
    ir.refresh_from_db()
    assert ir.status == Status.APPROVED and ir.approved_by_name == "刘芳"

    # ③ 送达 by China Post (signature date) and 归档.
    _ok(
        clerk_web.post(
            step(ir, "serve"),
            {
                "method": "post",
                "served_on": "2025-11-20",
                "sent_on": "2025-11-18",
                "tracking_number": "XA123456789CN",
                "note": "",
            },
        )
    )
    ir.refresh_from_db()
    assert ir.status == Status.SERVED and ir.closed_on == D(2025, 11, 20)
    assert ir.service.carrier == "中国邮政"
    _ok(office_web.post(step(ir, "archive"), {"archived_on": "2025-11-20"}))
    assert _status(ir) == Status.ARCHIVED

    # Remedies after the fact: a reconsideration, its result, a suit after it.
    _ok(
        office_web.post(
            step(ir, "reconsideration_record"),
            {
                "filed_on": "2025-11-20",
                "organ": "示例县人民政府",
                "case_number": "",
                "result": "pending",
                "decided_on": "",
                "note": "",
            },
        )
    )
    reconsideration = ir.reconsiderations.get()
    page = _ok(office_web.get(step(ir, "reconsideration_update", reconsideration)), 200)
    assert 'value="pending" selected' in page.content.decode()
    _ok(
        office_web.post(
            step(ir, "reconsideration_update", reconsideration),
            {
                "result": "upheld",
                "decided_on": "2025-11-20",
                "case_number": "示复〔2025〕1号",
                "note": "",
            },
        )
    )
    _ok(
        office_web.post(
            step(ir, "litigation_record"),
            {
                "kind": "after_reconsideration",
                "reconsideration": reconsideration.pk,
                "filed_on": "2025-11-20",
                "court": "示例县人民法院",
                "case_number": "",
                "result": "pending",
                "decided_on": "",
                "note": "",
            },
        )
    )
    litigation = ir.litigations.get()
    _ok(
        office_web.post(
            step(ir, "litigation_update", litigation),
            {"result": "corrected", "decided_on": "2025-11-20", "case_number": "", "note": ""},
        )
    )
    litigation.refresh_from_db()
    assert litigation.result == "corrected"

    page = office_web.get(detail(ir)).content.decode()
    for text in ("已归档", "第三方的商业秘密", "XA123456789CN", "结果维持", "收到征求意见答复"):
        assert text in page
    assert AuditEvent.objects.filter(action="info_request.archive").exists()


# --- the other steps ------------------------------------------------------------------------


def test_online_application_is_confirmed_or_logged_unreachable(client_of, register, office, now):
    ir = register(channel="email", submitted_on=D(2025, 11, 17))
    web = client_of(office)
    page = web.get(detail(ir)).content.decode()
    assert "待确认" in page and buttons(page) == [
        "确认收到申请",
        "记录无法联系申请人",
        "申请人撤回",
        "添加申请材料",
        "重置查询码",
    ]
    _ok(web.post(step(ir, "log_unreachable"), {"on": "2025-11-18", "note": "电话无人接听"}))
    assert ir.events.filter(action="log_unreachable", note="电话无人接听").exists()
    _ok(web.post(step(ir, "confirm_receipt"), {"received_on": "2025-11-19", "note": ""}))
    ir.refresh_from_db()
    assert ir.status == Status.RECEIVED and ir.received_on == D(2025, 11, 19)
    assert ir.due_on is not None


def test_transfer_takes_the_case_to_the_other_unit(
    client_of, in_drafting, clerk_a, other_clerk, orgs
):
    web = client_of(clerk_a)
    _ok(
        web.post(
            step(in_drafting, "transfer"),
            {
                "unit": orgs["other_dept"].pk,
                "reason": "属财政局职责",
                "transferred_on": "2025-10-13",
            },
        )
    )
    in_drafting.refresh_from_db()
    assert in_drafting.unit == orgs["other_dept"] and in_drafting.status == Status.DISPATCHED
    assert web.get(detail(in_drafting)).status_code == 404
    assert client_of(other_clerk).get(detail(in_drafting)).status_code == 200


def test_withdrawal_closes_with_outcome_other(client_of, in_drafting, clerk_b):
    _ok(
        client_of(clerk_b).post(
            step(in_drafting, "withdraw"), {"withdrawn_on": "2025-10-15", "note": "申请人来电撤回"}
        )
    )
    in_drafting.refresh_from_db()
    assert in_drafting.status == Status.CLOSED and in_drafting.outcome == "other_other"


def test_abandoned_correction_closes_after_the_period(client_of, in_drafting, clerk_a):
    svc.correction_issue(
        info_request=in_drafting,
        issued_on=D(2025, 10, 13),
        items="请补充身份证明",
        correct_by=D(2025, 10, 31),
        actor=clerk_a,
    )
    web = client_of(clerk_a)
    page = web.get(detail(in_drafting)).content.decode()
    assert "逾期未补正终止办理" in page and "告知补正" not in page  # only one notice
    response = web.get(step(in_drafting, "correction_issue"))
    assert response.status_code == 302
    assert "不能告知补正" in web.get(detail(in_drafting)).content.decode()
    _ok(web.post(step(in_drafting, "close_no_correction"), {"closed_on": "2025-11-03", "note": ""}))
    in_drafting.refresh_from_db()
    assert in_drafting.outcome == "other_no_correction" and in_drafting.status == Status.CLOSED


def test_unpaid_fee_cancel_and_close(client_of, in_drafting, clerk_a):
    web = client_of(clerk_a)
    _ok(
        web.post(
            step(in_drafting, "fee_notice_issue"),
            {"method": "per_volume", "pages": "40", "sent_on": "2025-10-13"},
        )
    )
    notice = in_drafting.fee_notices.get()
    _ok(
        web.post(
            step(in_drafting, "fee_notice_cancel", notice),
            {"cancelled_on": "2025-10-14", "reason": "误收"},
        )
    )
    notice.refresh_from_db()
    assert notice.cancelled_on == D(2025, 10, 14)
    _ok(
        web.post(
            step(in_drafting, "fee_notice_issue"),
            {"method": "per_volume", "pages": "40", "sent_on": "2025-10-15"},
        )
    )
    page = web.get(step(in_drafting, "close_fee_unpaid")).content.decode()
    assert "缴费期限为" in page
    _ok(web.post(step(in_drafting, "close_fee_unpaid"), {"closed_on": "2025-11-20", "note": ""}))
    in_drafting.refresh_from_db()
    assert in_drafting.outcome == "other_fee_unpaid"


def test_art35_review_and_attachment_and_new_query_code(
    client_of, in_drafting, clerk_a, office, site
):
    web = client_of(clerk_a)
    _ok(
        web.post(
            step(in_drafting, "mass_review_request"), {"requested_on": "2025-10-13", "note": ""}
        )
    )
    _ok(
        web.post(
            step(in_drafting, "mass_review_decide"),
            {
                "decision": "reasonable",
                "decided_on": "2025-10-20",
                "reasons": "研究需要",
                "reasons_received_on": "2025-10-17",
                "custom_due_on": "2025-12-31",
            },
        )
    )
    in_drafting.refresh_from_db()
    assert in_drafting.due_on == D(2025, 12, 31)
    assert (
        "延期答复" not in web.get(detail(in_drafting)).content.decode()
    )  # custom date: no extension

    _ok(
        web.post(
            step(in_drafting, "attachment_add"),
            {"kind": "correction", "file": png_upload("补正.png")},
        )
    )
    attachment = in_drafting.attachments.get()
    download = web.get(reverse("info_requests:attachment", args=[in_drafting.pk, attachment.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")

    # Only the office resets the code; the new code works, the old one no longer does.
    assert web.post(step(in_drafting, "reset_query_code")).status_code == 403
    page = _ok(client_of(office).post(step(in_drafting, "reset_query_code")), 200).content.decode()
    code = re.search(r'id="query-code">([A-Z0-9]{8})<', page).group(1)
    assert info_request_for_applicant(site, in_drafting.tracking_number, code) == in_drafting
    assert info_request_for_applicant(site, in_drafting.tracking_number, "TESTCODE") is None


def test_on_the_spot_answer(client_of, office, orgs, calendar, now):
    web = client_of(office)
    page = _ok(web.get(ON_THE_SPOT), 200).content.decode()
    assert 'value="partial"' not in page  # replies with reasons take the full path
    response = _ok(
        web.post(
            ON_THE_SPOT,
            application_post(
                organisation=orgs["government"].pk,
                outcome="np_publication",
                legal_basis="",
                reply_content="请到县图书馆查阅《示例县年鉴》。",
            ),
        ),
        200,
    )
    ir = InfoRequest.objects.get()
    assert ir.tracking_number in response.content.decode()
    assert ir.status == Status.SERVED and ir.received_on == TODAY and ir.closed_on == TODAY
    assert ir.legal_basis.endswith("第三十九条第二款")


def test_settings_name_the_head_who_then_approves(client_of, office, leader, admin, drafted, now):
    assert client_of(leader).get(SETTINGS).status_code == 403
    _ok(client_of(admin).post(SETTINGS, {"head_user": leader.pk, "tracking_prefix": "YSQ"}))
    assert RequestSettings.objects.get().head_user == leader
    ir = drafted()
    svc.info_request_submit_reply(info_request=ir, actor=office)
    svc.info_request_review(info_request=ir, passed=True, actor=office)
    # Now only the named head may sign off: the office no longer sees the button, and is refused.
    office_web, leader_web = client_of(office), client_of(leader)
    assert "签发" not in buttons(office_web.get(detail(ir)).content.decode())
    assert (
        office_web.post(
            step(ir, "approve"), {"decision": "pass", "approved_on": "2025-10-20"}
        ).status_code
        == 403
    )
    _ok(
        leader_web.post(
            step(ir, "approve"), {"decision": "pass", "note": "", "approved_on": "2025-10-20"}
        )
    )
    ir.refresh_from_db()
    assert ir.status == Status.APPROVED and ir.approved_by_name == "王强"


# --- who may open and do what ---------------------------------------------------------------


class TestPermissions:
    def test_anonymous_goes_to_login(self, citizen, dispatched):
        response = citizen.get(detail(dispatched), HTTP_HOST="gk.example.gov.cn")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    @pytest.mark.parametrize("persona", ["clerk_a", "clerk_b", "leader"])
    def test_the_units_staff_open_its_case(self, request, client_of, dispatched, persona):
        web = client_of(request.getfixturevalue(persona))
        assert web.get(detail(dispatched)).status_code == 200
        assert dispatched.tracking_number in web.get(LIST).content.decode()

    def test_a_clerk_of_another_unit_gets_404(self, client_of, dispatched, other_clerk):
        web = client_of(other_clerk)
        assert dispatched.tracking_number not in web.get(LIST).content.decode()
        assert web.get(detail(dispatched)).status_code == 404
        assert (
            web.post(step(dispatched, "accept"), {"accepted_on": "2025-10-10"}).status_code == 404
        )
        assert (
            web.get(reverse("info_requests:draft_reply", args=[dispatched.pk])).status_code == 404
        )
        assert _status(dispatched) == Status.DISPATCHED

    def test_the_office_of_another_site_gets_404(self, client_of, dispatched, other_office):
        web = client_of(other_office, host=OTHER_SITE_HOST)
        assert web.get(LIST).status_code == 200
        assert web.get(detail(dispatched)).status_code == 404
        assert web.post(step(dispatched, "accept"), {}).status_code == 404

    def test_a_clerk_cannot_take_the_offices_steps(self, client_of, in_drafting, clerk_a, office):
        svc.info_request_draft_reply(
            info_request=in_drafting, outcome="granted", reply_content="予以公开。", actor=clerk_a
        )
        svc.info_request_submit_reply(info_request=in_drafting, actor=clerk_a)
        web = client_of(clerk_a)
        assert web.get(step(in_drafting, "review")).status_code == 403
        assert web.post(step(in_drafting, "review"), {"decision": "pass"}).status_code == 403
        assert web.post(REGISTER, application_post()).status_code == 403
        assert _status(in_drafting) == Status.UNDER_REVIEW

    def test_the_unit_leader_acts_for_the_unit_but_does_not_sign_without_being_head(
        self, client_of, in_drafting, leader, office
    ):
        web = client_of(leader)
        _ok(
            web.post(
                reverse("info_requests:draft_reply", args=[in_drafting.pk]),
                {
                    "outcome": "granted",
                    "legal_basis": "",
                    "reply_content": "予以公开。",
                    "responsible_organ": "",
                    "parts-TOTAL_FORMS": "0",
                    "parts-INITIAL_FORMS": "0",
                },
            )
        )
        _ok(web.post(step(in_drafting, "submit_reply"), {"note": ""}))
        svc.info_request_review(info_request=in_drafting, passed=True, actor=office)
        assert web.post(step(in_drafting, "approve"), {"decision": "pass"}).status_code == 403
        assert _status(in_drafting) == Status.AWAITING_APPROVAL

    def test_the_administrator_reads_but_does_not_act(self, client_of, in_drafting, admin):
        web = client_of(admin)
        page = web.get(detail(in_drafting)).content.decode()
        assert in_drafting.tracking_number in page and "ir-actions" not in page
        assert (
            web.post(step(in_drafting, "withdraw"), {"withdrawn_on": "2025-10-15"}).status_code
            == 403
        )

    def test_attachments_are_for_staff_who_see_the_case(
        self, client_of, citizen, dispatched, clerk_a, other_clerk
    ):
        attachment = svc.attachment_add(
            info_request=dispatched, kind="id_copy", file=png_upload(), actor=clerk_a
        )
        url = reverse("info_requests:attachment", args=[dispatched.pk, attachment.pk])
        assert client_of(clerk_a).get(url).status_code == 200
        assert client_of(other_clerk).get(url).status_code == 404
        assert citizen.get(url, HTTP_HOST="gk.example.gov.cn").status_code == 302
        with pytest.raises(ValueError):
            attachment.file.url  # noqa: B018 — private storage has no URL at all


# --- the list -------------------------------------------------------------------------------


def test_the_list_sorts_by_days_left_and_marks_urgency(client_of, register, office, calendar):
    with time_machine.travel(dt.datetime(2025, 11, 3, 10, 0, tzinfo=NOW.tzinfo), tick=False):
        later = register(submitted_on=D(2025, 10, 27))  # due 11-24: 15 working days left
        soon = register(submitted_on=D(2025, 10, 9))  # due 11-05: 2 left
        overdue = register(submitted_on=D(2025, 9, 22))  # due 10-24: overdue
        waiting = register(channel="online", submitted_on=D(2025, 11, 3))
        page = client_of(office).get(LIST).content.decode()
    numbers = re.findall(r"YSQ-2025-\d{6}", page)
    assert numbers == [
        overdue.tracking_number,
        soon.tracking_number,
        later.tracking_number,
        waiting.tracking_number,
    ]
    assert "已逾期 6 个工作日" in page
    assert '<span class="badge badge-warn">剩余 2 个工作日</span>' in page
    assert "剩余 15 个工作日" in page and "未起算" in page


def test_the_list_filters(client_of, register, office, orgs, calendar):
    with time_machine.travel(dt.datetime(2025, 11, 3, 10, 0, tzinfo=NOW.tzinfo), tick=False):
        calm = register(submitted_on=D(2025, 10, 27))
        soon = register(submitted_on=D(2025, 10, 9))
        late = register(submitted_on=D(2025, 9, 22))
        posted = register(channel="post", submitted_on=D(2025, 10, 30), signed_on=D(2025, 10, 31))
        svc.info_request_dispatch(info_request=calm, unit=orgs["other_dept"], actor=office)
        web = client_of(office)

        def shown(**params):
            return set(re.findall(r"YSQ-2025-\d{6}", web.get(LIST, params).content.decode()))

        assert shown(overdue="on") == {late.tracking_number}
        assert shown(due_soon="on") == {late.tracking_number, soon.tracking_number}
        assert shown(unit=orgs["other_dept"].pk) == {calm.tracking_number}
        assert shown(channel="post") == {posted.tracking_number}
        assert shown(status="dispatched") == {calm.tracking_number}
        assert shown(q=soon.tracking_number) == {soon.tracking_number}
        assert len(shown(q="王小明")) == 4
        assert len(shown(year="2025")) == 4
        # A year without applications is not offered; asked for anyway, the page says so.
        response = web.get(LIST, {"year": "2024"})
        assert response.status_code == 200 and 'class="error"' in response.content.decode()


def test_a_provisional_due_date_says_why(client_of, register, office, calendar):
    with time_machine.travel(dt.datetime(2026, 12, 21, 10, 0, tzinfo=NOW.tzinfo), tick=False):
        ir = register(submitted_on=D(2026, 12, 21))
        web = client_of(office)
        assert "暂定" in web.get(LIST).content.decode()
        page = web.get(detail(ir)).content.decode()
    assert "2027年的工作日历尚未录入，期限暂按周末推算，仅供参考。" in page


# --- bad input ------------------------------------------------------------------------------


class TestBadInput:
    def test_register_errors_are_shown_in_chinese_and_nothing_is_saved(
        self, client_of, office, orgs, now
    ):
        web = client_of(office)
        response = web.post(
            REGISTER,
            application_post(
                organisation=orgs["dept"].pk,
                channel="in_person",
                submitted_on="2025-11-01",
                signed_on="2025-11-02",
                id_number="123",
                id_copy=fake_pdf("身份证.pdf"),
            ),
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "当面提交的申请，收到申请之日为提交当日" in body
        assert "只有邮寄的申请才填写签收日期" in body
        assert "无法识别文件内容" in body or "不在允许范围内" in body
        assert not InfoRequest.objects.exists()
        response = web.post(
            REGISTER,
            application_post(
                organisation=orgs["dept"].pk,
                channel="in_person",
                submitted_on=d(TODAY),
                id_number="110101199001011234",
            ),
        )
        assert "居民身份证号码不正确" in response.content.decode()
        assert web.post(REGISTER, {}).status_code == 200
        assert not InfoRequest.objects.exists()

    def test_a_step_without_its_fields(self, client_of, office, register, now):
        ir = register()
        response = client_of(office).post(step(ir, "dispatch"), {})
        assert response.status_code == 200 and "请选择承办单位。" in response.content.decode()
        assert _status(ir) == Status.RECEIVED

    def test_service_errors_land_on_the_field(self, client_of, in_drafting, clerk_a, office):
        web = client_of(clerk_a)
        response = web.post(
            step(in_drafting, "correction_issue"),
            {"issued_on": "2025-10-01", "items": "请补充", "correct_by": "2025-10-20"},
        )
        assert "日期不能早于收到申请日期" in response.content.decode()
        response = web.post(
            step(in_drafting, "extension_grant"),
            {
                "days": "10",
                "reason": "调档",
                "approver": office.pk,
                "approved_on": "2025-11-19",
                "notified_on": "2025-11-19",
            },
        )
        assert "届满前告知申请人" in response.content.decode()
        response = web.post(
            step(in_drafting, "fee_notice_issue"),
            {"method": "per_application", "sent_on": "2025-10-13"},
        )
        assert "在免费范围内" in response.content.decode()
        response = web.post(
            step(in_drafting, "consultation_start"), {"kind": "nope", "party": "", "sent_on": "x"}
        )
        assert response.status_code == 200 and "请填写有效的日期。" in response.content.decode()
        assert not in_drafting.consultations.exists() and not in_drafting.fee_notices.exists()

    def test_a_partial_reply_needs_its_withheld_parts(self, client_of, in_drafting, clerk_a):
        url = reverse("info_requests:draft_reply", args=[in_drafting.pk])
        response = client_of(clerk_a).post(
            url,
            {
                "outcome": "partial",
                "legal_basis": "",
                "reply_content": "部分公开。",
                "responsible_organ": "",
                "parts-TOTAL_FORMS": "1",
                "parts-INITIAL_FORMS": "0",
                "parts-0-description": "",
                "parts-0-reason": "denied_third_party",
                "parts-0-legal_basis": "",
            },
        )
        assert response.status_code == 200 and "请填写不予公开的内容。" in response.content.decode()
        response = client_of(clerk_a).post(
            url,
            {
                "outcome": "partial",
                "legal_basis": "",
                "reply_content": "部分公开。",
                "responsible_organ": "",
                "parts-TOTAL_FORMS": "0",
                "parts-INITIAL_FORMS": "0",
            },
        )
        assert "须逐项说明不予公开的内容和理由" in response.content.decode()
        in_drafting.refresh_from_db()
        assert in_drafting.outcome == ""
        assert client_of(clerk_a).post(url, {"outcome": "partial"}).status_code == 200

    def test_post_service_needs_a_china_post_number(self, client_of, approved, clerk_a):
        ir = approved()
        response = client_of(clerk_a).post(
            step(ir, "serve"), {"method": "post", "served_on": "2025-10-21", "tracking_number": ""}
        )
        assert "邮寄送达须填写中国邮政的邮件号码" in response.content.decode()
        assert _status(ir) == Status.APPROVED

    def test_unknown_step_and_row(self, client_of, in_drafting, clerk_a):
        web = client_of(clerk_a)
        assert (
            web.get(reverse("info_requests:step", args=[in_drafting.pk, "nope"])).status_code == 404
        )
        assert (
            web.get(
                reverse("info_requests:row_step", args=[in_drafting.pk, "consultation_answer", 999])
            ).status_code
            == 404
        )
        assert (
            web.get(
                reverse("info_requests:row_step", args=[in_drafting.pk, "accept", 1])
            ).status_code
            == 404
        )


def test_the_draft_page_hints_at_petitions_and_repeat_applications(
    client_of, served, drafting, clerk_a
):
    served()  # an answered application of the same applicant about the same information
    ir = drafting(description="2024年示例县城乡最低生活保障资金发放明细，并要求查处违规发放")
    page = client_of(clerk_a).get(reverse("info_requests:draft_reply", args=[ir.pk]))
    body = page.content.decode()
    assert "办理提示" in body
    assert "可考虑按重复申请处理" in body and "要求查处" in body
    assert "提示仅供参考" in body
