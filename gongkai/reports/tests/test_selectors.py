"""Reads with rules: visibility, the figures from the records, Table 二's normative counts, the
reports still to publish and the county overview."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.organizations.factories import OrganisationFactory
from gongkai.reports import selectors, services
from gongkai.reports.annual import failures

pytestmark = pytest.mark.django_db
D = dt.date


class TestVisibility:
    def test_office_sees_the_site_unit_staff_their_unit(
        self, orgs, office, clerk_a, other_clerk, other_office, admin
    ):
        mine, _ = services.report_get_or_create(organisation=orgs["dept"], year=2025, actor=None)
        theirs, _ = services.report_get_or_create(
            organisation=orgs["other_dept"], year=2025, actor=None
        )
        assert set(selectors.reports_visible_to(office)) == {mine, theirs}
        assert set(selectors.reports_visible_to(admin)) == {mine, theirs}
        assert list(selectors.reports_visible_to(clerk_a)) == [mine]
        assert list(selectors.reports_visible_to(other_clerk)) == [theirs]
        assert not selectors.reports_visible_to(other_office).exists()

    def test_anonymous_sees_nothing(self, orgs):
        from django.contrib.auth.models import AnonymousUser

        services.report_get_or_create(organisation=orgs["dept"], year=2025, actor=None)
        assert not selectors.reports_visible_to(AnonymousUser()).exists()

    def test_reporting_units_leave_out_villages_enterprises_and_inactive_units(
        self, site, orgs, office
    ):
        village = OrganisationFactory(site=site, parent=orgs["dept"], kind="village")
        enterprise = OrganisationFactory(site=site, kind="enterprise", sector="water")
        closed = OrganisationFactory(site=site, kind="department", is_active=False)
        units = set(selectors.reporting_units_visible_to(office))
        assert {orgs["government"], orgs["office"], orgs["dept"], orgs["other_dept"]} <= units
        assert not {village, enterprise, closed} & units


class TestFigures:
    def test_a_partial_disclosure_counts_in_row_partial_of_its_applicant_type(
        self, orgs, application
    ):
        application(
            received_on=D(2025, 3, 3),
            applicant_type="legal_service",
            closed_on=D(2025, 3, 20),
            outcome="partial",
        )
        table = selectors.live_table3(orgs["dept"], 2025)
        assert table["partial"]["legal_service"] == 1
        assert table["partial"]["total"] == 1
        assert table["new_received"]["legal_service"] == 1
        assert sum(table["partial"].values()) == 2  # the cell and the total

    def test_years_of_receipt_and_closing(self, orgs, application):
        # Received 2024, closed 2025: carried over into 2025, handled in 2025.
        application(received_on=D(2024, 12, 20), closed_on=D(2025, 1, 10), outcome="granted")
        # Received 2025, open at 31 Dec: carried forward.
        application(received_on=D(2025, 12, 29), applicant_type="commercial")
        # Received and closed in 2024: not in the 2025 table.
        application(received_on=D(2024, 3, 1), closed_on=D(2024, 3, 20), outcome="granted")
        t24 = selectors.live_table3(orgs["dept"], 2024)
        t25 = selectors.live_table3(orgs["dept"], 2025)
        assert t24["carried_forward"]["total"] == 1
        assert t25["carried_over"]["natural_person"] == 1
        assert t25["granted"]["natural_person"] == 1
        assert t25["new_received"]["commercial"] == 1
        assert t25["carried_forward"]["commercial"] == 1
        assert t25["total_handled"]["total"] == 1

    def test_another_organs_applications_are_not_counted(self, orgs, application):
        application(received_on=D(2025, 3, 3), organisation=orgs["other_dept"])
        assert selectors.live_table3(orgs["dept"], 2025)["new_received"]["total"] == 0

    def test_table4_counts_by_year_filed(self, orgs, remedy):
        remedy("reconsideration", D(2025, 5, 6), "upheld")
        remedy("litigation_direct", D(2025, 7, 1), "pending")
        remedy("litigation_after_reconsideration", D(2024, 12, 30), "corrected")
        table = selectors.live_table4(orgs["dept"], 2025)
        assert table["reconsideration"] == {
            "upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1,
        }  # fmt: skip
        assert table["litigation_direct"]["pending"] == 1
        assert table["litigation_after_reconsideration"]["total"] == 0

    def test_annual_data_without_a_report_is_live_and_checked(self, orgs, application, fee):
        application(received_on=D(2025, 3, 3), closed_on=D(2025, 3, 20), outcome="granted")
        fee("100.00", D(2025, 6, 1))
        data = selectors.annual_data(orgs["dept"], 2025)
        assert data.report is None and not data.frozen
        assert data.table3["granted"]["total"] == 1
        assert data.fees == Decimal("100.00")
        assert data.sections["other"] == "本年度收取信息处理费100.00元。"
        assert data.checks and not failures(data.checks)
        assert data.title == "示例县民政局2025年政府信息公开工作年度报告"

    def test_carried_over_is_checked_against_last_years_stored_report(self, orgs, application):
        application(received_on=D(2024, 12, 20))  # open: carried forward from 2024 into 2025
        last_year, _ = services.report_get_or_create(
            organisation=orgs["dept"], year=2024, actor=None
        )
        # Last year's report as submitted said nothing was carried forward (a hand-made snapshot
        # standing for a report frozen before a late registration).
        table = selectors.live_table3(orgs["dept"], 2024)
        table["carried_forward"] = dict.fromkeys(table["carried_forward"], 0)
        last_year.table3 = table
        last_year.table4 = selectors.live_table4(orgs["dept"], 2024)
        last_year.status = "submitted"
        last_year.save()
        data = selectors.annual_data(orgs["dept"], 2025)
        failed = {c.key: c for c in failures(data.checks)}
        assert failed["t3.carried_over.natural_person"].severity == "warning"
        assert "上年度报告的结转下年度0" in failed["t3.carried_over.natural_person"].message
        assert not data.errors


class TestNormativeCounts:
    def test_issued_repealed_and_valid(self, orgs, normative):
        dept = orgs["dept"]
        normative(dept, D(2023, 5, 1))  # valid
        normative(dept, D(2025, 2, 1))  # issued 2025, valid
        normative(dept, D(2025, 3, 1), validity="amended")  # in force as amended
        normative(dept, D(2022, 1, 1), validity="repealed", repealed_on=D(2025, 6, 30))
        normative(dept, D(2022, 1, 1), validity="expired", expires_on=D(2025, 12, 31))
        normative(dept, D(2022, 1, 1), validity="repealed", repealed_on=D(2026, 1, 5))
        normative(dept, D(2025, 4, 1), status="withdrawn", withdrawal_reason="发布错误")
        normative(dept, D(2026, 1, 2))  # next year's
        normative(orgs["other_dept"], D(2025, 4, 1))  # another organ's
        counts = selectors.normative_counts(dept, 2025)
        assert (counts.issued, counts.repealed, counts.valid) == (2, 2, 4)

    def test_publication_date_stands_in_for_a_missing_written_date(self, orgs, normative):
        from django.utils import timezone

        item = normative(orgs["dept"], D(2025, 1, 1))
        item.written_on = None
        item.published_at = timezone.make_aware(dt.datetime(2025, 12, 31, 23, 30))
        item.save()
        assert selectors.normative_counts(orgs["dept"], 2025).issued == 1
        assert selectors.normative_counts(orgs["dept"], 2026).issued == 0


class TestPending:
    def test_units_without_a_published_report_with_days_left(self, orgs, office, clerk_a):
        rows = selectors.pending_reports_for(office, today=D(2026, 1, 20))
        by_unit = {r.organisation: r for r in rows}
        assert by_unit[orgs["dept"]].deadline == D(2026, 1, 31)
        assert by_unit[orgs["dept"]].days_left == 11
        assert by_unit[orgs["government"]].deadline == D(2026, 3, 31)
        assert by_unit[orgs["government"]].days_left == 70
        assert rows[-1].organisation == orgs["government"]  # the latest deadline last
        assert [r.organisation for r in selectors.pending_reports_for(clerk_a)] == [orgs["dept"]]

    def test_overdue_and_published(self, orgs, office):
        report, _ = services.report_get_or_create(organisation=orgs["dept"], year=2025, actor=None)
        report.status = "published"
        report.table3, report.table4 = {}, {}
        report.save()
        rows = selectors.pending_reports_for(office, today=D(2026, 2, 2))
        units = {r.organisation: r for r in rows}
        assert orgs["dept"] not in units
        assert units[orgs["other_dept"]].overdue and units[orgs["other_dept"]].overdue_days == 2
        assert units[orgs["other_dept"]].state == "未编写"


class TestOverview:
    def test_sums_units_and_uses_frozen_tables(self, orgs, application):
        application(received_on=D(2025, 3, 3), closed_on=D(2025, 3, 9), outcome="granted")
        application(
            received_on=D(2025, 4, 3),
            organisation=orgs["other_dept"],
            applicant_type="research",
        )
        frozen, _ = services.report_get_or_create(
            organisation=orgs["other_dept"], year=2025, actor=None
        )
        services.report_update_sections(report=frozen, actor=None, overview="概况", problems="无")
        services.report_submit(report=frozen, actor=None)
        # Registered after the freeze: counted live for the unit, not in its frozen report.
        application(received_on=D(2025, 5, 5), organisation=orgs["other_dept"])
        overview = selectors.county_overview(orgs["dept"].site, 2025)
        assert overview.table3["new_received"]["total"] == 2
        assert overview.table3["granted"]["natural_person"] == 1
        assert overview.table3["carried_forward"]["research"] == 1
        rows = {r.organisation: r for r in overview.rows}
        assert rows[orgs["other_dept"]].failed_checks == 0
        assert rows[orgs["dept"]].failed_checks is None
        assert rows[orgs["other_dept"]].state == "已报送"
