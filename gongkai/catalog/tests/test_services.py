"""Catalog services: every write allowed and refused, with its audit event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.catalog import services
from gongkai.catalog.models import Claim, Column, ColumnKind, StandardKey, UpdateCategory
from gongkai.core.models import AuditEvent
from gongkai.organizations.factories import OrganisationFactory
from gongkai.organizations.models import OrganisationKind

from .helpers import at, published

pytestmark = pytest.mark.django_db


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


class TestEnsureStandardColumns:
    def test_creates_the_four_columns_claimed_by_the_unit(self, orgs):
        dept = orgs["dept"]
        created = services.catalog_ensure_standard_columns(organisation=dept, actor=None)
        assert [c.name for c in created] == [
            "政府信息公开指南",
            "政府信息公开制度",
            "法定主动公开内容",
            "政府信息公开年报",
        ]
        assert {c.standard_key for c in created} == set(StandardKey.values)
        assert all(c.organisation == dept and c.parent is None for c in created)
        assert Column.objects.get(organisation=dept, standard_key="guide").kind == ColumnKind.PAGE
        assert set(
            Claim.objects.filter(organisation=dept).values_list("column__name", flat=True)
        ) == {c.name for c in created}
        [event] = events("catalog.ensure_standard")
        assert event.organisation_id == dept.pk and event.site_id == dept.site_id

    def test_idempotent(self, orgs):
        services.catalog_ensure_standard_columns(organisation=orgs["dept"], actor=None)
        again = services.catalog_ensure_standard_columns(organisation=orgs["dept"], actor=None)
        assert again == []
        assert Column.objects.filter(organisation=orgs["dept"]).count() == 4
        assert len(events("catalog.ensure_standard")) == 1

    def test_restores_a_missing_self_claim_and_adopts_a_hand_made_column(self, orgs, make_column):
        dept = orgs["dept"]
        hand_made = make_column("政府信息公开指南", organisation=dept, kind=ColumnKind.PAGE)
        services.catalog_ensure_standard_columns(organisation=dept, actor=None)
        hand_made.refresh_from_db()
        assert hand_made.standard_key == StandardKey.GUIDE
        assert Column.objects.filter(organisation=dept).count() == 4
        guide_claim = Claim.objects.get(column=hand_made, organisation=dept)
        guide_claim.delete()
        services.catalog_ensure_standard_columns(organisation=dept, actor=None)
        assert Claim.objects.filter(column=hand_made, organisation=dept).exists()

    def test_office_may_unit_may_not_other_site_may_not(self, orgs, office, clerk_a, other_office):
        services.catalog_ensure_standard_columns(organisation=orgs["dept"], actor=office)
        with pytest.raises(PermissionDenied):
            services.catalog_ensure_standard_columns(organisation=orgs["other_dept"], actor=clerk_a)
        with pytest.raises(PermissionDenied):
            services.catalog_ensure_standard_columns(
                organisation=orgs["other_dept"], actor=other_office
            )
        assert not Column.objects.filter(organisation=orgs["other_dept"]).exists()

    def test_ensure_all_covers_every_active_unit(self, site, orgs, office):
        OrganisationFactory(site=site, parent=orgs["government"], is_active=False)
        created = services.catalog_ensure_all(site=site, actor=office)
        assert created == 4 * 4  # government, office, two departments
        assert services.catalog_ensure_all(site=site, actor=office) == 0


class TestColumnCreate:
    def test_child_inherits_the_section_and_gets_a_path(self, mandated, make_column, orgs):
        child = make_column(
            "重大决策", parent=mandated, update_category=UpdateCategory.NOTICE_POLICY
        )
        assert child.organisation == orgs["government"]
        assert child.path == f"{mandated.path}{child.pk}/"
        assert child.depth == 1
        grandchild = make_column("决策预公开", parent=child)
        assert grandchild.path == f"{child.path}{grandchild.pk}/"

    def test_sort_order_appends(self, mandated, make_column):
        first = make_column("A", parent=mandated)
        second = make_column("B", parent=mandated)
        assert second.sort_order > first.sort_order

    def test_audited(self, mandated, office, site):
        column = services.column_create(site=site, parent=mandated, name="会议公开", actor=office)
        [event] = events("catalog.column_create")
        assert event.object_id == str(column.pk)
        assert event.actor_id == office.pk
        assert event.changes["name"] == [None, "会议公开"]

    def test_site_level_column(self, make_column):
        column = make_column("政务动态", update_category=UpdateCategory.NEWS)
        assert column.organisation is None and column.parent is None

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"name": "  "}, "name"),
            ({"name": "x" * 101}, "name"),
            ({"name": "外链", "kind": ColumnKind.LINK}, "external_url"),
            (
                {"name": "外链", "kind": ColumnKind.LINK, "external_url": "javascript:alert(1)"},
                "external_url",
            ),
            ({"name": "周更", "update_interval_days": 0}, "update_interval_days"),
            ({"name": "坏类别", "update_category": "weekly"}, "update_category"),
            ({"name": "坏类型", "kind": "folder"}, "kind"),
        ],
    )
    def test_bad_input(self, site, mandated, kwargs, field):
        with pytest.raises(ValidationError) as info:
            services.column_create(site=site, parent=mandated, actor=None, **kwargs)
        assert field in info.value.message_dict
        assert not Column.objects.filter(parent=mandated).exists()
        assert not events("catalog.column_create")

    def test_duplicate_sibling_name(self, mandated, make_column):
        make_column("重大决策", parent=mandated)
        with pytest.raises(ValidationError, match="同一上级栏目下已有"):
            make_column("重大决策", parent=mandated)

    def test_link_column_keeps_its_address_and_a_list_drops_one(self, mandated, make_column):
        link = make_column(
            "省政府信息公开",
            parent=mandated,
            kind=ColumnKind.LINK,
            external_url="https://www.example.gov.cn/",
        )
        assert link.external_url == "https://www.example.gov.cn/"
        listed = make_column("列表", parent=mandated, external_url="https://x.example/")
        assert listed.external_url == ""

    def test_no_child_under_a_link_or_a_retired_parent(self, mandated, make_column):
        link = make_column(
            "外链", parent=mandated, kind=ColumnKind.LINK, external_url="https://a.example/"
        )
        with pytest.raises(ValidationError, match="外部链接栏目不能有下级栏目"):
            make_column("子栏目", parent=link)
        parent = make_column("旧栏目", parent=mandated)
        services.column_retire(column=parent, actor=None)
        with pytest.raises(ValidationError, match="已停用"):
            make_column("子栏目", parent=parent)

    def test_parent_of_another_section_is_refused(self, mandated, make_column, orgs):
        with pytest.raises(ValidationError, match="同一单位"):
            make_column("错位", parent=mandated, organisation=orgs["dept"])

    def test_parent_of_another_site_is_refused(self, mandated, other_site):
        with pytest.raises(ValidationError, match="不属于本站点"):
            services.column_create(site=other_site, parent=mandated, name="越界", actor=None)

    def test_unit_staff_and_other_site_office_are_refused(
        self, site, mandated, clerk_a, leader, other_office
    ):
        for actor in (clerk_a, leader, other_office):
            with pytest.raises(PermissionDenied):
                services.column_create(site=site, parent=mandated, name="越权", actor=actor)
        assert not Column.objects.filter(name="越权").exists()


class TestColumnUpdate:
    def test_rename_and_change_rule(self, mandated, make_column, office):
        column = make_column("会议", parent=mandated)
        services.column_update(
            column=column,
            name="会议公开",
            update_category=UpdateCategory.NOTICE_POLICY,
            update_interval_days=90,
            requirements="议题和决定事项",
            actor=office,
        )
        column.refresh_from_db()
        assert (column.name, column.update_category, column.update_interval_days) == (
            "会议公开",
            "notice_policy",
            90,
        )
        [event] = events("catalog.column_update")
        assert event.changes["name"] == ["会议", "会议公开"]

    def test_no_change_no_event(self, mandated, make_column):
        column = make_column("会议", parent=mandated)
        services.column_update(column=column, name="会议", actor=None)
        assert not events("catalog.column_update")

    def test_standard_column_name_kind_place_are_fixed(self, standard, make_column):
        guide = standard[StandardKey.GUIDE]
        with pytest.raises(ValidationError, match="61号"):
            services.column_update(column=guide, name="公开指南", actor=None)
        with pytest.raises(ValidationError, match="61号"):
            services.column_update(column=guide, kind=ColumnKind.LIST, actor=None)
        services.column_update(column=guide, requirements="每年核对联系方式", actor=None)
        guide.refresh_from_db()
        assert guide.name == "政府信息公开指南" and guide.requirements == "每年核对联系方式"

    def test_move_rewrites_the_subtree_paths(self, mandated, make_column):
        a = make_column("A", parent=mandated)
        b = make_column("B", parent=mandated)
        a1 = make_column("A1", parent=a)
        services.column_update(column=a, parent=b, actor=None)
        a.refresh_from_db()
        a1.refresh_from_db()
        assert a.path == f"{b.path}{a.pk}/"
        assert a1.path == f"{a.path}{a1.pk}/"

    def test_cannot_move_under_itself_or_into_another_section(self, mandated, make_column, orgs):
        a = make_column("A", parent=mandated)
        a1 = make_column("A1", parent=a)
        with pytest.raises(ValidationError, match="自己或它的下级"):
            services.column_update(column=a, parent=a1, actor=None)
        services.catalog_ensure_standard_columns(organisation=orgs["dept"], actor=None)
        other = Column.objects.get(organisation=orgs["dept"], standard_key="mandated")
        with pytest.raises(ValidationError, match="同一单位"):
            services.column_update(column=a, parent=other, actor=None)

    def test_retired_column_cannot_be_edited(self, mandated, make_column):
        column = make_column("旧", parent=mandated)
        services.column_retire(column=column, actor=None)
        with pytest.raises(ValidationError, match="已停用"):
            services.column_update(column=column, name="新", actor=None)

    def test_unit_staff_refused(self, mandated, make_column, clerk_a):
        column = make_column("会议", parent=mandated)
        with pytest.raises(PermissionDenied):
            services.column_update(column=column, name="改名", actor=clerk_a)


class TestColumnMove:
    def test_up_and_down(self, mandated, make_column, office):
        a, _b, c = (make_column(n, parent=mandated) for n in "ABC")
        services.column_move(column=c, direction="up", actor=office)
        order = list(
            Column.objects.filter(parent=mandated)
            .order_by("sort_order")
            .values_list("name", flat=True)
        )
        assert order == ["A", "C", "B"]
        services.column_move(column=a, direction="down", actor=office)
        order = list(
            Column.objects.filter(parent=mandated)
            .order_by("sort_order")
            .values_list("name", flat=True)
        )
        assert order == ["C", "A", "B"]
        assert len(events("catalog.column_move")) == 2

    def test_equal_sort_orders_still_move(self, mandated, make_column):
        a = make_column("A", parent=mandated, sort_order=5)
        b = make_column("B", parent=mandated, sort_order=5)
        services.column_move(column=b, direction="up", actor=None)
        a.refresh_from_db()
        b.refresh_from_db()
        assert b.sort_order < a.sort_order

    def test_first_cannot_go_up_last_cannot_go_down(self, mandated, make_column):
        a = make_column("A", parent=mandated)
        b = make_column("B", parent=mandated)
        with pytest.raises(ValidationError, match="第一个"):
            services.column_move(column=a, direction="up", actor=None)
        with pytest.raises(ValidationError, match="最后一个"):
            services.column_move(column=b, direction="down", actor=None)
        with pytest.raises(ValidationError):
            services.column_move(column=b, direction="sideways", actor=None)

    def test_top_level_columns_move_within_their_own_section(self, standard):
        rules = standard[StandardKey.RULES]
        services.column_move(column=rules, direction="up", actor=None)
        names = list(
            Column.objects.filter(organisation=rules.organisation, parent=None)
            .order_by("sort_order")
            .values_list("name", flat=True)
        )
        assert names[:2] == ["政府信息公开制度", "政府信息公开指南"]


class TestRetireRestore:
    def test_retire_takes_the_subtree_and_keeps_counters(self, mandated, make_column, office):
        parent = make_column("财政信息", parent=mandated)
        child = make_column("部门预决算", parent=parent)
        published(child, at(2025, 3, 1), count=3)
        services.column_retire(column=parent, actor=office)
        parent.refresh_from_db()
        child.refresh_from_db()
        assert parent.is_retired and child.is_retired and child.retired_at == parent.retired_at
        assert child.item_count == 3
        [event] = events("catalog.column_retire")
        assert "1 个下级栏目" in event.note

    def test_restore_brings_back_what_was_retired_together(self, mandated, make_column):
        parent = make_column("财政信息", parent=mandated)
        early = make_column("早停", parent=parent)
        late = make_column("晚停", parent=parent)
        services.column_retire(column=early, actor=None)
        services.column_retire(column=parent, actor=None)
        services.column_restore(column=parent, actor=None)
        for column in (parent, early, late):
            column.refresh_from_db()
        assert not parent.is_retired and not late.is_retired
        assert early.is_retired  # retired on its own earlier: stays retired
        assert len(events("catalog.column_restore")) == 1

    def test_child_cannot_come_back_under_a_retired_parent(self, mandated, make_column):
        parent = make_column("P", parent=mandated)
        child = make_column("C", parent=parent)
        services.column_retire(column=parent, actor=None)
        with pytest.raises(ValidationError, match="请先恢复上级栏目"):
            services.column_restore(column=child, actor=None)

    def test_restore_refused_when_a_live_sibling_took_the_name(self, mandated, make_column):
        old = make_column("会议公开", parent=mandated)
        services.column_retire(column=old, actor=None)
        make_column("会议公开", parent=mandated)
        with pytest.raises(ValidationError, match="已有名为"):
            services.column_restore(column=old, actor=None)

    def test_standard_columns_cannot_be_retired(self, standard):
        with pytest.raises(ValidationError, match="不能停用"):
            services.column_retire(column=standard[StandardKey.ANNUAL_REPORT], actor=None)

    def test_twice_is_refused(self, mandated, make_column):
        column = make_column("X", parent=mandated)
        services.column_retire(column=column, actor=None)
        with pytest.raises(ValidationError, match="已经停用"):
            services.column_retire(column=column, actor=None)
        services.column_restore(column=column, actor=None)
        with pytest.raises(ValidationError, match="未停用"):
            services.column_restore(column=column, actor=None)

    def test_unit_staff_refused(self, mandated, make_column, clerk_a):
        column = make_column("X", parent=mandated)
        with pytest.raises(PermissionDenied):
            services.column_retire(column=column, actor=clerk_a)


class TestClaims:
    def test_claim_and_unclaim(self, mandated, make_column, orgs, office):
        column = make_column("财政信息", parent=mandated)
        claim = services.column_claim(column=column, organisation=orgs["other_dept"], actor=office)
        assert claim.claimed_by == office
        [event] = events("catalog.claim")
        assert event.organisation_id == orgs["other_dept"].pk
        services.column_unclaim(column=column, organisation=orgs["other_dept"], actor=office)
        assert not Claim.objects.filter(column=column).exists()
        assert len(events("catalog.unclaim")) == 1

    def test_twice_is_refused(self, mandated, make_column, orgs):
        column = make_column("财政信息", parent=mandated)
        services.column_claim(column=column, organisation=orgs["dept"], actor=None)
        with pytest.raises(ValidationError, match="已认领"):
            services.column_claim(column=column, organisation=orgs["dept"], actor=None)

    def test_unclaim_of_an_absent_claim(self, mandated, make_column, orgs):
        column = make_column("财政信息", parent=mandated)
        with pytest.raises(ValidationError, match="未认领"):
            services.column_unclaim(column=column, organisation=orgs["dept"], actor=None)

    def test_section_of_a_unit_is_claimed_within_its_subtree(self, site, orgs, make_column):
        services.catalog_ensure_standard_columns(organisation=orgs["dept"], actor=None)
        mandated = Column.objects.get(organisation=orgs["dept"], standard_key="mandated")
        column = make_column("低保", parent=mandated)
        with pytest.raises(ValidationError, match="只能由该单位或其下属单位认领"):
            services.column_claim(column=column, organisation=orgs["other_dept"], actor=None)
        sub_unit = OrganisationFactory(
            site=site, parent=orgs["dept"], kind=OrganisationKind.DEPARTMENT
        )
        services.column_claim(column=column, organisation=sub_unit, actor=None)

    def test_refused_for_links_retired_columns_inactive_and_foreign_units(
        self, mandated, make_column, orgs, site, other_site
    ):
        link = make_column(
            "外链", parent=mandated, kind=ColumnKind.LINK, external_url="https://a.example/"
        )
        with pytest.raises(ValidationError, match="无需认领"):
            services.column_claim(column=link, organisation=orgs["dept"], actor=None)
        retired = make_column("旧", parent=mandated)
        services.column_retire(column=retired, actor=None)
        with pytest.raises(ValidationError, match="已停用"):
            services.column_claim(column=retired, organisation=orgs["dept"], actor=None)
        column = make_column("新", parent=mandated)
        inactive = OrganisationFactory(site=site, parent=orgs["government"], is_active=False)
        with pytest.raises(ValidationError, match="已停用"):
            services.column_claim(column=column, organisation=inactive, actor=None)
        with pytest.raises(ValidationError, match="不属于本站点"):
            services.column_claim(column=column, organisation=other_site.government, actor=None)
        assert not Claim.objects.filter(column__parent=mandated).exists()

    def test_own_standard_column_claim_cannot_be_withdrawn(self, standard, orgs):
        with pytest.raises(ValidationError, match="不能取消认领"):
            services.column_unclaim(
                column=standard[StandardKey.GUIDE], organisation=orgs["government"], actor=None
            )

    def test_unit_staff_cannot_claim(self, mandated, make_column, orgs, clerk_a):
        column = make_column("财政信息", parent=mandated)
        with pytest.raises(PermissionDenied):
            services.column_claim(column=column, organisation=orgs["dept"], actor=clerk_a)


class TestCounters:
    def test_record_publication_counts_and_keeps_the_latest(self, mandated, make_column):
        column = make_column("动态", parent=mandated)
        published(column, at(2025, 3, 10))
        published(column, at(2025, 3, 1))  # back-dated: does not make the column look older
        column.refresh_from_db()
        assert column.item_count == 2
        assert column.last_published_at == at(2025, 3, 10)

    def test_record_needs_an_aware_datetime(self, mandated, make_column):
        column = make_column("动态", parent=mandated)
        with pytest.raises(TypeError):
            services.column_record_publication(column=column, published_at=dt.date(2025, 3, 1))
        with pytest.raises(ValueError):
            services.column_record_publication(
                column=column, published_at=dt.datetime(2025, 3, 1, 10)
            )
        column.refresh_from_db()
        assert column.item_count == 0

    def test_recount_sets_exact_values(self, mandated, make_column):
        column = make_column("动态", parent=mandated)
        published(column, at(2025, 3, 10), count=5)
        services.column_recount(column=column, item_count=2, last_published_at=at(2025, 2, 1))
        column.refresh_from_db()
        assert (column.item_count, column.last_published_at) == (2, at(2025, 2, 1))
        services.column_recount(column=column, item_count=0, last_published_at=None)
        column.refresh_from_db()
        assert (column.item_count, column.last_published_at) == (0, None)

    @pytest.mark.parametrize(
        ("count", "when"), [(-1, None), (0, "date"), (3, None), (True, "date")]
    )
    def test_recount_refuses_inconsistent_values(self, mandated, make_column, count, when):
        column = make_column("动态", parent=mandated)
        with pytest.raises(ValueError):
            services.column_recount(
                column=column, item_count=count, last_published_at=at(2025, 1, 1) if when else None
            )
