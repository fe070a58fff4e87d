"""The reply clock, pure: a calendar built from chinesecalendar, no database.

Every expected date was counted by hand against the State Council's schedules; the count is
written next to each case. 2025: National Day + Mid-autumn off 10-01..10-08, make-up working
days Sun 09-28 and Sat 10-11. 2026: Spring Festival off 02-15..02-23, make-up Sat 02-14 and
Sat 02-28.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from gongkai.core.deadlines import Deadline, WorkCalendar
from gongkai.info_requests.deadlines import (
    ClockStop,
    consultation_deadline,
    consultation_stop,
    correction_deadline,
    days_left,
    due_date,
    fee_stop,
    needs_warning,
    original_due_date,
    resolve_stops,
)

D = dt.date


def _year(year: int) -> list[dt.date]:
    first = D(year, 1, 1)
    return [first + dt.timedelta(days=i) for i in range((D(year + 1, 1, 1) - first).days)]


CAL = WorkCalendar.from_rows(
    (day, chinese_calendar.is_workday(day)) for year in (2025, 2026) for day in _year(year)
)
RECEIVED = D(2025, 9, 22)  # Monday


def test_twenty_working_days_across_national_day_and_make_up_days():
    # 23 24 25 26 | 28(Sun, make-up) 29 30 | 10-09 10 11(Sat, make-up) | 13..17 | 20..24 = 20
    assert due_date(RECEIVED, None, [], 0, CAL) == Deadline(D(2025, 10, 24))


def test_twenty_working_days_across_spring_festival_2026():
    # Fri 02-06: 09..13 (5), 14 Sat make-up (6), 24..27 (10), 28 Sat make-up (11),
    # 03-02..06 (16), 09..12 (20)
    assert due_date(D(2026, 2, 6), None, [], 0, CAL).due == D(2026, 3, 12)


def test_correction_restarts_the_clock_from_zero():
    # corrected Mon 10-13: 14..17 (4), 20..24 (9), 27..31 (14), 11-03..07 (19), 10 (20)
    assert due_date(RECEIVED, D(2025, 10, 13), [], 0, CAL).due == D(2025, 11, 10)


def test_consultation_stops_the_clock_until_the_answer():
    # stop 09-25..09-29 takes 25, 26, 28(make-up), 29: 23 24 (2), 30 (3), 10-09 10 11 (6),
    # 13..17 (11), 20..24 (16), 27..30 (20)
    stops = [consultation_stop(D(2025, 9, 25), D(2025, 9, 29))]
    assert due_date(RECEIVED, None, stops, 0, CAL).due == D(2025, 10, 30)


def test_consultation_without_answer_is_capped_at_fifteen_working_days():
    # sent 09-22; cap = 15th working day after it = 10-17 (23..26, 28..30, 10-09..11, 13..17)
    assert consultation_deadline(D(2025, 9, 22), CAL).due == D(2025, 10, 17)
    # 09-23..10-17 stopped; 10-20..24 (5), 27..31 (10), 11-03..07 (15), 10..14 (20)
    open_stop = [consultation_stop(D(2025, 9, 22), None)]
    late_answer = [consultation_stop(D(2025, 9, 22), D(2025, 10, 31))]
    assert due_date(RECEIVED, None, open_stop, 0, CAL).due == D(2025, 11, 14)
    assert due_date(RECEIVED, None, late_answer, 0, CAL).due == D(2025, 11, 14)


def test_fee_notice_stops_the_clock_until_payment():
    # stop 09-24..10-10: 23 (1), 10-11 Sat make-up (2), 13..17 (7), 20..24 (12), 27..31 (17),
    # 11-03..05 (20)
    stops = [fee_stop(D(2025, 9, 24), D(2025, 9, 26), D(2025, 10, 10))]
    assert due_date(RECEIVED, None, stops, 0, CAL).due == D(2025, 11, 5)


def test_unpaid_fee_stops_the_clock_until_the_payment_period_ends():
    # payment period: 20 working days after receipt of the notice (09-26) = 10-30
    # stop 09-24..10-30: 23 (1), 31 (2), 11-03..07 (7), 10..14 (12), 17..21 (17), 24..26 (20)
    stops = [fee_stop(D(2025, 9, 24), D(2025, 9, 26), None)]
    assert resolve_stops(stops, CAL).intervals == ((D(2025, 9, 24), D(2025, 10, 30)),)
    assert due_date(RECEIVED, None, stops, 0, CAL).due == D(2025, 11, 26)


def test_fee_notice_receipt_unknown_counts_the_payment_period_from_sending():
    stops = [fee_stop(D(2025, 9, 24), None, None)]
    # 20 working days after 09-24: 25 26 28 29 30 (5), 10-09..11 (8), 13..17 (13), 20..24 (18),
    # 27 28 (20)
    assert resolve_stops(stops, CAL).intervals == ((D(2025, 9, 24), D(2025, 10, 28)),)


def test_extension_adds_working_days_after_the_original_due_date():
    # original 10-24; +20: 27..31 (5), 11-03..07 (10), 10..14 (15), 17..21 (20)
    assert due_date(RECEIVED, None, [], 20, CAL).due == D(2025, 11, 21)
    assert due_date(RECEIVED, None, [], 5, CAL).due == D(2025, 10, 31)
    assert original_due_date(RECEIVED, None, [], CAL).due == D(2025, 10, 24)


def test_stops_and_extension_combine():
    stops = [consultation_stop(D(2025, 9, 25), D(2025, 9, 29))]
    # 10-30 as above, then 5 more: 31, 11-03..06
    assert due_date(RECEIVED, None, stops, 5, CAL).due == D(2025, 11, 6)


def test_overlapping_stops_count_once():
    stops = [
        consultation_stop(D(2025, 9, 25), D(2025, 9, 29)),
        ClockStop(D(2025, 9, 26), D(2025, 9, 28)),  # inside the first
    ]
    assert due_date(RECEIVED, None, stops, 0, CAL).due == D(2025, 10, 30)


def test_a_stop_before_the_corrected_application_does_not_count():
    stops = [consultation_stop(D(2025, 9, 25), D(2025, 9, 29))]
    assert due_date(RECEIVED, D(2025, 10, 13), stops, 0, CAL).due == D(2025, 11, 10)


def test_due_date_in_2027_is_provisional_and_names_the_year():
    # Thu 2026-12-10: 11 (1), 14..18 (6), 21..25 (11), 28..31 (15), then 2027 by weekends:
    # 01-01 Fri (16), 04..07 (20)
    deadline = due_date(D(2026, 12, 10), None, [], 0, CAL)
    assert deadline == Deadline(D(2027, 1, 7), provisional=True, missing_years=(2027,))


def test_a_stop_cap_reaching_into_2027_makes_the_result_provisional():
    # The clock itself ends in 2026 only if the stop does; the cap was guessed for 2027.
    stops = [consultation_stop(D(2026, 12, 21), None)]
    deadline = due_date(D(2026, 11, 2), None, stops, 0, CAL)
    assert deadline.provisional and deadline.missing_years == (2027,)


def test_custom_deadline_replaces_the_computed_one():
    assert due_date(RECEIVED, None, [], 0, CAL, D(2025, 12, 31)) == Deadline(D(2025, 12, 31))


def test_correction_notice_deadline_is_seven_working_days():
    assert correction_deadline(RECEIVED, CAL).due == D(2025, 9, 30)  # 23..26, 28, 29, 30
    # Mon 09-29: 30 (1), 10-09 10 11 (4), 13 14 15 (7)
    assert correction_deadline(D(2025, 9, 29), CAL).due == D(2025, 10, 15)


def test_days_left_counts_working_days_and_goes_negative_when_overdue():
    due = D(2025, 10, 24)
    assert days_left(D(2025, 10, 20), due, CAL).count == 4
    assert days_left(D(2025, 9, 30), due, CAL).count == 13  # 10-09..11 (3), 13..17, 20..24
    assert days_left(due, due, CAL).count == 0
    assert days_left(D(2025, 10, 27), due, CAL).count == -1
    assert needs_warning(5) and needs_warning(0) and needs_warning(-3)
    assert not needs_warning(6)


@pytest.mark.parametrize("bad", [-1, 21, True, "5"])
def test_extension_outside_one_to_twenty_is_rejected(bad):
    with pytest.raises((ValueError, TypeError)):
        due_date(RECEIVED, None, [], bad, CAL)


def test_a_stop_needs_an_end_or_a_cap_and_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        ClockStop(D(2025, 9, 24))
    with pytest.raises(ValueError):
        ClockStop(D(2025, 9, 24), D(2025, 9, 23))
