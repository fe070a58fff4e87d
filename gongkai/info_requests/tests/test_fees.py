"""Information processing fee (信息处理费), 国办函〔2020〕109号: every band edge, by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import chinese_calendar
import pytest

from gongkai.core.deadlines import WorkCalendar
from gongkai.info_requests.fees import (
    FeeMethod,
    fee_for,
    payment_due,
    per_application_fee,
    per_page_fee,
)


@pytest.mark.parametrize(
    ("n", "fee"),
    [
        (1, 0),
        (10, 0),  # the first ten of a month are free
        (11, 100),  # 11–30: ¥100 each
        (30, 100),
        (31, 200),  # 31–40: ¥200 each
        (40, 200),
        (41, 300),  # 41–50: ¥300 each
        (50, 300),
        (51, 400),  # and ¥100 more per band of ten
        (60, 400),
        (61, 500),
        (101, 900),  # band 101–110 is the 8th band after 30: 100 + 8 × 100
    ],
)
def test_per_application_fee_is_the_band_rate(n: int, fee: int) -> None:
    assert per_application_fee(n) == Decimal(fee)
    assert isinstance(per_application_fee(n), Decimal)


def test_a_month_of_fifty_applications() -> None:
    # 10 × 0 + 20 × 100 + 10 × 200 + 10 × 300 = 0 + 2000 + 2000 + 3000 = 7000
    assert sum(per_application_fee(n) for n in range(1, 51)) == Decimal(7000)


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, 0),
        (1, 0),
        (30, 0),  # pages 1–30 free
        (31, 10),  # 1 page × ¥10
        (100, 700),  # 70 pages (31..100) × ¥10
        (101, 720),  # 700 + 1 × ¥20
        (200, 2700),  # 700 + 100 pages (101..200) × ¥20 = 700 + 2000
        (201, 2740),  # 700 + 2000 + 1 × ¥40
        (250, 4700),  # 700 + 2000 + 50 × ¥40 = 700 + 2000 + 2000
    ],
)
def test_per_page_fee_is_progressive(pages: int, fee: int) -> None:
    assert per_page_fee(pages) == Decimal(fee)


@pytest.mark.parametrize("bad", [0, -1, True, 1.5, "3", None])
def test_application_number_must_be_a_positive_integer(bad: object) -> None:
    with pytest.raises(ValueError, match="当月申请序号"):
        per_application_fee(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [-1, False, 31.0, "31"])
def test_pages_must_be_a_non_negative_integer(bad: object) -> None:
    with pytest.raises(ValueError, match="页数"):
        per_page_fee(bad)  # type: ignore[arg-type]


def test_fee_for_each_method() -> None:
    assert fee_for(FeeMethod.PER_APPLICATION, n_in_month=11) == Decimal(100)
    assert fee_for("per_volume", pages=101) == Decimal(720)
    assert FeeMethod.PER_APPLICATION.label == "按件计收"
    assert FeeMethod.PER_VOLUME.label == "按量计收"


def test_fee_for_refuses_both_methods_for_one_application() -> None:
    for method in FeeMethod:
        with pytest.raises(ValueError, match="不得同时适用"):
            fee_for(method, n_in_month=11, pages=101)


def test_fee_for_needs_its_methods_count() -> None:
    with pytest.raises(ValueError, match="申请序号"):
        fee_for(FeeMethod.PER_APPLICATION, pages=40)
    with pytest.raises(ValueError, match="页数"):
        fee_for(FeeMethod.PER_VOLUME, n_in_month=12)
    with pytest.raises(ValueError, match="未知的收费方式"):
        fee_for("per_kilo", pages=3)


def _calendar(year: int) -> WorkCalendar:
    first = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - first).days
    dates = [first + dt.timedelta(days=i) for i in range(days)]
    return WorkCalendar.from_rows((d, chinese_calendar.is_workday(d)) for d in dates)


def test_payment_due_counts_20_working_days_from_the_day_after_receipt() -> None:
    # Notice received Mon 2025-09-22: Sun 09-28 and Sat 10-11 are make-up working days, 10-01..08
    # are holidays, so the 20th working day is Fri 2025-10-24 (decisions table's example).
    due = payment_due(dt.date(2025, 9, 22), _calendar(2025))
    assert due.due == dt.date(2025, 10, 24)
    assert not due.provisional


def test_payment_due_over_spring_festival() -> None:
    # Received Mon 2025-01-20. Counted: 01-21..24 (4), Sun 01-26 make-up (5), 01-27 (6),
    # 01-28..02-04 holiday, 02-05..07 (9), Sat 02-08 make-up (10), 02-10..14 (15),
    # 02-17..21 (20).
    assert payment_due(dt.date(2025, 1, 20), _calendar(2025)).due == dt.date(2025, 2, 21)


def test_payment_due_into_an_uncovered_year_is_provisional() -> None:
    # 2026 is not in the calendar: weekends only. 12-11,12 (2), 15–19 (7), 22–26 (12),
    # 29–31 (15), 2026-01-01,02 (17), 01-05,06,07 (20).
    due = payment_due(dt.date(2025, 12, 10), _calendar(2025))
    assert due.due == dt.date(2026, 1, 7)
    assert due.provisional
    assert due.missing_years == (2026,)
