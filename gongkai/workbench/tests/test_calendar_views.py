"""The working-day calendar pages: who may see and edit, the happy paths, and bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.calendar import calendar_seed_from_package
from gongkai.core.models import AuditEvent, CalendarDay, CalendarSource

pytestmark = pytest.mark.django_db

CALENDAR = reverse("workbench:calendar")
IMPORT = reverse("workbench:calendar_import")


@pytest.fixture
def seeded(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        calendar_seed_from_package(first_year=2025, last_year=2026, actor=None)


def _row(date: dt.date) -> tuple[bool, str, str]:
    row = CalendarDay.objects.get(date=date)
    return row.is_working, row.name, row.source


# --- Permissions ------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(citizen, site):
    response = citizen.get(CALENDAR, HTTP_HOST="gk.example.gov.cn")
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_clerk_may_not_see_the_calendar_pages(client_of, clerk_a, seeded):
    client = client_of(clerk_a)
    assert client.get(CALENDAR).status_code == 403
    assert client.get(IMPORT).status_code == 403
    response = client.post(CALENDAR, {"date": "2025-10-24", "is_working": "0", "name": "x"})
    assert response.status_code == 403
    assert _row(dt.date(2025, 10, 24)) == (True, "", CalendarSource.CHINESECALENDAR)


def test_the_office_may_view_but_not_edit(client_of, office, seeded):
    client = client_of(office)
    response = client.get(CALENDAR, {"year": 2025})
    assert response.status_code == 200
    content = response.content.decode()
    assert "国庆节调休上班" in content
    assert 'id="edit"' not in content
    assert "导入放假安排</a>" not in content
    response = client.post(CALENDAR, {"date": "2025-10-24", "is_working": "0", "name": "停电"})
    assert response.status_code == 403
    assert _row(dt.date(2025, 10, 24)) == (True, "", CalendarSource.CHINESECALENDAR)
    assert client.get(IMPORT).status_code == 403
    response = client.post(IMPORT, {"year": 2027, "text": "2027-01-01 元旦 休"})
    assert response.status_code == 403
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert not AuditEvent.objects.filter(action__startswith="calendar.day").exists()


# --- Viewing ----------------------------------------------------------------------------------


def test_the_year_grid_shows_holidays_make_up_days_and_coverage(client_of, admin, seeded):
    response = client_of(admin).get(CALENDAR, {"year": 2025})
    assert response.status_code == 200
    assert response.context["covered"] is True
    assert response.context["covered_years"] == [2025, 2026]
    october = response.context["months"][9]
    cells = {c.date: c for week in october["weeks"] for c in week if c}
    assert len(cells) == 31
    assert (cells[dt.date(2025, 10, 1)].kind, cells[dt.date(2025, 10, 1)].name) == (
        "holiday",
        "国庆节",
    )
    assert cells[dt.date(2025, 10, 11)].kind == "makeup"  # Saturday, 国庆节调休上班
    assert cells[dt.date(2025, 10, 12)].kind == "weekend"
    assert cells[dt.date(2025, 10, 13)].kind == "workday"
    # The list groups consecutive days as the State Council's notice does.
    periods = [
        (p.first.date, p.days, p.first.name, p.first.is_working)
        for p in response.context["special_days"]
    ]
    assert (dt.date(2025, 1, 28), 8, "春节", False) in periods
    assert (dt.date(2025, 1, 26), 1, "春节调休上班", True) in periods
    assert (dt.date(2025, 10, 1), 5, "国庆节", False) in periods  # 10/6 is 中秋节
    assert (dt.date(2025, 10, 6), 1, "中秋节", False) in periods
    # 元旦; 1/26 班, 春节, 2/8 班; 清明; 4/27 班, 劳动节; 端午; 9/28 班, 国庆节, 中秋节,
    # 国庆节 10/7-8, 10/11 班.
    assert len(periods) == 13
    content = response.content.decode()
    assert "2025-01-28</a>（星期二） 至 2025-02-04（星期二）" in content
    assert "2025年10月" in content
    assert "已录入" in content
    assert 'id="edit"' in content


def test_a_year_without_data_is_shown_as_assumed(client_of, office, seeded):
    response = client_of(office).get(CALENDAR, {"year": 2027})
    assert response.status_code == 200
    assert response.context["covered"] is False
    assert "2027年尚未录入工作日历" in response.content.decode()
    january = response.context["months"][0]
    first = next(c for week in january["weeks"] for c in week if c)
    assert (first.date, first.kind, first.assumed) == (dt.date(2027, 1, 1), "workday", True)


def test_picking_a_day_prefills_the_edit_form(client_of, admin, seeded):
    response = client_of(admin).get(CALENDAR, {"year": 2025, "date": "2025-10-01"})
    form = response.context["day_form"]
    assert form.initial == {"date": dt.date(2025, 10, 1), "is_working": "0", "name": "国庆节"}


@pytest.mark.parametrize("year", ["abc", "1800", "99999"])
def test_a_bad_year_shows_an_error_and_the_current_year(client_of, office, year):
    response = client_of(office).get(CALENDAR, {"year": year})
    assert response.status_code == 200
    assert response.context["year_form"].errors["year"]
    assert response.context["year"] == dt.date.today().year


def test_the_deadline_check_uses_the_calendar(client_of, office, seeded):
    response = client_of(office).get(CALENDAR, {"start": "2025-09-22", "workdays": "20"})
    assert response.context["deadline"].due == dt.date(2025, 10, 24)
    assert "2025年10月24日" in response.content.decode()


def test_the_deadline_check_marks_a_provisional_result(client_of, office, seeded):
    response = client_of(office).get(CALENDAR, {"start": "2026-12-31", "workdays": "1"})
    content = response.content.decode()
    assert response.context["deadline"].provisional
    assert "暂定" in content
    assert "2027年的工作日历尚未录入" in content


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"start": "2025-02-30", "workdays": "20"}, "start", "请填写有效的日期"),
        ({"start": "2025-09-22", "workdays": "-3"}, "workdays", "不能为负数"),
        ({"start": "2025-09-22", "workdays": "二十"}, "workdays", "请填写整数"),
    ],
)
def test_the_deadline_check_reports_bad_input(client_of, office, params, field, message):
    response = client_of(office).get(CALENDAR, params)
    assert response.status_code == 200
    assert message in response.context["deadline_form"].errors[field][0]
    assert "deadline" not in response.context


# --- Editing a day ----------------------------------------------------------------------------


def test_an_administrators_edit_is_saved_audited_and_changes_deadlines(
    client_of, admin, orgs, seeded, django_capture_on_commit_callbacks
):
    client = client_of(admin)
    check = {"start": "2025-09-22", "workdays": "20"}
    assert client.get(CALENDAR, check).context["deadline"].due == dt.date(2025, 10, 24)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CALENDAR, {"date": "2025-10-24", "is_working": "0", "name": "本县停电放假"}
        )
    assert response.status_code == 302
    assert response["Location"].startswith(f"{CALENDAR}?year=2025")
    assert _row(dt.date(2025, 10, 24)) == (False, "本县停电放假", CalendarSource.MANUAL)
    event = AuditEvent.objects.get(action="calendar.day_set")
    assert (event.actor_id, event.site_id) == (admin.pk, orgs["office"].site_id)
    assert event.changes["is_working"] == [True, False]
    page = client.get(response["Location"])
    assert "已将 2025-10-24 设为休息日（本县停电放假）" in page.content.decode()
    # The acceptance test: the same question now has another answer.
    assert client.get(CALENDAR, check).context["deadline"].due == dt.date(2025, 10, 27)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"date": "2025-02-30", "is_working": "0", "name": ""}, "date", "请填写有效的日期"),
        ({"date": "", "is_working": "0", "name": ""}, "date", "请填写日期"),
        ({"date": "2025-10-24", "is_working": "", "name": ""}, "is_working", "请选择"),
        ({"date": "2025-10-24", "is_working": "0", "name": "长" * 51}, "name", "最多 50 个字"),
        ({"date": "1800-01-01", "is_working": "0", "name": ""}, "date", "年份应在"),
    ],
)
def test_a_bad_edit_shows_a_form_error_and_writes_nothing(
    client_of, admin, seeded, data, field, message
):
    response = client_of(admin).post(CALENDAR, data)
    assert response.status_code == 200
    errors = response.context["day_form"].errors[field]
    assert any(message in e for e in errors)
    assert message in response.content.decode()
    assert _row(dt.date(2025, 10, 24)) == (True, "", CalendarSource.CHINESECALENDAR)
    assert not AuditEvent.objects.filter(action="calendar.day_set").exists()


# --- Importing a year -------------------------------------------------------------------------

SCHEDULE = (
    "2027-01-01..2027-01-03 元旦 休\n2027-02-06..2027-02-12 春节 休\n2027-02-20 春节调休上班 班\n"
)


def test_the_import_form_proposes_next_year(client_of, admin):
    response = client_of(admin).get(IMPORT)
    assert response.status_code == 200
    assert response.context["form"].initial["year"] == dt.date.today().year + 1


def test_importing_a_year_from_text(client_of, admin, orgs, seeded):
    client = client_of(admin)
    response = client.post(IMPORT, {"year": "2027", "text": SCHEDULE})
    assert response.status_code == 302
    assert response["Location"] == f"{CALENDAR}?year=2027"
    assert CalendarDay.objects.filter(date__year=2027).count() == 365
    assert _row(dt.date(2027, 2, 20)) == (True, "春节调休上班", CalendarSource.OFFICIAL)
    event = AuditEvent.objects.get(action="calendar.import")
    assert event.site_id == orgs["office"].site_id
    page = client.get(response["Location"])
    assert page.context["covered"] is True
    assert "已导入 2027 年放假安排：新增 365 天" in page.content.decode()
    # The provisional mark is gone from a deadline crossing into 2027.
    check = client.get(CALENDAR, {"start": "2026-12-31", "workdays": "1"}).context["deadline"]
    assert (check.due, check.provisional) == (dt.date(2027, 1, 4), False)


def test_importing_a_year_from_an_uploaded_csv(client_of, admin):
    upload = SimpleUploadedFile(
        "2027.csv", "2027-01-01,元旦,休\r\n2027-02-20,春节调休上班,班\r\n".encode("gb18030")
    )
    response = client_of(admin).post(IMPORT, {"year": "2027", "file": upload})
    assert response.status_code == 302
    assert _row(dt.date(2027, 1, 1)) == (False, "元旦", CalendarSource.OFFICIAL)


def test_bad_import_lines_are_listed_by_line_number_and_nothing_is_written(client_of, admin):
    text = "2027-01-01..2027-01-03 元旦 休\n2027-02-30 春节 休\n2027-05-01 劳动节 放假半天\n"
    response = client_of(admin).post(IMPORT, {"year": "2027", "text": text})
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert [e.split("：")[0] for e in errors] == ["第2行", "第3行"]
    content = response.content.decode()
    assert "第2行" in content and "未导入" in content
    assert text.splitlines()[1] in content  # the text area keeps what was typed
    assert not CalendarDay.objects.exists()
    assert not AuditEvent.objects.filter(action="calendar.import").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "2027", "text": ""}, "请填写放假安排"),
        ({"year": "abcd", "text": SCHEDULE}, "请填写四位数字年份"),
        ({"year": "2026", "text": SCHEDULE}, "不在 2026 年内"),
        (
            {
                "year": "2027",
                "text": SCHEDULE,
                "file": SimpleUploadedFile("a.txt", SCHEDULE.encode()),
            },
            "二者选一",
        ),
        (
            {"year": "2027", "file": SimpleUploadedFile("a.txt", b"\x89PNG\r\n\x1a\n" + b"0" * 64)},
            "不在允许范围内",
        ),
        (
            {"year": "2027", "file": SimpleUploadedFile("a.txt", b"")},
            "空文件",
        ),
    ],
)
def test_bad_imports_give_form_errors(client_of, admin, data, message):
    response = client_of(admin).post(IMPORT, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CalendarDay.objects.exists()
