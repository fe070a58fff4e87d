"""Working-day arithmetic. Pure: calendars are built from chinesecalendar or literal data, no DB.

Every expected date below was counted by hand against the State Council's schedules (the count
is written next to each case), not produced by the code under test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar
import pytest

from gongkai.core.deadlines import (
    Deadline,
    WorkCalendar,
    WorkingDays,
    add_working_days,
    normalise_stops,
    provisional_warning,
    working_days_between,
)

D = dt.date


def _year(year: int) -> list[dt.date]:
    first = D(year, 1, 1)
    return [first + dt.timedelta(days=i) for i in range((D(year + 1, 1, 1) - first).days)]


def _package_calendar(*years: int) -> WorkCalendar:
    return WorkCalendar.from_rows(
        (day, chinese_calendar.is_workday(day)) for year in years for day in _year(year)
    )


CAL = _package_calendar(2025, 2026)


# --- The calendar value -----------------------------------------------------------------------


def test_full_years_are_covered_and_a_partial_year_is_not():
    rows = [(d, d.weekday() < 5) for d in _year(2025)]
    rows += [(D(2027, 1, 1), False)]  # one day of next year set before its schedule is known
    calendar = WorkCalendar.from_rows(rows)
    assert calendar.covered_years == frozenset({2025})
    assert calendar.is_working(D(2027, 1, 1)) is False  # honoured although 2027 is not covered
    assert calendar.is_working(D(2027, 1, 4)) is True  # Monday, weekend rule
    assert calendar.is_working(D(2027, 1, 2)) is False  # Saturday, weekend rule
    assert calendar.missing_years(D(2025, 3, 1), D(2027, 2, 1)) == (2026, 2027)


def test_a_leap_year_needs_366_rows():
    rows = [(d, True) for d in _year(2024)]
    assert WorkCalendar.from_rows(rows).covered_years == frozenset({2024})
    assert WorkCalendar.from_rows(rows[:-1]).covered_years == frozenset()


def test_package_calendar_knows_the_make_up_days():
    assert CAL.is_working(D(2025, 9, 28))  # Sunday, 国庆节调休上班
    assert not CAL.is_working(D(2025, 10, 8))  # Wednesday, 国庆节
    assert CAL.covered_years == frozenset({2025, 2026})


# --- The rule's own example and holiday cases -------------------------------------------------


def test_domain_rule_example_received_monday_before_national_day_2025():
    # 9/23-26 (4), Sun 9/28 make-up (5), 9/29-30 (7), 10/9-10 (9), Sat 10/11 make-up (10),
    # 10/13-17 (15), 10/20-24 (20).
    result = add_working_days(D(2025, 9, 22), 20, CAL)
    assert result == Deadline(due=D(2025, 10, 24), provisional=False, missing_years=())


def test_receipt_day_is_not_counted():
    # Received Friday: day 1 is the next Monday, not the Friday itself.
    assert add_working_days(D(2025, 3, 7), 1, CAL).due == D(2025, 3, 10)
    # Received on a Saturday: day 1 is Monday.
    assert add_working_days(D(2025, 3, 8), 1, CAL).due == D(2025, 3, 10)


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # Spring Festival 2025: Sun 1/26 make-up (1), Mon 1/27 (2), 1/28-2/4 off, 2/5-7 (5).
        (D(2025, 1, 24), 5, D(2025, 2, 7)),
        # ... Sat 2/8 make-up (6), 2/10-14 (11), 2/17-21 (16), 2/24-27 (20).
        (D(2025, 1, 24), 20, D(2025, 2, 27)),
        # Spring Festival 2026: Sat 2/14 make-up (1), 2/15-23 off, 2/24-25 (3).
        (D(2026, 2, 13), 3, D(2026, 2, 25)),
        # ... 2/26-27 (5), Sat 2/28 make-up (6), 3/2-6 (11), 3/9-13 (16), 3/16-19 (20).
        (D(2026, 2, 13), 20, D(2026, 3, 19)),
        # Mid-autumn + National Day 2026: 9/24 (1), 9/25-27 off, 9/28-30 (4), 10/1-7 off,
        # 10/8-9 (6), Sat 10/10 make-up (7), 10/12-16 (12), 10/19-23 (17), 10/26-28 (20).
        (D(2026, 9, 23), 20, D(2026, 10, 28)),
        # Received Saturday 9/19: the next day, Sun 9/20, is a make-up working day.
        (D(2026, 9, 19), 1, D(2026, 9, 20)),
        # New Year 2026: 1/1-3 off, Sun 1/4 make-up is day 1.
        (D(2025, 12, 31), 1, D(2026, 1, 4)),
    ],
)
def test_holiday_periods(start, n, due):
    result = add_working_days(start, n, CAL)
    assert result == Deadline(due=due)


def test_zero_days_is_the_start_itself():
    assert add_working_days(D(2025, 10, 1), 0, CAL) == Deadline(due=D(2025, 10, 1))
    # No day was counted, so no calendar data was needed: not provisional even in 2030.
    assert add_working_days(D(2030, 5, 1), 0, CAL) == Deadline(due=D(2030, 5, 1))


@pytest.mark.parametrize("bad", [-1, -20])
def test_negative_day_counts_are_rejected(bad):
    with pytest.raises(ValueError, match="negative"):
        add_working_days(D(2025, 9, 22), bad, CAL)


@pytest.mark.parametrize("bad", [1.5, "20", True, None])
def test_non_integer_day_counts_are_rejected(bad):
    with pytest.raises(TypeError):
        add_working_days(D(2025, 9, 22), bad, CAL)


def test_a_datetime_is_not_a_date():
    with pytest.raises(TypeError):
        add_working_days(dt.datetime(2025, 9, 22, 9, 0), 1, CAL)


# --- Years without data -----------------------------------------------------------------------


def test_crossing_into_a_year_without_data_is_provisional():
    # Dec 2026 has no holidays after 12/17: 12/18 (1), 12/21-25 (6), 12/28-31 (10); 2027 by
    # weekends only: Fri 1/1 (11), 1/4-8 (16), 1/11-14 (20).
    result = add_working_days(D(2026, 12, 17), 20, CAL)
    assert result == Deadline(due=D(2027, 1, 14), provisional=True, missing_years=(2027,))


def test_a_period_ending_before_the_missing_year_is_not_provisional():
    result = add_working_days(D(2026, 12, 30), 1, CAL)
    assert result == Deadline(due=D(2026, 12, 31), provisional=False, missing_years=())


def test_the_provisional_result_changes_once_the_year_is_known():
    before = add_working_days(D(2026, 12, 31), 1, CAL)
    assert before == Deadline(due=D(2027, 1, 1), provisional=True, missing_years=(2027,))
    holiday_2027 = {D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)}
    rows = [(d, d.weekday() < 5 and d not in holiday_2027) for d in _year(2027)]
    calendar = WorkCalendar.from_rows([*((d, CAL.is_working(d)) for d in _year(2026)), *rows])
    assert add_working_days(D(2026, 12, 31), 1, calendar) == Deadline(due=D(2027, 1, 4))


def test_an_empty_calendar_falls_back_to_weekends_and_names_every_year():
    result = add_working_days(D(2027, 12, 30), 3, WorkCalendar())
    # Fri 12/31 (1), Mon 1/3/2028 (2), Tue 1/4 (3).
    assert result == Deadline(due=D(2028, 1, 4), provisional=True, missing_years=(2027, 2028))


def test_provisional_warning_names_the_years_in_chinese():
    assert provisional_warning((2028, 2027)) == (
        "2027年、2028年的工作日历尚未录入，期限暂按周末推算，仅供参考。"
    )
    assert provisional_warning(()) == ""


# --- Clock stops ------------------------------------------------------------------------------


def test_a_stop_over_working_days_pushes_the_due_date_by_those_days():
    # The stop removes the five working days 10/13-17 (days 11-15 without it), so day 20
    # moves from Fri 10/24 to Fri 10/31.
    result = add_working_days(D(2025, 9, 22), 20, CAL, stops=[(D(2025, 10, 13), D(2025, 10, 17))])
    assert result == Deadline(due=D(2025, 10, 31))


def test_a_stop_over_holidays_only_changes_nothing():
    result = add_working_days(D(2025, 9, 22), 20, CAL, stops=[(D(2025, 10, 1), D(2025, 10, 8))])
    assert result.due == D(2025, 10, 24)


def test_a_stop_covering_a_make_up_day_removes_it():
    # Sun 9/28 was day 5; stopped, day 20 moves one working day to Mon 10/27.
    result = add_working_days(D(2025, 9, 22), 20, CAL, stops=[(D(2025, 9, 27), D(2025, 9, 28))])
    assert result.due == D(2025, 10, 27)


def test_overlapping_stops_are_counted_once():
    stops = [(D(2025, 10, 13), D(2025, 10, 15)), (D(2025, 10, 14), D(2025, 10, 17))]
    assert add_working_days(D(2025, 9, 22), 20, CAL, stops=stops).due == D(2025, 10, 31)
    # The same stop twice is one stop.
    twice = [(D(2025, 10, 13), D(2025, 10, 17))] * 2
    assert add_working_days(D(2025, 9, 22), 20, CAL, stops=twice).due == D(2025, 10, 31)


def test_a_stop_before_the_start_has_no_effect():
    result = add_working_days(D(2025, 9, 22), 20, CAL, stops=[(D(2025, 9, 1), D(2025, 9, 22))])
    assert result.due == D(2025, 10, 24)


def test_stops_may_be_objects_with_start_and_end():
    @dataclass
    class ClockStop:
        start: dt.date
        end: dt.date

    stop = ClockStop(D(2025, 10, 13), D(2025, 10, 17))
    assert add_working_days(D(2025, 9, 22), 20, CAL, stops=[stop]).due == D(2025, 10, 31)


def test_a_stop_ending_before_it_starts_is_rejected():
    with pytest.raises(ValueError, match="ends before"):
        add_working_days(D(2025, 9, 22), 20, CAL, stops=[(D(2025, 10, 17), D(2025, 10, 13))])


def test_normalise_stops_merges_overlapping_and_adjacent_intervals():
    merged = normalise_stops(
        [
            (D(2025, 5, 10), D(2025, 5, 12)),
            (D(2025, 5, 1), D(2025, 5, 3)),
            (D(2025, 5, 4), D(2025, 5, 5)),  # touches the previous one
            (D(2025, 5, 2), D(2025, 5, 2)),  # inside the first
        ]
    )
    assert merged == [(D(2025, 5, 1), D(2025, 5, 5)), (D(2025, 5, 10), D(2025, 5, 12))]


# --- Counting between two dates ---------------------------------------------------------------


def test_between_counts_the_rule_example():
    assert working_days_between(D(2025, 9, 22), D(2025, 10, 24), CAL) == WorkingDays(count=20)
    # The holiday week adds nothing: 10/9 is day 8 as 9/30 was day 7.
    assert working_days_between(D(2025, 9, 22), D(2025, 10, 8), CAL).count == 7


def test_between_is_negative_when_the_end_is_before_the_start():
    assert working_days_between(D(2025, 10, 24), D(2025, 9, 22), CAL).count == -20
    assert working_days_between(D(2025, 10, 24), D(2025, 10, 24), CAL).count == 0


def test_between_respects_stops_and_marks_missing_years():
    stops = [(D(2025, 10, 13), D(2025, 10, 17))]
    assert working_days_between(D(2025, 9, 22), D(2025, 10, 24), CAL, stops).count == 15
    result = working_days_between(D(2026, 12, 17), D(2027, 1, 14), CAL)
    assert result == WorkingDays(count=20, provisional=True, missing_years=(2027,))


def test_add_and_between_agree_over_many_start_dates():
    """A property test without hypothesis: every start date of 2025 and the first half of 2026,
    with and without stops, for day counts from 0 to 30."""
    stop_sets = [(), [(D(2025, 10, 13), D(2025, 10, 17)), (D(2026, 1, 26), D(2026, 2, 6))]]
    start = D(2025, 1, 1)
    checked = 0
    while start < D(2026, 7, 1):
        for stops in stop_sets:
            stopped = {d for a, b in stops for d in _year(a.year) if a <= d <= b}
            previous = start
            for n in (0, 1, 2, 3, 5, 8, 13, 15, 20, 30):
                result = add_working_days(start, n, CAL, stops)
                due = result.due
                assert not result.provisional
                assert working_days_between(start, due, CAL, stops).count == n
                if n:
                    # The due date is itself counted, and the day before it is not yet day n.
                    assert chinese_calendar.is_workday(due) and due not in stopped
                    assert due > previous
                    assert (
                        working_days_between(start, due - dt.timedelta(days=1), CAL, stops).count
                        == n - 1
                    )
                previous = due
                checked += 1
        start += dt.timedelta(days=1)
    assert checked == 546 * 2 * 10


def test_between_agrees_with_the_package_count():
    """An independent oracle: chinesecalendar's own list of workdays in (a, b]."""
    a = D(2025, 1, 1)
    for offset in range(0, 700, 17):
        b = a + dt.timedelta(days=offset)
        expected = len(chinese_calendar.get_workdays(a + dt.timedelta(days=1), b)) if offset else 0
        assert working_days_between(a, b, CAL).count == expected
