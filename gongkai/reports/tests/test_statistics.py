"""Statistics of applications: the definitions on the page, computed."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.info_requests.models import InfoRequest
from gongkai.reports.statistics import request_statistics

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def cases(orgs, application, calendar):
    dept, other = orgs["dept"], orgs["other_dept"]
    # 20 working days: received Mon 2025-09-22, closed on its due date Fri 2025-10-24.
    application(
        received_on=D(2025, 9, 22), closed_on=D(2025, 10, 24), due_on=D(2025, 10, 24),
        outcome="granted", unit=dept, channel="online",
    )  # fmt: skip
    # One day late.
    application(
        received_on=D(2025, 3, 3), closed_on=D(2025, 4, 1), due_on=D(2025, 3, 31),
        outcome="partial", unit=dept, channel="post",
    )  # fmt: skip
    # Closed with no deadline (withdrawn before a clock ran): not in the on-time rate.
    request = application(
        received_on=D(2025, 5, 6), closed_on=D(2025, 5, 6), outcome="other_other", unit=other
    )
    InfoRequest.objects.filter(pk=request.pk).update(due_on=None)
    # Not dispatched: counted under the organ addressed (县财政局).
    application(received_on=D(2025, 12, 30), organisation=other, channel="online")
    # Received in 2024, closed in 2025: closed in 2025, not received in 2025.
    application(
        received_on=D(2024, 12, 30), closed_on=D(2025, 1, 6), due_on=D(2025, 1, 27),
        outcome="np_repeat", unit=other,
    )  # fmt: skip
    # Another year entirely.
    application(received_on=D(2024, 3, 1), closed_on=D(2024, 3, 5), outcome="granted", unit=dept)


def test_totals(office, cases):
    stats = request_statistics(office, 2025)
    totals = stats.totals
    assert (totals.received, totals.closed) == (4, 4)
    assert (totals.on_time, totals.closed_with_deadline) == (2, 3)
    assert totals.on_time_rate == 66.7
    # Working days from receipt (not counted) to closing (counted), per application:
    days = {
        "sep": 20,
        "mar": 21,  # Tue 03-04 … Tue 04-01, no holiday in between
        "may": 0,
        "jan": 4,  # Tue 2024-12-31, Thu 01-02, Fri 01-03, Mon 01-06 (01-01 is a holiday)
    }
    assert totals.working_days_total == sum(days.values())
    assert totals.average_working_days == round(sum(days.values()) / 4, 1)
    assert stats.calendar_warning == ""


def test_distributions(office, cases):
    stats = request_statistics(office, 2025)
    groups = {s.key: s.count for s in stats.outcome_groups}
    assert groups == {
        "granted": 1, "partial": 1, "denied": 0, "unable": 0, "not_processed": 1, "other": 1,
    }  # fmt: skip
    assert [(s.key, s.count) for s in stats.outcomes] == [
        ("granted", 1), ("partial", 1), ("np_repeat", 1), ("other_other", 1),
    ]  # fmt: skip
    channels = {s.key: s.count for s in stats.channels}
    assert channels["online"] == 2 and channels["post"] == 1 and channels["in_person"] == 1
    assert stats.months[2] == (3, 1, 0) and stats.months[0] == (1, 0, 1)
    assert stats.months[11] == (12, 1, 0)


def test_per_unit(office, orgs, cases):
    units = {u.unit_name: u.figures for u in request_statistics(office, 2025).units}
    assert (units["示例县民政局"].received, units["示例县民政局"].closed) == (2, 2)
    assert units["示例县民政局"].on_time_rate == 50.0
    assert (units["示例县财政局"].received, units["示例县财政局"].closed) == (2, 2)
    assert units["示例县财政局"].on_time_rate == 100.0  # the one with a deadline was on time


def test_unit_staff_and_the_unit_filter(office, clerk_a, orgs, cases):
    mine = request_statistics(clerk_a, 2025)
    assert (mine.totals.received, mine.totals.closed) == (2, 2)
    assert [u.unit_name for u in mine.units] == ["示例县民政局"]
    narrowed = request_statistics(office, 2025, unit=orgs["other_dept"])
    assert (narrowed.totals.received, narrowed.totals.closed) == (2, 2)


def test_nothing_closed_has_no_rate(office, orgs, application, calendar):
    application(received_on=D(2025, 3, 3))
    totals = request_statistics(office, 2025).totals
    assert totals.on_time_rate is None and totals.average_working_days is None
    data = request_statistics(office, 2025).chart_data()
    assert data["months"]["received"][2] == 1 and len(data["months"]["labels"]) == 12


def test_a_year_without_calendar_warns(office, orgs, application):
    application(received_on=D(2025, 3, 3), closed_on=D(2025, 3, 10), outcome="granted")
    assert "2025年的工作日历尚未录入" in request_statistics(office, 2025).calendar_warning
