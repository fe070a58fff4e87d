"""The reports' main journey in Debian's Chromium: the office opens the statistics dashboard and
ECharts draws every chart under the site's Content Security Policy (data from json_script
blocks, no inline code, nothing refused); a clerk opens the unit's report, starts it and sees
the tables and the checks."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from gongkai.core.tests.browsing import log_in, new_page

pytestmark = pytest.mark.browser
D = dt.date


def _page(browser: Any, live_server: Any, problems: list[str]) -> Any:
    """A page that records console errors and warnings and uncaught exceptions in `problems`."""
    page = new_page(browser, live_server.url)
    page.on(
        "console",
        lambda msg: problems.append(msg.text) if msg.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return page


def test_office_sees_the_charts_drawn_under_csp(
    browser, live_server, orgs, office, application, calendar
):
    for month, channel in ((3, "online"), (5, "post"), (9, "in_person")):
        application(
            received_on=D(2025, month, 3),
            closed_on=D(2025, month, 20),
            outcome="granted" if month != 5 else "partial",
            unit=orgs["dept"] if month != 9 else orgs["other_dept"],
            channel=channel,
        )
    problems: list[str] = []
    page = _page(browser, live_server, problems)
    log_in(page, "office")
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="统计分析").click()
    page.get_by_label("年度", exact=True).select_option("2025")
    page.get_by_role("button", name="统计").click()
    page.wait_for_selector("[data-chart='units'][data-drawn='true']")
    assert page.locator("[data-chart][data-drawn='true']").count() == 4
    assert page.locator("[data-chart='months'] canvas").count() >= 1
    # The same figures are on the page as a table.
    table = page.get_by_role("table", name="各承办单位情况")
    assert table.get_by_role("row", name=re.compile("示例县民政局")).is_visible()
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    assert not problems, problems


def test_clerk_starts_the_report_and_sees_tables_and_checks(
    browser, live_server, orgs, clerk_a, application
):
    application(received_on=D(2025, 3, 3), closed_on=D(2025, 3, 20), outcome="partial")
    problems: list[str] = []
    page = _page(browser, live_server, problems)
    log_in(page, "clerk_a")
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="年度报告").click()
    page.get_by_label("年度", exact=True).select_option("2025")
    page.get_by_role("button", name="查看").click()
    page.get_by_role("link", name=re.compile("示例县民政局2025年度报告")).click()
    page.get_by_role("button", name="开始编写本年度报告").click()
    assert page.get_by_text("已创建示例县民政局2025年度报告草稿。").is_visible()
    table3 = page.get_by_role("table", name="三、收到和处理政府信息公开申请情况")
    row = table3.get_by_role("row", name=re.compile("部分公开"))
    assert row.get_by_role("cell").first.inner_text() == "1"
    assert page.get_by_text("全部通过").is_visible()
    assert not problems, problems
