"""Column freshness (栏目更新情况). Pure: no ORM, no clock.

The periods are the inspectors' (检查指标 国办秘函〔2019〕19号, domain rules "Column freshness"):
news 14 days, notices and policy documents 6 months, personnel and plans 1 year. A column's own
interval in days overrides its category. Months are calendar months: 2025-01-31 + 6 months is
2025-07-31, and 2025-08-31 + 6 months is the last day of February (no February 31st to land on).

A column is due on `last published + period`; publishing on the due day keeps it fresh, the day
after it is overdue. Within the warning window before that it is "due soon". A column with nothing
published is "empty" whatever its category: an empty column is its own inspection failure.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

FRESH = "fresh"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
EMPTY = "empty"
NOT_APPLICABLE = "not_applicable"

STATUS_LABELS = {
    FRESH: "按期更新",
    DUE_SOON: "即将到期",
    OVERDUE: "超期未更新",
    EMPTY: "空白栏目",
    NOT_APPLICABLE: "不定期更新",
}
STATUS_BADGES = {
    FRESH: "badge-ok",
    DUE_SOON: "badge-warn",
    OVERDUE: "badge-danger",
    EMPTY: "badge-danger",
    NOT_APPLICABLE: "",
}

# Category → (months, days) of the period, and the warning window in days before the due date.
CATEGORY_PERIODS: dict[str, tuple[int, int]] = {
    "news": (0, 14),
    "notice_policy": (6, 0),
    "personnel_plan": (12, 0),
}
CATEGORY_WARNING_DAYS: dict[str, int] = {"news": 3, "notice_policy": 15, "personnel_plan": 30}


@dataclass(frozen=True)
class Freshness:
    status: str
    due_on: dt.date | None = None
    days_overdue: int = 0

    @property
    def label(self) -> str:
        if self.status == OVERDUE:
            return f"超期 {self.days_overdue} 天"
        return STATUS_LABELS[self.status]

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status]

    @property
    def is_problem(self) -> bool:
        return self.status in (OVERDUE, EMPTY)


def add_months(date: dt.date, months: int) -> dt.date:
    """`date` moved by whole calendar months, clamped to the end of a shorter month."""
    index = date.year * 12 + (date.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    day = min(date.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def has_rule(category: str, interval_days: int | None) -> bool:
    return bool(interval_days) or category in CATEGORY_PERIODS


def due_date(last_published: dt.date, category: str, interval_days: int | None) -> dt.date | None:
    """When a column published on `last_published` must be updated again; None without a rule."""
    if interval_days:
        return last_published + dt.timedelta(days=interval_days)
    period = CATEGORY_PERIODS.get(category)
    if period is None:
        return None
    months, days = period
    return add_months(last_published, months) + dt.timedelta(days=days)


def warning_days(category: str, interval_days: int | None) -> int:
    if interval_days:
        # A fifth of an explicit period, at least a day: a weekly column warns a day ahead.
        return max(1, interval_days // 5)
    return CATEGORY_WARNING_DAYS.get(category, 0)


def freshness(
    last_published: dt.date | None,
    category: str,
    interval_days: int | None,
    today: dt.date,
) -> Freshness:
    """The freshness of a column last published on `last_published`, as of `today`."""
    for value, what in ((last_published, "last_published"), (today, "today")):
        # A datetime would compare with a date only by accident of subclassing.
        if value is not None and (isinstance(value, dt.datetime) or not isinstance(value, dt.date)):
            raise TypeError(f"{what} must be a datetime.date or None")
    if interval_days is not None and interval_days < 1:
        raise ValueError("interval_days must be at least 1")
    if last_published is None:
        return Freshness(EMPTY)
    due = due_date(last_published, category, interval_days)
    if due is None:
        return Freshness(NOT_APPLICABLE)
    if today > due:
        return Freshness(OVERDUE, due, (today - due).days)
    if (due - today).days <= warning_days(category, interval_days):
        return Freshness(DUE_SOON, due)
    return Freshness(FRESH, due)
