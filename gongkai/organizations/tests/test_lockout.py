"""Five wrong passwords lock the account name for the cool-off; the lockout is audited once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD, SITE_HOST
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _attempt(client: Client, password: str, username: str = "clerk_a"):
    return client.post(LOGIN, {"username": username, "password": password})


def _fail(client: Client, times: int, username: str = "clerk_a") -> list[int]:
    return [_attempt(client, f"wrong-{i}", username).status_code for i in range(times)]


def test_settings_match_the_requirement():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username"]


def test_fifth_wrong_password_locks_the_account(clerk_a, orgs, site):
    client = Client(HTTP_HOST=SITE_HOST)

    codes = _fail(client, 4)
    assert codes == [200, 200, 200, 200]
    assert not AuditEvent.objects.filter(action="auth.lockout").exists()

    fifth = _attempt(client, "wrong-again")

    assert fifth.status_code == 429
    html = fifth.content.decode()
    assert "账号已临时锁定" in html
    assert "15 分钟后再试" in html
    event = AuditEvent.objects.get(action="auth.lockout")
    assert (event.organisation_id, event.site_id) == (orgs["dept"].pk, site.pk)
    assert event.organisation_name == "示例县民政局"
    assert (event.object_id, event.object_repr) == (str(clerk_a.pk), "clerk_a")
    assert event.actor_id is None
    assert event.ip == "127.0.0.1"
    assert "连续 5 次登录失败" in event.note


def test_locked_account_refuses_the_right_password_until_cool_off(clerk_a):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client = Client(HTTP_HOST=SITE_HOST)
        _fail(client, 5)

        traveller.shift(dt.timedelta(minutes=5))
        refused = _attempt(client, PASSWORD)
        assert refused.status_code == 429
        assert "账号已临时锁定" in refused.content.decode()
        assert SESSION_KEY not in client.session
        # Another browser (another IP or agent) does not get round a per-account lock.
        other = Client(HTTP_HOST=SITE_HOST, REMOTE_ADDR="10.9.8.7", HTTP_USER_AGENT="other")
        assert _attempt(other, PASSWORD).status_code == 429

        # Attempts during the lock do not extend it: 15 minutes after the fifth failure it ends.
        traveller.shift(dt.timedelta(minutes=10, seconds=1))
        response = _attempt(client, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/manage/"
    assert client.session[SESSION_KEY] == str(clerk_a.pk)


def test_lockout_is_audited_once_not_per_refused_attempt(clerk_a):
    client = Client(HTTP_HOST=SITE_HOST)

    codes = _fail(client, 8)
    _attempt(client, PASSWORD)

    assert codes[4:] == [429, 429, 429, 429]
    assert AuditEvent.objects.filter(action="auth.lockout").count() == 1


def test_lock_is_per_account_not_per_address(clerk_a, clerk_b):
    client = Client(HTTP_HOST=SITE_HOST)
    _fail(client, 5)

    # A colleague behind the same office NAT address still signs in.
    response = _attempt(client, PASSWORD, username="clerk_b")

    assert response.status_code == 302


def test_success_resets_the_failure_count(clerk_a):
    client = Client(HTTP_HOST=SITE_HOST)
    _fail(client, 4)
    assert _attempt(client, PASSWORD).status_code == 302
    client.post("/accounts/logout/")

    codes = _fail(client, 4)

    assert codes == [200, 200, 200, 200]


def test_unknown_account_name_lockout_is_audited_on_the_site(site):
    client = Client(HTTP_HOST=SITE_HOST)

    codes = _fail(client, 5, username="no-such-person")

    assert codes[-1] == 429
    event = AuditEvent.objects.get(action="auth.lockout")
    assert (event.site_id, event.organisation_id) == (site.pk, None)
    assert event.object_repr == "no-such-person"
