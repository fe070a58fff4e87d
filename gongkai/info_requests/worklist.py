"""What the workbench shows about the clock: list rows with working days left (for any filtered
set of applications, not only the open ones), and the clock facts of one application.

Reads only. The days-left rule is the selector's (`open_requests_by_days_left`); the stops are
the services' (`clock_stops`), resolved by the pure deadline functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from gongkai.core.calendar import load_calendar
from gongkai.core.deadlines import provisional_warning

from . import deadlines
from .models import InfoRequest
from .selectors import OpenRequestRow, open_requests_by_days_left
from .services._base import clock_stops, corrected_on
from .states import CLOCK_STATUSES


def request_rows(user: Any, qs: QuerySet[InfoRequest], *, today: dt.date) -> list[OpenRequestRow]:
    """`qs` (already narrowed to what `user` sees) as rows: open applications with a running
    clock first, the fewest working days left first; then the rest, newest first."""
    open_rows = {row.info_request.pk: row for row in open_requests_by_days_left(user, today=today)}
    rank = {pk: position for position, pk in enumerate(open_rows)}
    rows = [
        open_rows.get(ir.pk) or OpenRequestRow(ir, None, False, False, False)
        for ir in qs.select_related("organisation", "unit")
    ]
    rows.sort(
        key=lambda r: (
            r.days_left is None,
            rank.get(r.info_request.pk, 0) if r.days_left is not None else 0,
            -r.info_request.submitted_on.toordinal(),
            -r.info_request.pk,
        )
    )
    return rows


@dataclass(frozen=True)
class ListRow:
    """A list row for the page: the selector's row and the overdue count as a positive number."""

    row: OpenRequestRow

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)

    @property
    def overdue_days(self) -> int:
        return -self.row.days_left if self.row.days_left is not None and self.row.overdue else 0


@dataclass(frozen=True)
class StopView:
    start: dt.date
    end: dt.date  # the day it ended, or the furthest it can run while open
    basis: str
    running: bool


@dataclass(frozen=True)
class ClockView:
    due_on: dt.date | None
    days_left: int | None
    overdue: bool
    warning: bool
    provisional: bool
    provisional_text: str
    # A stop is still open: the due date is the latest the clock can reach (ADR 0008).
    at_the_latest: bool
    clock_start: dt.date | None
    restarted: bool  # the clock counts from the corrected application
    stops: tuple[StopView, ...]


def clock_view(info_request: InfoRequest, *, today: dt.date) -> ClockView:
    calendar = load_calendar()
    stops: list[StopView] = []
    for stop in clock_stops(info_request):
        first, last = deadlines.resolve_stops([stop], calendar).intervals[0]
        stops.append(StopView(first, last, stop.basis, stop.end is None))
    due = info_request.due_on
    open_clock = info_request.closed_on is None and info_request.status in CLOCK_STATUSES
    days_left = overdue = warning = None
    missing: set[int] = set(info_request.due_missing_years or [])
    if due is not None and open_clock:
        left = deadlines.days_left(today, due, calendar)
        days_left = left.count
        overdue = today > due
        warning = overdue or deadlines.needs_warning(left.count)
        missing |= set(left.missing_years)
    corrected = corrected_on(info_request)
    start: dt.date | None = None
    if info_request.received_on is not None:
        start = deadlines.clock_start(info_request.received_on, corrected)
    return ClockView(
        due_on=due,
        days_left=days_left,
        overdue=bool(overdue),
        warning=bool(warning),
        provisional=info_request.due_provisional or bool(missing),
        provisional_text=provisional_warning(missing),
        at_the_latest=open_clock and any(s.running for s in stops),
        clock_start=start,
        restarted=corrected is not None,
        stops=tuple(stops),
    )
