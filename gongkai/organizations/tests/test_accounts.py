"""Login, logout and password change: Chinese pages, safe redirects, audited writes."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from conftest import OTHER_SITE_HOST, PASSWORD, SITE_HOST
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
LOGOUT = "/accounts/logout/"
PASSWORD_CHANGE = "/accounts/password/"


def _login(client: Client, username: str = "clerk_a", password: str = PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_login_page_is_chinese_and_names_the_site(site):
    response = Client(HTTP_HOST=SITE_HOST).get(LOGIN)

    assert response.status_code == 200
    html = response.content.decode()
    assert "示例县政务公开工作台" in html
    assert "登录名" in html and "密码" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_login_redirects_to_workbench_and_is_audited(clerk_a, orgs, site):
    client = Client(HTTP_HOST=SITE_HOST)

    response = _login(client)

    assert response.status_code == 302
    assert response["Location"] == "/manage/"
    assert client.session[SESSION_KEY] == str(clerk_a.pk)
    event = AuditEvent.objects.get(action="auth.login")
    assert (event.actor_id, event.object_id) == (clerk_a.pk, str(clerk_a.pk))
    assert (event.organisation_id, event.site_id) == (orgs["dept"].pk, site.pk)
    assert event.ip == "127.0.0.1"


def test_login_follows_a_local_next(clerk_a):
    client = Client(HTTP_HOST=SITE_HOST)

    response = _login(client, next="/manage/audit/")

    assert response["Location"] == "/manage/audit/"


@pytest.mark.parametrize(
    "target", ["https://evil.example.com/", "//evil.example.com/manage/", "http://gk.evil.cn/"]
)
def test_login_ignores_an_offsite_next(clerk_a, target):
    client = Client(HTTP_HOST=SITE_HOST)

    form_page = client.get(LOGIN, {"next": target}).content.decode()
    response = _login(client, next=target)

    assert "evil" not in form_page
    assert response["Location"] == "/manage/"


def test_wrong_password_shows_the_chinese_error_and_no_session(clerk_a):
    client = Client(HTTP_HOST=SITE_HOST)

    response = _login(client, password="not-the-password")

    assert response.status_code == 200
    assert "登录名或密码错误" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert not AuditEvent.objects.filter(action="auth.login").exists()


def test_empty_fields_are_reported_in_chinese(site):
    response = Client(HTTP_HOST=SITE_HOST).post(LOGIN, {"username": "", "password": ""})

    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()


def test_a_user_without_staff_role_is_refused_with_a_reason(site, django_user_model):
    django_user_model.objects.create_user(username="nobody", password=PASSWORD)
    client = Client(HTTP_HOST=SITE_HOST)

    response = _login(client, username="nobody")

    assert response.status_code == 200
    assert "没有在岗的工作人员身份" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_staff_of_another_site_is_told_where_to_sign_in(other_office, site):
    client = Client(HTTP_HOST=SITE_HOST)

    response = _login(client, username="other_office")

    assert "此账号属于邻县" in response.content.decode()
    assert SESSION_KEY not in client.session
    # On their own host the same credentials work.
    assert _login(Client(HTTP_HOST=OTHER_SITE_HOST), username="other_office").status_code == 302


def test_signed_in_user_visiting_login_goes_to_workbench(clerk_a, client_of):
    response = client_of(clerk_a).get(LOGIN)

    assert response.status_code == 302
    assert response["Location"] == "/manage/"


def test_logout_by_get_only_asks(clerk_a, client_of):
    client = client_of(clerk_a)

    response = client.get(LOGOUT)

    assert response.status_code == 200
    html = response.content.decode()
    assert "确定要退出" in html and 'method="post"' in html
    assert client.session[SESSION_KEY] == str(clerk_a.pk)
    assert not AuditEvent.objects.filter(action="auth.logout").exists()


def test_logout_by_post_ends_the_session_and_is_audited(clerk_a, client_of, orgs):
    client = client_of(clerk_a)

    response = client.post(LOGOUT, follow=True)

    assert response.redirect_chain[0] == ("/accounts/login/", 302)
    assert "您已安全退出" in response.content.decode()
    assert SESSION_KEY not in client.session
    event = AuditEvent.objects.get(action="auth.logout")
    assert (event.actor_id, event.organisation_id) == (clerk_a.pk, orgs["dept"].pk)
    assert event.note == ""


def test_password_change_needs_login(site):
    response = Client(HTTP_HOST=SITE_HOST).get(PASSWORD_CHANGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/accounts/password/")


def test_password_change_page_is_chinese(clerk_a, client_of):
    html = client_of(clerk_a).get(PASSWORD_CHANGE).content.decode()

    assert "旧密码" in html and "新密码" in html and "新密码确认" in html
    assert "至少 10 位" in html


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("1234567890", "密码只包含数字。"),
        ("password123", "这个密码太常见了。"),
        ("short", "此密码太短，至少要包含 10 个字符。"),
        ("clerk_a-2025", "密码跟 用户名 太相似了。"),
    ],
)
def test_password_change_rejects_weak_passwords_in_chinese(
    clerk_a, client_of, new_password, message
):
    client = client_of(clerk_a)

    response = client.post(
        PASSWORD_CHANGE,
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    clerk_a.refresh_from_db()
    assert clerk_a.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="auth.password_change").exists()


def test_password_change_rejects_a_wrong_old_password(clerk_a, client_of):
    response = client_of(clerk_a).post(
        PASSWORD_CHANGE,
        {
            "old_password": "wrong-old-one",
            "new_password1": "Qingshan-river-88",
            "new_password2": "Qingshan-river-88",
        },
    )

    assert "你的旧密码不正确。请重新输入。" in response.content.decode()


def test_password_change_rejects_a_mismatch(clerk_a, client_of):
    response = client_of(clerk_a).post(
        PASSWORD_CHANGE,
        {
            "old_password": PASSWORD,
            "new_password1": "Qingshan-river-88",
            "new_password2": "Qingshan-river-89",
        },
    )

    assert "输入的两个密码不一致。" in response.content.decode()


def test_good_password_change_is_saved_audited_and_keeps_the_session(clerk_a, client_of, orgs):
    client = client_of(clerk_a)
    elsewhere = client_of(clerk_a)

    response = client.post(
        PASSWORD_CHANGE,
        {
            "old_password": PASSWORD,
            "new_password1": "Qingshan-river-88",
            "new_password2": "Qingshan-river-88",
        },
        follow=True,
    )

    assert response.redirect_chain == [("/accounts/password/done/", 302)]
    assert "密码已修改" in response.content.decode()
    clerk_a.refresh_from_db()
    assert clerk_a.check_password("Qingshan-river-88")
    event = AuditEvent.objects.get(action="auth.password_change")
    assert (event.actor_id, event.object_id) == (clerk_a.pk, str(clerk_a.pk))
    assert (event.organisation_id, event.site_id) == (orgs["dept"].pk, orgs["dept"].site_id)
    # The changing session survives; a session signed in elsewhere with the old hash does not.
    assert client.get(PASSWORD_CHANGE).status_code == 200
    assert elsewhere.get(PASSWORD_CHANGE).status_code == 302
