"""Catalog selectors: visibility (incl. another site), who may publish where, the public tree,
the inspection thresholds at their edges, and coverage."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from gongkai.catalog import services
from gongkai.catalog.freshness import EMPTY, FRESH, NOT_APPLICABLE, OVERDUE
from gongkai.catalog.models import Column, ColumnKind, StandardItem, UpdateCategory
from gongkai.catalog.selectors import (
    can_publish_into,
    catalog_health,
    columns_publishable_by,
    columns_visible_to,
    coverage,
    my_columns,
    public_column_tree,
    with_freshness,
)
from gongkai.catalog.standard import standard_catalog_load
from gongkai.organizations.factories import OrganisationFactory
from gongkai.organizations.models import OrganisationKind

from .helpers import at, published

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 30)
U = UpdateCategory


class TestVisibility:
    def test_office_sees_the_whole_site_and_nothing_of_another(
        self, site, orgs, mandated, make_column, office, other_site, other_office
    ):
        mine = make_column("财政信息", parent=mandated)
        services.catalog_ensure_standard_columns(organisation=other_site.government, actor=None)
        visible = set(columns_visible_to(office))
        assert mine in visible and mandated in visible
        assert not any(c.site_id == other_site.pk for c in visible)
        assert mine not in set(columns_visible_to(other_office))

    def test_unit_staff_see_own_section_site_columns_and_claimed_columns(
        self, site, orgs, mandated, make_column, clerk_a
    ):
        services.catalog_ensure_standard_columns(organisation=orgs["dept"], actor=None)
        services.catalog_ensure_standard_columns(organisation=orgs["other_dept"], actor=None)
        claimed = make_column("社会救助", parent=mandated)
        services.column_claim(column=claimed, organisation=orgs["dept"], actor=None)
        unclaimed = make_column("重大决策", parent=mandated)
        site_news = make_column("政务动态", update_category=U.NEWS)
        visible = set(columns_visible_to(clerk_a))
        assert set(Column.objects.filter(organisation=orgs["dept"])) <= visible
        assert claimed in visible and site_news in visible
        assert unclaimed not in visible
        assert not visible & set(Column.objects.filter(organisation=orgs["other_dept"]))

    def test_anonymous_sees_nothing(self, mandated):
        from django.contrib.auth.models import AnonymousUser

        assert not columns_visible_to(AnonymousUser()).exists()


class TestPublishing:
    def test_only_claimed_live_list_or_page_columns(self, orgs, mandated, make_column):
        dept = orgs["dept"]
        listed = make_column("社会救助", parent=mandated)
        page = make_column("工作机构", parent=mandated, kind=ColumnKind.PAGE)
        unclaimed = make_column("重大决策", parent=mandated)
        retired = make_column("旧栏目", parent=mandated)
        for column in (listed, page, retired):
            services.column_claim(column=column, organisation=dept, actor=None)
        services.column_retire(column=retired, actor=None)
        assert set(columns_publishable_by(dept)) == {listed, page}
        assert can_publish_into(dept, listed)
        assert not can_publish_into(dept, unclaimed)
        assert not can_publish_into(dept, retired)
        assert not can_publish_into(orgs["other_dept"], listed)

    def test_unclaim_takes_the_right_away(self, orgs, mandated, make_column):
        column = make_column("社会救助", parent=mandated)
        services.column_claim(column=column, organisation=orgs["dept"], actor=None)
        services.column_unclaim(column=column, organisation=orgs["dept"], actor=None)
        assert not can_publish_into(orgs["dept"], column)

    def test_inactive_unit_cannot_publish(self, orgs, mandated, make_column):
        column = make_column("社会救助", parent=mandated)
        services.column_claim(column=column, organisation=orgs["dept"], actor=None)
        orgs["dept"].is_active = False
        assert not can_publish_into(orgs["dept"], column)

    def test_a_unit_publishes_into_its_own_standard_columns(self, orgs):
        services.catalog_ensure_standard_columns(organisation=orgs["dept"], actor=None)
        assert columns_publishable_by(orgs["dept"]).count() == 4

    def test_my_columns(self, orgs, mandated, make_column, clerk_a):
        column = make_column("社会救助", parent=mandated, update_category=U.NEWS)
        services.column_claim(column=column, organisation=orgs["dept"], actor=None)
        published(column, at(2025, 6, 1))
        states = my_columns(clerk_a, TODAY)
        assert [s.column for s in states] == [column]
        assert states[0].freshness.status == OVERDUE


class TestPublicTree:
    def test_nested_in_order_without_retired(self, site, orgs, standard, mandated, make_column):
        b = make_column("B", parent=mandated)
        a = make_column("A", parent=mandated)
        services.column_move(column=a, direction="up", actor=None)
        make_column("A1", parent=a)
        gone = make_column("停用", parent=mandated)
        services.column_retire(column=gone, actor=None)
        roots = public_column_tree(site, orgs["government"])
        assert [n.column.name for n in roots] == [
            "政府信息公开指南",
            "政府信息公开制度",
            "法定主动公开内容",
            "政府信息公开年报",
        ]
        mandated_node = roots[2]
        assert [n.column.name for n in mandated_node.children] == ["A", "B"]
        assert [n.column.name for n in mandated_node.children[0].children] == ["A1"]
        assert b in [n.column for n in mandated_node.children]

    def test_site_level_tree_and_inactive_units(self, site, orgs, make_column, standard):
        make_column("政务动态", update_category=U.NEWS)
        assert [n.column.name for n in public_column_tree(site)] == ["政务动态"]
        orgs["government"].is_active = False
        assert public_column_tree(site, orgs["government"]) == []

    def test_other_site_columns_never_appear(self, site, other_site, make_column):
        services.column_create(site=other_site, name="邻县动态", actor=None)
        make_column("本县动态")
        assert [n.column.name for n in public_column_tree(site)] == ["本县动态"]


class TestFreshnessOfColumns:
    def test_containers_links_and_empty(self, mandated, make_column):
        parent = make_column("财政信息", parent=mandated, update_category=U.NOTICE_POLICY)
        child = make_column("部门预决算", parent=parent, update_category=U.PERSONNEL_PLAN)
        link = make_column(
            "外链", parent=mandated, kind=ColumnKind.LINK, external_url="https://a.example/"
        )
        child = published(child, at(2025, 6, 1))
        states = {
            s.column.pk: s.freshness.status for s in with_freshness([parent, child, link], TODAY)
        }
        assert states[parent.pk] == NOT_APPLICABLE
        assert states[child.pk] == FRESH
        assert states[link.pk] == NOT_APPLICABLE
        # The container is empty as soon as its only child is retired.
        services.column_retire(column=child, actor=None)
        [state] = with_freshness([parent], TODAY)
        assert state.freshness.status == EMPTY


def _columns(make_column, parent, prefix, n, category, when=None):
    result = []
    for i in range(n):
        column = make_column(f"{prefix}{i}", parent=parent, update_category=category)
        if when is not None:
            published(column, when)
        result.append(column)
    return result


class TestHealthThresholds:
    """检查指标: ≥5 stale key columns, ≥10 columns not updated, ≥5 empty columns veto."""

    @pytest.fixture(autouse=True)
    def _standard_columns_have_content(self, standard):
        # Otherwise the government's own guide, rules, mandated and annual report columns are
        # four empty columns in every count below.
        for column in standard.values():
            published(column, at(2025, 6, 1))

    def test_standard_columns_count_as_empty_until_published(self, site, orgs):
        services.catalog_ensure_standard_columns(organisation=orgs["dept"], actor=None)
        assert self.rule(site, "empty").count == 4

    def rule(self, site, key):
        return next(r for r in catalog_health(site, TODAY).rules if r.key == key)

    @pytest.mark.parametrize(("n", "vetoed"), [(4, False), (5, True)])
    def test_empty_columns(self, site, mandated, make_column, n, vetoed):
        _columns(make_column, mandated, "空", n, U.NONE)
        rule = self.rule(site, "empty")
        assert (rule.count, rule.vetoed) == (n, vetoed)
        assert catalog_health(site, TODAY).vetoed is vetoed

    @pytest.mark.parametrize(("n", "vetoed"), [(4, False), (5, True)])
    def test_stale_news(self, site, make_column, n, vetoed):
        news = make_column("政务动态")
        # 2025-06-15 + 14 days = 06-29: overdue on 06-30.
        _columns(make_column, news, "动态", n, U.NEWS, when=at(2025, 6, 15))
        _columns(make_column, news, "新动态", 3, U.NEWS, when=at(2025, 6, 16))  # due today: fine
        rule = self.rule(site, "stale_key")
        assert (rule.count, rule.vetoed) == (n, vetoed)

    def test_stale_key_adds_first_level_notice_columns_only(self, site, mandated, make_column):
        old = at(2024, 12, 1)  # + 6 months = 2025-06-01: overdue
        first_level = _columns(make_column, mandated, "通知", 2, U.NOTICE_POLICY, when=old)
        deep_parent = make_column("深层", parent=first_level[0])
        _columns(make_column, deep_parent, "深层通知", 3, U.NOTICE_POLICY, when=old)
        news = make_column("动态总栏目")
        _columns(make_column, news, "动态", 2, U.NEWS, when=at(2025, 1, 1))
        health = catalog_health(site, TODAY)
        assert len(health.stale_notice_policy) == 2
        assert len(health.stale_news) == 2
        rule = next(r for r in health.rules if r.key == "stale_key")
        assert (rule.count, rule.vetoed) == (4, False)
        # The five deep and first-level notice columns all "should update but have not".
        assert next(r for r in health.rules if r.key == "unupdated").count == 7

    @pytest.mark.parametrize(("n", "vetoed"), [(9, False), (10, True)])
    def test_unupdated(self, site, mandated, make_column, n, vetoed):
        parent = make_column("人事", parent=mandated)
        _columns(make_column, parent, "人事", n, U.PERSONNEL_PLAN, when=at(2024, 6, 1))
        _columns(make_column, parent, "规划", 2, U.PERSONNEL_PLAN, when=at(2024, 7, 1))  # fresh
        _columns(make_column, parent, "不定期", 3, U.NONE, when=at(2020, 1, 1))  # no rule
        rule = self.rule(site, "unupdated")
        assert (rule.count, rule.vetoed) == (n, vetoed)
        assert self.rule(site, "empty").count == 0

    def test_retired_links_other_sites_and_inactive_units_are_not_counted(
        self, site, orgs, mandated, make_column, other_site
    ):
        for column in _columns(make_column, mandated, "停用", 5, U.NONE):
            services.column_retire(column=column, actor=None)
        for i in range(5):
            make_column(
                f"链接{i}", parent=mandated, kind=ColumnKind.LINK, external_url="https://a.example/"
            )
        for i in range(5):
            services.column_create(site=other_site, name=f"邻县{i}", actor=None)
        inactive = OrganisationFactory(site=site, parent=orgs["government"], is_active=False)
        for i in range(5):
            services.column_create(
                site=site, organisation=inactive, name=f"停用单位{i}", actor=None
            )
        health = catalog_health(site, TODAY)
        assert health.checked == 4  # the four standard columns
        assert not health.vetoed

    @override_settings(GONGKAI_CATALOG_VETO_EMPTY=2)
    def test_thresholds_are_settings(self, site, mandated, make_column):
        _columns(make_column, mandated, "空", 2, U.NONE)
        assert self.rule(site, "empty").vetoed

    def test_one_section(self, site, orgs, mandated, make_column):
        services.catalog_ensure_standard_columns(organisation=orgs["dept"], actor=None)
        _columns(make_column, mandated, "空", 3, U.NONE)
        health = catalog_health(site, TODAY, orgs["dept"])
        assert health.checked == 4
        assert {s.column.organisation_id for s in health.empty} == {orgs["dept"].pk}


class TestCoverage:
    @pytest.fixture
    def items(self, site):
        standard_catalog_load(site=site, actor=None)
        return StandardItem.objects.filter(site=site)

    def test_whole_site(self, site, orgs, mandated, make_column, items):
        relief = make_column("社会救助", parent=mandated)
        social = list(items.filter(domain__number=17))
        services.column_set_standard_items(column=relief, items=social[:3], actor=None)
        published(relief, at(2025, 6, 1))
        budget = make_column("政府预决算", parent=mandated)
        services.column_set_standard_items(
            column=budget, items=items.filter(level2="政府预算"), actor=None
        )
        report = coverage(site)
        assert report.total == items.count()
        assert report.with_home == 4
        assert report.with_content == 3
        assert [i.level2 for i in report.home_without_content] == ["政府预算"]
        assert len(report.without_home) == items.count() - 4

    def test_retired_and_link_columns_are_no_home(self, site, mandated, make_column, items):
        column = make_column("社会救助", parent=mandated)
        services.column_set_standard_items(column=column, items=items[:2], actor=None)
        services.column_retire(column=column, actor=None)
        assert coverage(site).with_home == 0

    def test_one_organisation_counts_its_level_and_its_claims(
        self, site, orgs, mandated, make_column, items
    ):
        relief = make_column("社会救助", parent=mandated)
        services.column_set_standard_items(
            column=relief, items=items.filter(domain__number=17), actor=None
        )
        published(relief, at(2025, 6, 1))
        dept = orgs["dept"]
        county_items = items.filter(level_county=True).count()
        assert coverage(site, dept).total == county_items
        assert coverage(site, dept).with_home == 0  # not claimed yet
        services.column_claim(column=relief, organisation=dept, actor=None)
        report = coverage(site, dept)
        assert report.with_home == items.filter(domain__number=17, level_county=True).count()
        assert report.with_content == report.with_home
        town = OrganisationFactory(
            site=site, parent=orgs["government"], kind=OrganisationKind.TOWNSHIP
        )
        assert coverage(site, town).total == items.filter(level_township=True).count()

    def test_domain_filter_and_other_site(self, site, other_site, items):
        from gongkai.catalog.models import StandardDomain

        finance = StandardDomain.objects.get(number=4)
        assert coverage(site, domain=finance).total == 4
        assert coverage(other_site).total == 0
