"""The demo catalog and the catalog's management commands."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.catalog import demo, services
from gongkai.catalog.models import Claim, Column, StandardItem, StandardKey
from gongkai.catalog.selectors import can_publish_into, columns_publishable_by
from gongkai.core.models import AuditEvent
from gongkai.organizations import demo as org_demo
from gongkai.organizations.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db
K = OrganisationKind


def snapshot() -> dict[str, object]:
    return {
        "columns": list(Column.objects.order_by("pk").values()),
        "claims": list(Claim.objects.order_by("pk").values_list("column_id", "organisation_id")),
        "items": StandardItem.objects.count(),
        "mappings": list(
            Column.standard_items.through.objects.order_by("pk").values_list(
                "column_id", "standarditem_id"
            )
        ),
        "audit": AuditEvent.objects.count(),
    }


def test_demo_catalog_shape_and_idempotence():
    site = org_demo.build_demo().site
    first = demo.load_demo(site)
    assert first.columns_created > 0 and first.claims_created > 0
    assert first.standard_items_created == StandardItem.objects.filter(site=site).count() == 17
    assert first.mappings_set == 3

    # Every active unit has its four standard columns, claimed by itself.
    active = Organisation.objects.filter(site=site, is_active=True)
    for org in active:
        keys = set(
            Column.objects.filter(organisation=org)
            .exclude(standard_key="")
            .values_list("standard_key", flat=True)
        )
        assert keys == set(StandardKey.values), org
    # The county's 法定主动公开内容 sub-columns and their claimants.
    mandated = Column.objects.get(organisation=site.government, standard_key="mandated")
    names = set(mandated.children.values_list("name", flat=True))
    assert {
        "重大决策",
        "会议公开",
        "建议提案办理",
        "行政执法公示",
        "权责清单",
        "财政信息",
        "重大建设项目",
        "社会救助",
        "公共企事业单位信息公开",
    } <= names
    finance = Organisation.objects.get(site=site, full_name="示例县财政局")
    civil = Organisation.objects.get(site=site, full_name="示例县民政局")
    town = Organisation.objects.filter(site=site, kind=K.TOWNSHIP).first()
    budgets = Column.objects.get(site=site, name="部门预决算")
    relief = Column.objects.get(site=site, name="社会救助")
    assert can_publish_into(finance, Column.objects.get(site=site, name="政府预决算"))
    assert can_publish_into(civil, budgets) and can_publish_into(town, budgets)
    assert can_publish_into(civil, relief) and can_publish_into(town, relief)
    assert not can_publish_into(finance, relief)
    # The container 财政信息 takes no items itself.
    assert not Claim.objects.filter(column__name="财政信息").exists()
    assert relief.standard_items.count() == 13
    assert set(budgets.standard_items.values_list("level2", flat=True)) == {"部门预算", "部门决算"}
    enterprise = Organisation.objects.filter(site=site, kind=K.ENTERPRISE).first()
    assert columns_publishable_by(enterprise).filter(name="公共企事业单位信息公开").exists()

    before = snapshot()
    again = demo.load_demo(site)
    assert (again.columns_created, again.claims_created, again.standard_items_created) == (0, 0, 0)
    assert again.mappings_set == 0
    assert snapshot() == before


def test_demo_leaves_hand_edits_alone():
    site = org_demo.build_demo().site
    demo.load_demo(site)
    meeting = Column.objects.get(site=site, name="会议公开")
    services.column_update(column=meeting, name="政府常务会议", actor=None)
    relief = Column.objects.get(site=site, name="社会救助")
    services.column_set_standard_items(
        column=relief, items=relief.standard_items.all()[:1], actor=None
    )
    demo.load_demo(site)
    # A renamed column comes back under its demo name (the demo only adds), the edited
    # mapping is kept.
    assert Column.objects.filter(site=site, name="政府常务会议").exists()
    assert relief.standard_items.count() == 1


class TestCommands:
    def test_ensure_catalog(self, site, orgs, other_site):
        out = StringIO()
        call_command("ensure_catalog", stdout=out)
        assert "示例县：新建标准栏目 16 个" in out.getvalue()
        assert "邻县：新建标准栏目 8 个" in out.getvalue()
        out = StringIO()
        call_command("ensure_catalog", "--site", "370899", stdout=out)
        assert "新建标准栏目 0 个" in out.getvalue()

    def test_load_standard_catalog(self, site, other_site):
        out = StringIO()
        call_command("load_standard_catalog", "--site", "370899", stdout=out)
        assert "新增标准目录事项 17 条" in out.getvalue()
        assert not StandardItem.objects.filter(site=other_site).exists()
        out = StringIO()
        call_command("load_standard_catalog", stdout=out)
        assert "示例县：新增标准目录事项 0 条，已有 17 条" in out.getvalue()
        assert "邻县：新增标准目录事项 17 条" in out.getvalue()

    def test_unknown_site(self, site):
        with pytest.raises(CommandError, match="没有行政区划代码为“999999”的站点"):
            call_command("ensure_catalog", "--site", "999999")
