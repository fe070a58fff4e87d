"""Browser journeys: Debian's Chromium, driven by Playwright, against a live server.

The live server's host is "localhost", which matches no site, so the default site (示例县)
serves it. Screenshots go to var/screenshots/ for people to look at; nothing asserts on them.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from conftest import PASSWORD
from gongkai.core.tests.browsing import screenshot as _screenshot

pytestmark = pytest.mark.browser

CJK_FONT = re.compile(
    r"WenQuanYi|文泉|Noto Sans CJK|Noto Serif CJK|Droid Sans Fallback|PingFang|YaHei"
)


def _is_cjk(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("CJK UNIFIED IDEOGRAPH")


def test_clerk_logs_in_and_uses_the_workbench_by_keyboard(page, site, orgs, clerk_a, clerk_b):
    page.goto("/accounts/login/")
    page.get_by_label("登录名").fill("clerk_a")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    page.wait_for_url(re.compile(r"/manage/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "工作台"
    assert page.get_by_text("本单位：示例县民政局").is_visible()
    assert page.get_by_role("cell", name="李红").is_visible()
    _screenshot(page, "workbench-home-clerk")

    # The first Tab stop on a fresh page is the skip link, and it moves focus to <main>.
    page.locator("body").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Reach a navigation entry by Tab alone and follow it with Enter.
    page.locator("body").focus()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "API 令牌":
            break
    else:
        pytest.fail("Tab never reached the navigation entry API 令牌")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/manage/api-tokens/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "API 令牌"
    nav = page.get_by_role("navigation", name="工作台导航")
    assert nav.get_by_role("link", name="AB角缺位").count() == 0


def test_portal_home_renders_chinese_with_a_cjk_font(page, site, orgs):
    page.goto("/")
    heading = page.locator("h1")
    text = heading.inner_text()
    assert text == "示例县政府信息公开"
    _screenshot(page, "portal-home")
    page.set_viewport_size({"width": 390, "height": 844})
    _screenshot(page, "portal-home-mobile")

    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})
    node = cdp.send("DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": "h1"})
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]

    cjk_chars = sum(1 for ch in text if _is_cjk(ch))
    assert cjk_chars > 0
    cjk_fonts = [f for f in fonts if CJK_FONT.search(f["familyName"])]
    assert cjk_fonts, f"no CJK font rendered the heading: {fonts}"
    # Every glyph of the all-Chinese heading comes from a CJK font: no fallback to a Latin-only
    # face (which would draw tofu boxes).
    assert sum(f["glyphCount"] for f in cjk_fonts) == len(text)
    assert all(CJK_FONT.search(f["familyName"]) for f in fonts), fonts


def test_large_text_switch_enlarges_the_body_font(page, site):
    page.goto("/")

    def body_font_px() -> float:
        return float(page.evaluate("getComputedStyle(document.body).fontSize").removesuffix("px"))

    before = body_font_px()
    page.get_by_role("link", name="大字版").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.className") == "a11y-large"
    after = body_font_px()
    assert after >= before * 1.2, (before, after)
    _screenshot(page, "portal-home-large")

    page.get_by_role("link", name="高对比度").click()
    page.wait_for_load_state()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    _screenshot(page, "portal-home-contrast")
    page.get_by_role("link", name="恢复默认").click()
    page.wait_for_load_state()
    assert body_font_px() == before
