"""Fixtures for the report tests: the working-day calendar, applications and remedies as
records (factories write rows directly: they stand for work already done), published
normative documents, and the standard 年报 column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import chinese_calendar
import pytest

from gongkai.catalog.models import Column
from gongkai.catalog.services import catalog_ensure_standard_columns
from gongkai.core.models import CalendarDay, CalendarSource
from gongkai.info_requests.factories import (
    FeeNoticeFactory,
    InfoRequestFactory,
    LitigationFactory,
    ReconsiderationFactory,
)
from gongkai.info_requests.models import InfoRequest
from gongkai.info_requests.states import Status
from gongkai.publications.models import Item

D = dt.date


def _year(year: int) -> list[dt.date]:
    first = D(year, 1, 1)
    return [first + dt.timedelta(days=i) for i in range((D(year + 1, 1, 1) - first).days)]


@pytest.fixture
def calendar(db: Any) -> None:
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
def application(orgs: Any) -> Callable[..., InfoRequest]:
    """An application addressed to 县民政局 (or `organisation`), closed when `closed_on` and
    `outcome` are given. `due_on` defaults to 20 days after receipt."""

    def make(
        *,
        received_on: dt.date,
        applicant_type: str = "natural_person",
        closed_on: dt.date | None = None,
        outcome: str = "",
        organisation: Any = None,
        unit: Any = None,
        channel: str = "in_person",
        due_on: dt.date | None = None,
    ) -> InfoRequest:
        organisation = organisation or orgs["dept"]
        status = Status.SERVED if closed_on else Status.DRAFTING
        return InfoRequestFactory(
            site=organisation.site,
            organisation=organisation,
            unit=unit,
            status=status,
            channel=channel,
            submitted_on=received_on,
            received_on=received_on,
            applicant_type=applicant_type,
            closed_on=closed_on,
            outcome=outcome,
            due_on=due_on or received_on + dt.timedelta(days=28),
            with_due_date=False,
        )

    return make


@pytest.fixture
def remedy(application: Any) -> Callable[..., Any]:
    def make(kind: str, filed_on: dt.date, result: str = "pending", **kwargs: Any) -> Any:
        request = kwargs.pop("info_request", None) or application(
            received_on=D(2025, 1, 6), closed_on=D(2025, 1, 20), outcome="denied_process"
        )
        decided = None if result == "pending" else filed_on + dt.timedelta(days=30)
        if kind == "reconsideration":
            return ReconsiderationFactory(
                info_request=request, filed_on=filed_on, result=result, decided_on=decided
            )
        suit = "direct" if kind == "litigation_direct" else "after_reconsideration"
        return LitigationFactory(
            info_request=request, kind=suit, filed_on=filed_on, result=result, decided_on=decided
        )

    return make


@pytest.fixture
def fee(application: Any) -> Callable[..., Any]:
    def make(amount: str, paid_on: dt.date, organisation: Any = None) -> Any:
        request = application(
            received_on=paid_on - dt.timedelta(days=10), organisation=organisation
        )
        return FeeNoticeFactory(info_request=request, amount=amount, paid_on=paid_on)

    return make


_serial = iter(range(1, 10**6))


@pytest.fixture
def normative(site: Any) -> Callable[..., Item]:
    """A published normative document of `organisation`."""

    def make(organisation: Any, written_on: dt.date, **fields: Any) -> Item:
        serial = next(_serial)
        return Item.objects.create(
            site=site,
            organisation=organisation,
            title=f"关于规范性文件的通知（{serial}）",
            index_number=f"{organisation.code}/{written_on.year}-{serial:05d}",
            index_year=written_on.year,
            index_seq=serial,
            written_on=written_on,
            is_normative=True,
            validity=fields.pop("validity", "valid"),
            status=fields.pop("status", "published"),
            **fields,
        )

    return make


@pytest.fixture
def annual_column(orgs: Any, office: Any) -> Any:
    """县民政局's four standard columns; returns its 政府信息公开年报 column."""
    catalog_ensure_standard_columns(organisation=orgs["dept"], actor=office)
    return Column.objects.get(organisation=orgs["dept"], standard_key="annual_report")
