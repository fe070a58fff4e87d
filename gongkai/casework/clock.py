"""Legal clocks that stop and run (不计入期限的期间). Pure: dates and a WorkCalendar in, dates out.

A stop is an inclusive date interval that a working-day period does not count: a consultation
of a third party, a fee notice waiting for payment, a message's time with the citizen. It ends on
the day recorded, and at the latest after `cap_working_days` counted from `cap_from` (a stop of
15 working days from the party's receipt of the letter). While a stop is still open its furthest
possible end is used, so a due date computed meanwhile is the latest the clock can reach.

Counting itself is core.deadlines' (the start day is not counted; make-up days count).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.core.deadlines import Deadline, WorkCalendar, add_working_days


@dataclass(frozen=True)
class ClockStop:
    """不计入期限的期间: an inclusive interval from `start`.

    `end` is the day the stop ended (answer arrived, fee paid), None while it runs.
    `cap_working_days` counted after `cap_from` (default `start`) is the longest it may run; the
    stop ends at the earlier of `end` and the cap. A stop needs at least one of the two.
    """

    start: dt.date
    end: dt.date | None = None
    cap_working_days: int | None = None
    cap_from: dt.date | None = None
    basis: str = ""

    def __post_init__(self) -> None:
        if self.end is None and self.cap_working_days is None:
            raise ValueError("a clock stop needs an end or a cap")
        if self.end is not None and self.end < self.start:
            raise ValueError(f"clock stop ends before it starts: {self.start}..{self.end}")


@dataclass(frozen=True)
class ResolvedStops:
    intervals: tuple[tuple[dt.date, dt.date], ...]
    missing_years: tuple[int, ...] = ()


def resolve_stops(stops: Iterable[ClockStop], calendar: WorkCalendar) -> ResolvedStops:
    """The stops as closed date intervals, caps applied; the years a cap was guessed for."""
    intervals: list[tuple[dt.date, dt.date]] = []
    missing: set[int] = set()
    for stop in stops:
        ends: list[dt.date] = [] if stop.end is None else [stop.end]
        if stop.cap_working_days is not None:
            cap = add_working_days(stop.cap_from or stop.start, stop.cap_working_days, calendar)
            if stop.end is None or cap.due < stop.end:
                missing.update(cap.missing_years)
            ends.append(cap.due)
        # ClockStop guarantees an end or a cap, so `ends` is never empty.
        intervals.append((stop.start, max(min(ends), stop.start)))
    return ResolvedStops(tuple(sorted(intervals)), tuple(sorted(missing)))


def merge_missing(deadline: Deadline, extra_missing: Iterable[int]) -> Deadline:
    missing = tuple(sorted(set(deadline.missing_years) | set(extra_missing)))
    return Deadline(deadline.due, bool(missing), missing)


def due_after(
    start: dt.date, working_days: int, stops: Iterable[ClockStop], calendar: WorkCalendar
) -> Deadline:
    """The `working_days`-th working day after `start`, the stops not counted."""
    resolved = resolve_stops(stops, calendar)
    deadline = add_working_days(start, working_days, calendar, resolved.intervals)
    return merge_missing(deadline, resolved.missing_years)
