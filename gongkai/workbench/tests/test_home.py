"""The workbench home page and its role-filtered navigation."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import SITE_HOST

pytestmark = pytest.mark.django_db


def _nav_labels(response) -> list[str]:
    return [item["label"] for item in response.context["workbench_nav"]]


def test_anonymous_is_sent_to_login(site):
    response = Client(HTTP_HOST=SITE_HOST).get("/manage/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_clerk_sees_their_unit_and_ab_colleagues(client_of, clerk_a, clerk_b, leader, other_clerk):
    response = client_of(clerk_a).get("/manage/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "张明，您好" in html
    assert "本单位：示例县民政局" in html
    assert "李红" in html  # the B角
    assert "王强" in html  # the leader
    assert "赵刚" not in html  # another unit's clerk
    assert "AB角缺位" not in html


def test_inactive_colleague_is_not_listed(client_of, clerk_a, clerk_b):
    clerk_b.staff.is_active = False
    clerk_b.staff.save()
    html = client_of(clerk_a).get("/manage/").content.decode()
    assert "李红" not in html


def test_clerk_navigation_hides_site_wide_entries(client_of, clerk_a):
    labels = _nav_labels(client_of(clerk_a).get("/manage/"))
    assert "工作台首页" in labels
    assert "本单位人员" in labels
    assert "机构管理" not in labels
    assert "AB角缺位" not in labels
    assert "人员管理" not in labels


def test_office_navigation_has_site_wide_entries(client_of, office):
    labels = _nav_labels(client_of(office).get("/manage/"))
    assert "机构管理" in labels
    assert "AB角缺位" in labels
    assert "本单位人员" not in labels


def test_office_sees_site_figures(client_of, office, clerk_a, clerk_b, other_office):
    response = client_of(office).get("/manage/")
    assert response.status_code == 200
    # 县政府, 县政府办, 民政局 (A+B: no gap), 财政局: three gaps.
    assert response.context["gap_count"] == 3
    assert response.context["unit_count"] == 4
    # office, clerk_a, clerk_b; the other site's office is not counted.
    assert response.context["staff_count"] == 3
    html = response.content.decode()
    assert 'href="/manage/ab-gaps/"' in html


def test_staff_of_another_site_is_refused(client_of, other_office, site):
    assert client_of(other_office, host=SITE_HOST).get("/manage/").status_code == 403
