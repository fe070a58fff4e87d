"""The workbench card `{% report_reminder_card %}`: the office sees every unit whose report on
last year is unpublished, a clerk their own unit, with the days left."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory

pytestmark = pytest.mark.django_db
CARD = Template("{% load reports_cards %}{% report_reminder_card %}")


def render(user):
    request = RequestFactory().get("/manage/")
    request.user = user
    return CARD.render(Context({"request": request}))


@time_machine.travel(dt.datetime(2026, 1, 25, 10, tzinfo=dt.UTC), tick=False)
def test_office_and_clerk_cards(orgs, office, clerk_a):
    html = render(office)
    assert "2025年度报告待发布" in html
    assert "示例县民政局" in html and "示例县财政局" in html
    assert "1月31日截止，还剩6天" in html
    mine = render(clerk_a)
    assert "示例县民政局" in mine and "示例县财政局" not in mine


@time_machine.travel(dt.datetime(2026, 2, 3, 10, tzinfo=dt.UTC), tick=False)
def test_overdue_is_marked(orgs, clerk_a):
    assert "已逾期3天" in render(clerk_a)


def test_no_staff_no_card(orgs, django_user_model):
    assert render(django_user_model.objects.create_user("nobody")).strip() == ""
