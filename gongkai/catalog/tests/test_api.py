"""The catalog API: public tree and columns, staff claims, "my columns", health, coverage."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from conftest import OTHER_SITE_HOST, SITE_HOST
from gongkai.catalog import services
from gongkai.catalog.models import Claim, UpdateCategory
from gongkai.catalog.standard import standard_catalog_load
from gongkai.organizations.services import api_token_create

from .helpers import at, published

pytestmark = pytest.mark.django_db
BASE = "/api/v1/catalog"


@pytest.fixture
def api() -> Client:
    return Client(HTTP_HOST=SITE_HOST)


def bearer(user) -> dict[str, str]:
    _, key = api_token_create(user=user, name="脚本", actor=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_paths_in_the_spec(api, site):
    spec = json.loads(api.get("/api/v1/openapi.json").content)
    paths = spec["paths"]
    assert {f"{BASE}/tree", f"{BASE}/columns", f"{BASE}/columns/{{column_id}}"} <= set(paths)
    assert "security" not in paths[f"{BASE}/tree"]["get"]
    assert paths[f"{BASE}/columns/{{column_id}}/claims"]["post"]["security"]


class TestPublic:
    def test_tree_of_an_organisation(self, api, standard, mandated, make_column):
        child = make_column("重大决策", parent=mandated)
        gone = make_column("停用", parent=mandated)
        services.column_retire(column=gone, actor=None)
        data = api.get(f"{BASE}/tree", {"organisation": "SLXZF"}).json()
        assert [n["name"] for n in data] == [
            "政府信息公开指南",
            "政府信息公开制度",
            "法定主动公开内容",
            "政府信息公开年报",
        ]
        assert data[2]["children"] == [
            {
                "id": child.pk,
                "name": "重大决策",
                "kind": "list",
                "external_url": "",
                "standard_key": "",
                "children": [],
            }
        ]

    def test_site_tree_and_unknown_organisation(self, api, make_column):
        make_column("政务动态")
        assert [n["name"] for n in api.get(f"{BASE}/tree").json()] == ["政务动态"]
        response = api.get(f"{BASE}/tree", {"organisation": "NOPE"})
        assert response.status_code == 404 and response.json()["detail"]

    def test_columns_with_freshness(self, api, mandated, make_column):
        news = make_column("动态", parent=mandated, update_category=UpdateCategory.NEWS)
        published(news, at(2020, 1, 1))
        data = api.get(f"{BASE}/columns", {"organisation": "SLXZF"}).json()
        by_name = {c["name"]: c for c in data}
        assert by_name["动态"]["freshness"]["status"] == "overdue"
        assert by_name["动态"]["item_count"] == 1
        assert by_name["政府信息公开指南"]["freshness"]["status"] == "empty"
        assert by_name["法定主动公开内容"]["freshness"]["status"] == "not_applicable"

    def test_column_detail_and_claims(self, api, mandated, make_column, orgs):
        column = make_column("财政信息", parent=mandated, requirements="预决算")
        services.column_claim(column=column, organisation=orgs["other_dept"], actor=None)
        data = api.get(f"{BASE}/columns/{column.pk}").json()
        assert data["requirements"] == "预决算"
        assert data["claimed_by"] == ["SLXCZJ"]
        assert data["organisation_code"] == "SLXZF"

    def test_retired_and_other_site_columns_are_404(self, api, mandated, make_column, other_site):
        retired = make_column("旧", parent=mandated)
        services.column_retire(column=retired, actor=None)
        assert api.get(f"{BASE}/columns/{retired.pk}").status_code == 404
        theirs = services.column_create(site=other_site, name="邻县", actor=None)
        assert api.get(f"{BASE}/columns/{theirs.pk}").status_code == 404
        assert (
            Client(HTTP_HOST=OTHER_SITE_HOST).get(f"{BASE}/columns/{theirs.pk}").status_code == 200
        )


class TestStaff:
    def test_claim_and_unclaim_by_the_office(self, api, office, mandated, make_column, orgs):
        column = make_column("财政信息", parent=mandated)
        headers = bearer(office)
        response = api.post(
            f"{BASE}/columns/{column.pk}/claims",
            json.dumps({"organisation": "SLXCZJ"}),
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 201, response.content
        assert response.json()["organisation"] == "SLXCZJ"
        assert Claim.objects.filter(column=column, organisation=orgs["other_dept"]).exists()
        again = api.post(
            f"{BASE}/columns/{column.pk}/claims",
            json.dumps({"organisation": "SLXCZJ"}),
            content_type="application/json",
            **headers,
        )
        assert again.status_code == 422 and "已认领" in again.json()["detail"]
        response = api.delete(f"{BASE}/columns/{column.pk}/claims/SLXCZJ", **headers)
        assert response.status_code == 204
        assert not Claim.objects.filter(column=column).exists()

    def test_unit_staff_cannot_claim(self, api, clerk_a, mandated, make_column):
        column = make_column("财政信息", parent=mandated)
        response = api.post(
            f"{BASE}/columns/{column.pk}/claims",
            json.dumps({"organisation": "SLXMZJ"}),
            content_type="application/json",
            **bearer(clerk_a),
        )
        # The column is outside the clerk's view (not claimed by the unit): 404, never a claim.
        assert response.status_code == 404
        assert not Claim.objects.filter(column=column).exists()

    def test_unit_staff_refused_even_for_a_visible_column(
        self, api, clerk_a, mandated, make_column, orgs
    ):
        column = make_column("社会救助", parent=mandated)
        services.column_claim(column=column, organisation=orgs["dept"], actor=None)
        response = api.post(
            f"{BASE}/columns/{column.pk}/claims",
            json.dumps({"organisation": "SLXCZJ"}),
            content_type="application/json",
            **bearer(clerk_a),
        )
        assert response.status_code == 403

    def test_anonymous_gets_401(self, api, mandated):
        response = api.post(
            f"{BASE}/columns/{mandated.pk}/claims",
            json.dumps({"organisation": "SLXCZJ"}),
            content_type="application/json",
        )
        assert response.status_code == 401
        assert api.get(f"{BASE}/mine").status_code == 401

    def test_mine(self, api, clerk_a, mandated, make_column, orgs):
        column = make_column("社会救助", parent=mandated)
        services.column_claim(column=column, organisation=orgs["dept"], actor=None)
        data = api.get(f"{BASE}/mine", **bearer(clerk_a)).json()
        assert [c["name"] for c in data] == ["社会救助"]
        assert data[0]["freshness"]["status"] == "empty"

    def test_health_and_coverage_for_the_office_only(
        self, api, office, clerk_a, site, mandated, make_column
    ):
        for i in range(5):
            make_column(f"空{i}", parent=mandated)
        standard_catalog_load(site=site, actor=None)
        data = api.get(f"{BASE}/health", **bearer(office)).json()
        assert data["vetoed"] is True
        empty = next(r for r in data["rules"] if r["key"] == "empty")
        assert empty["count"] >= 5 and empty["threshold"] == 5
        report = api.get(f"{BASE}/coverage", {"domain": 4}, **bearer(office)).json()
        assert report["total"] == 4 and report["with_home"] == 0
        assert api.get(f"{BASE}/health", **bearer(clerk_a)).status_code == 403
        assert api.get(f"{BASE}/coverage", **bearer(clerk_a)).status_code == 403
        assert api.get(f"{BASE}/coverage", {"domain": 99}, **bearer(office)).status_code == 404
