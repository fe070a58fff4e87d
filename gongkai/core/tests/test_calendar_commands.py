"""`gongkai seed_calendar` and `gongkai deadline`."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.core.calendar import calendar_day_set, calendar_import_year
from gongkai.core.models import CalendarDay, CalendarSource

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        out, _ = run("seed_calendar", "--first-year", "2025", "--last-year", "2026")
    return out


def test_seed_prints_a_summary_and_is_idempotent(seeded):
    assert "2025–2026 年：新增 730 天，更新 0 天" in seeded
    assert "数据包只含到 2026 年" in seeded
    out, _ = run("seed_calendar", "--first-year", "2025", "--last-year", "2026")
    assert "新增 0 天，更新 0 天，未变 730 天" in out
    assert CalendarDay.objects.count() == 730


def test_seed_defaults_to_the_configured_first_year(settings):
    settings.GONGKAI_CALENDAR_FIRST_YEAR = 2026
    out, _ = run("seed_calendar")
    assert "2026–2026 年：新增 365 天" in out


def test_seed_keeps_an_administrators_day(seeded, admin):
    calendar_day_set(date=dt.date(2025, 10, 24), is_working=False, name="停电", actor=admin)
    out, _ = run("seed_calendar", "--first-year", "2025", "--last-year", "2025")
    assert "保留管理员修改或官方导入 1 天" in out
    assert CalendarDay.objects.get(date=dt.date(2025, 10, 24)).source == CalendarSource.MANUAL


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--first-year", "二〇二五"), "--first-year 应为四位年份"),
        (("--first-year", "2025", "--last-year", "2031"), "数据包只含"),
    ],
)
def test_seed_bad_years_are_command_errors(args, message):
    with pytest.raises(CommandError, match=message):
        run("seed_calendar", *args)
    assert not CalendarDay.objects.exists()


def test_deadline_prints_only_the_date(seeded):
    out, err = run("deadline", "2025-09-22", "--workdays", "20")
    assert out == "2025-10-24\n"
    assert err == ""


def test_deadline_with_stops(seeded):
    out, _ = run("deadline", "2025-09-22", "--workdays", "20", "--stop", "2025-10-13..2025-10-17")
    assert out == "2025-10-31\n"
    # Overlapping stops count once; a single date is a one-day stop (Mon 10/27 was not needed
    # before, Mon 10/13 was day 11).
    out, _ = run(
        "deadline",
        "2025-09-22",
        "--workdays",
        "20",
        "--stop",
        "2025-10-13..2025-10-15",
        "--stop",
        "2025-10-14..2025-10-17",
    )
    assert out == "2025-10-31\n"
    out, _ = run("deadline", "2025-09-22", "--workdays", "20", "--stop", "2025-10-13")
    assert out == "2025-10-27\n"


def test_2027_is_provisional_until_its_schedule_is_imported(seeded, admin):
    out, err = run("deadline", "2026-12-31", "--workdays", "1")
    assert out == "2027-01-01\n"
    assert "2027年" in err and "尚未录入" in err
    calendar_import_year(year=2027, text="2027-01-01..2027-01-03 元旦 休", actor=admin)
    out, err = run("deadline", "2026-12-31", "--workdays", "1")
    assert (out, err) == ("2027-01-04\n", "")


def test_deadline_reflects_an_administrators_edit(
    seeded, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        calendar_day_set(date=dt.date(2025, 10, 24), is_working=False, name="", actor=admin)
    out, _ = run("deadline", "2025-09-22", "--workdays", "20")
    assert out == "2025-10-27\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2025-02-30", "--workdays", "20"), "起算日“2025-02-30”不是有效日期"),
        (("2025-09-22", "--workdays", "-1"), "--workdays 应为非负整数"),
        (("2025-09-22", "--workdays", "二十"), "--workdays 应为非负整数"),
        (("2025-09-22", "--workdays", "99999"), "--workdays 不能超过"),
        (("2025-09-22", "--workdays", "20", "--stop", "2025-10-17..2025-10-13"), "结束日期早于"),
        (("2025-09-22", "--workdays", "20", "--stop", "10-13..10-17"), "--stop 的开始日期"),
    ],
)
def test_deadline_bad_input_is_a_chinese_command_error(args, message):
    with pytest.raises(CommandError, match=message):
        run("deadline", *args)
