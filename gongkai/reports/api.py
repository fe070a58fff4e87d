"""API router for annual reports and statistics (staff only): a unit's report as the JSON of
`gongkai annual_report`, the reports still to publish, and the application statistics. Reads
through the same selectors as the pages, so a unit's staff see only their own units."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from gongkai.organizations.api import ErrorOut
from gongkai.organizations.selectors import organisations_visible_to

from . import selectors
from .outputs import report_json
from .statistics import request_statistics

router = Router(tags=["年度报告与统计 reports"])


class OrgOut(Schema):
    code: str
    name: str


class CheckOut(Schema):
    key: str
    ok: bool
    severity: str
    message: str


class AnnualReportOut(Schema):
    org: OrgOut
    year: int
    format_version: str
    checks: list[CheckOut]
    table2: dict[str, Any]
    table3: dict[str, dict[str, int]]
    table4: dict[str, dict[str, int]]


class PendingOut(Schema):
    org: OrgOut
    year: int
    deadline: dt.date
    days_left: int
    state: str


class FiguresOut(Schema):
    received: int
    closed: int
    closed_with_deadline: int
    on_time: int
    on_time_rate: float | None
    average_working_days: float | None


class ShareOut(Schema):
    key: str
    label: str
    count: int


class UnitFiguresOut(FiguresOut):
    unit_id: int
    unit_name: str


class MonthOut(Schema):
    month: int
    received: int
    closed: int


class StatisticsOut(Schema):
    year: int
    totals: FiguresOut
    outcome_groups: list[ShareOut]
    outcomes: list[ShareOut]
    channels: list[ShareOut]
    months: list[MonthOut]
    units: list[UnitFiguresOut]
    calendar_warning: str


def _year(year: int) -> int:
    try:
        return selectors.check_year(year)
    except ValueError as error:
        raise HttpError(422, str(error)) from None


@router.get(
    "/annual",
    response={200: AnnualReportOut, 404: ErrorOut, 422: ErrorOut},
    summary="某单位某年度的年度报告数据（表二、表三、表四及校验）",
)
def annual_report(request: HttpRequest, org: str, year: int) -> Any:
    """`org` is the unit's code. The stored report's figures (frozen once submitted), or the
    live figures when the unit has not started its report."""
    unit = get_object_or_404(selectors.reporting_units_visible_to(request.user), code=org)
    return report_json(selectors.annual_data(unit, _year(year)))


@router.get(
    "/pending",
    response={200: list[PendingOut]},
    summary="上一年度尚未发布年度报告的单位及剩余天数",
)
def pending(request: HttpRequest) -> Any:
    return [
        {
            "org": {"code": p.organisation.code, "name": p.organisation.full_name},
            "year": p.year,
            "deadline": p.deadline,
            "days_left": p.days_left,
            "state": p.state,
        }
        for p in selectors.pending_reports_for(request.user)
    ]


def _figures(figures: Any) -> dict[str, Any]:
    return {
        "received": figures.received,
        "closed": figures.closed,
        "closed_with_deadline": figures.closed_with_deadline,
        "on_time": figures.on_time,
        "on_time_rate": figures.on_time_rate,
        "average_working_days": figures.average_working_days,
    }


@router.get(
    "/statistics",
    response={200: StatisticsOut, 404: ErrorOut, 422: ErrorOut},
    summary="依申请公开统计（收到、办结、按时办结率、平均办理工作日、办理结果、申请方式）",
)
def statistics(request: HttpRequest, year: int, unit: str | None = None) -> Any:
    """`unit` (a unit's code) narrows to the applications it handles."""
    year = _year(year)
    organisation = None
    if unit:
        organisation = get_object_or_404(organisations_visible_to(request.user), code=unit)
    stats = request_statistics(request.user, year, unit=organisation)
    return {
        "year": stats.year,
        "totals": _figures(stats.totals),
        "outcome_groups": [s.__dict__ for s in stats.outcome_groups],
        "outcomes": [s.__dict__ for s in stats.outcomes],
        "channels": [s.__dict__ for s in stats.channels],
        "months": [{"month": m, "received": r, "closed": c} for m, r, c in stats.months],
        "units": [
            {"unit_id": u.unit_id, "unit_name": u.unit_name, **_figures(u.figures)}
            for u in stats.units
        ],
        "calendar_warning": stats.calendar_warning,
    }
