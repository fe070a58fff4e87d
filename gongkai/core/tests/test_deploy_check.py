"""Production settings, checked in a fresh process: the test process itself runs with the
test-mode settings (pytest is imported), so only a subprocess sees what production sees."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)

_PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name, None) for name in %r}, default=str))
"""
SECURITY_SETTINGS = [
    "DEBUG",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_HTTPONLY",
    "PASSWORD_HASHERS",
]


def _env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """The caller's environment minus anything that selects test mode or a setting."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GONGKAI_", "PYTEST_", "DJANGO_", "AXES_"))
        and key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        GONGKAI_VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=str(BASE_DIR),
    )
    env.update(overrides)
    return env


def _production(tmp_path: Path, **overrides: str) -> dict[str, str]:
    production = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "gk.example.gov.cn",
    }
    return _env(tmp_path, **{**production, **overrides})


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _settings_in(env: dict[str, str]) -> dict:
    result = _run(["-c", _PRINT_SETTINGS % SECURITY_SETTINGS], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_environment_given_to_subprocesses_is_not_in_test_mode(tmp_path):
    env = _production(tmp_path)

    assert "GONGKAI_TESTING" not in env
    assert not any(key.startswith("PYTEST_") for key in env)


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = _run(
        ["-m", "gongkai.cli", "check", "--deploy", "--fail-level", "WARNING"], _production(tmp_path)
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr and "ERRORS" not in result.stderr


def test_deploy_check_would_catch_a_weak_setup(tmp_path):
    # The same check fails on a short key, so the clean result above means something.
    env = _production(tmp_path, SECRET_KEY="short-key")

    result = _run(["-m", "gongkai.cli", "check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_production_cookies_are_secure_and_hsts_is_on(tmp_path):
    values = _settings_in(_production(tmp_path))

    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    # The fast test-only hasher must never reach production.
    assert "MD5PasswordHasher" not in json.dumps(values["PASSWORD_HASHERS"])


def test_debug_mode_serves_plain_http(tmp_path):
    values = _settings_in(_env(tmp_path, DEBUG="1"))

    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


@pytest.mark.parametrize("secret", [None, ""])
def test_production_without_secret_key_refuses_to_start(tmp_path, secret):
    env = _env(tmp_path, DEBUG="0", ALLOWED_HOSTS="gk.example.gov.cn")
    if secret is not None:
        env["SECRET_KEY"] = secret

    result = _run(["-m", "gongkai.cli", "check"], env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr
