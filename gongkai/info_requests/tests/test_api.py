"""The /api/v1/requests router: the public submission and status lookup, and the staff
endpoints of every step, through the same services as the pages; errors are JSON in Chinese."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client

from conftest import OTHER_SITE_HOST, SITE_HOST
from gongkai.info_requests import services as svc
from gongkai.info_requests.models import InfoRequest
from gongkai.info_requests.states import Status
from gongkai.organizations.services import api_token_create

from .conftest import PERSON
from .web_helpers import NOW, png_upload

D = dt.date
BASE = "/api/v1/requests"


@pytest.fixture
def api(site, orgs, calendar) -> Client:
    return Client(HTTP_HOST=SITE_HOST)


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW.date()


def bearer(user) -> dict[str, str]:
    _, key = api_token_create(user=user, name="脚本", actor=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post(client, path, data=None, user=None, method="post", **extra):
    headers = bearer(user) if user is not None else {}
    call = getattr(client, method)
    return call(
        f"{BASE}{path}", json.dumps(data or {}), content_type="application/json", **headers, **extra
    )


@pytest.fixture
def received(register, now):
    return register(channel="post", submitted_on=D(2025, 10, 8), signed_on=D(2025, 10, 9))


def test_the_paths_are_in_the_spec_and_only_two_are_public(api):
    spec = json.loads(api.get("/api/v1/openapi.json").content)
    paths = {p: v for p, v in spec["paths"].items() if p.startswith(BASE)}
    public = {p for p, ops in paths.items() for op in ops.values() if "security" not in op}
    assert public == {f"{BASE}/submit", f"{BASE}/status"}
    assert {f"{BASE}/{{request_id}}/dispatch", f"{BASE}/{{request_id}}/reply"} <= set(paths)


class TestPublic:
    def test_submit_and_look_up(self, api, orgs, site, now):
        response = post(
            api, "/submit", {**PERSON, "organisation": orgs["dept"].code, "declaration": True}
        )
        assert response.status_code == 201
        data = response.json()
        ir = InfoRequest.objects.get()
        assert data["tracking_number"] == ir.tracking_number and len(data["query_code"]) == 8
        assert ir.channel == "online" and ir.organisation == orgs["dept"]
        assert data["status"] == "submitted" and "只显示这一次" in data["message"]
        status = post(
            api,
            "/status",
            {"tracking_number": ir.tracking_number, "query_code": data["query_code"]},
        )
        assert status.status_code == 200
        assert status.json()["status_label"] == "待确认" and status.json()["received_on"] is None
        assert set(status.json()) == {
            "tracking_number",
            "status",
            "status_label",
            "submitted_on",
            "received_on",
            "due_on",
            "due_provisional",
            "provisional_warning",
            "closed_on",
            "organisation_name",
            "unit_name",
            "letters",
        }

    def test_bad_submissions_are_422_in_chinese(self, api, orgs, now):
        response = post(api, "/submit", {**PERSON, "id_number": "123", "declaration": True})
        assert response.status_code == 422
        assert response.json()["detail"] == "居民身份证号码不正确（应为18位，校验位正确）。"
        assert response.json()["errors"]["id_number"]
        assert post(api, "/submit", {**PERSON, "declaration": False}).status_code == 422
        missing = post(api, "/submit", {"applicant_name": "王"})
        assert missing.status_code == 422 and missing.json()["detail"] == "请求参数不符合要求。"
        unknown = post(api, "/submit", {**PERSON, "organisation": "NOPE", "declaration": True})
        assert unknown.status_code == 422 and unknown.json()["detail"] == "未找到该受理机关。"
        assert not InfoRequest.objects.exists()

    def test_a_wrong_code_is_404(self, api, received):
        response = post(
            api, "/status", {"tracking_number": received.tracking_number, "query_code": "NOTRIGHT"}
        )
        assert (
            response.status_code == 404 and response.json()["detail"] == "受理编号或查询码不正确。"
        )
        ok = post(
            api, "/status", {"tracking_number": received.tracking_number, "query_code": "TESTCODE"}
        )
        assert ok.status_code == 404  # the factory's code is not this registration's


class TestStaff:
    def test_no_credentials_is_401(self, api, received):
        response = api.get(f"{BASE}/{received.pk}")
        assert (
            response.status_code == 401
            and response.json()["detail"] == "需要登录或有效的 API 令牌。"
        )

    def test_the_list_by_days_left(self, api, register, office, clerk_a, orgs, now):
        late = register(submitted_on=D(2025, 9, 22))
        soon = register(submitted_on=D(2025, 10, 23))  # due today
        svc.info_request_dispatch(info_request=soon, unit=orgs["dept"], actor=office)
        rows = api.get(BASE, **bearer(office)).json()["items"]
        assert [r["tracking_number"] for r in rows] == [late.tracking_number, soon.tracking_number]
        assert rows[0]["overdue"] and rows[0]["days_left"] < 0
        assert rows[1]["warning"] and rows[1]["days_left"] == 0
        mine = api.get(BASE, **bearer(clerk_a)).json()["items"]
        assert [r["tracking_number"] for r in mine] == [soon.tracking_number]
        assert [
            r["id"] for r in api.get(BASE, {"overdue": True}, **bearer(office)).json()["items"]
        ] == [late.pk]

    def test_the_whole_loop(self, api, received, office, clerk_a, orgs, now):
        url = f"/{received.pk}"
        assert (
            post(
                api,
                f"{url}/dispatch",
                {"unit": orgs["dept"].code, "dispatched_on": "2025-10-10"},
                office,
            ).status_code
            == 200
        )
        assert (
            post(api, f"{url}/accept", {"accepted_on": "2025-10-10"}, clerk_a).json()["status"]
            == "drafting"
        )
        detail = post(
            api,
            f"{url}/consultations",
            {"kind": "co_maker", "party": "县财政局", "sent_on": "2025-10-13"},
            clerk_a,
        ).json()
        assert detail["at_the_latest"] is True
        consultation = detail["consultations"][0]["id"]
        post(
            api,
            f"{url}/consultations/{consultation}/answer",
            {"answered_on": "2025-10-14", "answer": "consent"},
            clerk_a,
        )
        detail = post(
            api,
            f"{url}/fee-notices",
            {"method": "per_volume", "pages": 31, "sent_on": "2025-10-15"},
            clerk_a,
        ).json()
        notice = detail["fee_notices"][0]
        assert notice["amount"] == "10.00"
        post(
            api,
            f"{url}/fee-notices/{notice['id']}/delivered",
            {"notice_received_on": "2025-10-16"},
            clerk_a,
        )
        assert (
            post(
                api, f"{url}/fee-notices/{notice['id']}/paid", {"paid_on": "2025-10-17"}, clerk_a
            ).status_code
            == 200
        )
        response = post(
            api,
            f"{url}/extension",
            {
                "days": 5,
                "reason": "调档",
                "notified_on": "2025-10-20",
                "approver": "office",
                "approved_on": "2025-10-20",
            },
            clerk_a,
        )
        assert response.status_code == 200 and response.json()["status"] == "drafting"
        reply = {
            "outcome": "partial",
            "reply_content": "部分公开。",
            "withheld_parts": [{"description": "个人信息", "reason": "denied_third_party"}],
        }
        detail = post(api, f"{url}/reply", reply, clerk_a, method="put").json()
        assert detail["outcome"] == "partial" and detail["withheld_parts"][0]["legal_basis"]
        assert "reply_submit" not in detail["available_actions"]
        assert "submit_reply" in detail["available_actions"]
        post(api, f"{url}/reply/submit", {}, clerk_a)
        assert post(api, f"{url}/review", {"passed": True}, clerk_a).status_code == 403
        post(api, f"{url}/review", {"passed": True}, office)
        assert (
            post(
                api, f"{url}/approval", {"approved": True, "approved_on": "2025-11-18"}, office
            ).json()["status"]
            == "approved"
        )
        detail = post(
            api,
            f"{url}/service",
            {"method": "post", "served_on": "2025-11-20", "tracking_number": "XA123456789CN"},
            clerk_a,
        ).json()
        assert detail["status"] == "served" and detail["service"]["carrier"] == "中国邮政"
        assert post(api, f"{url}/archive", {}, office).json()["status"] == "archived"
        detail = post(
            api,
            f"{url}/reconsiderations",
            {"filed_on": "2025-11-20", "organ": "示例县人民政府"},
            office,
        ).json()
        remedy = detail["remedies"][0]["id"]
        detail = post(
            api,
            f"{url}/reconsiderations/{remedy}",
            {"result": "upheld", "decided_on": "2025-11-20"},
            office,
            method="patch",
        ).json()
        assert detail["remedies"][0]["result"] == "upheld"
        detail = post(
            api,
            f"{url}/litigations",
            {
                "kind": "after_reconsideration",
                "filed_on": "2025-11-20",
                "court": "示例县人民法院",
                "reconsideration_id": remedy,
            },
            office,
        ).json()
        assert len(detail["remedies"]) == 2
        events = [e["action"] for e in detail["events"]]
        assert events[:3] == ["register", "dispatch", "accept"] and "serve" in events

    def test_intake_confirmation_and_the_query_code(self, api, office, orgs, site, now):
        response = post(api, "", {**PERSON, "channel": "fax", "submitted_on": "2025-11-18"}, office)
        assert response.status_code == 201 and response.json()["status"] == "submitted"
        pk = response.json()["id"]
        assert (
            post(
                api, f"/{pk}/unreachable", {"on": "2025-11-18", "note": "无人接听"}, office
            ).status_code
            == 200
        )
        detail = post(api, f"/{pk}/confirm-receipt", {"received_on": "2025-11-19"}, office).json()
        assert detail["received_on"] == "2025-11-19" and detail["due_on"]
        code = post(api, f"/{pk}/query-code", {}, office).json()["query_code"]
        ir = InfoRequest.objects.get(pk=pk)
        status = post(api, "/status", {"tracking_number": ir.tracking_number, "query_code": code})
        assert status.status_code == 200
        spot = post(
            api,
            "/on-the-spot",
            {**PERSON, "outcome": "np_publication", "reply_content": "请到图书馆查阅。"},
            office,
        )
        assert spot.status_code == 201 and spot.json()["status"] == "served"

    def test_correction_transfer_withdraw_and_attachments(
        self, api, received, office, clerk_a, other_clerk, orgs, now
    ):
        url = f"/{received.pk}"
        post(api, f"{url}/dispatch", {"unit": orgs["dept"].code}, office)
        post(
            api,
            f"{url}/correction",
            {"issued_on": "2025-10-13", "items": "请写明年份", "correct_by": "2025-10-31"},
            clerk_a,
        )
        detail = post(
            api, f"{url}/correction/received", {"corrected_on": "2025-10-20"}, clerk_a
        ).json()
        assert (
            detail["correction"]["corrected_on"] == "2025-10-20" and detail["status"] == "drafting"
        )
        upload = api.post(
            f"{BASE}{url}/attachments",
            {"kind": "correction", "file": png_upload("补正.png")},
            **bearer(clerk_a),
        )
        assert upload.status_code == 200 and received.attachments.count() == 1
        post(
            api,
            f"{url}/transfer",
            {"unit": orgs["other_dept"].code, "reason": "属财政局职责"},
            clerk_a,
        )
        assert api.get(f"{BASE}{url}", **bearer(clerk_a)).status_code == 404
        detail = post(api, f"{url}/withdraw", {"withdrawn_on": "2025-10-21"}, other_clerk).json()
        assert detail["status"] == "closed" and detail["outcome"] == "other_other"

    def test_errors_403_404_422(
        self, api, received, office, clerk_a, other_clerk, other_office, orgs, now
    ):
        url = f"/{received.pk}"
        # The clerk cannot see it before dispatch; another unit never; another site never.
        assert api.get(f"{BASE}{url}", **bearer(clerk_a)).status_code == 404
        post(api, f"{url}/dispatch", {"unit": orgs["dept"].code}, office)
        assert api.get(f"{BASE}{url}", **bearer(other_clerk)).status_code == 404
        other = Client(HTTP_HOST=OTHER_SITE_HOST)
        response = other.get(f"{BASE}{url}", **bearer(other_office))
        assert response.status_code == 404 and response.json()["detail"] == "未找到请求的对象。"
        # A token of another site's staff on this host is refused outright.
        assert api.get(f"{BASE}{url}", **bearer(other_office)).status_code == 403
        # Office-only step by a clerk: 403 with the service's message.
        response = post(api, f"{url}/archive", {}, clerk_a)
        assert (
            response.status_code == 403
            and response.json()["detail"] == "只有政务公开办公室可以进行此操作。"
        )
        # A step the status does not allow, and bad values: 422 in Chinese.
        response = post(api, f"{url}/dispatch", {"unit": orgs["dept"].code}, office)
        assert response.status_code == 422 and "不能交办" in response.json()["detail"]
        response = post(api, f"{url}/accept", {"accepted_on": "2030-01-01"}, clerk_a)
        assert response.status_code == 422 and response.json()["detail"] == "日期不能晚于今天。"
        response = post(api, f"{url}/transfer", {"unit": "NOPE", "reason": "x"}, clerk_a)
        assert response.status_code == 422 and response.json()["errors"] == {
            "unit": ["未找到该单位。"]
        }
        assert post(api, f"{url}/accept", {"accepted_on": "not a date"}, clerk_a).status_code == 422
        assert api.get(f"{BASE}/999999", **bearer(office)).status_code == 404
        received.refresh_from_db()
        assert received.status == Status.DISPATCHED
