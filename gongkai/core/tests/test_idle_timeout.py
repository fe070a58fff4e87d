"""IdleTimeoutMiddleware: a staff session ends after 30 idle minutes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import override_settings
from django.utils import timezone

from gongkai.core.middleware import SESSION_LAST_SEEN
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

# A page only a signed-in user may see.
PAGE = "/accounts/password/"


@pytest.fixture
def traveller():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_thirty_one_idle_minutes_log_out_with_a_chinese_message(traveller, clerk_a, client_of):
    client = client_of(clerk_a)
    assert client.get(PAGE).status_code == 200

    traveller.shift(dt.timedelta(minutes=31))
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/password/"
    assert SESSION_KEY not in client.session
    login_page = client.get(response["Location"]).content.decode()
    assert "您已超过 30 分钟未操作" in login_page
    event = AuditEvent.objects.get(action="auth.logout")
    assert event.actor_id == clerk_a.pk
    assert event.note == "空闲超时，系统自动退出"


def test_twenty_nine_minutes_keep_the_session_and_activity_extends_it(
    traveller, clerk_a, client_of
):
    client = client_of(clerk_a)
    client.get(PAGE)

    for _ in range(3):  # 87 minutes in all, never 30 idle
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get(PAGE).status_code == 200

    assert client.session[SESSION_KEY] == str(clerk_a.pk)
    assert not AuditEvent.objects.filter(action="auth.logout").exists()


def test_the_clock_starts_at_login(traveller, clerk_a, client_of):
    client = client_of(clerk_a)  # signs in, opens nothing

    traveller.shift(dt.timedelta(minutes=31))

    assert client.get(PAGE).status_code == 302


def test_last_seen_is_written_at_most_once_a_minute(traveller, clerk_a, client_of):
    client = client_of(clerk_a)
    first = client.session[SESSION_LAST_SEEN]

    traveller.shift(dt.timedelta(seconds=30))
    client.get(PAGE)
    assert client.session[SESSION_LAST_SEEN] == first

    traveller.shift(dt.timedelta(seconds=31))
    client.get(PAGE)
    assert client.session[SESSION_LAST_SEEN] == first + 61


@override_settings(GONGKAI_STAFF_IDLE_MINUTES=5)
def test_the_limit_comes_from_settings(traveller, clerk_a, client_of):
    client = client_of(clerk_a)

    traveller.shift(dt.timedelta(minutes=6))
    response = client.get(PAGE, follow=True)

    assert "您已超过 5 分钟未操作" in response.content.decode()


def test_api_paths_are_not_redirected_but_the_session_ends(traveller, clerk_a, client_of):
    client = client_of(clerk_a)
    assert client.get("/api/v1/me").status_code == 200

    traveller.shift(dt.timedelta(minutes=31))
    response = client.get("/api/v1/me")

    assert response.status_code == 401
    assert "Location" not in response
    assert SESSION_KEY not in client.session


def test_htmx_requests_get_a_full_page_redirect(traveller, clerk_a, client_of):
    client = client_of(clerk_a)

    traveller.shift(dt.timedelta(minutes=31))
    response = client.get(PAGE, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/"
    assert SESSION_KEY not in client.session


def test_anonymous_visitors_are_untouched(traveller, site, citizen):
    citizen.get("/")
    traveller.shift(dt.timedelta(hours=2))

    response = citizen.get(PAGE)

    assert response["Location"] == "/accounts/login/?next=/accounts/password/"
    assert SESSION_LAST_SEEN not in citizen.session
