"""`gongkai annual_report` and `gongkai report_reminders`."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from openpyxl import load_workbook

from gongkai.organizations.factories import OrganisationFactory
from gongkai.reports.models import ReportReminder

pytestmark = pytest.mark.django_db
D = dt.date

ROWS = [
    "new_received", "carried_over", "granted", "partial", "denied_state_secret",
    "denied_law_forbidden", "denied_security", "denied_third_party", "denied_internal",
    "denied_process", "denied_case_file", "denied_admin_query", "unable_not_held",
    "unable_needs_creation", "unable_unclear", "np_petition", "np_repeat", "np_publication",
    "np_mass", "np_confirm_reissue", "other_no_correction", "other_fee_unpaid", "other_other",
    "total_handled", "carried_forward",
]  # fmt: skip
COLS = [
    "natural_person", "commercial", "research", "public_interest", "legal_service",
    "other_org", "total",
]  # fmt: skip
GROUPS = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
RESULTS = ["upheld", "corrected", "other", "pending", "total"]


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("annual_report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_shape_exactly(orgs, application, remedy):
    application(
        received_on=D(2025, 3, 3),
        applicant_type="commercial",
        closed_on=D(2025, 3, 25),
        outcome="partial",
    )
    remedy("litigation_direct", D(2025, 8, 1), "other")
    out, _ = run("--org", "SLXMZJ", "--year", "2025", "--format", "json")
    payload = json.loads(out)
    assert set(payload) == {
        "org", "year", "format_version", "checks", "table2", "table3", "table4",
    }  # fmt: skip
    assert payload["year"] == 2025 and payload["format_version"] == "2021"
    assert payload["org"]["name"] == "示例县民政局"
    assert list(payload["table3"]) == ROWS
    assert all(list(cells) == COLS for cells in payload["table3"].values())
    assert all(isinstance(n, int) for cells in payload["table3"].values() for n in cells.values())
    assert list(payload["table4"]) == GROUPS
    assert all(list(cells) == RESULTS for cells in payload["table4"].values())
    assert payload["table3"]["partial"]["commercial"] == 1
    assert payload["table3"]["partial"]["total"] == 1
    assert payload["table4"]["litigation_direct"]["other"] == 1
    assert all(check["ok"] for check in payload["checks"])


def test_json_is_the_default_and_the_full_name_works(orgs):
    out, _ = run("--org", "示例县民政局", "--year", "2025")
    assert json.loads(out)["org"]["code"] == "SLXMZJ"


def test_unknown_org_is_a_chinese_error(orgs):
    with pytest.raises(CommandError, match="未找到单位“不存在局”"):
        run("--org", "不存在局", "--year", "2025")


def test_a_name_on_two_sites_needs_site(orgs, other_site):
    OrganisationFactory(site=other_site, code="SLXMZJ", full_name="邻县民政局", kind="department")
    with pytest.raises(CommandError, match=r"多个站点都有单位“SLXMZJ”.*--site"):
        run("--org", "SLXMZJ", "--year", "2025")
    out, _ = run("--org", "SLXMZJ", "--year", "2025", "--site", "370898")
    assert json.loads(out)["org"]["name"] == "邻县民政局"
    with pytest.raises(CommandError, match="没有行政区划代码为“999999”的站点"):
        run("--org", "SLXMZJ", "--year", "2025", "--site", "999999")


def test_bad_year_and_non_reporting_unit(site, orgs):
    with pytest.raises(CommandError, match="旧的报表格式"):
        run("--org", "SLXMZJ", "--year", "2019")
    village = OrganisationFactory(site=site, parent=orgs["dept"], kind="village", code="CUN1")
    with pytest.raises(CommandError, match="不需要编制"):
        run("--org", village.code, "--year", "2025")


def test_binary_formats_need_output_and_write_files(orgs, tmp_path):
    with pytest.raises(CommandError, match="--output"):
        run("--org", "SLXMZJ", "--year", "2025", "--format", "xlsx")
    xlsx, docx, html = tmp_path / "r.xlsx", tmp_path / "r.docx", tmp_path / "r.html"
    _, err = run("--org", "SLXMZJ", "--year", "2025", "--format", "xlsx", "--output", str(xlsx))
    assert "已写入" in err
    assert load_workbook(xlsx).sheetnames == ["表二", "表三", "表四"]
    run("--org", "SLXMZJ", "--year", "2025", "--format", "docx", "--output", str(docx))
    assert len(Document(str(docx)).tables) == 3
    run("--org", "SLXMZJ", "--year", "2025", "--format", "html", "--output", str(html))
    assert "<h2>三、收到和处理政府信息公开申请情况</h2>" in html.read_text(encoding="utf-8")
    with pytest.raises(CommandError, match="无法写入文件"):
        run("--org", "SLXMZJ", "--year", "2025", "--output", str(tmp_path / "no" / "x.json"))


def test_reminders_command_is_idempotent(orgs):
    out = io.StringIO()
    call_command("report_reminders", "--today", "2026-01-25", stdout=out)
    text = out.getvalue()
    assert "示例县民政局2025年政府信息公开工作年度报告尚未发布" in text
    sent = ReportReminder.objects.count()
    assert f"本次发送年度报告提醒 {sent} 条。" in text and sent >= 3
    again = io.StringIO()
    call_command("report_reminders", "--today", "2026-01-25", stdout=again)
    assert again.getvalue().strip() == "本次发送年度报告提醒 0 条。"
    assert ReportReminder.objects.count() == sent


def test_reminders_command_bad_input(orgs):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("report_reminders", "--today", "25/01/2026")
    with pytest.raises(CommandError, match="没有行政区划代码"):
        call_command("report_reminders", "--site", "000000")
