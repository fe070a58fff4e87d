"""Report pages: who may open them, the happy paths, bad input as form errors or messages."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from conftest import OTHER_SITE_HOST
from gongkai.core.models import AuditEvent
from gongkai.publications.models import Item
from gongkai.reports import services
from gongkai.reports.models import AnnualReport

pytestmark = pytest.mark.django_db
D = dt.date
LIST = reverse("reports:list")
OVERVIEW = reverse("reports:overview")
OVERVIEW_XLSX = reverse("reports:overview_export")
STATISTICS = reverse("reports:statistics")


def url(name, org, year=2025, *extra):
    return reverse(f"reports:{name}", args=[org.pk, year, *extra])


@pytest.fixture
def report(orgs):
    report, _ = services.report_get_or_create(organisation=orgs["dept"], year=2025, actor=None)
    return report


def write(report):
    services.report_update_sections(report=report, actor=None, overview="概况。", problems="问题。")


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


class TestPermissions:
    def test_anonymous_goes_to_login(self, citizen, orgs):
        response = citizen.get(LIST, HTTP_HOST="gk.example.gov.cn")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_another_sites_office_gets_403_here(self, client_of, other_office):
        assert client_of(other_office).get(LIST).status_code == 403

    def test_another_units_report_is_404(self, client_of, orgs, other_clerk, report):
        client = client_of(other_clerk)
        assert client.get(url("detail", orgs["dept"])).status_code == 404
        assert client.post(url("start", orgs["dept"])).status_code == 404
        assert client.get(url("export", orgs["dept"], 2025, "json")).status_code == 404
        assert client.post(url("sections", orgs["dept"]), {"overview": "x"}).status_code == 404

    def test_another_sites_units_are_404(self, client_of, orgs, other_office):
        client = client_of(other_office, host=OTHER_SITE_HOST)
        assert client.get(url("detail", orgs["dept"])).status_code == 404

    @pytest.mark.parametrize("persona", ["clerk_a", "leader"])
    def test_overview_is_for_the_office(self, request, client_of, persona):
        client = client_of(request.getfixturevalue(persona))
        assert client.get(OVERVIEW).status_code == 403
        assert client.get(OVERVIEW_XLSX).status_code == 403

    def test_office_cannot_write_a_units_content(self, client_of, orgs, office, report):
        response = client_of(office).post(url("sections", orgs["dept"]), {"overview": "改写"})
        assert response.status_code == 403
        report.refresh_from_db()
        assert report.section_overview == ""

    def test_only_the_office_returns(self, client_of, orgs, clerk_a, report):
        write(report)
        services.report_submit(report=report, actor=None)
        response = client_of(clerk_a).post(url("return", orgs["dept"]), {"note": "x"})
        assert response.status_code == 403

    def test_bad_year_and_format_are_404(self, client_of, orgs, clerk_a):
        client = client_of(clerk_a)
        assert client.get(url("detail", orgs["dept"], 2019)).status_code == 404
        assert client.get(url("detail", orgs["dept"], 2999)).status_code == 404
        assert client.get(url("export", orgs["dept"], 2025, "pdf")).status_code == 404
        assert client.get(url("sections", orgs["dept"])).status_code == 404  # not started


class TestList:
    def test_office_sees_every_reporting_unit_with_deadlines(self, client_of, orgs, office):
        response = client_of(office).get(LIST, {"year": 2025})
        html = response.content.decode()
        assert response.status_code == 200
        for name in ("示例县人民政府", "示例县民政局", "示例县财政局"):
            assert name in html
        assert "2026-03-31" in html and "2026-01-31" in html
        assert "全县汇总" in html

    def test_unit_sees_its_own(self, client_of, orgs, clerk_a):
        html = client_of(clerk_a).get(LIST).content.decode()
        assert "示例县民政局" in html and "示例县财政局" not in html

    def test_bad_year_shows_an_error_not_a_500(self, client_of, orgs, office):
        response = client_of(office).get(LIST, {"year": "abc"})
        assert response.status_code == 200
        assert "请选择有效的年度" in response.content.decode()


class TestJourney:
    def test_start_write_submit_publish(self, client_of, orgs, clerk_a, leader, annual_column):
        client = client_of(clerk_a)
        page = client.get(url("detail", orgs["dept"]))
        assert "开始编写本年度报告" in page.content.decode()
        response = client.post(url("start", orgs["dept"]), follow=True)
        assert "已创建示例县民政局2025年度报告草稿。" in messages_of(response)
        report = AnnualReport.objects.get(organisation=orgs["dept"], year=2025)

        response = client.post(
            url("sections", orgs["dept"]),
            {"overview": "全年概况。", "problems": "存在问题。", "other": report.section_other},
        )
        assert response.status_code == 302
        response = client.post(
            url("table2", orgs["dept"]),
            {name: "0" for name in report.table2} | {"licensing_decisions": "8"},
        )
        assert response.status_code == 302
        report.refresh_from_db()
        assert report.table2["licensing_decisions"] == 8

        response = client.post(url("refresh", orgs["dept"]), follow=True)
        assert "已按最新办理记录重新核算。" in messages_of(response)
        response = client.post(url("submit", orgs["dept"]), follow=True)
        assert "表三、表四数据已锁定" in messages_of(response)[0]
        html = response.content.decode()
        assert "提交发布审核" in html and "已报送" in html
        response = client.post(url("publish", orgs["dept"]), follow=True)
        assert "已提交发布审核" in messages_of(response)[0]
        item = Item.objects.get()
        assert item.status == "pending"
        assert "发布审核中" in response.content.decode()
        assert AuditEvent.objects.filter(action__startswith="report.").count() >= 5

    def test_detail_shows_tables_checks_and_sections(self, client_of, orgs, clerk_a, application):
        application(received_on=D(2025, 3, 3), closed_on=D(2025, 3, 20), outcome="partial")
        html = client_of(clerk_a).get(url("detail", orgs["dept"])).content.decode()
        assert "<caption>三、收到和处理政府信息公开申请情况</caption>" in html
        assert "本列数据的勾稽关系为" in html
        assert "全部通过" in html
        assert "一、总体情况" in html and "六、其他需要报告的事项" in html
        assert "表三、表四按办理记录实时计算" in html

    def test_submit_refused_shows_the_reason(self, client_of, orgs, clerk_a, report):
        response = client_of(clerk_a).post(url("submit", orgs["dept"]), follow=True)
        assert "报送前请填写" in messages_of(response)[0]
        report.refresh_from_db()
        assert report.status == "draft"

    def test_publish_without_column_shows_the_reason(self, client_of, orgs, clerk_a, report):
        write(report)
        services.report_submit(report=report, actor=None)
        client = client_of(clerk_a)
        assert (
            "还没有“政府信息公开年报”栏目"
            in client.get(url("detail", orgs["dept"])).content.decode()
        )
        response = client.post(url("publish", orgs["dept"]), follow=True)
        assert "还没有“政府信息公开年报”栏目" in messages_of(response)[0]
        assert not Item.objects.exists()

    def test_table2_bad_input_is_a_form_error(self, client_of, orgs, clerk_a, report):
        data = {name: "0" for name in report.table2}
        data |= {"penalty_decisions": "-2", "fees_amount": "1.234567"}
        response = client_of(clerk_a).post(url("table2", orgs["dept"]), data)
        html = response.content.decode()
        assert response.status_code == 200
        assert "不能小于0" in html and "最多保留4位小数" in html
        report.refresh_from_db()
        assert report.table2["penalty_decisions"] == 0

    def test_table2_fill_from_items(self, client_of, orgs, clerk_a, report, normative):
        normative(orgs["dept"], D(2025, 6, 1))
        client = client_of(clerk_a)
        assert "2025年制发 1 件" in client.get(url("table2", orgs["dept"])).content.decode()
        response = client.post(url("table2", orgs["dept"]), {"fill": "1"}, follow=True)
        assert "已从本单位发布的规范性文件统计" in messages_of(response)[0]
        report.refresh_from_db()
        assert report.table2["normative_issued"] == 1

    def test_sections_page_offers_the_figures(self, client_of, orgs, clerk_a, report, application):
        application(received_on=D(2025, 3, 3), closed_on=D(2025, 3, 20), outcome="partial")
        html = client_of(clerk_a).get(url("sections", orgs["dept"])).content.decode()
        assert "本年度新收政府信息公开申请1件" in html and "部分公开1件" in html
        assert "收取信息处理费0.00元" in html

    def test_sections_too_long_is_a_form_error(self, client_of, orgs, clerk_a, report):
        response = client_of(clerk_a).post(
            url("sections", orgs["dept"]), {"overview": "长" * 20_001}
        )
        assert response.status_code == 200 and "不能超过 20000 字" in response.content.decode()

    def test_office_returns_with_a_reason(self, client_of, orgs, office, report):
        write(report)
        services.report_submit(report=report, actor=None)
        client = client_of(office)
        response = client.post(url("return", orgs["dept"]), {"note": ""}, follow=True)
        assert "请填写此项。" in messages_of(response)
        response = client.post(url("return", orgs["dept"]), {"note": "数据有误"}, follow=True)
        assert "已退回该年度报告" in messages_of(response)[0]
        report.refresh_from_db()
        assert report.status == "draft"

    def test_get_on_a_post_only_action_is_405(self, client_of, orgs, clerk_a, report):
        assert client_of(clerk_a).get(url("submit", orgs["dept"])).status_code == 405


class TestExports:
    def test_each_format(self, client_of, orgs, clerk_a, application):
        application(received_on=D(2025, 3, 3), closed_on=D(2025, 3, 20), outcome="granted")
        client = client_of(clerk_a)
        response = client.get(url("export", orgs["dept"], 2025, "json"))
        assert json.loads(response.content)["table3"]["granted"]["total"] == 1
        response = client.get(url("export", orgs["dept"], 2025, "xlsx"))
        assert "attachment" in response["Content-Disposition"]
        assert load_workbook(io.BytesIO(response.content)).sheetnames == ["表二", "表三", "表四"]
        response = client.get(url("export", orgs["dept"], 2025, "docx"))
        assert len(Document(io.BytesIO(response.content)).tables) == 3
        response = client.get(url("export", orgs["dept"], 2025, "html"))
        assert response["Content-Type"].startswith("text/html")
        assert "<h1>示例县民政局2025年政府信息公开工作年度报告</h1>" in response.content.decode()


class TestOverview:
    def test_marked_as_summary_and_exported_as_summary(self, client_of, orgs, office, application):
        application(received_on=D(2025, 3, 3), closed_on=D(2025, 3, 20), outcome="granted")
        application(received_on=D(2025, 4, 3), organisation=orgs["other_dept"])
        client = client_of(office)
        html = client.get(OVERVIEW, {"year": 2025}).content.decode()
        assert "汇总数据，非正式报表" in html
        assert "<caption>汇总（非正式报表）：三、收到和处理政府信息公开申请情况</caption>" in html
        assert "示例县财政局" in html
        response = client.get(OVERVIEW_XLSX, {"year": 2025})
        wb = load_workbook(io.BytesIO(response.content))
        assert wb.sheetnames == ["表三（汇总）", "表四（汇总）"]
        ws = wb["表三（汇总）"]
        assert ws.cell(1, 1).value.startswith("汇总数据，非正式报表")
        assert "不作为任何机关的正式年度报告报表" in ws.cell(2, 1).value
        assert ws.cell(6, 10).value == 2  # new_received, total
        assert "%E9%9D%9E%E6%AD%A3%E5%BC%8F" in response["Content-Disposition"]  # 非正式


class TestStatistics:
    def test_office_dashboard_has_figures_tables_and_chart_data(
        self, client_of, orgs, office, application, calendar
    ):
        application(
            received_on=D(2025, 3, 3),
            closed_on=D(2025, 3, 20),
            outcome="granted",
            unit=orgs["dept"],
            channel="online",
        )
        response = client_of(office).get(STATISTICS, {"year": 2025})
        html = response.content.decode()
        assert response.status_code == 200
        assert '<script id="stats-data" type="application/json">' in html
        assert "reports/echarts.min.js" in html and "reports/charts.js" in html
        assert "各承办单位情况" in html and "示例县民政局" in html
        assert response.context["stats"].totals.received == 1
        data = json.loads(html.split('type="application/json">')[1].split("</script>")[0])
        assert data["channels"][2] == {"name": "网络", "value": 1}

    def test_unit_sees_only_its_own(self, client_of, orgs, other_clerk, application, calendar):
        application(received_on=D(2025, 3, 3), unit=orgs["dept"])
        response = client_of(other_clerk).get(STATISTICS, {"year": 2025})
        assert response.context["stats"].totals.received == 0

    def test_bad_filter_is_an_error_not_a_500(self, client_of, orgs, office):
        response = client_of(office).get(STATISTICS, {"year": "1999", "unit": "abc"})
        assert response.status_code == 200
        assert "请选择有效的" in response.content.decode()
