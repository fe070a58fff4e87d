"""Working-day arithmetic over the working-day calendar (工作日历). Pure: no ORM, no clock.

The rules (docs/domain-rules.md, "Decisions for gongkai"):

* The day a period starts from is not counted. Day 1 is the first working day *after* `start`
  (the Civil Code's rule that a period starts the day after), so a request received Mon
  2025-09-22 has its 20th working day on Fri 2025-10-24.
* A working day is whatever the calendar says; make-up days (调休上班) on a weekend count.
* A clock stop (不计入期限的期间: consultation, fee notice, ...) is an inclusive date interval;
  working days inside it are not counted. Overlapping stops are counted once.
* A year the calendar does not cover (the State Council publishes each year's schedule in
  December, and the package lags behind) is computed by weekends alone, and the result says so:
  `provisional=True` with the missing years named. Never an exception, never silent.

`add_working_days(a, n) == b` exactly when `working_days_between(a, b) == n` and `b` is itself a
counted day (or `b == a` with `n == 0`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

ONE_DAY = dt.timedelta(days=1)
# A guard against runaway input, not a legal limit: the longest statutory period we know of in
# working days is well below a year, and a stop spanning decades is a data error.
MAX_WORKING_DAYS = 5000
MAX_SPAN_DAYS = 366 * 30


class StopLike(Protocol):
    """Anything with inclusive `start` and `end` dates, e.g. a ClockStop row."""

    @property
    def start(self) -> dt.date: ...

    @property
    def end(self) -> dt.date: ...


Stop = tuple[dt.date, dt.date] | StopLike


def _days_in_year(year: int) -> int:
    return (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days


def _check_date(value: object, what: str) -> dt.date:
    # datetime is a subclass of date, but would never match a date key of the calendar.
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(f"{what} must be a datetime.date, not {type(value).__name__}")
    return value


@dataclass(frozen=True)
class WorkCalendar:
    """Which dates are working days, for the years the calendar holds.

    `days` may hold dates of a year that is not covered (an administrator set one day of next
    year before its schedule was imported); they are honoured, but the year stays provisional
    until every date of it has a row.
    """

    days: Mapping[dt.date, bool] = field(default_factory=dict, hash=False)
    covered_years: frozenset[int] = frozenset()

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[dt.date, bool]]) -> WorkCalendar:
        """Build from (date, is_working) pairs; a year is covered when every date of it is given."""
        days: dict[dt.date, bool] = {}
        for date, is_working in rows:
            days[_check_date(date, "date")] = bool(is_working)
        per_year: dict[int, int] = {}
        for date in days:
            per_year[date.year] = per_year.get(date.year, 0) + 1
        covered = frozenset(y for y, count in per_year.items() if count == _days_in_year(y))
        return cls(days=days, covered_years=covered)

    def is_working(self, date: dt.date) -> bool:
        known = self.days.get(date)
        if known is not None:
            return known
        return date.weekday() < 5

    def covers(self, year: int) -> bool:
        return year in self.covered_years

    def missing_years(self, first: dt.date, last: dt.date) -> tuple[int, ...]:
        """The years between two dates (inclusive) that the calendar does not cover."""
        if last < first:
            first, last = last, first
        return tuple(y for y in range(first.year, last.year + 1) if y not in self.covered_years)


@dataclass(frozen=True)
class Deadline:
    """The last day of a period, and whether it rests on weekends-only guesses."""

    due: dt.date
    provisional: bool = False
    missing_years: tuple[int, ...] = ()


@dataclass(frozen=True)
class WorkingDays:
    """A count of working days, and whether it rests on weekends-only guesses."""

    count: int
    provisional: bool = False
    missing_years: tuple[int, ...] = ()


def normalise_stops(stops: Iterable[Stop]) -> list[tuple[dt.date, dt.date]]:
    """Sorted, merged, inclusive intervals. Overlapping or touching stops become one."""
    intervals: list[tuple[dt.date, dt.date]] = []
    for stop in stops:
        if isinstance(stop, tuple):
            start, end = stop
        else:
            start, end = stop.start, stop.end
        start = _check_date(start, "stop start")
        end = _check_date(end, "stop end")
        if end < start:
            raise ValueError(f"clock stop ends before it starts: {start}..{end}")
        intervals.append((start, end))
    intervals.sort()
    merged: list[tuple[dt.date, dt.date]] = []
    for start, end in intervals:
        if merged and start <= merged[-1][1] + ONE_DAY:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


class _StopCursor:
    """Answers "is this date stopped?" for dates visited in increasing order, in O(1) each."""

    def __init__(self, stops: list[tuple[dt.date, dt.date]]) -> None:
        self._stops = stops
        self._index = 0

    def stopped(self, date: dt.date) -> bool:
        while self._index < len(self._stops) and self._stops[self._index][1] < date:
            self._index += 1
        return self._index < len(self._stops) and self._stops[self._index][0] <= date


def _counted_days(
    start: dt.date, calendar: WorkCalendar, stops: list[tuple[dt.date, dt.date]]
) -> Iterator[dt.date]:
    """The counted days after `start`, in order: working and not inside a clock stop."""
    cursor = _StopCursor(stops)
    limit = start + dt.timedelta(days=MAX_SPAN_DAYS)
    day = start
    while day < limit:
        day += ONE_DAY
        if calendar.is_working(day) and not cursor.stopped(day):
            yield day
    raise ValueError(f"no end found within {MAX_SPAN_DAYS} days of {start}")


def add_working_days(
    start: dt.date, n: int, calendar: WorkCalendar, stops: Iterable[Stop] = ()
) -> Deadline:
    """The `n`-th counted working day after `start` (the start day itself is never counted).

    `n == 0` gives `start` itself, never provisional: no day was counted, so no calendar data
    was needed. That is what "on the spot" (当场答复) means, and keeps add/between consistent.
    """
    start = _check_date(start, "start")
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int, not {type(n).__name__}")
    if n < 0:
        raise ValueError("the number of working days must not be negative")
    if n > MAX_WORKING_DAYS:
        raise ValueError(f"the number of working days must be at most {MAX_WORKING_DAYS}")
    if n == 0:
        return Deadline(due=start)
    intervals = normalise_stops(stops)
    due = start
    for counted, day in enumerate(_counted_days(start, calendar, intervals), start=1):
        if counted == n:
            due = day
            break
    missing = calendar.missing_years(start + ONE_DAY, due)
    return Deadline(due=due, provisional=bool(missing), missing_years=missing)


def working_days_between(
    a: dt.date, b: dt.date, calendar: WorkCalendar, stops: Iterable[Stop] = ()
) -> WorkingDays:
    """The number of counted working days d with a < d <= b.

    When `b` is before `a` the count is negative: `-working_days_between(b, a)`. So
    `working_days_between(due, today)` is how many working days a case is overdue (positive)
    or how many remain (negative).
    """
    a = _check_date(a, "a")
    b = _check_date(b, "b")
    if b < a:
        result = working_days_between(b, a, calendar, stops)
        return WorkingDays(-result.count, result.provisional, result.missing_years)
    if (b - a).days > MAX_SPAN_DAYS:
        raise ValueError(f"the span {a}..{b} is longer than {MAX_SPAN_DAYS} days")
    if b == a:
        return WorkingDays(count=0)
    cursor = _StopCursor(normalise_stops(stops))
    count = 0
    day = a
    while day < b:
        day += ONE_DAY
        if calendar.is_working(day) and not cursor.stopped(day):
            count += 1
    missing = calendar.missing_years(a + ONE_DAY, b)
    return WorkingDays(count=count, provisional=bool(missing), missing_years=missing)


def provisional_warning(missing_years: Iterable[int]) -> str:
    """The sentence shown next to a provisional result (Chinese UI text)."""
    years = "、".join(f"{y}年" for y in sorted(set(missing_years)))
    if not years:
        return ""
    return f"{years}的工作日历尚未录入，期限暂按周末推算，仅供参考。"
