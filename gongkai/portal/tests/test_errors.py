"""The friendly Chinese error pages that every part of the site falls back on."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory

from conftest import SITE_HOST
from gongkai.portal import views


@pytest.mark.django_db
def test_404_is_a_friendly_chinese_page_in_the_portal_shell(site):
    response = Client(HTTP_HOST=SITE_HOST).get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert "返回首页" in html
    assert "网站标识码" in html  # the portal footer


@pytest.mark.django_db
def test_403_shows_the_reason_inside_the_workbench(client_of, clerk_a):
    response = client_of(clerk_a).get("/manage/ab-gaps/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "您的角色无权进行此操作。" in html
    assert "返回工作台首页" in html


@pytest.mark.django_db
def test_403_of_a_staff_member_on_another_sites_host(client_of, other_office, site):
    response = client_of(other_office).get("/manage/")
    assert response.status_code == 403
    assert "此账号不属于本站点" in response.content.decode()


@pytest.mark.django_db
def test_permission_denied_without_a_chinese_message_gets_a_default(site):
    request = RequestFactory().get("/x/", HTTP_HOST=SITE_HOST)
    request.site = site
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = views.permission_denied(request, PermissionDenied("CSRF failed"))
    assert response.status_code == 403
    assert "您无权访问此页面。" in response.content.decode()


@pytest.mark.django_db
def test_api_paths_get_json_errors(site):
    response = Client(HTTP_HOST=SITE_HOST).get("/api/v1/no-such-endpoint")
    assert response.status_code == 404
    assert response.json() == {"detail": "您访问的页面不存在或已被移除，请检查网址是否正确。"}


def test_server_error_needs_neither_request_context_nor_database():
    # No db fixture: any query here would fail the test.
    request = RequestFactory().get("/jg/")
    response = views.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器暂时出现问题" in html
    assert 'lang="zh-CN"' in html
    assert "/static/css/gongkai.css" in html
