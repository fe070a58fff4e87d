"""Helpers of every app's browser journeys: Debian's Chromium driven by Playwright. The
`browser` fixture that starts it is in the root conftest.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

from conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"


def screenshot(page: Any, name: str) -> None:
    """Saved for people to look at; nothing asserts on screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def new_page(browser: Any, base_url: str) -> Any:
    """A page in a fresh browser context (its own cookies and cache: another person)."""
    context = browser.new_context(
        base_url=base_url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def log_in(page: Any, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/manage/")
