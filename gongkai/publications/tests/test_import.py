"""Bulk import from .xlsx: all or nothing, errors by row, PII guard per row, 索引号 kept or
generated, items published with their events, versions, search entries and column counts."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.publications import services as svc
from gongkai.publications.models import IndexSequence, Item, ItemEvent, ItemVersion
from gongkai.publications.states import Status
from gongkai.search import index

from .conftest import ID_NUMBER, MOBILE
from .files import xlsx_bytes

pytestmark = pytest.mark.django_db
HEADER = ["标题", "发布机构", "文号", "成文日期", "发布日期", "主题分类", "体裁", "关键词",
          "内容概述", "正文", "栏目", "有效性", "公开属性", "不公开理由", "索引号"]  # fmt: skip


def row(title="关于公布2023年临时救助标准的通知", **cells):
    values = {
        "标题": title, "发布机构": "示例县民政局", "文号": "示民发〔2023〕1号",
        "成文日期": "2023-02-01", "发布日期": "2023年2月3日", "主题分类": "民政、扶贫、救灾",
        "体裁": "通知", "关键词": "临时救助", "内容概述": "", "正文": "第一段。\n第二段。",
        "栏目": "通知公告", "有效性": "", "公开属性": "", "不公开理由": "", "索引号": "",
    }  # fmt: skip
    values.update(cells)
    return [values[h] for h in HEADER]


def run(actor, site, *rows):
    data = xlsx_bytes([HEADER, *rows])
    return svc.items_import_file(site=site, file=io.BytesIO(data), actor=actor)


def test_import_publishes_items(office, site, column):
    result = run(office, site, row(), row("第二条", 有效性="有效", 正文="<p>已是<b>HTML</b></p>"))
    assert result.ok and result.created == 2
    first, second = Item.objects.order_by("pk")
    assert first.status == Status.PUBLISHED and first.imported
    assert first.index_number == "SLXMZJ/2023-00001"
    assert second.index_number == "SLXMZJ/2023-00002"
    assert first.body_html == "<p>第一段。</p><p>第二段。</p>"
    assert second.is_normative and second.validity == "valid"
    assert second.body_html == "<p>已是HTML</p>"
    assert str(first.published_at.date()) == "2023-02-03"
    assert ItemEvent.objects.filter(action="import").count() == 2
    assert ItemVersion.objects.filter(number=1).count() == 2
    column.refresh_from_db()
    assert column.item_count == 2
    assert IndexSequence.objects.get(year=2023).last == 2
    hits = index.search(index.SearchQuery(site_id=site.pk, text="临时救助")).hits
    assert {h.doc_id for h in hits} == {first.pk, second.pk}


def test_any_bad_row_rejects_the_whole_file(office, site, column):
    result = run(
        office,
        site,
        row(),
        row("", 发布机构="不存在的局"),
        row("含身份证", 正文=f"申请人身份证号{ID_NUMBER}"),
        row("日期错", 成文日期="去年"),
        row("栏目错", 栏目="财政信息"),
        row("不公开", 公开属性="不予公开"),
    )
    assert not result.ok and result.created == 0
    assert not Item.objects.exists()
    by_row = {e.row: "；".join(e.messages) for e in result.errors}
    assert set(by_row) == {3, 4, 5, 6, 7}
    assert "标题不能为空" in by_row[3] and "不存在的局" in by_row[3]
    assert "敏感个人信息" in by_row[4] and ID_NUMBER not in by_row[4]
    assert "成文日期" in by_row[5]
    assert "不是示例县民政局认领的栏目" in by_row[6]
    assert "不公开理由" in by_row[7]


def test_given_numbers_are_kept_and_unique(office, site, column, published):
    existing = published()
    result = run(office, site, row(索引号="OLD/2019-0001"), row("b", 索引号="OLD/2019-0001"))
    assert [e.row for e in result.errors] == [3]
    result = run(office, site, row(索引号=existing.index_number))
    assert "已被使用" in result.errors[0].messages[0]
    result = run(office, site, row(索引号="OLD/2019-0001"))
    assert result.ok
    assert Item.objects.filter(index_number="OLD/2019-0001").exists()


def test_number_in_our_format_moves_the_sequence(office, site, column):
    assert run(office, site, row(索引号="SLXMZJ/2023-00007")).ok
    assert run(office, site, row("新的")).ok
    assert Item.objects.get(title="新的").index_number == "SLXMZJ/2023-00008"


def test_pii_in_title_is_reported_masked(office, site, column):
    result = run(office, site, row(f"关于{MOBILE}的通知"))
    assert "138****5678" in result.errors[0].messages[0]


def test_who_may_import(clerk_a, leader, office, site, column):
    with pytest.raises(PermissionDenied):
        run(clerk_a, site, row())
    result = run(leader, site, row(), row("财政的", 发布机构="示例县财政局"))
    assert [e.row for e in result.errors] == [3]  # a leader imports for the own unit only
    assert run(leader, site, row()).ok


def test_missing_headers_and_broken_files(office, site):
    data = xlsx_bytes([["标题", "正文"], ["a", "b"]])
    result = svc.items_import_file(site=site, file=io.BytesIO(data), actor=office)
    assert "缺少列" in result.header_errors[0] and "发布机构" in result.header_errors[0]
    result = svc.items_import_file(site=site, file=io.BytesIO(b"not a zip"), actor=office)
    assert "无法读取" in result.header_errors[0]
    empty = svc.items_import_file(site=site, file=io.BytesIO(xlsx_bytes([HEADER])), actor=office)
    assert "没有可导入" in empty.header_errors[0]


def test_import_command(site, column, tmp_path):
    from django.core.management import CommandError, call_command

    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx_bytes([HEADER, row()]))
    out = io.StringIO()
    call_command("import_items", str(good), "--site", site.pk, stdout=out)
    assert "已导入并发布 1 条" in out.getvalue()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx_bytes([HEADER, row("")]))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_items", str(bad), "--site", site.pk, stderr=err)
    assert "第 2 行" in err.getvalue()
    assert Item.objects.count() == 1
