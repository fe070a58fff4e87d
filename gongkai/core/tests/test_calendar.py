"""Calendar services: seeding from chinesecalendar, an administrator's edit, importing a year,
the cache, and the recompute hook."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core.calendar import (
    calendar_day_set,
    calendar_import_year,
    calendar_seed_from_package,
    decode_schedule_upload,
    load_calendar,
    parse_schedule,
    register_deadline_recompute,
    unregister_deadline_recompute,
)
from gongkai.core.deadlines import Deadline, add_working_days
from gongkai.core.models import AuditEvent, CalendarDay, CalendarSource

D = dt.date
pytestmark = pytest.mark.django_db

SCHEDULE_2027 = """\
# 2027 年部分节假日安排（测试数据）
2027-01-01..2027-01-03 元旦 休
2027-02-06..2027-02-12 春节 休
2027-02-20 春节调休上班 班
"""


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return calendar_seed_from_package(first_year=2025, last_year=2026, actor=None)


@pytest.fixture
def hook_calls():
    """A registered recompute function that records what it was given and what it saw."""
    calls: list[tuple[frozenset[dt.date], dict[dt.date, bool]]] = []

    def recompute(dates: frozenset[dt.date]) -> None:
        calendar = load_calendar()
        calls.append((dates, {d: calendar.is_working(d) for d in dates}))

    register_deadline_recompute(recompute)
    yield calls
    unregister_deadline_recompute(recompute)


# --- Seeding ----------------------------------------------------------------------------------


def test_seed_writes_every_date_with_chinese_names(seeded):
    assert seeded.created == 730
    assert CalendarDay.objects.count() == 730
    expected = {
        D(2025, 10, 1): (False, "国庆节"),
        D(2025, 9, 28): (True, "国庆节调休上班"),
        D(2025, 10, 6): (False, "中秋节"),
        D(2025, 4, 4): (False, "清明节"),
        D(2025, 5, 31): (False, "端午节"),
        D(2025, 5, 1): (False, "劳动节"),
        D(2026, 1, 1): (False, "元旦"),
        D(2026, 2, 16): (False, "春节"),
        D(2026, 2, 14): (True, "春节调休上班"),
        D(2025, 10, 9): (True, ""),
        D(2025, 10, 12): (False, ""),  # an ordinary Sunday
    }
    rows = {r.date: (r.is_working, r.name) for r in CalendarDay.objects.filter(date__in=expected)}
    assert rows == expected
    assert set(CalendarDay.objects.values_list("source", flat=True)) == {
        CalendarSource.CHINESECALENDAR
    }
    event = AuditEvent.objects.get(action="calendar.seed")
    assert "新增 730 天" in event.note


def test_seed_is_idempotent(seeded):
    again = calendar_seed_from_package(first_year=2025, last_year=2026, actor=None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 730)
    assert AuditEvent.objects.filter(action="calendar.seed").count() == 1


def test_seed_keeps_manual_and_official_rows_but_repairs_its_own(seeded, admin):
    calendar_day_set(date=D(2025, 10, 9), is_working=False, name="本县放假", actor=admin)
    CalendarDay.objects.filter(date=D(2025, 10, 10)).update(
        source=CalendarSource.OFFICIAL, is_working=False
    )
    # A seeded row that drifted (say, an older package version) is brought back.
    CalendarDay.objects.filter(date=D(2025, 10, 13)).update(is_working=False)
    result = calendar_seed_from_package(first_year=2025, last_year=2026, actor=None)
    assert (result.kept, result.updated) == (2, 1)
    assert result.changed_dates == frozenset({D(2025, 10, 13)})
    rows = {
        r.date: r.is_working
        for r in CalendarDay.objects.filter(
            date__month=10, date__day__in=[9, 10, 13], date__year=2025
        )
    }
    assert rows == {D(2025, 10, 9): False, D(2025, 10, 10): False, D(2025, 10, 13): True}


def test_seed_refuses_years_the_package_does_not_hold():
    with pytest.raises(ValidationError, match="chinesecalendar 数据包只含"):
        calendar_seed_from_package(first_year=2026, last_year=2027, actor=None)
    assert not CalendarDay.objects.exists()


# --- Loading and caching ----------------------------------------------------------------------


def test_load_calendar_covers_the_seeded_years(seeded):
    calendar = load_calendar()
    assert calendar.covered_years == frozenset({2025, 2026})
    assert add_working_days(D(2025, 9, 22), 20, calendar) == Deadline(due=D(2025, 10, 24))


def test_load_calendar_is_served_from_the_cache(seeded, django_assert_num_queries):
    load_calendar()
    # A write that bypasses the services is not seen: the cache answers, no query is made.
    CalendarDay.objects.filter(date=D(2025, 10, 24)).update(is_working=False)
    with django_assert_num_queries(0):
        calendar = load_calendar()
    assert calendar.is_working(D(2025, 10, 24))


def test_an_administrators_edit_changes_a_deadline(
    seeded, admin, orgs, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """The acceptance test: the cached calendar reflects the edit as soon as it commits."""
    assert add_working_days(D(2025, 9, 22), 20, load_calendar()).due == D(2025, 10, 24)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_day_set(
            date=D(2025, 10, 24),
            is_working=False,
            name="本县停电放假",
            actor=admin,
            organisation=orgs["office"],
        )
    # The commit moved the cache to a new version: one load from the table, then cached again.
    with django_assert_num_queries(1):
        calendar = load_calendar()
    with django_assert_num_queries(0):
        assert load_calendar() == calendar
    assert add_working_days(D(2025, 9, 22), 20, calendar).due == D(2025, 10, 27)


def test_inside_the_writing_transaction_readers_see_the_uncommitted_edit(seeded, admin):
    load_calendar()  # cached
    calendar_day_set(date=D(2025, 10, 24), is_working=False, name="", actor=admin)
    # The test's transaction has not committed, so the cache still holds the old calendar, but
    # this connection must not be given it.
    assert not load_calendar().is_working(D(2025, 10, 24))


def test_a_rolled_back_edit_leaves_the_calendar_as_it_was(seeded, admin):
    load_calendar()
    with pytest.raises(RuntimeError), transaction.atomic():
        calendar_day_set(date=D(2025, 10, 24), is_working=False, name="", actor=admin)
        raise RuntimeError("abort")
    assert load_calendar().is_working(D(2025, 10, 24))
    assert CalendarDay.objects.get(date=D(2025, 10, 24)).source == CalendarSource.CHINESECALENDAR


# --- An administrator's edit ------------------------------------------------------------------


def test_day_set_is_audited_with_before_and_after(seeded, admin, orgs):
    row = calendar_day_set(
        date=D(2025, 10, 24),
        is_working=False,
        name=" 本县停电放假 ",
        actor=admin,
        organisation=orgs["office"],
    )
    assert (row.is_working, row.name, row.source) == (False, "本县停电放假", CalendarSource.MANUAL)
    event = AuditEvent.objects.get(action="calendar.day_set")
    assert event.changes == {
        "is_working": [True, False],
        "name": ["", "本县停电放假"],
        "source": ["chinesecalendar", "manual"],
    }
    assert (event.actor_id, event.site_id) == (admin.pk, orgs["office"].site_id)
    assert event.object_id == str(row.pk)


def test_day_set_calls_the_recompute_hook_with_the_new_calendar(seeded, admin, hook_calls):
    calendar_day_set(date=D(2025, 10, 24), is_working=False, name="", actor=admin)
    assert hook_calls == [(frozenset({D(2025, 10, 24)}), {D(2025, 10, 24): False})]


def test_a_name_only_edit_does_not_recompute(seeded, admin, hook_calls):
    calendar_day_set(date=D(2025, 10, 1), is_working=False, name="国庆节假期", actor=admin)
    assert hook_calls == []
    assert CalendarDay.objects.get(date=D(2025, 10, 1)).name == "国庆节假期"


def test_a_failing_hook_rolls_the_edit_back(seeded, admin):
    def broken(dates: frozenset[dt.date]) -> None:
        raise RuntimeError("recompute failed")

    register_deadline_recompute(broken)
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            calendar_day_set(date=D(2025, 10, 24), is_working=False, name="", actor=admin)
    finally:
        unregister_deadline_recompute(broken)
    row = CalendarDay.objects.get(date=D(2025, 10, 24))
    assert (row.is_working, row.source) == (True, CalendarSource.CHINESECALENDAR)
    assert not AuditEvent.objects.filter(action="calendar.day_set").exists()


def test_registering_twice_calls_once(seeded, admin, hook_calls):
    calls: list[frozenset[dt.date]] = []
    register_deadline_recompute(calls.append)
    register_deadline_recompute(calls.append)
    try:
        calendar_day_set(date=D(2025, 10, 24), is_working=False, name="", actor=admin)
    finally:
        unregister_deadline_recompute(calls.append)
    assert calls == [frozenset({D(2025, 10, 24)})]


def test_setting_the_same_values_again_writes_nothing(seeded, admin):
    calendar_day_set(date=D(2025, 10, 24), is_working=False, name="停电", actor=admin)
    calendar_day_set(date=D(2025, 10, 24), is_working=False, name="停电", actor=admin)
    assert AuditEvent.objects.filter(action="calendar.day_set").count() == 1


def test_day_set_in_an_uncovered_year_creates_the_row_but_keeps_it_provisional(admin, hook_calls):
    calendar_day_set(date=D(2027, 1, 1), is_working=False, name="元旦", actor=admin)
    calendar = load_calendar()
    assert not calendar.is_working(D(2027, 1, 1))
    assert 2027 not in calendar.covered_years
    assert hook_calls[0][0] == frozenset({D(2027, 1, 1)})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"date": D(2025, 10, 24), "name": "长" * 51}, "名称最多 50 个字"),
        ({"date": "2025-10-24"}, "请填写有效的日期"),
        ({"date": D(1900, 1, 1)}, "年份应在"),
    ],
)
def test_day_set_rejects_bad_input(seeded, admin, kwargs, message):
    before = list(CalendarDay.objects.values_list("date", "is_working", "name", "source"))
    with pytest.raises(ValidationError, match=message):
        calendar_day_set(is_working=False, actor=admin, **{"name": "", **kwargs})
    assert list(CalendarDay.objects.values_list("date", "is_working", "name", "source")) == before


# --- Importing a year -------------------------------------------------------------------------


def test_import_gives_the_year_a_full_set_of_rows(admin, orgs, hook_calls):
    result = calendar_import_year(
        year=2027, text=SCHEDULE_2027, actor=admin, organisation=orgs["office"]
    )
    assert result.created == 365
    rows = {r.date: r for r in CalendarDay.objects.filter(date__year=2027)}
    assert len(rows) == 365
    assert {r.source for r in rows.values()} == {CalendarSource.OFFICIAL}
    assert (rows[D(2027, 1, 1)].is_working, rows[D(2027, 1, 1)].name) == (False, "元旦")
    assert (rows[D(2027, 2, 20)].is_working, rows[D(2027, 2, 20)].name) == (True, "春节调休上班")
    assert (rows[D(2027, 2, 8)].is_working, rows[D(2027, 2, 8)].name) == (False, "春节")
    assert (rows[D(2027, 1, 4)].is_working, rows[D(2027, 1, 4)].name) == (True, "")  # Monday
    assert (rows[D(2027, 1, 9)].is_working, rows[D(2027, 1, 9)].name) == (False, "")  # Saturday
    assert 2027 in load_calendar().covered_years
    assert len(hook_calls[0][0]) == 365
    event = AuditEvent.objects.get(action="calendar.import")
    # Only the days the import turned around are listed: 1/1 (Fri), 2/8-12 (Mon-Fri) off and
    # Sat 2/20 on.
    assert event.changes == {
        "2027-01-01": [True, False],
        "2027-02-08": [True, False],
        "2027-02-09": [True, False],
        "2027-02-10": [True, False],
        "2027-02-11": [True, False],
        "2027-02-12": [True, False],
        "2027-02-20": [False, True],
    }
    assert event.site_id == orgs["office"].site_id


def test_import_ends_the_provisional_result(seeded, admin):
    before = add_working_days(D(2026, 12, 31), 1, load_calendar())
    assert before == Deadline(due=D(2027, 1, 1), provisional=True, missing_years=(2027,))
    calendar_import_year(year=2027, text=SCHEDULE_2027, actor=admin)
    assert add_working_days(D(2026, 12, 31), 1, load_calendar()) == Deadline(due=D(2027, 1, 4))


def test_import_overrides_manual_days_and_reimport_is_idempotent(admin, hook_calls):
    calendar_day_set(date=D(2027, 3, 1), is_working=False, name="误设", actor=admin)
    calendar_import_year(year=2027, text=SCHEDULE_2027, actor=admin)
    row = CalendarDay.objects.get(date=D(2027, 3, 1))
    assert (row.is_working, row.name, row.source) == (True, "", CalendarSource.OFFICIAL)
    again = calendar_import_year(year=2027, text=SCHEDULE_2027, actor=admin)
    assert (again.created, again.updated) == (0, 0)
    assert AuditEvent.objects.filter(action="calendar.import").count() == 1
    # A corrected schedule changes only what differs, and the hook gets only those dates.
    hook_calls.clear()
    calendar_import_year(
        year=2027, text=SCHEDULE_2027.replace("2027-02-12", "2027-02-11"), actor=admin
    )
    assert hook_calls[0][0] == frozenset({D(2027, 2, 12)})
    assert CalendarDay.objects.get(date=D(2027, 2, 12)).is_working


def test_import_errors_name_every_bad_line_and_write_nothing(admin):
    text = "\n".join(
        [
            "2027-01-01..2027-01-03 元旦 休",  # 1 fine
            "2027-02-30 春节 休",  # 2 no such date
            "2027-05-05..2027-05-01 劳动节 休",  # 3 reversed
            "2026-12-31 元旦 休",  # 4 another year
            "2027-06-01 端午节 放半天",  # 5 unknown kind
            "2027-01-02 元旦 休",  # 6 overlaps line 1
            "2027-10-01",  # 7 missing kind
            "",
            "2027-10-01..2027-10-07 国庆节 休",  # 9 fine
        ]
    )
    with pytest.raises(ValidationError) as caught:
        calendar_import_year(year=2027, text=text, actor=admin)
    messages = caught.value.messages
    assert [m.split("：")[0] for m in messages] == [
        "第2行",
        "第3行",
        "第4行",
        "第5行",
        "第6行",
        "第7行",
    ]
    assert "2027-02-30" in messages[0]
    assert "结束日期早于开始日期" in messages[1]
    assert "不在 2027 年内" in messages[2]
    assert "放半天" in messages[3]
    assert "与第1行重复" in messages[4]
    assert not CalendarDay.objects.exists()
    assert not AuditEvent.objects.exists()


def test_import_of_nothing_is_an_error(admin):
    with pytest.raises(ValidationError, match="没有填写任何"):
        calendar_import_year(year=2027, text="\n# 只有注释\n", actor=admin)


def test_parse_accepts_csv_and_other_separators():
    text = (
        '\ufeff"2027-01-01~2027-01-03","元旦","休"\r\n'
        "2027/2/7，春节调休，班\r\n"
        "2027-04-05 至 2027-04-06\t清明节\t休息\r\n"
        "2027-09-26 班\r\n"
    )
    lines = parse_schedule(2027, text)
    assert [(x.line, x.start, x.end, x.name, x.is_working) for x in lines] == [
        (1, D(2027, 1, 1), D(2027, 1, 3), "元旦", False),
        (2, D(2027, 2, 7), D(2027, 2, 7), "春节调休", True),
        (3, D(2027, 4, 5), D(2027, 4, 6), "清明节", False),
        (4, D(2027, 9, 26), D(2027, 9, 26), "", True),
    ]


def test_import_rejects_a_year_out_of_range(admin):
    with pytest.raises(ValidationError, match="年份应在"):
        calendar_import_year(year=1999, text="1999-01-01 元旦 休", actor=admin)


# --- Uploaded files ---------------------------------------------------------------------------


def test_upload_decoding_accepts_utf8_and_gbk_text():
    text = "2027-01-01 元旦 休\n"
    assert decode_schedule_upload(("\ufeff" + text).encode("utf-8")) == text
    assert decode_schedule_upload(text.encode("gb18030")) == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04\x00\x00binary", "不是文本文件"),
        (b"\x89PNG\r\n\x1a\n", "无法识别文件内容"),
        (b"a" * (64 * 1024 + 1), "文件过大"),
    ],
)
def test_upload_decoding_rejects_binary_and_large_files(data, message):
    with pytest.raises(ValidationError, match=message):
        decode_schedule_upload(data)
