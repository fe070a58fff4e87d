"""Who sees which organisations, staff and audit events, per role and per site; which site a host
name reaches."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from conftest import OTHER_SITE_HOST, SITE_HOST
from gongkai.core.models import AuditEvent
from gongkai.organizations.factories import (
    OrganisationFactory,
    SiteFactory,
    StaffFactory,
    UserFactory,
)
from gongkai.organizations.models import Organisation, OrganisationKind, Role, Staff
from gongkai.organizations.selectors import (
    ab_gaps,
    audit_events_visible_to,
    organisation_tree,
    organisations_visible_to,
    public_organisations,
    site_for_host,
    staff_visible_to,
)
from gongkai.organizations.services import organisation_update, site_update

pytestmark = pytest.mark.django_db
K = OrganisationKind


def names(qs: Any) -> set[str]:
    return {str(o.full_name) for o in qs}


def usernames(qs: Any) -> set[str]:
    return {s.user.username for s in qs}


@pytest.fixture
def everyone(clerk_a, clerk_b, leader, other_clerk, office, admin, other_office) -> dict[str, Any]:
    return {
        "clerk_a": clerk_a,
        "clerk_b": clerk_b,
        "leader": leader,
        "other_clerk": other_clerk,
        "office": office,
        "admin": admin,
        "other_office": other_office,
    }


SITE_ORGS = {"示例县人民政府", "示例县人民政府办公室", "示例县民政局", "示例县财政局"}
OTHER_SITE_ORGS = {"邻县人民政府", "邻县人民政府办公室"}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("clerk_a", {"示例县民政局"}),
        ("clerk_b", {"示例县民政局"}),
        ("leader", {"示例县民政局"}),
        ("other_clerk", {"示例县财政局"}),
        ("office", SITE_ORGS),
        ("admin", SITE_ORGS),
        ("other_office", OTHER_SITE_ORGS),
    ],
)
def test_organisations_visible_to(everyone, persona, expected):
    assert names(organisations_visible_to(everyone[persona])) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("clerk_a", {"clerk_a", "clerk_b", "leader"}),
        ("clerk_b", {"clerk_a", "clerk_b", "leader"}),
        ("leader", {"clerk_a", "clerk_b", "leader"}),
        ("other_clerk", {"other_clerk"}),
        ("office", {"clerk_a", "clerk_b", "leader", "other_clerk", "office", "admin"}),
        ("admin", {"clerk_a", "clerk_b", "leader", "other_clerk", "office", "admin"}),
        ("other_office", {"other_office"}),
    ],
)
def test_staff_visible_to(everyone, persona, expected):
    assert usernames(staff_visible_to(everyone[persona])) == expected


@pytest.fixture
def events(everyone, site, orgs, other_site) -> dict[str, AuditEvent]:
    office, other_office = everyone["office"], everyone["other_office"]
    organisation_update(organisation=orgs["dept"], phone="0537-1", actor=office)
    organisation_update(organisation=orgs["other_dept"], phone="0537-2", actor=office)
    organisation_update(organisation=other_site.government, phone="0537-3", actor=other_office)
    site_update(site=site, sponsor="示例县人民政府办公室（改）", actor=everyone["admin"])
    return {
        "dept": AuditEvent.objects.get(organisation_id=orgs["dept"].pk),
        "other_dept": AuditEvent.objects.get(organisation_id=orgs["other_dept"].pk),
        "other_site": AuditEvent.objects.get(organisation_id=other_site.government.pk),
        "site": AuditEvent.objects.get(action="site.update"),
    }


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("clerk_a", {"dept"}),
        ("clerk_b", {"dept"}),
        ("leader", {"dept"}),
        ("other_clerk", {"other_dept"}),
        ("office", {"dept", "other_dept", "site"}),
        ("admin", {"dept", "other_dept", "site"}),
        ("other_office", {"other_site"}),
    ],
)
def test_audit_events_visible_to(everyone, events, persona, expected):
    visible = set(audit_events_visible_to(everyone[persona]).values_list("pk", flat=True))
    assert visible == {events[key].pk for key in expected}


@pytest.fixture
def township(site) -> dict[str, Any]:
    town = OrganisationFactory(
        site=site, parent=site.government, kind=K.TOWNSHIP, code="CGJD", full_name="城关街道"
    )
    village = OrganisationFactory(
        site=site, parent=town, kind=K.VILLAGE, code="DGSQ", full_name="东关社区"
    )
    other_town = OrganisationFactory(
        site=site, parent=site.government, kind=K.TOWNSHIP, code="YZZ", full_name="杨庄镇"
    )
    OrganisationFactory(
        site=site, parent=other_town, kind=K.VILLAGE, code="YZC", full_name="杨庄村"
    )
    town_clerk = StaffFactory(organisation=town, role=Role.CLERK_A).user
    village_clerk = StaffFactory(organisation=village, role=Role.CLERK_A).user
    return {"town_clerk": town_clerk, "village_clerk": village_clerk}


def test_township_staff_see_their_villages(township):
    assert names(organisations_visible_to(township["town_clerk"])) == {"城关街道", "东关社区"}
    assert names(organisations_visible_to(township["village_clerk"])) == {"东关社区"}
    assert usernames(staff_visible_to(township["town_clerk"])) == {
        township["town_clerk"].username,
        township["village_clerk"].username,
    }


def test_inactive_or_missing_staff_see_nothing(site, orgs, clerk_a, office):
    nobody = UserFactory()
    for user in (AnonymousUser(), nobody, None):
        assert not organisations_visible_to(user).exists()
        assert not staff_visible_to(user).exists()
        assert not audit_events_visible_to(user).exists()
    Staff.objects.filter(user=clerk_a).update(is_active=False)
    clerk_a = type(clerk_a).objects.get(pk=clerk_a.pk)  # drop the cached staff row
    assert not organisations_visible_to(clerk_a).exists()
    Organisation.objects.filter(pk=orgs["office"].pk).update(is_active=False)
    office = type(office).objects.get(pk=office.pk)
    assert not organisations_visible_to(office).exists()


def test_organisation_tree_orders_subtrees_and_filters(site, orgs, office, township):
    rows = organisation_tree(office)
    order = [org.full_name for org, _ in rows]
    # Each unit is followed by its own subtree, whatever the ids.
    assert order.index("东关社区") == order.index("城关街道") + 1
    assert order.index("杨庄村") == order.index("杨庄镇") + 1
    assert order[0] == "示例县人民政府"
    depth = {org.full_name: d for org, d in rows}
    assert depth == {
        "示例县人民政府": 0,
        "示例县人民政府办公室": 1,
        "示例县民政局": 1,
        "示例县财政局": 1,
        "城关街道": 1,
        "东关社区": 2,
        "杨庄镇": 1,
        "杨庄村": 2,
    }
    assert [o.full_name for o, _ in organisation_tree(office, kind=K.VILLAGE)] == [
        "东关社区",
        "杨庄村",
    ]
    assert [o.full_name for o, _ in organisation_tree(office, query="slxmzj")] == ["示例县民政局"]
    assert [o.full_name for o, _ in organisation_tree(office, query="财政")] == ["示例县财政局"]


def test_sort_order_decides_between_siblings(site, orgs, office):
    OrganisationFactory(
        site=site, parent=site.government, code="FIRST", full_name="排在最前", sort_order=3
    )
    order = [o.full_name for o, _ in organisation_tree(office)]
    assert order[:2] == ["示例县人民政府", "示例县人民政府办公室"]
    assert order[2] == "排在最前"


def test_public_organisations_are_the_sites_active_units(site, orgs, other_site):
    Organisation.objects.filter(pk=orgs["other_dept"].pk).update(is_active=False)
    assert names(public_organisations(site)) == SITE_ORGS - {"示例县财政局"}


def test_ab_gaps(site, orgs, clerk_a, clerk_b, other_clerk, other_site):
    gaps = {org.full_name: org for org in ab_gaps(site)}
    # 民政局 has both; 财政局 only an A; the government and its office none.
    assert set(gaps) == {"示例县人民政府", "示例县人民政府办公室", "示例县财政局"}
    assert (gaps["示例县财政局"].clerk_a_count, gaps["示例县财政局"].clerk_b_count) == (1, 0)
    clerk_b.is_active = False
    clerk_b.save()
    assert "示例县民政局" in {org.full_name for org in ab_gaps(site)}


class TestSiteForHost:
    def test_exact_host(self, site, other_site):
        assert site_for_host(SITE_HOST) == site
        assert site_for_host(OTHER_SITE_HOST) == other_site

    def test_port_upper_case_and_trailing_dot(self, site, other_site):
        assert site_for_host("OTHER.Example.gov.cn:8443") == other_site
        assert site_for_host("other.example.gov.cn.") == other_site

    def test_unknown_host_gets_the_default_site(self, site, other_site):
        assert site_for_host("unknown.example.gov.cn") == site
        assert site_for_host("") == site

    def test_no_default_no_site(self, other_site):
        SiteFactory(name="第三县", division_code="370896", hosts=["third.example.gov.cn"])
        assert site_for_host("unknown.example.gov.cn") is None
        assert site_for_host("third.example.gov.cn") is not None
