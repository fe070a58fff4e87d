"""Every write to a report: who may, what it changes, what it refuses (changing nothing), and
the audit event it leaves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.models import AuditEvent
from gongkai.organizations.factories import OrganisationFactory
from gongkai.publications import services as item_services
from gongkai.publications.models import Item
from gongkai.reports import selectors, services
from gongkai.reports.models import AnnualReport, ReportReminder

pytestmark = pytest.mark.django_db
D = dt.date


def events(action):
    return AuditEvent.objects.filter(action=f"report.{action}")


@pytest.fixture
def report(orgs, clerk_a):
    report, _ = services.report_get_or_create(organisation=orgs["dept"], year=2025, actor=clerk_a)
    return report


def written(report):
    services.report_update_sections(
        report=report, actor=None, overview="全年主动公开信息。", problems="栏目更新不够及时。"
    )
    return AnnualReport.objects.get(pk=report.pk)


class TestStart:
    def test_creates_a_draft_with_format_fees_and_normative_counts(
        self, orgs, clerk_a, fee, normative
    ):
        fee("120.00", D(2025, 5, 1))
        fee("30.50", D(2024, 5, 1))  # last year's
        normative(orgs["dept"], D(2025, 2, 1))
        report, created = services.report_get_or_create(
            organisation=orgs["dept"], year=2025, actor=clerk_a
        )
        assert created and report.status == "draft" and report.format_version == "2021"
        assert report.site_id == orgs["dept"].site_id
        assert report.section_other == "本年度收取信息处理费120.00元。"
        assert report.fees_collected == Decimal("120.00")
        assert report.table2["normative_issued"] == 1
        assert report.table2["normative_valid"] == 1
        assert report.table2["fees_amount"] == "0"
        assert report.table3 is None and report.table4 is None
        event = events("create").get()
        assert event.actor_id == clerk_a.pk and event.organisation_id == orgs["dept"].pk

    def test_second_call_returns_the_same_report(self, orgs, report, office):
        again, created = services.report_get_or_create(
            organisation=orgs["dept"], year=2025, actor=office
        )
        assert again == report and not created
        assert events("create").count() == 1

    def test_office_may_start_any_units_report_a_clerk_only_their_own(
        self, orgs, office, other_clerk
    ):
        _, created = services.report_get_or_create(
            organisation=orgs["other_dept"], year=2025, actor=office
        )
        assert created
        with pytest.raises(PermissionDenied, match="只能为本单位创建"):
            services.report_get_or_create(organisation=orgs["dept"], year=2025, actor=other_clerk)

    def test_other_site_is_refused(self, orgs, other_office):
        with pytest.raises(PermissionDenied, match="其他站点"):
            services.report_get_or_create(organisation=orgs["dept"], year=2025, actor=other_office)
        assert not AnnualReport.objects.exists()

    @pytest.mark.parametrize(
        ("year", "message"), [(2020, "旧的报表格式"), (2099, "尚未开始"), ("2025", "整数")]
    )
    def test_bad_years_are_refused(self, orgs, year, message):
        with pytest.raises(ValidationError, match=message):
            services.report_get_or_create(organisation=orgs["dept"], year=year, actor=None)

    def test_village_and_inactive_units_are_refused(self, site, orgs):
        village = OrganisationFactory(site=site, parent=orgs["dept"], kind="village")
        with pytest.raises(ValidationError, match="村居不需要编制"):
            services.report_get_or_create(organisation=village, year=2025, actor=None)
        closed = OrganisationFactory(site=site, kind="department", is_active=False)
        with pytest.raises(ValidationError, match="已停用"):
            services.report_get_or_create(organisation=closed, year=2025, actor=None)
        assert not AnnualReport.objects.exists()


class TestSections:
    def test_update_and_audit_by_length(self, report, clerk_b):
        services.report_update_sections(
            report=report, actor=clerk_b, overview="  第一段。\r\n第二段。  ", problems="无"
        )
        report.refresh_from_db()
        assert report.section_overview == "第一段。\n第二段。"
        event = events("update_sections").get()
        assert event.changes["section_overview"] == ["0 字", "9 字"]
        assert event.actor_id == clerk_b.pk

    def test_no_change_no_event(self, report, clerk_a):
        services.report_update_sections(report=report, actor=clerk_a, other=report.section_other)
        assert not events("update_sections").exists()

    def test_too_long_is_refused_and_nothing_written(self, report, clerk_a):
        with pytest.raises(ValidationError) as error:
            services.report_update_sections(
                report=report, actor=clerk_a, overview="好", problems="长" * 20_001
            )
        assert "不能超过 20000 字" in error.value.message_dict["problems"][0]
        report.refresh_from_db()
        assert report.section_overview == ""

    @pytest.mark.parametrize("persona", ["office", "other_clerk"])
    def test_only_the_units_staff_write(self, request, report, persona):
        with pytest.raises(PermissionDenied, match="只有本单位的工作人员"):
            services.report_update_sections(
                report=report, actor=request.getfixturevalue(persona), overview="x"
            )

    def test_not_after_submission(self, report, clerk_a):
        services.report_submit(report=written(report), actor=clerk_a)
        with pytest.raises(ValidationError, match="只有草稿的报告"):
            services.report_update_sections(report=report, actor=clerk_a, overview="改")


class TestTable2:
    def test_entries_are_set_and_audited(self, report, clerk_a):
        services.report_update_table2(
            report=report,
            actor=clerk_a,
            values={"licensing_decisions": 12, "fees_amount": Decimal("3.2500")},
        )
        report.refresh_from_db()
        assert report.table2["licensing_decisions"] == 12
        assert report.table2["fees_amount"] == "3.2500"
        assert report.table2["penalty_decisions"] == 0  # untouched
        assert events("update_table2").get().changes["licensing_decisions"] == [0, 12]

    @pytest.mark.parametrize(
        ("values", "field", "message"),
        [
            ({"penalty_decisions": -1}, "penalty_decisions", "0到"),
            ({"penalty_decisions": 1.5}, "penalty_decisions", "整数"),
            ({"penalty_decisions": True}, "penalty_decisions", "整数"),
            ({"fees_amount": "abc"}, "fees_amount", "不是有效的金额"),
            ({"fees_amount": "-0.1"}, "fees_amount", "不小于0"),
            ({"fees_amount": "1.23456"}, "fees_amount", "最多保留4位小数"),
            ({"fees_amount": 0.1}, "fees_amount", "十进制数"),
            ({"fees_amount": "NaN"}, "fees_amount", "不小于0"),
            ({"fees_amount": "100000000"}, "fees_amount", "过大"),
        ],
    )
    def test_bad_values_change_nothing(self, report, clerk_a, values, field, message):
        values = {"licensing_decisions": 5, **values}
        with pytest.raises(ValidationError) as error:
            services.report_update_table2(report=report, actor=clerk_a, values=values)
        assert message in error.value.message_dict[field][0]
        report.refresh_from_db()
        assert report.table2["licensing_decisions"] == 0
        assert not events("update_table2").exists()

    def test_unknown_entry_is_refused(self, report, clerk_a):
        with pytest.raises(ValidationError, match="表二没有这些项目"):
            services.report_update_table2(report=report, actor=clerk_a, values={"budget": 1})

    def test_fill_normative_from_items(self, orgs, report, clerk_a, normative):
        normative(orgs["dept"], D(2025, 2, 1))
        normative(orgs["dept"], D(2020, 2, 1), validity="repealed", repealed_on=D(2025, 3, 1))
        services.report_fill_normative(report=report, actor=clerk_a)
        report.refresh_from_db()
        assert (
            report.table2["normative_issued"],
            report.table2["normative_repealed"],
            report.table2["normative_valid"],
        ) == (1, 1, 1)
        assert events("fill_normative").get().changes["normative_repealed"] == [0, 1]


class TestRefreshSubmitReturn:
    def test_refresh_stores_checks_and_follows_the_fees(self, report, clerk_a, fee):
        fee("50.00", D(2025, 8, 1))
        services.report_refresh(report=report, actor=clerk_a)
        report.refresh_from_db()
        assert report.fees_collected == Decimal("50.00")
        assert report.section_other == "本年度收取信息处理费50.00元。"
        assert report.checks and all(c["ok"] for c in report.checks)
        assert report.refreshed_at is not None
        assert events("refresh").get().note == "校验全部通过"

    def test_refresh_keeps_a_rewritten_section_six(self, report, clerk_a, fee):
        services.report_update_sections(report=report, actor=clerk_a, other="另见附件。")
        fee("50.00", D(2025, 8, 1))
        services.report_refresh(report=report, actor=clerk_a)
        report.refresh_from_db()
        assert report.section_other == "另见附件。"

    def test_submit_freezes_the_tables(self, orgs, report, clerk_a, application):
        application(received_on=D(2025, 3, 3), closed_on=D(2025, 3, 9), outcome="partial")
        report = written(report)
        services.report_submit(report=report, actor=clerk_a)
        report.refresh_from_db()
        assert report.status == "submitted" and report.submitted_by == clerk_a
        assert report.table3["partial"]["natural_person"] == 1
        assert report.frozen_at is not None
        assert events("submit").get().note == "新收1件，办结1件，结转0件"
        # A record added afterwards does not change the submitted report.
        application(received_on=D(2025, 6, 3))
        data = selectors.annual_data(orgs["dept"], 2025)
        assert data.frozen and data.table3["new_received"]["total"] == 1
        assert selectors.live_table3(orgs["dept"], 2025)["new_received"]["total"] == 2

    def test_submit_needs_sections_one_and_five(self, report, clerk_a):
        with pytest.raises(ValidationError, match="一、总体情况、五、存在的主要问题"):
            services.report_submit(report=report, actor=clerk_a)
        report.refresh_from_db()
        assert report.status == "draft" and report.table3 is None

    def test_submit_refused_while_a_check_fails(self, report, clerk_a):
        report = written(report)
        AnnualReport.objects.filter(pk=report.pk).update(
            table2={**report.table2, "penalty_decisions": -3}
        )
        with pytest.raises(ValidationError, match=r"校验未通过，不能报送.*行政处罚"):
            services.report_submit(report=report, actor=clerk_a)
        assert AnnualReport.objects.get(pk=report.pk).status == "draft"

    def test_office_returns_a_submitted_report(self, report, clerk_a, office):
        services.report_submit(report=written(report), actor=clerk_a)
        with pytest.raises(PermissionDenied, match="只有政务公开办公室"):
            services.report_return(report=report, actor=clerk_a, note="x")
        with pytest.raises(ValidationError):
            services.report_return(report=report, actor=office, note="  ")
        services.report_return(report=report, actor=office, note="表二收费金额有误")
        report.refresh_from_db()
        assert report.status == "draft" and report.table3 is None and report.frozen_at is None
        assert events("return").get().note == "表二收费金额有误"

    def test_a_draft_cannot_be_returned(self, report, office):
        with pytest.raises(ValidationError, match="只有已报送的报告"):
            services.report_return(report=report, actor=office, note="x")


class TestPublish:
    def test_publish_creates_an_item_for_review(self, orgs, report, clerk_a, annual_column):
        services.report_submit(report=written(report), actor=clerk_a)
        item = services.report_publish(report=report, actor=clerk_a)
        assert item.status == "pending"
        assert item.organisation == orgs["dept"]
        assert list(item.columns.all()) == [annual_column]
        assert item.title == "示例县民政局2025年政府信息公开工作年度报告"
        assert item.genre == "report"
        assert "<h2>三、收到和处理政府信息公开申请情况</h2>" in item.body_html
        assert 'rowspan="22"' in item.body_html and "全年主动公开信息。" in item.body_html
        report.refresh_from_db()
        assert report.published_item == item and report.status == "submitted"
        assert events("publish").get().changes["published_item"] == [None, item.pk]
        assert selectors.publication_state(report) == "发布审核中"
        with pytest.raises(ValidationError, match="已在发布审核中"):
            services.report_publish(report=report, actor=clerk_a)

    def test_leader_approval_publishes_and_the_sweep_records_it(
        self, orgs, report, clerk_a, leader, annual_column
    ):
        services.report_submit(report=written(report), actor=clerk_a)
        item = services.report_publish(report=report, actor=clerk_a)
        item_services.item_approve(item=item, actor=leader, secrecy_confirmed=True)
        report.refresh_from_db()
        assert selectors.is_published(report)
        assert services.report_sync_publication(report=report) is True
        assert services.report_sync_publication(report=report) is False
        report.refresh_from_db()
        assert report.status == "published" and report.published_at is not None
        assert events("published").count() == 1

    def test_rejected_item_is_updated_and_resubmitted(self, report, clerk_a, leader, annual_column):
        services.report_submit(report=written(report), actor=clerk_a)
        item = services.report_publish(report=report, actor=clerk_a)
        item_services.item_reject(item=item, actor=leader, note="请补充解读")
        again = services.report_publish(report=report, actor=clerk_a)
        assert again.pk == item.pk and again.status == "pending"
        assert Item.objects.count() == 1
        assert events("republish").exists()

    def test_publish_needs_the_column_and_a_submitted_report(self, report, clerk_a):
        with pytest.raises(ValidationError, match="只有已报送的报告"):
            services.report_publish(report=report, actor=clerk_a)
        services.report_submit(report=written(report), actor=clerk_a)
        with pytest.raises(ValidationError, match="还没有“政府信息公开年报”栏目"):
            services.report_publish(report=report, actor=clerk_a)
        assert not Item.objects.exists()

    def test_office_cannot_publish_for_the_unit(self, report, clerk_a, office, annual_column):
        services.report_submit(report=written(report), actor=clerk_a)
        with pytest.raises(PermissionDenied):
            services.report_publish(report=report, actor=office)
        assert not Item.objects.exists()


class TestReminders:
    def test_sweep_sends_each_stage_once(self, site, orgs):
        first = services.report_reminders_send(today=D(2026, 1, 25))
        second = services.report_reminders_send(today=D(2026, 1, 25))
        by_unit = {r.organisation: r for r in first}
        assert by_unit[orgs["dept"]].stage == "due_7"
        assert by_unit[orgs["dept"]].days_left == 6
        assert orgs["government"] not in by_unit  # 31 Mar is 65 days away
        assert "应于2026年01月31日前发布（还剩6天）" in by_unit[orgs["dept"]].message
        assert second == []
        assert ReportReminder.objects.filter(organisation=orgs["dept"]).count() == 1
        assert events("reminder").count() == len(first)
        overdue = services.report_reminders_send(today=D(2026, 2, 3))
        assert {r.stage for r in overdue if r.organisation == orgs["dept"]} == {"overdue"}

    def test_published_report_gets_no_reminder(self, site, orgs):
        report, _ = services.report_get_or_create(organisation=orgs["dept"], year=2025, actor=None)
        AnnualReport.objects.filter(pk=report.pk).update(status="published", table3={}, table4={})
        sent = services.report_reminders_send(today=D(2026, 1, 30), site=site)
        assert orgs["dept"] not in {r.organisation for r in sent}
        assert orgs["other_dept"] in {r.organisation for r in sent}
