"""The reply clock of an application (答复期限). Pure: dates, stop records and a WorkCalendar in,
dates out; no ORM, no "today" unless passed.

The rules (domain-rules 1.3, 1.4 and the decisions table; counting by core.deadlines, so the
receipt day itself is never counted):

* 20 working days from receipt (Art. 33), or from the receipt of the corrected application:
  a correction (补正, Art. 30) restarts the clock from zero.
* Clock stops are not counted. A consultation of a third party (Art. 32) or of a co-maker
  (Art. 34) stops the clock from the day the letter is sent until the answer arrives or 15
  working days pass, whichever is first. A fee notice stops it from the day it is sent until the
  fee is paid, at most until the 20-working-day payment period (counted from the day after the
  applicant received the notice) runs out. Both ends of a stop are inside it.
* One extension of at most 20 working days (Art. 33 para. 2) continues the count after the
  original due date, stops still excluded.
* An Art. 35 custom deadline (mass or repeated requests with reasonable reasons) replaces the
  computed date.

While a stop is still open its furthest possible end is used, so the stored due date is the
latest the clock could reach; recording the answer or the payment pulls it in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from gongkai.casework.clock import ClockStop, ResolvedStops, due_after, resolve_stops
from gongkai.core.deadlines import (
    Deadline,
    WorkCalendar,
    WorkingDays,
    add_working_days,
    working_days_between,
)

__all__ = ["ClockStop", "ResolvedStops", "resolve_stops"]
from gongkai.info_requests.fees import PAYMENT_WORKING_DAYS

REPLY_WORKING_DAYS = 20  # Art. 33 para. 2
MAX_EXTENSION_WORKING_DAYS = 20  # Art. 33 para. 2
CORRECTION_NOTICE_WORKING_DAYS = 7  # Art. 30: the single notice within 7 working days
CONSULTATION_WORKING_DAYS = 15  # Art. 32 and 34
# The workbench warns when this many working days or fewer are left.
WARN_WORKING_DAYS_LEFT = 5


def consultation_stop(sent_on: dt.date, answered_on: dt.date | None, basis: str = "") -> ClockStop:
    """Third-party or co-maker consultation: from sending until the answer, at most 15 WD."""
    return ClockStop(sent_on, answered_on, CONSULTATION_WORKING_DAYS, None, basis)


def fee_stop(
    sent_on: dt.date,
    notice_received_on: dt.date | None,
    paid_on: dt.date | None,
    basis: str = "",
) -> ClockStop:
    """Fee notice: from sending until payment, at most until the payment period ends (counted
    from the day after the applicant received the notice; the sending day if not known)."""
    return ClockStop(sent_on, paid_on, PAYMENT_WORKING_DAYS, notice_received_on or sent_on, basis)


def clock_start(received_on: dt.date, corrected_on: dt.date | None) -> dt.date:
    """The day the reply clock counts from: the corrected application's receipt, if any."""
    return corrected_on if corrected_on is not None else received_on


def due_date(
    received_on: dt.date,
    corrected_on: dt.date | None,
    stops: Iterable[ClockStop],
    extension_days: int,
    calendar: WorkCalendar,
    custom_due: dt.date | None = None,
) -> Deadline:
    """The last day to reply. `received_on` is the original receipt date; `corrected_on` the
    receipt of the corrected application (the clock restarts from it)."""
    if custom_due is not None:
        return Deadline(custom_due)
    if isinstance(extension_days, bool) or not isinstance(extension_days, int):
        raise TypeError("extension_days must be an int")
    if not 0 <= extension_days <= MAX_EXTENSION_WORKING_DAYS:
        raise ValueError(f"an extension is 0 to {MAX_EXTENSION_WORKING_DAYS} working days")
    return due_after(
        clock_start(received_on, corrected_on), REPLY_WORKING_DAYS + extension_days, stops, calendar
    )


def original_due_date(
    received_on: dt.date,
    corrected_on: dt.date | None,
    stops: Iterable[ClockStop],
    calendar: WorkCalendar,
) -> Deadline:
    """The due date without the extension: an extension must be notified before it."""
    return due_date(received_on, corrected_on, stops, 0, calendar)


def correction_deadline(received_on: dt.date, calendar: WorkCalendar) -> Deadline:
    """The last day to send the single correction notice (Art. 30: 7 working days)."""
    return add_working_days(received_on, CORRECTION_NOTICE_WORKING_DAYS, calendar)


def consultation_deadline(sent_on: dt.date, calendar: WorkCalendar) -> Deadline:
    """The last day a consulted party's answer still stops the clock."""
    return add_working_days(sent_on, CONSULTATION_WORKING_DAYS, calendar)


def days_left(today: dt.date, due: dt.date, calendar: WorkCalendar) -> WorkingDays:
    """Working days from `today` to `due`: 0 on the due date itself, negative once overdue
    (-1 on the first working day after it)."""
    return working_days_between(today, due, calendar)


def needs_warning(left: int) -> bool:
    """The workbench highlights applications with 5 working days or fewer left (or overdue)."""
    return left <= WARN_WORKING_DAYS_LEFT
