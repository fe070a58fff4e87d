"""The portal's 依申请公开 pages: the guide, the online form, the confirmation shown once, the
status lookup with its session and rate limit, letter downloads — and that no public page or
public answer ever shows an applicant's identity number or contact details."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import SITE_HOST
from gongkai.core.models import AuditEvent
from gongkai.info_requests import services as svc
from gongkai.info_requests.models import InfoRequest
from gongkai.info_requests.ratelimit import LOOKUP_FAILURES, SUBMISSIONS
from gongkai.info_requests.selectors import info_request_for_applicant
from gongkai.info_requests.states import Status

from .conftest import PERSON
from .web_helpers import (
    NOW,
    SECRET_ADDRESS,
    SECRET_EMAIL,
    SECRET_PHONE,
    application_post,
    fake_pdf,
    png_upload,
)

GUIDE = reverse("ysqgk:guide")
APPLY = reverse("ysqgk:apply")
SUBMITTED = reverse("ysqgk:submitted")
LOOKUP = reverse("ysqgk:lookup")
STATUS = reverse("ysqgk:status")
API = "/api/v1/requests"


@pytest.fixture
def web(site, orgs, calendar) -> Client:
    return Client(HTTP_HOST=SITE_HOST)


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def online_post(orgs, **overrides):
    return application_post(
        organisation=orgs["dept"].pk, declaration="on", id_copy=png_upload(), **overrides
    )


def apply_online(web, orgs, **overrides) -> tuple[InfoRequest, str]:
    response = web.post(APPLY, online_post(orgs, **overrides))
    assert response.status_code == 302 and response["Location"] == SUBMITTED
    page = web.get(SUBMITTED).content.decode()
    code = re.search(r'id="query-code">([A-Z0-9]{8})<', page).group(1)
    return InfoRequest.objects.latest("pk"), code


def look_up(web, number, code, **extra):
    return web.post(LOOKUP, {"tracking_number": number, "query_code": code}, **extra)


# --- guide and form -------------------------------------------------------------------------


def test_the_guide_states_the_rules_and_the_portal_links_it(web, orgs):
    page = web.get(GUIDE).content.decode()
    for text in (
        "20个工作日内予以答复",
        "最长不超过20个工作日",
        "15个工作日内提出意见",
        "7个工作日内一次性告知",
        "10件以内（含）的免费",
        "31–100页每页10元",
        "201页以上每页40元",
        "居民身份证",
        "双方确认之日",
    ):
        assert text in page, text
    home = web.get("/").content.decode()
    assert f'href="{GUIDE}"' in home and "依申请公开" in home


def test_an_online_application_shows_number_and_code_once(web, orgs, site, now):
    page = web.get(APPLY)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert 'enctype="multipart/form-data"' in page.content.decode()
    response = web.post(APPLY, online_post(orgs))
    assert response.status_code == 302
    ir = InfoRequest.objects.get()
    assert ir.channel == "online" and ir.status == Status.SUBMITTED and ir.received_on is None
    assert ir.organisation == orgs["dept"] and ir.submitted_on == NOW.date()
    assert ir.attachments.get().kind == "id_copy"
    first = web.get(SUBMITTED)
    body = first.content.decode()
    assert "no-store" in first["Cache-Control"]
    assert ir.tracking_number in body and "查询码只显示这一次" in body
    code = re.search(r'id="query-code">([A-Z0-9]{8})<', body).group(1)
    assert info_request_for_applicant(site, ir.tracking_number, code) == ir
    again = web.get(SUBMITTED).content.decode()
    assert code not in again and ir.tracking_number not in again and "只在提交后显示一次" in again


def test_form_errors_are_chinese_and_nothing_is_saved(web, orgs, now):
    data = online_post(orgs, id_number="12345", phone="", email="", address="")
    data.pop("declaration")
    data["id_copy"] = fake_pdf("身份证.pdf")
    response = web.post(APPLY, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "请阅读并勾选承诺后再提交。" in body
    assert "无法识别文件内容" in body or "不在允许范围内" in body
    assert not InfoRequest.objects.exists()
    data = online_post(orgs, id_number="12345", phone="", email="", address="")
    body = web.post(APPLY, data).content.decode()
    assert "居民身份证号码不正确" in body and "请至少填写一种联系方式" in body
    data = online_post(orgs)
    data.pop("id_copy")
    assert "请上传身份证明复印件。" in web.post(APPLY, data).content.decode()
    assert web.post(APPLY, {}).status_code == 200
    assert not InfoRequest.objects.exists()


def test_a_form_post_needs_the_csrf_token(site, orgs, calendar):
    strict = Client(HTTP_HOST=SITE_HOST, enforce_csrf_checks=True)
    assert strict.post(APPLY, online_post(orgs)).status_code == 403
    assert not InfoRequest.objects.exists()


def test_online_submissions_are_limited_per_address(web, orgs, now):
    request = RequestFactory().post(APPLY, REMOTE_ADDR="127.0.0.1")
    for _ in range(SUBMISSIONS.limit):
        SUBMISSIONS.hit(request)
    response = web.post(APPLY, online_post(orgs))
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert not InfoRequest.objects.exists()
    other = web.post(APPLY, online_post(orgs), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


# --- the lookup -----------------------------------------------------------------------------


def test_lookup_shows_the_status_for_half_an_hour(web, orgs, now):
    ir, code = apply_online(web, orgs)
    assert web.get(STATUS).status_code == 302  # no lookup yet
    response = look_up(web, ir.tracking_number.lower(), code.lower())
    assert response.status_code == 302 and response["Location"] == STATUS
    page = web.get(STATUS)
    body = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert ir.tracking_number in body and "待确认" in body and "示例县民政局" in body
    now.shift(dt.timedelta(minutes=31))
    assert web.get(STATUS)["Location"] == LOOKUP


def test_ending_the_lookup(web, orgs, now):
    ir, code = apply_online(web, orgs)
    look_up(web, ir.tracking_number, code)
    assert web.get(STATUS).status_code == 200
    web.post(reverse("ysqgk:lookup_end"))
    assert web.get(STATUS).status_code == 302


def test_a_wrong_code_or_number_gets_one_answer(web, orgs, now):
    ir, code = apply_online(web, orgs)
    wrong_code = look_up(web, ir.tracking_number, "ABCDEFGH").content.decode()
    wrong_number = look_up(web, "YSQ-2025-999999", code).content.decode()
    assert "受理编号或查询码不正确" in wrong_code and "受理编号或查询码不正确" in wrong_number
    assert web.get(STATUS).status_code == 302


def test_guessing_codes_is_stopped_after_ten_failures(web, orgs, now):
    ir, code = apply_online(web, orgs)
    for _ in range(LOOKUP_FAILURES.limit):
        assert look_up(web, ir.tracking_number, "WRONG234").status_code == 200
    blocked = look_up(web, ir.tracking_number, code)  # even the right code is not checked now
    assert blocked.status_code == 429 and "查询失败次数过多" in blocked.content.decode()
    assert web.get(STATUS).status_code == 302
    api = Client(HTTP_HOST=SITE_HOST).post(
        f"{API}/status",
        {"tracking_number": ir.tracking_number, "query_code": code},
        content_type="application/json",
    )
    assert api.status_code == 429 and "查询失败次数过多" in api.json()["detail"]
    # Another address is not affected; and after the window the first one may try again.
    assert look_up(web, ir.tracking_number, code, REMOTE_ADDR="198.51.100.7").status_code == 302
    now.shift(dt.timedelta(minutes=16))
    assert look_up(web, ir.tracking_number, code).status_code == 302


def test_letters_are_only_served_inside_a_lookup_session(web, orgs, office, now):
    ir, code = apply_online(web, orgs)
    other, _ = apply_online(web, orgs)
    for confirmed in (ir, other):  # the receipt letter is issued on confirmation
        svc.info_request_confirm_receipt(
            info_request=confirmed, received_on=NOW.date(), actor=office
        )
    receipt = ir.letters.get()
    url = reverse("ysqgk:letter", args=[receipt.pk, "docx"])
    assert web.get(url).status_code == 404  # no lookup yet
    look_up(web, ir.tracking_number, code)
    page = web.get(STATUS).content.decode()
    assert receipt.number in page and f'href="{url}"' in page
    download = web.get(url)
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    assert download["Content-Type"].endswith("wordprocessingml.document")
    assert b"".join(download.streaming_content).startswith(b"PK")
    assert "attachment" in download["Content-Disposition"]
    # Another application's letter, an unknown format: nothing.
    other_letter = other.letters.get()
    assert web.get(reverse("ysqgk:letter", args=[other_letter.pk, "docx"])).status_code == 404
    assert web.get(reverse("ysqgk:letter", args=[receipt.pk, "exe"])).status_code == 404
    web.post(reverse("ysqgk:lookup_end"))
    assert web.get(url).status_code == 404


# --- no identity number or contact details on any public page or answer ---------------------


def test_identity_and_contacts_never_reach_a_public_page_or_answer(
    web, orgs, site, office, clerk_a, now
):
    secrets = (PERSON["id_number"], SECRET_PHONE, SECRET_EMAIL, SECRET_ADDRESS)
    assert PERSON["phone"] == SECRET_PHONE and PERSON["email"] == SECRET_EMAIL
    assert PERSON["address"] == SECRET_ADDRESS

    pages: list[str] = []
    api = Client(HTTP_HOST=SITE_HOST)

    def public_views(ir, code):
        client = Client(HTTP_HOST=SITE_HOST)
        for url in (GUIDE, APPLY, LOOKUP, "/"):
            pages.append(client.get(url).content.decode())
        pages.append(look_up(client, ir.tracking_number, "WRONG234").content.decode())
        pages.append(look_up(client, ir.tracking_number, code).content.decode())
        pages.append(client.get(STATUS).content.decode())
        status = api.post(
            f"{API}/status",
            {"tracking_number": ir.tracking_number, "query_code": code},
            content_type="application/json",
        )
        assert status.status_code == 200
        pages.append(status.content.decode())

    # Submitted online through the form, and through the API.
    response = web.post(APPLY, online_post(orgs))
    pages.append(web.get(response["Location"]).content.decode())
    ir = InfoRequest.objects.get()
    code = re.search(r'id="query-code">([A-Z0-9]{8})<', pages[-1]).group(1)
    submitted = api.post(
        f"{API}/submit",
        {**PERSON, "organisation": orgs["dept"].code, "declaration": True},
        content_type="application/json",
    )
    assert submitted.status_code == 201
    pages.append(submitted.content.decode())
    public_views(ir, code)

    # Every stage up to service: the status page and the API answer at each.
    svc.info_request_confirm_receipt(info_request=ir, received_on=NOW.date(), actor=office)
    svc.info_request_dispatch(info_request=ir, unit=orgs["dept"], actor=office)
    public_views(ir, code)
    svc.info_request_accept(info_request=ir, actor=clerk_a)
    svc.info_request_draft_reply(
        info_request=ir,
        outcome="granted",
        reply_content=f"寄至{SECRET_ADDRESS}，联系电话{SECRET_PHONE}。",
        actor=clerk_a,
    )
    svc.info_request_submit_reply(info_request=ir, actor=clerk_a)
    svc.info_request_review(info_request=ir, passed=True, actor=office)
    svc.info_request_approve(info_request=ir, approved=True, actor=office)
    svc.info_request_serve(info_request=ir, method="in_person", served_on=NOW.date(), actor=clerk_a)
    public_views(ir, code)

    assert len(pages) > 20
    for page in pages:
        for secret in secrets:
            assert secret not in page, secret
    assert "已送达" in pages[-2] and "政府信息公开申请答复书" in pages[-2]


def test_a_provisional_due_date_is_marked_on_the_status_page(web, orgs, office):
    with time_machine.travel(dt.datetime(2026, 12, 21, 10, 0, tzinfo=NOW.tzinfo), tick=False):
        ir, code = apply_online(web, orgs)
        svc.info_request_confirm_receipt(
            info_request=ir, received_on=dt.date(2026, 12, 21), actor=office
        )
        look_up(web, ir.tracking_number, code)
        page = web.get(STATUS).content.decode()
    assert "暂定" in page and "2027年的工作日历尚未录入" in page


# --- the applicant's own withdrawal -----------------------------------------------------------

WITHDRAW = reverse("ysqgk:withdraw")


def test_the_applicant_withdraws_online_inside_the_lookup(web, orgs, now):
    ir, code = apply_online(web, orgs)
    # Without a lookup session nothing happens.
    assert web.post(WITHDRAW, {"confirm": "on"})["Location"] == LOOKUP
    look_up(web, ir.tracking_number, code)
    assert 'id="withdraw-form"' in web.get(STATUS).content.decode()
    # The confirmation is required; the error is in Chinese and nothing changes.
    refused = web.post(WITHDRAW, {"reason": "不需要了"})
    assert refused.status_code == 400
    assert "请勾选确认后再撤回" in refused.content.decode()
    ir.refresh_from_db()
    assert ir.status != Status.CLOSED
    done = web.post(WITHDRAW, {"reason": "已通过其他渠道获得", "confirm": "on"})
    assert done["Location"] == STATUS
    ir.refresh_from_db()
    assert ir.status == Status.CLOSED
    assert ir.outcome == "other_other"
    assert ir.closed_on == NOW.date()
    event = ir.events.latest("pk")
    assert event.actor_name == "申请人"
    assert event.note == "申请人在网上撤回申请：已通过其他渠道获得"
    # The audit log names the same actor as the timeline (one Actor for both).
    logged = AuditEvent.objects.filter(action="info_request.withdraw").latest("pk")
    assert logged.actor_name == "申请人"
    page = web.get(STATUS).content.decode()
    assert "您的申请已撤回" in page and 'id="withdraw-form"' not in page


def test_a_closed_application_cannot_be_withdrawn(web, orgs, now):
    ir, code = apply_online(web, orgs)
    look_up(web, ir.tracking_number, code)
    assert web.post(WITHDRAW, {"confirm": "on"}).status_code == 302
    again = web.post(WITHDRAW, {"confirm": "on"})
    assert again.status_code == 400
    assert "撤回" in again.content.decode()
    assert ir.events.filter(action="withdraw").count() == 1
