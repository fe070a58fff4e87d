"""Disclosure time limits (公开时限) of standard catalogue items, as machine-readable rules.
Pure: no ORM, no clock.

A guideline writes its time limit in prose: "信息形成或变更之日起20个工作日内", "制定或获取信息之
日起10个工作日内", "本级人民代表大会或其常务委员会批准后20日内", "10个工作日内，公示7个工作日".
`parse_time_limit` reads the common wordings into

    {"unit": "working_days" | "days" | "months", "n": 20,
     "from": "creation" | "approval" | "decision" | "change",
     "posting_days": 7, "posting_unit": "working_days" | "days"}

(the posting keys only when the text sets a public-notice period). Text without a relative period
("长期公开", "每年3月底前") gives None; the text itself is always kept beside the rule.

A bare "日" is a calendar day (domain rules: unless a law says otherwise), "工作日" a working day.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from gongkai.core.deadlines import Deadline, WorkCalendar, add_working_days

from .freshness import add_months

UNITS = ("working_days", "days", "months")
STARTS = ("creation", "approval", "decision", "change")
START_LABELS = {
    "creation": "信息形成（制定、获取）之日",
    "approval": "批准（批复）之日",
    "decision": "作出决定之日",
    "change": "信息变更之日",
}
UNIT_LABELS = {"working_days": "个工作日", "days": "日", "months": "个月"}

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMBER = r"(\d+|[零〇一二两三四五六七八九十百]+)"
_UNIT = r"(个?工作日|个月|个?日|个?天|月)"
_POSTING = re.compile(r"公示(?:期|时间)?(?:为|不少于|不得少于|不低于)?" + _NUMBER + _UNIT)
_PERIOD = re.compile(_NUMBER + _UNIT)
# Which event the period runs from, judged by the words before the number. Creation words win
# over "变更" because Art. 26's "形成或者变更之日起" is the ordinary creation rule.
_APPROVAL = ("批准", "批复", "审批", "审定", "核准", "审核通过", "审议通过")
_DECISION = ("决定", "决策", "作出")
_CREATION = ("形成", "制定", "获取", "产生", "生成", "印发", "出台", "发布", "收到", "签订")
_CHANGE = ("变更", "变化", "调整", "修改")


def chinese_number(text: str) -> int | None:
    """ "20" → 20, "二十" → 20, "十五" → 15, "七" → 7, "一百" → 100; None when not a number."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _DIGITS and ch not in "十百" for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:  # 百
            total += (current or 1) * 100
            current = 0
    return total + current


def _unit(word: str) -> str:
    if "工作日" in word:
        return "working_days"
    if "月" in word:
        return "months"
    return "days"


def _normalise(text: str) -> str:
    # Full-width digits become ASCII; PDF-extracted tables scatter spaces and line breaks
    # through the words ("制 定 或 获 取 信 息之日起 10 个 工作日内").
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _start_of(prefix: str) -> str:
    if any(word in prefix for word in _APPROVAL):
        return "approval"
    if any(word in prefix for word in _CREATION):
        return "creation"
    if any(word in prefix for word in _DECISION):
        return "decision"
    if any(word in prefix for word in _CHANGE):
        return "change"
    return "creation"


def parse_time_limit(text: str) -> dict[str, Any] | None:
    """The rule written in `text`, or None when it states no relative period."""
    clean = _normalise(text)
    if not clean:
        return None
    rule: dict[str, Any] = {}
    posting = _POSTING.search(clean)
    if posting is not None:
        days = chinese_number(posting.group(1))
        if days:
            rule["posting_days"] = days
            working = _unit(posting.group(2)) == "working_days"
            rule["posting_unit"] = "working_days" if working else "days"
        clean = clean[: posting.start()] + "；" + clean[posting.end() :]
    for match in _PERIOD.finditer(clean):
        n = chinese_number(match.group(1))
        if n is None or n == 0:
            continue
        # "每年3月底前", "3月31日前": a month or day of the calendar, not a period.
        after = clean[match.end() : match.end() + 2]
        # A bare "3月" (no 个) is a month of the calendar, not a period.
        if match.group(2) == "月" or after.startswith(("底", "份", "末")):
            continue
        before = clean[: match.start()]
        if before.endswith(("年", "月")) and match.group(2) in ("日", "天"):
            continue
        # The clause the number belongs to: from the last separator before it.
        clause = re.split(r"[，,；;。、]", before)[-1]
        rule.update({"unit": _unit(match.group(2)), "n": n, "from": _start_of(clause or before)})
        break
    return rule or None


def describe_rule(rule: dict[str, Any] | None) -> str:
    """A Chinese sentence for a rule, e.g. "自批准（批复）之日起20日内；公示7个工作日"."""
    if not rule:
        return "无固定时限"
    parts = []
    if "n" in rule:
        start = START_LABELS.get(rule.get("from", "creation"), "信息形成之日")
        parts.append(f"自{start}起{rule['n']}{UNIT_LABELS.get(rule.get('unit', 'days'), '日')}内")
    if "posting_days" in rule:
        unit = "个工作日" if rule.get("posting_unit", "working_days") == "working_days" else "日"
        parts.append(f"公示{rule['posting_days']}{unit}")
    return "；".join(parts)


def time_limit_due(
    rule: dict[str, Any] | None, start: dt.date, calendar: WorkCalendar
) -> Deadline | None:
    """The last day to publish an item governed by `rule` whose start event happened on `start`
    (the start day itself not counted, as for every legal period); None without a period."""
    if not rule or "n" not in rule:
        return None
    n = int(rule["n"])
    unit = rule.get("unit", "days")
    if unit == "working_days":
        return add_working_days(start, n, calendar)
    if unit == "months":
        return Deadline(due=add_months(start, n))
    return Deadline(due=start + dt.timedelta(days=n))
