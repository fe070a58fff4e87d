"""When a report is due (Art. 49) and which reminder stage a unit has reached. Pure."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.reports.deadlines import REPORTING_KINDS, reminder_stage, report_deadline

D = dt.date


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("department", D(2026, 1, 31)),
        ("township", D(2026, 1, 31)),
        ("office", D(2026, 1, 31)),
        ("government", D(2026, 3, 31)),
    ],
)
def test_deadline_of_the_2025_report(kind, expected):
    assert report_deadline(kind, 2025) == expected


def test_a_leap_year_changes_nothing():
    assert report_deadline("department", 2027) == D(2028, 1, 31)
    assert report_deadline("government", 2027) == D(2028, 3, 31)


@pytest.mark.parametrize(("kind", "label"), [("village", "村居"), ("enterprise", "公共企事业单位")])
def test_villages_and_enterprises_owe_no_report(kind, label):
    assert kind not in REPORTING_KINDS
    with pytest.raises(ValueError, match=f"“{label}”不需要编制"):
        report_deadline(kind, 2025)


def test_unknown_kind_and_bad_year_are_refused_in_chinese():
    with pytest.raises(ValueError, match="不需要编制"):
        report_deadline("ministry", 2025)
    with pytest.raises(ValueError, match="年度必须是整数"):
        report_deadline("department", "2025")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="年度必须是整数"):
        report_deadline("department", True)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("days_left", "stage"),
    [(45, None), (31, None), (30, "due_30"), (8, "due_30"), (7, "due_7"), (0, "due_7"),
     (-1, "overdue"), (-200, "overdue")],
)  # fmt: skip
def test_reminder_stages(days_left, stage):
    assert reminder_stage(days_left) == stage
