"""The public portal's pages: site scoping, the national footer, caching, the directory and the
organisation contact block."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import OTHER_SITE_HOST, SITE_HOST
from gongkai.organizations import sitecache
from gongkai.organizations.factories import OrganisationFactory
from gongkai.organizations.models import OrganisationKind, Sector, Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal() -> Client:
    return Client(HTTP_HOST=SITE_HOST)


@pytest.fixture
def tree(site, orgs):
    town = OrganisationFactory(
        site=site,
        parent=site.government,
        kind=OrganisationKind.TOWNSHIP,
        code="SLXDZ",
        full_name="示例县东镇",
        sort_order=10,
    )
    village = OrganisationFactory(
        site=site,
        parent=town,
        kind=OrganisationKind.VILLAGE,
        code="SLXDZC1",
        full_name="东镇一村村民委员会",
    )
    water = OrganisationFactory(
        site=site,
        parent=site.government,
        kind=OrganisationKind.ENTERPRISE,
        sector=Sector.WATER,
        code="SLXGS",
        full_name="示例县自来水公司",
    )
    school = OrganisationFactory(
        site=site,
        parent=site.government,
        kind=OrganisationKind.ENTERPRISE,
        sector=Sector.EDUCATION,
        code="SLXYZ",
        full_name="示例县第一中学",
    )
    return {"town": town, "village": village, "water": water, "school": school, **orgs}


def test_home_shows_site_and_national_footer(portal, site, orgs):
    response = portal.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-CN"' in html
    assert "示例县政府信息公开" in html
    for value in ("3708990001", "鲁ICP备00000001号", "鲁公网安备37089902000001号"):
        assert value in html
    assert "示例县人民政府办公室" in html  # 主办单位
    assert "我为政府网站找错" in html
    for column in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"):
        assert column in html
    # The directory on the home page lists the site's units.
    assert "示例县民政局" in html


def test_anonymous_get_is_publicly_cacheable_for_a_minute(portal, site):
    response = portal.get("/")
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert "max-age=60" in cache_control
    assert "Cookie" in response["Vary"]


def test_signed_in_visitor_gets_a_private_copy(client_of, clerk_a):
    response = client_of(clerk_a).get("/")
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_unknown_host_is_served_by_the_default_site(site, other_site):
    response = Client(HTTP_HOST="localhost").get("/")
    assert response.status_code == 200
    assert "示例县政府信息公开" in response.content.decode()


def test_each_host_sees_only_its_own_site(site, orgs, other_site):
    html = Client(HTTP_HOST=OTHER_SITE_HOST).get("/jg/").content.decode()
    assert "邻县人民政府" in html
    assert "示例县民政局" not in html
    html = Client(HTTP_HOST=SITE_HOST).get("/jg/").content.decode()
    assert "示例县民政局" in html
    assert "邻县人民政府" not in html


def test_without_any_site_the_portal_explains_instead_of_failing(db):
    assert not Site.objects.exists()
    sitecache.clear()
    response = Client(HTTP_HOST=SITE_HOST).get("/")
    assert response.status_code == 503
    assert "网站尚未配置" in response.content.decode()
    for path in ("/jg/", "/jg/ANY/", "/zhaocuo/"):
        assert Client(HTTP_HOST=SITE_HOST).get(path).status_code == 503


def test_directory_groups_by_kind_with_villages_under_their_township(portal, tree):
    response = portal.get("/jg/")
    assert response.status_code == 200
    groups = {g.key: g for g in response.context["groups"]}
    assert [g.key for g in response.context["groups"]] == [
        "government",
        "department",
        "township",
        "enterprise",
    ]
    assert [e.organisation.code for e in groups["government"].entries] == ["SLXZF", "SLXZFB"]
    town_entry = groups["township"].entries[0]
    assert town_entry.organisation == tree["town"]
    assert town_entry.children == [tree["village"]]
    sectors = {g.label: [e.organisation for e in g.entries] for g in groups["enterprise"].subgroups}
    assert sectors == {"教育": [tree["school"]], "供水": [tree["water"]]}
    html = response.content.decode()
    assert "东镇一村村民委员会" in html
    assert "/jg/SLXDZC1/" in html


def test_inactive_units_are_not_listed(portal, tree):
    tree["water"].is_active = False
    tree["water"].save()
    html = portal.get("/jg/").content.decode()
    assert "示例县自来水公司" not in html
    assert portal.get("/jg/SLXGS/").status_code == 404


def test_organisation_page_shows_the_contact_block_and_no_staff(portal, orgs, clerk_a):
    dept = orgs["dept"]
    dept.address = "示例县人民路1号"
    dept.postcode = "272000"
    dept.fax = "0537-7654321"
    dept.email = "mzj@example.gov.cn"
    dept.save()
    response = portal.get("/jg/SLXMZJ/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "示例县民政局",
        "示例县人民路1号",
        "272000",
        "0537-1234567",
        "0537-7654321",
        "mzj@example.gov.cn",
        "工作日 上午8:30-12:00",
    ):
        assert text in html
    # Staff are internal: neither the clerk's name nor the login appears.
    assert "张明" not in html
    assert "clerk_a" not in html


def test_township_page_lists_its_villages(portal, tree):
    html = portal.get("/jg/SLXDZ/").content.decode()
    assert "所辖村居" in html
    assert "东镇一村村民委员会" in html


def test_other_sites_organisation_is_not_found(portal, site, other_site):
    # LXZF is 邻县's government; on 示例县's host it does not exist.
    response = portal.get("/jg/LXZF/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert Client(HTTP_HOST=OTHER_SITE_HOST).get("/jg/LXZF/").status_code == 200


def test_report_error_points_to_the_national_platform(portal, site):
    site.contact_email = "web@example.gov.cn"
    site.save()
    sitecache.clear()
    html = portal.get("/zhaocuo/").content.decode()
    assert "https://zfwzzc.www.gov.cn/" in html
    assert "web@example.gov.cn" in html
    assert "0537-0000000" in html


def test_post_to_a_public_page_is_refused(portal, site):
    assert portal.post("/").status_code == 405
