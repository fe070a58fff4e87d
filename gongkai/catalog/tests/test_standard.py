"""The standard catalogue: the 26 domains, the shipped rows, .xlsx export and import."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from gongkai.catalog import services
from gongkai.catalog.models import StandardDomain, StandardItem
from gongkai.catalog.standard import (
    DATA_FILE,
    standard_catalog_load,
    standard_domain_export,
    standard_items_import,
)
from gongkai.catalog.time_limits import parse_time_limit
from gongkai.catalog.xlsx import CHANNELS, parse_channels
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

HEADER = [
    "序号",
    "一级事项",
    "二级事项",
    "公开内容（要素）",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道和载体",
    "公开对象",
    "公开方式",
    "县级",
    "乡级",
]


def upload(data: bytes, name: str = "目录.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def sheet(rows: list[list[Any]], header: list[str] = HEADER, title: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def good_row(n: int, level2: str, **overrides: Any) -> list[Any]:
    values = {
        "序号": n,
        "一级事项": "最低生活保障",
        "二级事项": level2,
        "公开内容（要素）": "办理事项、办理条件",
        "公开依据": "《社会救助暂行办法》",
        "公开时限": "制定或获取信息之日起10个工作日内",
        "公开主体": "县民政局",
        "公开渠道和载体": "政府网站、公开查阅点",
        "公开对象": "全社会",
        "公开方式": "主动",
        "县级": "√",
        "乡级": "",
    }
    values.update(overrides)
    return [values[h] for h in HEADER]


@pytest.fixture
def social() -> StandardDomain:
    return StandardDomain.objects.get(number=17)


@pytest.fixture
def finance() -> StandardDomain:
    return StandardDomain.objects.get(number=4)


def snapshot(site: Any, domain: StandardDomain) -> list[tuple]:
    fields = (
        "level1",
        "level2",
        "level3",
        "content",
        "basis",
        "time_limit_text",
        "time_limit_rule",
        "subject",
        "channels",
        "audience",
        "method",
        "level_county",
        "level_township",
        "confirmed",
        "source_note",
        "sort_order",
    )
    return list(
        StandardItem.objects.filter(site=site, domain=domain)
        .order_by("sort_order", "id")
        .values_list(*fields)
    )


class TestDomains:
    def test_the_26_domains_ship_with_the_later_names(self):
        domains = list(StandardDomain.objects.order_by("number"))
        assert [d.number for d in domains] == list(range(1, 27))
        names = {d.number: d.display_name for d in domains}
        assert names[4] == "财政预决算"
        assert names[17] == "社会救助"
        assert names[7] == "征地补偿［农村集体土地征收］"
        assert names[10] == "环境保护［生态环境］"
        assert names[23] == "医疗卫生［卫生健康］"


class TestShippedData:
    def test_data_file_is_well_formed(self):
        data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
        assert set(data["domains"]) == {"17", "4"}
        for rows in data["domains"].values():
            keys = [(r["level1"], r["level2"], r.get("level3", "")) for r in rows]
            assert len(keys) == len(set(keys))
            for row in rows:
                assert row["content"] and row["time_limit_text"]
                assert parse_time_limit(row["time_limit_text"]) is not None
                assert row["audience"] in ("society", "specific")
                assert row["method"] in ("active", "on_request")
                assert row["level_county"] or row["level_township"]
                assert set(row["channels"]) <= set(CHANNELS)
                # Every row says where it was checked, or what could not be checked.
                assert row["source_note"]

    def test_rows_of_the_domain_rules_are_there_and_confirmed(self, site, social, finance):
        standard_catalog_load(site=site, actor=None)
        policy = StandardItem.objects.get(
            site=site, domain=social, level1="综合业务", level2="政策法规文件"
        )
        assert policy.time_limit_rule == {"unit": "working_days", "n": 10, "from": "creation"}
        assert policy.level_county and policy.level_township and policy.confirmed
        guide = StandardItem.objects.get(
            site=site, domain=social, level1="最低生活保障", level2="办事指南"
        )
        assert "最低生活保障标准" in guide.content
        review = StandardItem.objects.get(
            site=site, domain=social, level1="最低生活保障", level2="审核信息"
        )
        assert review.time_limit_rule["posting_days"] == 7
        assert review.level_township and not review.level_county
        budget = StandardItem.objects.get(site=site, domain=finance, level2="政府预算")
        assert budget.time_limit_rule == {"unit": "days", "n": 20, "from": "approval"}
        assert budget.confirmed
        assert StandardItem.objects.filter(site=site, domain=finance, level2="政府决算").exists()
        # Rows we could not check are marked, with a note.
        unconfirmed = StandardItem.objects.filter(site=site, confirmed=False)
        assert unconfirmed.exists()
        assert all("核实" in item.source_note for item in unconfirmed)

    def test_load_is_idempotent_and_keeps_edits(self, site, social):
        first = standard_catalog_load(site=site, actor=None)
        assert first.created == StandardItem.objects.filter(site=site).count() > 0
        item = StandardItem.objects.filter(site=site, domain=social).first()
        item.content = "本县修改过的内容"
        item.save()
        again = standard_catalog_load(site=site, actor=None)
        assert again.created == 0 and again.existing == first.created
        item.refresh_from_db()
        assert item.content == "本县修改过的内容"
        assert AuditEvent.objects.filter(action="catalog.standard_load").count() == 1

    def test_load_is_per_site(self, site, other_site, office, other_office):
        standard_catalog_load(site=site, actor=office)
        assert not StandardItem.objects.filter(site=other_site).exists()
        with pytest.raises(PermissionDenied):
            standard_catalog_load(site=other_site, actor=office)


class TestRoundTrip:
    def test_export_then_import_changes_nothing(self, site, social, office):
        standard_catalog_load(site=site, actor=None)
        before = snapshot(site, social)
        data = standard_domain_export(site=site, domain=social)
        result = standard_items_import(
            site=site, domain=social, uploaded_file=upload(data), actor=office
        )
        assert (result.created, result.updated, result.deleted) == (0, 0, 0)
        assert result.unchanged == len(before)
        assert snapshot(site, social) == before
        # And the file a second export makes is the same table.
        again = standard_domain_export(site=site, domain=social)
        assert _cells(again) == _cells(data)

    def test_export_layout(self, site, finance):
        standard_catalog_load(site=site, actor=None)
        ws = load_workbook(io.BytesIO(standard_domain_export(site=site, domain=finance))).active
        assert ws["A1"].value == "财政预决算领域基层政务公开标准目录"
        assert [ws.cell(2, c).value for c in (1, 2, 4)] == ["序号", "公开事项", "公开内容（要素）"]
        assert [ws.cell(3, c).value for c in (2, 3, 11, 12)] == [
            "一级事项",
            "二级事项",
            "县级",
            "乡级",
        ]
        assert ws.cell(2, 11).value == "公开层级"
        assert ws.cell(4, 1).value == 1 and ws.cell(4, 3).value == "政府预算"
        assert ws.cell(4, 11).value == "√"

    def test_import_into_an_empty_domain_on_another_site(
        self, site, other_site, social, other_office
    ):
        standard_catalog_load(site=site, actor=None)
        data = standard_domain_export(site=site, domain=social)
        result = standard_items_import(
            site=other_site, domain=social, uploaded_file=upload(data), actor=other_office
        )
        assert result.created == StandardItem.objects.filter(site=site, domain=social).count()
        copied = StandardItem.objects.filter(site=other_site).first()
        assert copied.confirmed and "导入" in copied.source_note


def _cells(data: bytes) -> list[tuple]:
    ws = load_workbook(io.BytesIO(data)).active
    return list(ws.iter_rows(values_only=True))


class TestImportRules:
    def test_two_bad_rows_nothing_imported_both_reported(self, site, social, office):
        data = sheet(
            [
                good_row(1, "办事指南"),
                good_row(2, "审核信息", **{"一级事项": "", "二级事项": "孤行"}),
                good_row(3, "审批信息"),
                good_row(4, "名单", **{"公开方式": "公告", "县级": "是的"}),
            ]
        )
        with pytest.raises(ValidationError) as info:
            standard_items_import(
                site=site, domain=social, uploaded_file=upload(data), actor=office
            )
        messages = info.value.messages
        assert len(messages) == 2
        assert messages[0].startswith("第 3 行：") and "一级事项" in messages[0]
        assert messages[1].startswith("第 5 行：")
        assert "公开方式应为“主动”或“依申请”（现为“公告”）" in messages[1]
        assert "公开层级" in messages[1]
        assert not StandardItem.objects.filter(site=site).exists()
        assert not AuditEvent.objects.filter(action="catalog.standard_import").exists()

    def test_errors_leave_the_existing_catalogue_untouched(self, site, social, office):
        standard_catalog_load(site=site, actor=None)
        before = snapshot(site, social)
        data = sheet([good_row(1, "办事指南", **{"公开对象": "群众"})])
        with pytest.raises(ValidationError, match="第 2 行"):
            standard_items_import(
                site=site, domain=social, uploaded_file=upload(data), actor=office
            )
        assert snapshot(site, social) == before

    def test_duplicate_item_is_reported_with_the_first_row(self, site, social, office):
        data = sheet([good_row(1, "办事指南"), good_row(2, "办事指南")])
        with pytest.raises(ValidationError) as info:
            standard_items_import(
                site=site, domain=social, uploaded_file=upload(data), actor=office
            )
        assert info.value.messages == ["第 3 行：与第 2 行的事项重复。"]

    @pytest.mark.parametrize(
        ("override", "fragment"),
        [
            ({"公开内容（要素）": ""}, "请填写公开内容"),
            ({"公开对象": ""}, "公开对象应为"),
            ({"县级": "", "乡级": ""}, "至少勾选"),
            ({"二级事项": "长" * 101}, "不能超过 100 个字"),
        ],
    )
    def test_row_checks(self, site, social, office, override, fragment):
        data = sheet([good_row(1, "办事指南", **override)])
        with pytest.raises(ValidationError) as info:
            standard_items_import(
                site=site, domain=social, uploaded_file=upload(data), actor=office
            )
        assert fragment in info.value.messages[0]

    def test_missing_columns(self, site, social, office):
        data = sheet([["最低生活保障", "办事指南"]], header=["一级事项", "二级事项"])
        with pytest.raises(ValidationError, match="表头缺少以下列：公开内容（要素）"):
            standard_items_import(
                site=site, domain=social, uploaded_file=upload(data), actor=office
            )

    def test_no_header(self, site, social, office):
        data = sheet([["a", "b"]], header=["x", "y"])
        with pytest.raises(ValidationError, match="找不到表头"):
            standard_items_import(
                site=site, domain=social, uploaded_file=upload(data), actor=office
            )

    def test_header_only(self, site, social, office):
        with pytest.raises(ValidationError, match="没有任何事项"):
            standard_items_import(
                site=site, domain=social, uploaded_file=upload(sheet([])), actor=office
            )

    @pytest.mark.parametrize(
        ("data", "name"),
        [
            (b"\xe5\xba\x8f\xe5\x8f\xb7,\xe4\xb8\x80\xe7\xba\xa7\n1,2\n", "目录.xlsx"),  # CSV text
            (b"%PDF-1.4 not a sheet", "目录.xlsx"),
            (b"", "目录.xlsx"),
        ],
    )
    def test_upload_checked_by_content(self, site, social, office, data, name):
        with pytest.raises(ValidationError) as info:
            standard_items_import(
                site=site, domain=social, uploaded_file=upload(data, name), actor=office
            )
        assert "XLSX" in info.value.messages[0] or "为空" in info.value.messages[0]

    def test_xlsx_under_another_name_is_refused(self, site, social, office):
        data = sheet([good_row(1, "办事指南")])
        with pytest.raises(ValidationError, match="扩展名"):
            standard_items_import(
                site=site, domain=social, uploaded_file=upload(data, "目录.xls"), actor=office
            )

    def test_replace_semantics_keep_mappings_of_matched_items(
        self, site, social, office, mandated, make_column
    ):
        standard_items_import(
            site=site,
            domain=social,
            uploaded_file=upload(sheet([good_row(1, "办事指南"), good_row(2, "审核信息")])),
            actor=office,
        )
        guide = StandardItem.objects.get(site=site, level2="办事指南")
        review = StandardItem.objects.get(site=site, level2="审核信息")
        column = make_column("社会救助", parent=mandated)
        services.column_set_standard_items(column=column, items=[guide, review], actor=None)
        data = sheet(
            [
                good_row(1, "办事指南", **{"公开内容（要素）": "办理事项、办理条件、救助标准"}),
                good_row(2, "审批信息"),
            ]
        )
        result = standard_items_import(
            site=site, domain=social, uploaded_file=upload(data), actor=office
        )
        assert (result.created, result.updated, result.deleted, result.unmapped) == (1, 1, 1, 1)
        assert "关联已解除" in result.summary
        guide.refresh_from_db()
        assert guide.content == "办理事项、办理条件、救助标准"
        assert list(column.standard_items.all()) == [guide]
        event = AuditEvent.objects.filter(action="catalog.standard_import").latest("id")
        assert "新增 1 项，更新 1 项，未变 0 项，删除 1 项" in event.note

    def test_unit_staff_cannot_import(self, site, social, clerk_a):
        with pytest.raises(PermissionDenied):
            standard_items_import(
                site=site,
                domain=social,
                uploaded_file=upload(sheet([good_row(1, "x")])),
                actor=clerk_a,
            )


class TestPublishedLayouts:
    def test_guideline_table_as_offices_have_it(self, site, social, office):
        """Title row, two header rows with merged groups, 一级事项 merged down its rows,
        checkbox channels, 公开对象/公开方式 as marked sub-columns, a continuation row."""
        wb = Workbook()
        ws = wb.active
        ws.append(["社会救助领域基层政务公开标准目录"])
        ws.append(
            [
                "序号",
                "公开事项",
                None,
                "公开内容(要素)",
                "公开依据",
                "公开时限",
                "公开主体",
                "公开渠道和载体",
                "公开对象",
                None,
                "公开方式",
                None,
                "公开层级",
                None,
            ]
        )
        ws.append(
            [
                None,
                "一级事项",
                "二级事项",
                None,
                None,
                None,
                None,
                None,
                "全社会",
                "特定群众",
                "主动",
                "依申请公开",
                "县级",
                "乡、村级",
            ]
        )
        ws.append(
            [
                1,
                "最低生活保障",
                "办事指南",
                "办理事项、办理条件",
                "《社会救助暂行办法》",
                "制 定 或 获 取 信 息之日起 10 个 工作日内",
                "县民政局",
                "■政府网站 □政府公报\n■公开查阅点 □其他",
                "√",
                None,
                "√",
                None,
                "√",
                "√",
            ]
        )
        ws.append(
            [
                2,
                None,
                "审核信息",
                "初审对象名单",
                "《社会救助暂行办法》",
                "10个工作日内，公示7个工作日",
                "乡镇人民政府",
                "■社区/企事业单位/村公示栏(电子屏)",
                None,
                "√",
                "√",
                None,
                None,
                "√",
            ]
        )
        ws.append(
            [
                2,
                None,
                "审核信息",
                "终止名单",
                None,
                None,
                None,
                None,
                None,
                "√",
                "√",
                None,
                None,
                "√",
            ]
        )
        for cells in (
            "A2:A3",
            "B2:C2",
            "D2:D3",
            "I2:J2",
            "K2:L2",
            "M2:N2",
            "B4:B6",
            "A5:A6",
            "C5:C6",
        ):
            ws.merge_cells(cells)
        out = io.BytesIO()
        wb.save(out)
        result = standard_items_import(
            site=site, domain=social, uploaded_file=upload(out.getvalue()), actor=office
        )
        assert result.created == 2
        guide, review = StandardItem.objects.filter(site=site).order_by("sort_order")
        assert (guide.level1, guide.level2) == ("最低生活保障", "办事指南")
        assert guide.channels == ["政府网站", "公开查阅点"]
        assert guide.time_limit_rule == {"unit": "working_days", "n": 10, "from": "creation"}
        assert (guide.audience, guide.method) == ("society", "active")
        assert guide.level_county and guide.level_township
        assert (review.level1, review.audience) == ("最低生活保障", "specific")
        assert review.channels == ["社区/企事业单位/村公示栏（电子屏）"]
        assert review.content == "初审对象名单\n终止名单"
        assert review.time_limit_rule["posting_days"] == 7
        assert not review.level_county


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("政府网站、公开查阅点", ["政府网站", "公开查阅点"]),
        ("■政府网站 □政府公报 ■两微一端", ["政府网站", "两微一端"]),
        ("政府网站\n政府网站，便民服务站", ["政府网站", "便民服务站"]),
        ("社区/企事业单位/村公示栏(电子屏)", ["社区/企事业单位/村公示栏（电子屏）"]),
        ("", []),
    ],
)
def test_parse_channels(text, expected):
    assert parse_channels(text) == expected


def test_the_migration_and_the_code_ship_the_same_domains():
    from importlib import import_module

    from gongkai.catalog.standard import DOMAINS, ensure_standard_domains

    migration = import_module("gongkai.catalog.migrations.0002_standard_domains")
    assert migration.DOMAINS == DOMAINS
    assert ensure_standard_domains() == 0
    StandardDomain.objects.filter(number__in=[25, 26]).delete()
    assert ensure_standard_domains() == 2
    assert StandardDomain.objects.get(number=26).name == "保障性住房"
