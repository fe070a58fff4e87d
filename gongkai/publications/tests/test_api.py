"""The API: public list and detail (never drafts, withdrawn as notice), staff writes through the
same services, errors as Chinese JSON."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from conftest import SITE_HOST
from gongkai.organizations.services import api_token_create
from gongkai.publications import services as svc
from gongkai.publications.models import Item, PiiHit
from gongkai.publications.states import Status

from .conftest import MOBILE

pytestmark = pytest.mark.django_db
API = "/api/v1/publications"


@pytest.fixture
def api() -> Client:
    return Client(HTTP_HOST=SITE_HOST)


def bearer(user) -> dict[str, str]:
    _, key = api_token_create(user=user, name="测试", actor=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_public_list_and_detail(api, draft, published, leader, column):
    draft(title="草稿不可见")
    live = published(title="公开的通知", subject_category="16")
    gone = published(title="撤回的通知")
    svc.item_withdraw(item=gone, actor=leader, reason="内容有误")
    body = api.get(f"{API}/items").json()
    assert [i["id"] for i in body["items"]] == [live.pk]
    assert body["items"][0]["index_number"] == live.index_number
    assert body["items"][0]["subject_category_label"] == "民政、扶贫、救灾"
    assert api.get(f"{API}/items", {"subject_category": "03"}).json()["count"] == 0
    assert api.get(f"{API}/items", {"column": column.pk}).json()["count"] == 1
    assert api.get(f"{API}/items", {"organisation": "SLXMZJ"}).json()["count"] == 1
    detail = api.get(f"{API}/items/{live.pk}").json()
    assert "城乡低保标准" in detail["body_html"] and detail["withdrawn"] is False
    notice = api.get(f"{API}/items/{gone.pk}").json()
    assert notice["withdrawn"] and notice["withdrawal_reason"] == "内容有误"
    assert notice["body_html"] == "" and notice["attachments"] == []


def test_drafts_are_404_publicly(api, draft):
    item = draft()
    response = api.get(f"{API}/items/{item.pk}")
    assert response.status_code == 404
    assert response.json()["detail"] == "未找到请求的对象。"


def test_staff_journey_by_api(api, clerk_a, leader, column):
    clerk = bearer(clerk_a)
    payload = {
        "title": "关于开展防汛演练的通知", "written_on": "2025-03-03", "subject_category": "08",
        "genre": "notice", "columns": [column.pk], "body_html": f"<p>联系电话{MOBILE}</p>",
    }  # fmt: skip
    response = api.post(f"{API}/manage/items", json.dumps(payload), "application/json", **clerk)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft" and data["pii_hits"][0]["masked"] == "138****5678"
    item_id = data["id"]
    response = api.post(f"{API}/manage/items/{item_id}/submit", "{}", "application/json", **clerk)
    assert response.status_code == 422 and "敏感个人信息" in response.json()["detail"]
    hit = PiiHit.objects.get(item_id=item_id)
    api.post(f"{API}/manage/items/{item_id}/pii/{hit.pk}/mask", **clerk)
    api.post(f"{API}/manage/items/{item_id}/submit", "{}", "application/json", **clerk)
    approve = json.dumps({"secrecy_confirmed": True})
    response = api.post(
        f"{API}/manage/items/{item_id}/approve", approve, "application/json", **clerk
    )
    assert response.status_code == 403
    boss = bearer(leader)
    response = api.post(
        f"{API}/manage/items/{item_id}/approve", approve, "application/json", **boss
    )
    assert response.status_code == 200 and response.json()["index_number"]
    patch = json.dumps({"title": "新标题"})
    response = api.patch(f"{API}/manage/items/{item_id}", patch, "application/json", **boss)
    assert response.status_code == 422 and "保密审查" in response.json()["detail"]
    withdraw = json.dumps({"reason": "演练取消"})
    response = api.post(
        f"{API}/manage/items/{item_id}/withdraw", withdraw, "application/json", **boss
    )
    assert response.json()["status"] == Status.WITHDRAWN


def test_unclaimed_column_by_api_is_422(api, clerk_a, other_column):
    payload = {"title": "越界", "columns": [other_column.pk]}
    response = api.post(
        f"{API}/manage/items", json.dumps(payload), "application/json", **bearer(clerk_a)
    )
    assert response.status_code == 422
    assert "不是示例县民政局认领的栏目" in response.json()["detail"]
    assert not Item.objects.exists()


def test_staff_endpoints_need_auth_and_visibility(api, draft, other_clerk):
    item = draft()
    assert api.get(f"{API}/manage/items").status_code == 401
    response = api.get(f"{API}/manage/items/{item.pk}", **bearer(other_clerk))
    assert response.status_code == 404
    assert api.get(f"{API}/manage/items", **bearer(other_clerk)).json()["count"] == 0


def test_openapi_lists_public_endpoints_without_security(api, site):
    spec = api.get("/api/v1/openapi.json").json()
    assert "security" not in spec["paths"][f"{API}/items"]["get"]
    assert spec["paths"][f"{API}/manage/items"]["post"]["security"]


def test_attachment_upload_by_api(api, draft, clerk_a):
    from .conftest import upload
    from .files import EXE_BYTES, PNG_BYTES

    item = draft()
    headers = bearer(clerk_a)
    response = api.post(
        f"{API}/manage/items/{item.pk}/attachments", {"file": upload("a.pdf", EXE_BYTES)}, **headers
    )
    assert response.status_code == 422 and "无法识别文件内容" in response.json()["detail"]
    response = api.post(
        f"{API}/manage/items/{item.pk}/attachments",
        {"file": upload("图.png", PNG_BYTES)},
        **headers,
    )
    assert response.status_code == 201
    assert response.json()["attachments"][0]["kind"] == "png"
