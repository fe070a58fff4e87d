"""Security headers on public and staff pages, CSRF refusals in Chinese, no inline code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client

pytestmark = pytest.mark.django_db

HOST = "gk.example.gov.cn"


def _csp(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _assert_hardened(response) -> None:
    csp = _csp(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_portal_page_carries_the_security_headers(site):
    response = Client(HTTP_HOST=HOST).get("/")

    assert response.status_code == 200
    _assert_hardened(response)


def test_manage_page_carries_the_security_headers(clerk_a, client_of):
    response = client_of(clerk_a).get("/manage/")

    assert response.status_code == 200
    _assert_hardened(response)


def test_login_page_carries_the_security_headers(site):
    response = Client(HTTP_HOST=HOST).get("/accounts/login/")

    _assert_hardened(response)


def test_error_responses_carry_the_security_headers(site):
    response = Client(HTTP_HOST=HOST).get("/no-such-page-here/")

    assert response.status_code == 404
    _assert_hardened(response)


def test_csrf_middleware_is_on_for_every_request():
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE


def test_login_post_without_token_is_refused_with_a_chinese_page(clerk_a):
    client = Client(HTTP_HOST=HOST, enforce_csrf_checks=True)

    response = client.post(
        "/accounts/login/", {"username": "clerk_a", "password": "Gongkai-test-2025"}
    )

    assert response.status_code == 403
    html = response.content.decode()
    assert "提交未被接受" in html
    assert "浏览器没有提供安全校验 Cookie" in html
    assert SESSION_KEY not in client.session
    _assert_hardened(response)


def test_a_stale_token_is_explained(clerk_a):
    client = Client(HTTP_HOST=HOST, enforce_csrf_checks=True)
    client.get("/accounts/login/")  # sets the CSRF cookie

    response = client.post(
        "/accounts/login/",
        {"username": "clerk_a", "password": "x", "csrfmiddlewaretoken": "A" * 64},
    )

    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_staff_post_without_token_is_refused(clerk_a, client_of):
    client = client_of(clerk_a)
    client.handler.enforce_csrf_checks = True

    response = client.post("/accounts/logout/")

    assert response.status_code == 403
    assert "提交未被接受" in response.content.decode()
    assert client.session[SESSION_KEY] == str(clerk_a.pk)


def test_login_with_the_token_from_the_form_works(clerk_a):
    client = Client(HTTP_HOST=HOST, enforce_csrf_checks=True)
    page = client.get("/accounts/login/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    response = client.post(
        "/accounts/login/",
        {"username": "clerk_a", "password": "Gongkai-test-2025", "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302


# --- The CSP forbids inline code, so no template may contain any --------------------------

_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
_INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
_INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)


def _templates() -> list[Path]:
    roots = [
        Path(settings.BASE_DIR) / "templates",
        *Path(settings.BASE_DIR, "gongkai").glob("*/templates"),
    ]
    return sorted(p for root in roots for p in root.rglob("*.html"))


def test_templates_exist_to_scan():
    assert any(p.name == "login.html" for p in _templates())


@pytest.mark.parametrize(
    "pattern", [_INLINE_SCRIPT, _INLINE_STYLE, _INLINE_HANDLER], ids=["script", "style", "on*"]
)
def test_no_template_has_inline_code(pattern):
    offenders = [
        f"{path.relative_to(settings.BASE_DIR)}: {match.group(0).strip()}"
        for path in _templates()
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


def test_the_inline_code_patterns_catch_what_they_should():
    assert _INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not _INLINE_SCRIPT.search('<script src="/static/js/a.js" defer></script>')
    assert _INLINE_STYLE.search('<p style="color:red">')
    assert _INLINE_STYLE.search("<style>p{}</style>")
    assert _INLINE_HANDLER.search('<a onclick="x()">')
    assert not _INLINE_HANDLER.search('<a href="/" class="button">')
