"""The demo reports: built on the demo county from the demo applications, and idempotent."""

from __future__ import annotations

import pytest

from gongkai.core.models import AuditEvent
from gongkai.info_requests import demo as requests_demo
from gongkai.organizations import demo as org_demo
from gongkai.reports import demo, selectors
from gongkai.reports.annual import failures
from gongkai.reports.models import AnnualReport


@pytest.fixture
def county(calendar):
    site = org_demo.build_demo().site
    requests_demo.load_demo(site)
    return site


def test_demo_reports_and_a_second_run(county):
    first = demo.load_demo(county)
    assert first.created == 4 and first.skipped == 0
    reports = {r.organisation.code: r for r in AnnualReport.objects.filter(site=county)}
    assert set(reports) == {"SLXZF", "SLXMZJ", "SLXCZJ", "SLXCGJD"}
    government = reports["SLXZF"]
    assert government.status == "draft" and government.year == 2025
    assert government.section_overview.startswith("2025年，示例县人民政府")
    assert government.table2["normative_valid"] == 41
    data = selectors.annual_data(government.organisation, 2025)
    assert data.table3["new_received"]["total"] >= 10
    assert data.table4["reconsideration"]["total"] >= 1
    assert not failures(data.checks)
    assert reports["SLXCZJ"].status == "submitted" and reports["SLXCZJ"].is_frozen
    events = AuditEvent.objects.filter(action__startswith="report.").count()

    second = demo.load_demo(county)
    assert second.created == 0 and second.skipped == 4
    assert AuditEvent.objects.filter(action__startswith="report.").count() == events
