"""parse_time_limit over the wordings of published catalogues, and the due date of a rule."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.catalog.time_limits import (
    chinese_number,
    describe_rule,
    parse_time_limit,
    time_limit_due,
)
from gongkai.core.deadlines import WorkCalendar


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 条例 Art. 26 and the guidelines' ordinary wording.
        ("信息形成或变更之日起20个工作日内", {"unit": "working_days", "n": 20, "from": "creation"}),
        (
            "自信息形成或者变更之日起20个工作日内予以公开",
            {"unit": "working_days", "n": 20, "from": "creation"},
        ),
        ("制定或获取信息之日起10个工作日内", {"unit": "working_days", "n": 10, "from": "creation"}),
        ("10个工作日内", {"unit": "working_days", "n": 10, "from": "creation"}),
        # Budgets: calendar days from approval.
        ("批准后20日内", {"unit": "days", "n": 20, "from": "approval"}),
        (
            "本级人民代表大会或其常务委员会批准后20日内",
            {"unit": "days", "n": 20, "from": "approval"},
        ),
        ("本级政府财政部门批复后20日内", {"unit": "days", "n": 20, "from": "approval"}),
        ("人大会议批复后20日内", {"unit": "days", "n": 20, "from": "approval"}),
        ("审批结束后十五日内", {"unit": "days", "n": 15, "from": "approval"}),
        # Enforcement publicity: from the decision.
        ("作出行政许可决定之日起7个工作日内", {"unit": "working_days", "n": 7, "from": "decision"}),
        ("行政处罚决定作出之日起7个工作日内", {"unit": "working_days", "n": 7, "from": "decision"}),
        ("变更之日起二十个工作日内", {"unit": "working_days", "n": 20, "from": "change"}),
        ("自收到之日起1个月内", {"unit": "months", "n": 1, "from": "creation"}),
        ("20天内", {"unit": "days", "n": 20, "from": "creation"}),
        # Posting periods (公示).
        ("公示7个工作日", {"posting_days": 7, "posting_unit": "working_days"}),
        ("公示期不少于5天", {"posting_days": 5, "posting_unit": "days"}),
        (
            "制定或获取信息之日起10个工作日内，公示7个工作日",
            {
                "unit": "working_days",
                "n": 10,
                "from": "creation",
                "posting_days": 7,
                "posting_unit": "working_days",
            },
        ),
        # PDF-extracted text with spaces and breaks, and full-width digits.
        (
            "制 定 或 获 取 信 息之日起 10 个 工作日内",
            {"unit": "working_days", "n": 10, "from": "creation"},
        ),
        (
            "制定或获取信息之日起10个工作\n日 内",
            {"unit": "working_days", "n": 10, "from": "creation"},
        ),
        ("１０个工作日内", {"unit": "working_days", "n": 10, "from": "creation"}),
    ],
)
def test_common_wordings(text, expected):
    assert parse_time_limit(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "长期公开", "实时公开", "及时公开", "每年3月31日前", "每年1月底前", "1月份", "常态化公开"],
)
def test_texts_without_a_relative_period_give_none(text):
    assert parse_time_limit(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("20", 20),
        ("二十", 20),
        ("十五", 15),
        ("十", 10),
        ("七", 7),
        ("两", 2),
        ("一百", 100),
        ("三十", 30),
        ("x", None),
    ],
)
def test_chinese_numbers(text, value):
    assert chinese_number(text) == value


def test_describe_rule():
    assert describe_rule(parse_time_limit("批准后20日内")) == "自批准（批复）之日起20日内"
    assert (
        describe_rule(parse_time_limit("制定或获取信息之日起10个工作日内，公示7个工作日"))
        == "自信息形成（制定、获取）之日起10个工作日内；公示7个工作日"
    )
    assert describe_rule(None) == "无固定时限"


class TestDue:
    # October 2025: 1–8 holidays, 11 (Saturday) a make-up working day.
    CAL = WorkCalendar.from_rows(
        [
            (
                dt.date(2025, 10, d),
                d in (9, 10, 11) or (d >= 13 and dt.date(2025, 10, d).weekday() < 5),
            )
            for d in range(1, 32)
        ]
    )

    def test_working_days_use_the_calendar(self):
        due = time_limit_due(parse_time_limit("10个工作日内"), dt.date(2025, 9, 30), self.CAL)
        # Counted: 10-09, 10, 11 (make-up), 13, 14, 15, 16, 17, 20, 21.
        assert due is not None and due.due == dt.date(2025, 10, 21)

    def test_calendar_days(self):
        due = time_limit_due(parse_time_limit("批准后20日内"), dt.date(2025, 1, 20), self.CAL)
        assert due is not None and due.due == dt.date(2025, 2, 9)

    def test_months(self):
        due = time_limit_due(parse_time_limit("1个月内"), dt.date(2025, 1, 31), self.CAL)
        assert due is not None and due.due == dt.date(2025, 2, 28)

    def test_no_period_no_due(self):
        assert (
            time_limit_due(parse_time_limit("公示7个工作日"), dt.date(2025, 1, 1), self.CAL) is None
        )
        assert time_limit_due(None, dt.date(2025, 1, 1), self.CAL) is None
