"""The 无障碍/适老化 switch: a cookie of known <html> classes, toggled by links, safe redirects."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import SITE_HOST
from gongkai.portal.a11y import modes_from_cookie, toggle

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal() -> Client:
    return Client(HTTP_HOST=SITE_HOST)


def _html_tag(client: Client) -> str:
    html = client.get("/").content.decode()
    return html[html.index("<html") : html.index(">", html.index("<html")) + 1]


def test_large_text_sets_the_cookie_and_the_html_class(portal, site):
    response = portal.get("/a11y/", {"mode": "large", "next": "/jg/"})
    assert response.status_code == 302
    assert response["Location"] == "/jg/"
    cookie = response.cookies["gk_a11y"]
    assert cookie.value == "a11y-large"
    assert cookie["max-age"] == 365 * 24 * 3600
    assert cookie["samesite"] == "Lax"
    assert 'class="a11y-large"' in _html_tag(portal)


def test_modes_combine_and_toggle_off(portal, site):
    portal.get("/a11y/", {"mode": "large"})
    portal.get("/a11y/", {"mode": "contrast"})
    assert 'class="a11y-large a11y-contrast"' in _html_tag(portal)
    portal.get("/a11y/", {"mode": "large"})
    assert 'class="a11y-contrast"' in _html_tag(portal)
    response = portal.get("/a11y/", {"mode": "off"})
    assert response.cookies["gk_a11y"].value == ""
    assert 'class=""' in _html_tag(portal)


def test_the_switch_shows_its_state(portal, site):
    assert "恢复默认" not in portal.get("/").content.decode()
    portal.get("/a11y/", {"mode": "contrast"})
    html = portal.get("/").content.decode()
    assert "恢复默认" in html
    assert '高对比度<span class="visually-hidden">（已开启）</span>' in html


@pytest.mark.parametrize(
    "next_url", ["https://evil.example.com/", "//evil.example.com/", "javascript:alert(1)"]
)
def test_unsafe_next_goes_home(portal, site, next_url):
    response = portal.get("/a11y/", {"mode": "large", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_unknown_mode_is_a_clear_400(portal, site):
    response = portal.get("/a11y/", {"mode": "huge"})
    assert response.status_code == 400
    assert "无效的显示模式" in response.content.decode()
    assert "gk_a11y" not in response.cookies


def test_a_forged_cookie_cannot_inject_markup(portal, site):
    portal.cookies["gk_a11y"] = '"><script>alert(1)</script> a11y-large'
    tag = _html_tag(portal)
    assert tag == '<html lang="zh-CN" class="a11y-large">'


def test_toggle_is_pure():
    assert toggle([], "large") == ["a11y-large"]
    assert toggle(["a11y-large"], "contrast") == ["a11y-large", "a11y-contrast"]
    assert toggle(["a11y-large", "a11y-contrast"], "large") == ["a11y-contrast"]
    assert toggle(["a11y-large"], "off") == []
    assert modes_from_cookie('"a11y-contrast a11y-large"') == ["a11y-large", "a11y-contrast"]
    assert modes_from_cookie(None) == []
