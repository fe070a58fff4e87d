"""The workbench's clock facts: list rows for any filtered set, and one application's clock."""

from __future__ import annotations

import datetime as dt

import time_machine

from gongkai.info_requests import services as svc
from gongkai.info_requests.models import InfoRequest
from gongkai.info_requests.worklist import ListRow, clock_view, request_rows

D = dt.date
TODAY = D(2025, 10, 20)


def test_rows_put_running_clocks_first_then_the_rest_newest_first(register, served, office):
    closed = served()
    late = register(submitted_on=D(2025, 9, 22))
    early = register(submitted_on=D(2025, 10, 10))
    waiting = register(channel="online", submitted_on=D(2025, 10, 15))
    rows = request_rows(office, InfoRequest.objects.all(), today=TODAY)
    assert [r.info_request for r in rows] == [late, early, waiting, closed]
    assert rows[0].days_left == 4 and rows[0].warning and not rows[0].overdue
    assert rows[2].days_left is None and rows[3].days_left is None
    assert ListRow(rows[0]).overdue_days == 0


def test_overdue_rows_count_days_as_a_positive_number(register, office):
    late = register(submitted_on=D(2025, 9, 22))  # due 2025-10-24
    (row,) = request_rows(office, InfoRequest.objects.filter(pk=late.pk), today=D(2025, 10, 29))
    assert row.overdue and row.days_left == -3 and ListRow(row).overdue_days == 3


def test_the_clock_shows_stops_and_says_when_the_date_is_the_latest(drafting, clerk_a):
    ir = drafting()
    svc.consultation_start(
        info_request=ir, kind="co_maker", party="县财政局", sent_on=D(2025, 9, 24), actor=clerk_a
    )
    ir.refresh_from_db()
    clock = clock_view(ir, today=TODAY)
    (stop,) = clock.stops
    assert stop.start == D(2025, 9, 24) and stop.running and "第三十四条" in stop.basis
    assert clock.at_the_latest and clock.due_on == ir.due_on
    consultation = ir.consultations.get()
    svc.consultation_answer(
        consultation=consultation, answered_on=D(2025, 9, 26), answer="consent", actor=clerk_a
    )
    ir.refresh_from_db()
    clock = clock_view(ir, today=TODAY)
    assert not clock.at_the_latest and clock.stops[0].end == D(2025, 9, 26)
    assert clock.clock_start == D(2025, 9, 22) and not clock.restarted


def test_a_provisional_clock_names_the_missing_year(register, office):
    with time_machine.travel(dt.datetime(2026, 12, 21, 12, 0, tzinfo=dt.UTC), tick=False):
        ir = register(submitted_on=D(2026, 12, 21))
    clock = clock_view(ir, today=D(2026, 12, 22))
    assert clock.provisional and clock.provisional_text.startswith("2027年的工作日历尚未录入")
