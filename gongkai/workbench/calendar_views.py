"""The working-day calendar pages (工作日历): the disclosure office views it, an administrator
edits a day or imports a year's official schedule. Writes go through gongkai.core.calendar."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.core.calendar import (
    MAX_YEAR,
    MIN_YEAR,
    calendar_day_set,
    calendar_days_of_year,
    calendar_import_year,
    load_calendar,
    package_years,
    weekday_zh,
)
from gongkai.core.deadlines import add_working_days, provisional_warning
from gongkai.core.models import CalendarDay
from gongkai.organizations.access import staff_required
from gongkai.organizations.models import Role

from .calendar_forms import CalendarDayForm, CalendarImportForm, CalendarYearForm, DeadlineCheckForm

WEEK_HEADER = ("一", "二", "三", "四", "五", "六", "日")


@dataclass(frozen=True)
class Cell:
    """One date on the page, with its words worked out here: the grid renders ~370 of them."""

    date: dt.date
    kind: str  # workday | weekend | holiday | makeup
    name: str
    source: str
    assumed: bool  # no row: the weekend rule decided

    @cached_property
    def iso(self) -> str:
        return self.date.isoformat()

    @cached_property
    def mark(self) -> str:
        return {"holiday": "休", "makeup": "班"}.get(self.kind, "")

    @cached_property
    def css(self) -> str:
        return f"cal-day cal-{self.kind}" + (" cal-assumed" if self.assumed else "")

    @cached_property
    def is_working(self) -> bool:
        return self.kind in ("workday", "makeup")

    @cached_property
    def description(self) -> str:
        parts = [f"{self.iso} {weekday_zh(self.date)}", "工作日" if self.is_working else "休息日"]
        if self.name:
            parts.append(self.name)
        parts.append("按周末推定" if self.assumed else self.source)
        return "，".join(parts)


def _cell(date: dt.date, row: CalendarDay | None) -> Cell:
    weekend = date.weekday() >= 5
    if row is None:
        return Cell(date, "weekend" if weekend else "workday", "", "", True)
    if row.is_working:
        kind = "makeup" if weekend else "workday"
    else:
        kind = "holiday" if (row.name or not weekend) else "weekend"
    return Cell(date, kind, row.name, row.get_source_display(), False)


@dataclass
class Period:
    """Consecutive special days with the same status, name and source, as a notice lists them."""

    first: Cell
    last: Cell

    @property
    def days(self) -> int:
        return (self.last.date - self.first.date).days + 1


def _special_periods(cells: list[Cell]) -> list[Period]:
    periods: list[Period] = []
    for cell in cells:
        previous = periods[-1].last if periods else None
        if (
            previous is not None
            and cell.date - previous.date == dt.timedelta(days=1)
            and (cell.is_working, cell.name, cell.source)
            == (previous.is_working, previous.name, previous.source)
        ):
            periods[-1].last = cell
        else:
            periods.append(Period(cell, cell))
    return periods


def _months(year: int, rows: dict[dt.date, CalendarDay]) -> list[dict[str, Any]]:
    grid = pycalendar.Calendar(firstweekday=0)
    months = []
    for month in range(1, 13):
        weeks = [
            [_cell(d, rows.get(d)) if d.month == month else None for d in week]
            for week in grid.monthdatescalendar(year, month)
        ]
        months.append({"number": month, "weeks": weeks})
    return months


def _deadline_check(request: HttpRequest) -> dict[str, Any]:
    if "start" not in request.GET and "workdays" not in request.GET:
        return {"deadline_form": DeadlineCheckForm(initial={"workdays": 20})}
    form = DeadlineCheckForm(request.GET)
    context: dict[str, Any] = {"deadline_form": form}
    if form.is_valid():
        result = add_working_days(
            form.cleaned_data["start"], form.cleaned_data["workdays"], load_calendar()
        )
        context["deadline"] = result
        context["deadline_warning"] = provisional_warning(result.missing_years)
    return context


@require_http_methods(["GET", "POST"])
@staff_required(Role.ADMIN, Role.OFFICE)
def calendar(request: HttpRequest) -> HttpResponse:
    staff = request.staff  # type: ignore[attr-defined]
    can_edit = staff.role == Role.ADMIN
    today = timezone.localdate()

    year_form = CalendarYearForm(request.GET if "year" in request.GET else None)
    year = today.year
    if year_form.is_bound and year_form.is_valid():
        year = year_form.cleaned_data["year"]

    day_form: CalendarDayForm | None = None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("只有系统管理员可以修改工作日历。")
        day_form = CalendarDayForm(request.POST)
        if day_form.is_valid():
            data = day_form.cleaned_data
            try:
                row = calendar_day_set(
                    date=data["date"],
                    is_working=data["is_working"],
                    name=data["name"],
                    actor=request.user,
                    organisation=staff.organisation,
                )
            except ValidationError as error:
                day_form.add_error(None, error)
            else:
                status = "工作日" if row.is_working else "休息日"
                messages.success(
                    request,
                    f"已将 {row.date:%Y-%m-%d} 设为{status}"
                    + (f"（{row.name}）" if row.name else "")
                    + "。",
                )
                url = reverse("workbench:calendar")
                return redirect(f"{url}?year={row.date.year}&date={row.date.isoformat()}#edit")
            edited = day_form.cleaned_data.get("date")
            if edited is not None and MIN_YEAR <= edited.year <= MAX_YEAR:
                year = edited.year
    elif can_edit:
        day_form = _day_form_for(request.GET.get("date", ""))

    rows = {row.date: row for row in calendar_days_of_year(year)}
    calendar_value = load_calendar()
    last_package_year = package_years()[1]
    special = _special_periods(
        [
            cell
            for cell in (_cell(date, row) for date, row in sorted(rows.items()))
            if cell.name or cell.kind in ("holiday", "makeup")
        ]
    )
    context = {
        "year": year,
        "year_form": year_form,
        "previous_year": year - 1,
        "next_year": year + 1,
        "months": _months(year, rows),
        "week_header": WEEK_HEADER,
        "special_days": special,
        "covered": calendar_value.covers(year),
        "partial": bool(rows) and not calendar_value.covers(year),
        "covered_years": sorted(calendar_value.covered_years),
        "package_last_year": last_package_year,
        "can_edit": can_edit,
        "day_form": day_form,
        **_deadline_check(request),
    }
    return render(request, "workbench/calendar.html", context)


def _day_form_for(date_text: str) -> CalendarDayForm:
    """The edit form pre-filled with a date picked on the grid (its current status)."""
    try:
        date = dt.date.fromisoformat(date_text)
    except ValueError:
        return CalendarDayForm()
    row = CalendarDay.objects.filter(date=date).first()
    if row is None:
        is_working = date.weekday() < 5
        name = ""
    else:
        is_working, name = row.is_working, row.name
    return CalendarDayForm(
        initial={"date": date, "is_working": "1" if is_working else "0", "name": name}
    )


@require_http_methods(["GET", "POST"])
@staff_required(Role.ADMIN)
def calendar_import(request: HttpRequest) -> HttpResponse:
    staff = request.staff  # type: ignore[attr-defined]
    if request.method == "POST":
        form = CalendarImportForm(request.POST, request.FILES)
        if form.is_valid():
            year = form.cleaned_data["year"]
            try:
                result = calendar_import_year(
                    year=year,
                    text=form.cleaned_data["schedule"],
                    actor=request.user,
                    organisation=staff.organisation,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if result.created or result.updated:
                    messages.success(
                        request,
                        f"已导入 {year} 年放假安排：新增 {result.created} 天，"
                        f"更新 {result.updated} 天。",
                    )
                else:
                    messages.info(request, f"{year} 年工作日历与导入内容一致，没有变化。")
                return redirect(f"{reverse('workbench:calendar')}?year={year}")
    else:
        form = CalendarImportForm(initial={"year": timezone.localdate().year + 1})
    return render(
        request,
        "workbench/calendar_import.html",
        {"form": form, "covered_years": sorted(load_calendar().covered_years)},
    )
