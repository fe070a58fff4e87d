"""Catalog pages: who may open them, the happy paths, bad input as form errors or messages."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from conftest import OTHER_SITE_HOST
from gongkai.catalog import services
from gongkai.catalog.models import Claim, Column, ColumnKind, StandardItem, UpdateCategory
from gongkai.catalog.standard import standard_catalog_load
from gongkai.core.models import AuditEvent

from .helpers import at, published
from .test_standard import good_row, sheet

pytestmark = pytest.mark.django_db

TREE = reverse("catalog:tree")
CREATE = reverse("catalog:create")
ENSURE = reverse("catalog:ensure")
MINE = reverse("catalog:mine")
STANDARD = reverse("catalog:standard")
COVERAGE = reverse("catalog:coverage")
HEALTH = reverse("catalog:health")


def column_post(**overrides):
    data = {
        "parent": "",
        "name": "重大决策",
        "kind": ColumnKind.LIST,
        "external_url": "",
        "update_category": UpdateCategory.NOTICE_POLICY,
        "update_interval_days": "",
        "requirements": "决策草案、征求意见、决策结果",
        "format": "",
    }
    data.update(overrides)
    return data


class TestPermissions:
    @pytest.mark.parametrize("persona", ["clerk_a", "clerk_b", "leader", "other_clerk"])
    @pytest.mark.parametrize("url", [TREE, CREATE, COVERAGE, HEALTH])
    def test_unit_staff_get_403(self, request, client_of, persona, url):
        response = client_of(request.getfixturevalue(persona)).get(url)
        assert response.status_code == 403

    @pytest.mark.parametrize("persona", ["clerk_a", "leader"])
    def test_unit_staff_cannot_post_writes(self, request, client_of, persona, mandated):
        client = client_of(request.getfixturevalue(persona))
        for url in (
            reverse("catalog:retire", args=[mandated.pk]),
            reverse("catalog:move", args=[mandated.pk]),
            ENSURE,
            reverse("catalog:standard_load"),
        ):
            assert client.post(url, {"direction": "up"}).status_code == 403
        assert not AuditEvent.objects.filter(action__startswith="catalog.column").exists()

    def test_anonymous_is_sent_to_login(self, citizen):
        response = citizen.get(TREE, HTTP_HOST="gk.example.gov.cn")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_office_of_another_site_gets_403_here(self, client_of, other_office):
        assert client_of(other_office).get(TREE).status_code == 403

    def test_column_of_another_site_is_404(self, client_of, other_office, mandated):
        client = client_of(other_office, host=OTHER_SITE_HOST)
        assert client.get(reverse("catalog:edit", args=[mandated.pk])).status_code == 404
        assert client.post(reverse("catalog:retire", args=[mandated.pk])).status_code == 404

    @pytest.mark.parametrize("url", [MINE, STANDARD])
    def test_every_staff_member_sees_mine_and_standard(self, client_of, clerk_a, url):
        assert client_of(clerk_a).get(url).status_code == 200


class TestTree:
    def test_shows_the_government_section_by_default(
        self, client_of, office, standard, mandated, make_column, orgs
    ):
        column = make_column("财政信息", parent=mandated)
        services.column_claim(column=column, organisation=orgs["other_dept"], actor=None)
        page = client_of(office).get(TREE).content.decode()
        assert "示例县人民政府的政府信息公开栏目" in page
        assert "法定主动公开内容" in page and "财政信息" in page
        assert "县财政局" in page
        assert "空白栏目" in page

    def test_site_section_and_unknown_section(self, client_of, office, make_column):
        make_column("政务动态", update_category=UpdateCategory.NEWS)
        page = client_of(office).get(TREE, {"section": "site"}).content.decode()
        assert "本站栏目" in page and "政务动态" in page
        assert client_of(office).get(TREE, {"section": "999999"}).status_code == 404

    def test_menu_shows_catalog_entries(self, client_of, office, clerk_a):
        page = client_of(office).get(TREE).content.decode()
        assert "公开目录" in page and "栏目健康" in page
        unit_page = client_of(clerk_a).get(MINE).content.decode()
        assert "本单位栏目" in unit_page and f'href="{TREE}"' not in unit_page


class TestCreateEdit:
    def test_create_under_a_parent(self, client_of, office, mandated, orgs):
        response = client_of(office).post(
            f"{CREATE}?section={orgs['government'].pk}",
            column_post(parent=mandated.pk, section=orgs["government"].pk),
        )
        assert response.status_code == 302
        column = Column.objects.get(name="重大决策")
        assert column.parent == mandated and column.organisation == orgs["government"]
        assert AuditEvent.objects.filter(action="catalog.column_create").count() == 1

    def test_create_site_level(self, client_of, office):
        response = client_of(office).post(CREATE, column_post(name="通知公告", section="site"))
        assert response.status_code == 302
        assert Column.objects.get(name="通知公告").organisation is None

    def test_bad_input_is_a_form_error(self, client_of, office, mandated, orgs):
        client = client_of(office)
        response = client.post(
            CREATE,
            column_post(parent=mandated.pk, kind=ColumnKind.LINK, section=orgs["government"].pk),
        )
        assert response.status_code == 200
        assert "外部链接栏目必须填写链接地址" in response.content.decode()
        response = client.post(
            CREATE, column_post(name="", update_interval_days="0", section="site")
        )
        page = response.content.decode()
        assert "请填写栏目名称" in page and "更新周期至少为 1 天" in page
        assert not Column.objects.filter(name="重大决策").exists()

    def test_duplicate_name_is_a_form_error(self, client_of, office, mandated, make_column, orgs):
        make_column("重大决策", parent=mandated)
        response = client_of(office).post(
            CREATE, column_post(parent=mandated.pk, section=orgs["government"].pk)
        )
        assert "同一上级栏目下已有名为“重大决策”的栏目" in response.content.decode()

    def test_edit(self, client_of, office, mandated, make_column):
        column = make_column("会议", parent=mandated)
        url = reverse("catalog:edit", args=[column.pk])
        assert client_of(office).get(url).status_code == 200
        response = client_of(office).post(url, column_post(name="会议公开", parent=mandated.pk))
        assert response.status_code == 302
        column.refresh_from_db()
        assert column.name == "会议公开"

    def test_edit_standard_column_keeps_its_fixed_fields(self, client_of, office, standard):
        guide = standard["guide"]
        url = reverse("catalog:edit", args=[guide.pk])
        response = client_of(office).post(
            url, column_post(name="改名", kind=ColumnKind.LIST, requirements="每年更新")
        )
        assert response.status_code == 302
        guide.refresh_from_db()
        assert guide.name == "政府信息公开指南" and guide.kind == ColumnKind.PAGE
        assert guide.requirements == "每年更新"


class TestTreeActions:
    def test_move_retire_restore(self, client_of, office, mandated, make_column):
        a = make_column("A", parent=mandated)
        b = make_column("B", parent=mandated)
        client = client_of(office)
        assert (
            client.post(reverse("catalog:move", args=[b.pk]), {"direction": "up"}).status_code
            == 302
        )
        a.refresh_from_db()
        b.refresh_from_db()
        assert b.sort_order < a.sort_order
        client.post(reverse("catalog:retire", args=[a.pk]))
        a.refresh_from_db()
        assert a.is_retired
        client.post(reverse("catalog:restore", args=[a.pk]))
        a.refresh_from_db()
        assert not a.is_retired

    def test_refused_action_is_a_message(self, client_of, office, standard):
        response = client_of(office).post(
            reverse("catalog:retire", args=[standard["guide"].pk]), follow=True
        )
        assert "不能停用" in response.content.decode()
        response = client_of(office).post(
            reverse("catalog:move", args=[standard["guide"].pk]), {"direction": "up"}, follow=True
        )
        assert "已经是第一个栏目" in response.content.decode()
        response = client_of(office).post(
            reverse("catalog:move", args=[standard["guide"].pk]), {"direction": "left"}, follow=True
        )
        assert "只能是上移或下移" in response.content.decode()

    def test_get_is_not_allowed_on_writes(self, client_of, office, mandated):
        assert (
            client_of(office).get(reverse("catalog:retire", args=[mandated.pk])).status_code == 405
        )

    def test_ensure_one_and_all(self, client_of, office, orgs):
        client = client_of(office)
        client.post(ENSURE, {"section": orgs["dept"].pk, "scope": "one"})
        assert Column.objects.filter(organisation=orgs["dept"]).count() == 4
        assert not Column.objects.filter(organisation=orgs["other_dept"]).exists()
        response = client.post(ENSURE, {"section": orgs["dept"].pk, "scope": "all"}, follow=True)
        assert "已补齐标准栏目 12 个" in response.content.decode()
        response = client.post(ENSURE, {"section": orgs["dept"].pk, "scope": "all"}, follow=True)
        assert "标准栏目齐全" in response.content.decode()


class TestClaimsAndItems:
    def test_claim_and_unclaim(self, client_of, office, mandated, make_column, orgs):
        column = make_column("财政信息", parent=mandated)
        url = reverse("catalog:claims", args=[column.pk])
        client = client_of(office)
        assert client.get(url).status_code == 200
        response = client.post(url, {"organisation": orgs["other_dept"].pk})
        assert response.status_code == 302
        assert Claim.objects.filter(column=column, organisation=orgs["other_dept"]).exists()
        client.post(reverse("catalog:unclaim", args=[column.pk, orgs["other_dept"].pk]))
        assert not Claim.objects.filter(column=column).exists()

    def test_claim_bad_input(self, client_of, office, mandated, make_column, other_site):
        column = make_column("财政信息", parent=mandated)
        url = reverse("catalog:claims", args=[column.pk])
        response = client_of(office).post(url, {"organisation": other_site.government.pk})
        assert response.status_code == 200
        assert "请选择有效的单位" in response.content.decode()
        response = client_of(office).post(url, {"organisation": ""})
        assert "请选择认领单位" in response.content.decode()

    def test_unclaim_of_own_standard_column_is_a_message(self, client_of, office, standard, orgs):
        guide = standard["guide"]
        response = client_of(office).post(
            reverse("catalog:unclaim", args=[guide.pk, orgs["government"].pk]), follow=True
        )
        assert "不能取消认领" in response.content.decode()
        assert Claim.objects.filter(column=guide, organisation=orgs["government"]).exists()

    def test_map_items_keeps_other_domains(self, client_of, office, site, mandated, make_column):
        standard_catalog_load(site=site, actor=None)
        column = make_column("综合", parent=mandated)
        budget = StandardItem.objects.get(site=site, level2="政府预算")
        services.column_set_standard_items(column=column, items=[budget], actor=None)
        social = list(StandardItem.objects.filter(site=site, domain__number=17)[:2])
        url = reverse("catalog:items", args=[column.pk])
        assert client_of(office).get(url, {"domain": 17}).status_code == 200
        response = client_of(office).post(url, {"domain": 17, "items": [i.pk for i in social]})
        assert response.status_code == 302
        assert set(column.standard_items.all()) == {budget, *social}

    def test_map_items_bad_choice(self, client_of, office, site, mandated, make_column):
        column = make_column("综合", parent=mandated)
        response = client_of(office).post(
            reverse("catalog:items", args=[column.pk]), {"items": ["abc"]}
        )
        assert response.status_code == 200
        assert "所选事项无效" in response.content.decode()


class TestMine:
    def test_freshness_badges(self, client_of, clerk_a, orgs, mandated, make_column):
        news = make_column("民政动态", parent=mandated, update_category=UpdateCategory.NEWS)
        services.column_claim(column=news, organisation=orgs["dept"], actor=None)
        published(news, at(2020, 1, 1))
        empty = make_column("社会救助", parent=mandated)
        services.column_claim(column=empty, organisation=orgs["dept"], actor=None)
        make_column("别人的栏目", parent=mandated)
        page = client_of(clerk_a).get(MINE).content.decode()
        assert "民政动态" in page and "社会救助" in page and "别人的栏目" not in page
        assert "超期" in page and "空白栏目" in page
        assert "有 2 个栏目超期未更新或为空白栏目" in page


class TestStandardPages:
    def test_load_browse_export(self, client_of, office, clerk_a):
        client = client_of(office)
        response = client.post(reverse("catalog:standard_load"), follow=True)
        assert "已载入内置标准目录事项" in response.content.decode()
        page = client_of(clerk_a).get(STANDARD).content.decode()
        assert "社会救助" in page and "征地补偿［农村集体土地征收］" in page
        detail = (
            client_of(clerk_a).get(reverse("catalog:standard_domain", args=[17])).content.decode()
        )
        assert "最低生活保障" in detail and "待核实" in detail
        export = client_of(clerk_a).get(reverse("catalog:standard_export", args=[4]))
        assert export.status_code == 200
        assert "attachment" in export["Content-Disposition"]
        ws = load_workbook(io.BytesIO(export.content)).active
        assert ws["A1"].value == "财政预决算领域基层政务公开标准目录"

    def test_unknown_domain_is_404(self, client_of, office):
        assert (
            client_of(office).get(reverse("catalog:standard_domain", args=[27])).status_code == 404
        )

    def test_import_page(self, client_of, office, site):
        url = reverse("catalog:standard_import", args=[17])
        client = client_of(office)
        assert client.get(url).status_code == 200
        data = sheet([good_row(1, "办事指南")])
        response = client.post(url, {"file": SimpleUploadedFile("低保.xlsx", data)})
        assert response.status_code == 302
        assert StandardItem.objects.filter(site=site, domain__number=17).count() == 1

    def test_import_errors_are_listed(self, client_of, office, site):
        url = reverse("catalog:standard_import", args=[17])
        data = sheet(
            [
                good_row(1, "办事指南", **{"公开对象": "x"}),
                good_row(2, "审核信息", **{"公开内容（要素）": ""}),
            ]
        )
        page = (
            client_of(office)
            .post(url, {"file": SimpleUploadedFile("低保.xlsx", data)})
            .content.decode()
        )
        assert "未导入任何事项" in page
        assert "第 2 行" in page and "第 3 行" in page
        assert not StandardItem.objects.filter(site=site).exists()

    def test_import_wrong_file_and_no_file(self, client_of, office):
        url = reverse("catalog:standard_import", args=[17])
        client = client_of(office)
        page = client.post(
            url, {"file": SimpleUploadedFile("a.xlsx", b"plain text")}
        ).content.decode()
        assert "只能上传 XLSX 格式的文件" in page
        page = client.post(url, {}).content.decode()
        assert "请选择要导入的 .xlsx 文件" in page

    def test_unit_staff_cannot_import_or_load(self, client_of, clerk_a):
        client = client_of(clerk_a)
        assert client.get(reverse("catalog:standard_import", args=[17])).status_code == 403
        assert client.post(reverse("catalog:standard_load")).status_code == 403


class TestReports:
    def test_coverage(self, client_of, office, site, mandated, make_column, orgs):
        standard_catalog_load(site=site, actor=None)
        column = make_column("社会救助", parent=mandated)
        services.column_set_standard_items(
            column=column,
            items=StandardItem.objects.filter(site=site, domain__number=17),
            actor=None,
        )
        page = client_of(office).get(COVERAGE).content.decode()
        assert "有栏目无内容" in page and "无发布栏目" in page
        page = (
            client_of(office)
            .get(COVERAGE, {"organisation": orgs["dept"].pk, "domain": 4})
            .content.decode()
        )
        assert "示例县民政局" in page
        response = client_of(office).get(COVERAGE, {"organisation": "abc"})
        assert response.status_code == 200

    def test_health(self, client_of, office, mandated, make_column):
        for i in range(5):
            make_column(f"空{i}", parent=mandated)
        page = client_of(office).get(HEALTH).content.decode()
        assert "存在单项否决项" in page and "空白栏目" in page


def test_many_claimants_are_summarised_on_the_tree(
    client_of, office, site, orgs, mandated, make_column
):
    from gongkai.organizations.factories import OrganisationFactory

    column = make_column("部门预决算", parent=mandated)
    for i in range(5):
        unit = OrganisationFactory(site=site, parent=orgs["government"], short_name=f"部门{i}")
        services.column_claim(column=column, organisation=unit, actor=None)
    page = client_of(office).get(TREE).content.decode()
    assert "部门0、部门1、部门2等 5 个单位" in page
    assert "部门4" not in page
