"""Fixtures for the 依申请公开 tests: the working-day calendar, valid applicant data, and
helpers that bring an application to a given step through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import chinese_calendar
import pytest

from gongkai.core.models import CalendarDay, CalendarSource
from gongkai.info_requests import services as svc
from gongkai.info_requests.factories import make_id_number
from gongkai.info_requests.models import InfoRequest

D = dt.date
RECEIVED = D(2025, 9, 22)  # Monday; 20 working days → Fri 2025-10-24
APPROVED_ON = D(2025, 10, 20)
SERVED_ON = D(2025, 10, 21)

PERSON: dict[str, Any] = {
    "applicant_type": "natural_person",
    "applicant_name": "王小明",
    "id_type": "id_card",
    "id_number": make_id_number(7),
    "phone": "13912345678",
    "email": "wxm@example.com",
    "address": "示例县人民路8号",
    "postcode": "272000",
    "description": "2024年示例县城乡最低生活保障资金发放明细",
    "provision_form": "paper",
    "delivery_method": "post",
}


def _year(year: int) -> list[dt.date]:
    first = D(year, 1, 1)
    return [first + dt.timedelta(days=i) for i in range((D(year + 1, 1, 1) - first).days)]


@pytest.fixture
def calendar(db: Any) -> None:
    """2024–2026 as chinesecalendar has them (2027 stays uncovered: provisional)."""
    CalendarDay.objects.bulk_create(
        CalendarDay(
            date=day,
            is_working=chinese_calendar.is_workday(day),
            source=CalendarSource.CHINESECALENDAR,
        )
        for year in (2024, 2025, 2026)
        for day in _year(year)
    )


@pytest.fixture
def register(site: Any, orgs: Any, office: Any, calendar: None) -> Callable[..., InfoRequest]:
    def make(
        *,
        channel: str = "in_person",
        submitted_on: dt.date = RECEIVED,
        actor: Any = None,
        **overrides: Any,
    ) -> InfoRequest:
        registration = svc.info_request_register(
            site=site,
            channel=channel,
            submitted_on=submitted_on,
            actor=actor or office,
            organisation=overrides.pop("organisation", orgs["dept"]),
            **{**PERSON, **overrides},
        )
        return registration.info_request

    return make


@pytest.fixture
def drafting(register: Any, orgs: Any, office: Any, clerk_a: Any) -> Callable[..., InfoRequest]:
    """An application dispatched to 示例县民政局 and signed for by its A角."""

    def make(**kwargs: Any) -> InfoRequest:
        info_request = register(**kwargs)
        svc.info_request_dispatch(info_request=info_request, unit=orgs["dept"], actor=office)
        return svc.info_request_accept(info_request=info_request, actor=clerk_a)

    return make


@pytest.fixture
def drafted(drafting: Any, clerk_a: Any) -> Callable[..., InfoRequest]:
    """An application with a granted reply drafted."""

    def make(**kwargs: Any) -> InfoRequest:
        info_request = drafting(**kwargs)
        return svc.info_request_draft_reply(
            info_request=info_request,
            outcome="granted",
            reply_content="经审查，您申请的信息属于可以公开的政府信息，现予以提供。",
            actor=clerk_a,
        )

    return make


@pytest.fixture
def approved(drafted: Any, clerk_a: Any, office: Any) -> Callable[..., InfoRequest]:
    def make(approved_on: dt.date = APPROVED_ON, **kwargs: Any) -> InfoRequest:
        info_request = drafted(**kwargs)
        svc.info_request_submit_reply(info_request=info_request, actor=clerk_a)
        svc.info_request_review(info_request=info_request, passed=True, actor=office)
        return svc.info_request_approve(
            info_request=info_request, approved=True, actor=office, approved_on=approved_on
        )

    return make


@pytest.fixture
def served(approved: Any, clerk_a: Any) -> Callable[..., InfoRequest]:
    def make(served_on: dt.date = SERVED_ON, **kwargs: Any) -> InfoRequest:
        info_request = approved(**kwargs)
        svc.info_request_serve(
            info_request=info_request, method="in_person", served_on=served_on, actor=clerk_a
        )
        info_request.refresh_from_db()
        return info_request

    return make
