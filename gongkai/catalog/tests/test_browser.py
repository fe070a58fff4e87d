"""The catalog's main journey in Debian's Chromium: the disclosure office fills in the standard
columns, adds a column under 法定主动公开内容, gives it to 县民政局, and the bureau's clerk
finds it under "本单位栏目" as an empty column."""

from __future__ import annotations

import re

import pytest

from gongkai.catalog.models import Claim, Column
from gongkai.core.tests.browsing import log_in, new_page, screenshot

pytestmark = pytest.mark.browser


def test_office_builds_a_column_and_the_unit_sees_it(
    browser, live_server, site, orgs, office, clerk_a
):
    page = new_page(browser, live_server.url)
    log_in(page, "office")
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="公开目录").click()
    page.wait_for_url(re.compile(r"/manage/catalog/"))
    page.get_by_role("button", name="补齐本单位标准栏目").click()
    assert page.get_by_text("已补齐标准栏目 4 个").is_visible()

    page.get_by_role("link", name="在 法定主动公开内容 下新增栏目").click()
    page.get_by_label("栏目名称").fill("社会救助")
    page.get_by_label("更新类别").select_option("notice_policy")
    page.get_by_label("内容要求").fill("低保、特困、临时救助的政策和名单")
    page.get_by_role("button", name="保存").click()
    assert page.get_by_text("已新增栏目“社会救助”").is_visible()

    page.get_by_role("link", name="社会救助 的认领单位").click()
    page.get_by_label("认领单位").select_option(label="\u3000示例县民政局")
    page.get_by_role("button", name="认领").click()
    assert page.get_by_text("“示例县民政局”已认领栏目“社会救助”").is_visible()
    screenshot(page, "catalog-claims")

    column = Column.objects.get(name="社会救助")
    assert column.parent.standard_key == "mandated"
    assert Claim.objects.filter(column=column, organisation=orgs["dept"]).exists()
    page.context.close()

    page = new_page(browser, live_server.url)
    log_in(page, "clerk_a")
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="本单位栏目").click()
    row = page.get_by_role("row", name=re.compile("社会救助"))
    assert "空白栏目" in row.inner_text()
    screenshot(page, "catalog-mine")
    page.context.close()
