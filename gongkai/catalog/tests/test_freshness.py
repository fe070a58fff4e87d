"""Column freshness: pure date arithmetic, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.catalog.freshness import (
    DUE_SOON,
    EMPTY,
    FRESH,
    NOT_APPLICABLE,
    OVERDUE,
    Freshness,
    add_months,
    freshness,
)

D = dt.date


class TestAddMonths:
    @pytest.mark.parametrize(
        ("start", "months", "expected"),
        [
            (D(2025, 1, 31), 6, D(2025, 7, 31)),
            (D(2025, 8, 31), 6, D(2026, 2, 28)),
            (D(2023, 8, 31), 6, D(2024, 2, 29)),
            (D(2024, 2, 29), 12, D(2025, 2, 28)),
            (D(2025, 3, 15), 6, D(2025, 9, 15)),
            (D(2025, 12, 1), 1, D(2026, 1, 1)),
            (D(2025, 7, 31), -1, D(2025, 6, 30)),
        ],
    )
    def test_calendar_months_clamped_to_month_end(self, start, months, expected):
        assert add_months(start, months) == expected


class TestNews:
    """News columns: 14 days (检查指标: no update for 2 weeks)."""

    def test_due_day_is_still_in_time_and_the_day_after_is_overdue(self):
        last = D(2025, 3, 1)
        assert freshness(last, "news", None, D(2025, 3, 15)) == Freshness(DUE_SOON, D(2025, 3, 15))
        assert freshness(last, "news", None, D(2025, 3, 16)) == Freshness(
            OVERDUE, D(2025, 3, 15), 1
        )

    def test_warning_window_is_three_days(self):
        last = D(2025, 3, 1)
        assert freshness(last, "news", None, D(2025, 3, 11)).status == FRESH
        assert freshness(last, "news", None, D(2025, 3, 12)).status == DUE_SOON

    def test_days_overdue_counts_calendar_days(self):
        result = freshness(D(2025, 3, 1), "news", None, D(2025, 4, 1))
        assert result.status == OVERDUE
        assert result.days_overdue == 17
        assert result.label == "超期 17 天"


class TestNoticePolicy:
    """Notices and policy documents: 6 calendar months."""

    def test_month_arithmetic_on_the_31st(self):
        last = D(2025, 1, 31)
        assert freshness(last, "notice_policy", None, D(2025, 7, 31)).due_on == D(2025, 7, 31)
        assert freshness(last, "notice_policy", None, D(2025, 7, 31)).status == DUE_SOON
        assert freshness(last, "notice_policy", None, D(2025, 8, 1)) == Freshness(
            OVERDUE, D(2025, 7, 31), 1
        )

    def test_short_month_clamps(self):
        result = freshness(D(2025, 8, 31), "notice_policy", None, D(2026, 3, 1))
        assert result == Freshness(OVERDUE, D(2026, 2, 28), 1)

    def test_fresh_well_before(self):
        assert freshness(D(2025, 1, 1), "notice_policy", None, D(2025, 3, 1)).status == FRESH


class TestPersonnelPlan:
    def test_one_year(self):
        last = D(2024, 5, 10)
        assert freshness(last, "personnel_plan", None, D(2025, 5, 10)).status == DUE_SOON
        assert freshness(last, "personnel_plan", None, D(2025, 5, 11)).status == OVERDUE
        assert freshness(last, "personnel_plan", None, D(2025, 4, 1)).status == FRESH

    def test_leap_day(self):
        assert freshness(D(2024, 2, 29), "personnel_plan", None, D(2025, 3, 1)).due_on == D(
            2025, 2, 28
        )


class TestExplicitInterval:
    def test_interval_overrides_the_category(self):
        last = D(2025, 3, 1)
        # A weekly column inside the news category: due after 7 days, not 14.
        assert freshness(last, "news", 7, D(2025, 3, 8)).status == DUE_SOON
        assert freshness(last, "news", 7, D(2025, 3, 9)) == Freshness(OVERDUE, D(2025, 3, 8), 1)

    def test_interval_gives_a_rule_to_an_uncategorised_column(self):
        assert freshness(D(2025, 3, 1), "none", 30, D(2025, 4, 1)).status == OVERDUE

    def test_warning_is_a_fifth_of_the_interval(self):
        last = D(2025, 3, 1)
        assert freshness(last, "none", 30, D(2025, 3, 24)).status == FRESH
        assert freshness(last, "none", 30, D(2025, 3, 25)).status == DUE_SOON

    def test_zero_interval_is_refused(self):
        with pytest.raises(ValueError):
            freshness(D(2025, 3, 1), "none", 0, D(2025, 3, 2))


class TestEmptyAndNoRule:
    @pytest.mark.parametrize("category", ["news", "notice_policy", "personnel_plan", "none"])
    def test_nothing_published_is_empty_whatever_the_category(self, category):
        result = freshness(None, category, None, D(2025, 3, 1))
        assert result == Freshness(EMPTY)
        assert result.is_problem
        assert result.label == "空白栏目"

    def test_no_rule_is_not_applicable(self):
        result = freshness(D(2010, 1, 1), "none", None, D(2025, 3, 1))
        assert result == Freshness(NOT_APPLICABLE)
        assert not result.is_problem

    def test_datetime_is_refused(self):
        with pytest.raises(TypeError):
            freshness(dt.datetime(2025, 3, 1, 12), "news", None, D(2025, 3, 2))
