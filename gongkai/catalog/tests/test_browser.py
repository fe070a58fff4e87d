"""The catalog's main journey in Debian's Chromium: the disclosure office fills in the standard
columns, adds a column under 法定主动公开内容, gives it to 县民政局, and the bureau's clerk
finds it under "本单位栏目" as an empty column."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from conftest import PASSWORD
from gongkai.catalog.models import Claim, Column

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found. Install Debian's Chromium (`make system-deps`).")
    # Playwright's sync API runs an event loop in this thread; the fixtures use the ORM.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=str(CHROMIUM),
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
            )
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _page(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _login(page: Any, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/manage/$"))


def test_office_builds_a_column_and_the_unit_sees_it(
    browser, live_server, site, orgs, office, clerk_a
):
    page = _page(browser, live_server)
    _login(page, "office")
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
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "catalog-claims.png"), full_page=True)

    column = Column.objects.get(name="社会救助")
    assert column.parent.standard_key == "mandated"
    assert Claim.objects.filter(column=column, organisation=orgs["dept"]).exists()
    page.context.close()

    page = _page(browser, live_server)
    _login(page, "clerk_a")
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="本单位栏目").click()
    row = page.get_by_role("row", name=re.compile("社会救助"))
    assert "空白栏目" in row.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "catalog-mine.png"), full_page=True)
    page.context.close()
