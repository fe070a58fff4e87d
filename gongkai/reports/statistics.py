"""Statistics of applications (依申请公开) for the office's dashboard and a unit's view.

Definitions (the page states them too):

* received: applications whose receipt date (收到申请之日) falls in the year;
* closed: applications closed (办结) in the year;
* on-time rate: of the applications closed in the year that had a reply deadline, the share
  closed on or before it (closed_on ≤ due_on). Only closed applications count: an open one is
  not yet late or on time, and one closed without a running clock (withdrawn before receipt)
  had no deadline to meet;
* average working days: the mean of working days from the receipt date to the closing date
  (core.deadlines.working_days_between), over the applications closed in the year; clock stops
  are not deducted, so this is the time the applicant waited;
* per unit: by the handling unit (承办单位), or the organ addressed when not yet dispatched.

What a user sees is `info_requests_visible_to`: the whole site for the office, the own unit's
applications for a unit's staff.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from gongkai.core.calendar import load_calendar
from gongkai.core.deadlines import provisional_warning, working_days_between
from gongkai.info_requests.choices import Channel
from gongkai.info_requests.models import InfoRequest
from gongkai.info_requests.outcomes import OUTCOMES, Outcome, OutcomeGroup
from gongkai.info_requests.selectors import info_requests_visible_to
from gongkai.organizations.models import Organisation


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    count: int


@dataclass
class Figures:
    received: int = 0
    closed: int = 0
    closed_with_deadline: int = 0
    on_time: int = 0
    working_days_total: int = 0

    @property
    def on_time_rate(self) -> float | None:
        """0–100, one decimal; None when nothing closed had a deadline."""
        if not self.closed_with_deadline:
            return None
        return round(100 * self.on_time / self.closed_with_deadline, 1)

    @property
    def average_working_days(self) -> float | None:
        if not self.closed:
            return None
        return round(self.working_days_total / self.closed, 1)


@dataclass(frozen=True)
class UnitFigures:
    unit_id: int
    unit_name: str
    figures: Figures


@dataclass
class RequestStatistics:
    year: int
    totals: Figures = field(default_factory=Figures)
    outcome_groups: list[Share] = field(default_factory=list)
    outcomes: list[Share] = field(default_factory=list)
    channels: list[Share] = field(default_factory=list)
    months: list[tuple[int, int, int]] = field(default_factory=list)  # (month, received, closed)
    units: list[UnitFigures] = field(default_factory=list)
    calendar_warning: str = ""

    def chart_data(self) -> dict[str, Any]:
        """What charts.js draws; the page shows the same figures as tables."""
        return {
            "months": {
                "labels": [f"{m}月" for m, _, _ in self.months],
                "received": [r for _, r, _ in self.months],
                "closed": [c for _, _, c in self.months],
            },
            "outcomes": [
                {"name": _chart_name(s.label), "value": s.count} for s in self.outcome_groups
            ],
            "channels": [{"name": s.label, "value": s.count} for s in self.channels],
            "units": {
                "labels": [u.unit_name for u in self.units],
                "received": [u.figures.received for u in self.units],
                "closed": [u.figures.closed for u in self.units],
                "on_time_rate": [u.figures.on_time_rate for u in self.units],
            },
        }


def _group_label(group: OutcomeGroup) -> str:
    # "（二）部分公开（区分处理的，…）" is too long for a chart legend; the group name suffices.
    return str(group.label).split("（区分")[0]


def _chart_name(label: str) -> str:
    """The group name without its numbering, for chart labels: "（三）不予公开" → "不予公开"."""
    return label.split("）", 1)[1] if label.startswith("（") else label


def _leaf_label(outcome: Outcome) -> str:
    """A leaf's row label with its group when the number alone is ambiguous: "（三）不予公开：
    6.属于四类过程性信息"."""
    info = OUTCOMES[outcome]
    if info.group in (OutcomeGroup.GRANTED, OutcomeGroup.PARTIAL):
        return info.row_label
    return f"{info.group_label}：{info.row_label}"


def request_statistics(
    user: Any, year: int, *, unit: Organisation | None = None
) -> RequestStatistics:
    qs: QuerySet[InfoRequest] = info_requests_visible_to(user)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path) | qs.filter(
            unit__isnull=True, organisation__path__startswith=unit.path
        )
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    received_rows = list(
        qs.filter(received_on__gte=first, received_on__lte=last).values_list(
            "received_on", "channel", "unit_id", "organisation_id"
        )
    )
    closed_rows = list(
        qs.filter(closed_on__gte=first, closed_on__lte=last, received_on__isnull=False)
        .values_list("received_on", "closed_on", "due_on", "outcome", "unit_id", "organisation_id")
        .order_by("closed_on", "pk")
    )
    calendar = load_calendar()
    stats = RequestStatistics(year=year)
    per_unit: dict[int, Figures] = defaultdict(Figures)
    channels: Counter[str] = Counter()
    months_received: Counter[int] = Counter()
    months_closed: Counter[int] = Counter()
    outcomes: Counter[str] = Counter()
    missing: set[int] = set()
    for received_on, channel, unit_id, org_id in received_rows:
        if received_on is None:  # excluded by the filter; says so to the type checker
            continue
        stats.totals.received += 1
        per_unit[unit_id or org_id].received += 1
        channels[channel] += 1
        months_received[received_on.month] += 1
    for received_on, closed_on, due_on, outcome, unit_id, org_id in closed_rows:
        if received_on is None or closed_on is None:
            continue
        days = working_days_between(received_on, closed_on, calendar)
        missing.update(days.missing_years)
        for figures in (stats.totals, per_unit[unit_id or org_id]):
            figures.closed += 1
            figures.working_days_total += days.count
            if due_on is not None:
                figures.closed_with_deadline += 1
                figures.on_time += closed_on <= due_on
        months_closed[closed_on.month] += 1
        if outcome:
            outcomes[outcome] += 1
    stats.months = [(m, months_received[m], months_closed[m]) for m in range(1, 13)]
    stats.channels = [Share(c.value, str(c.label), channels[c.value]) for c in Channel]
    stats.outcomes = [
        Share(o.value, _leaf_label(o), outcomes[o.value]) for o in Outcome if outcomes[o]
    ]
    group_counts: Counter[OutcomeGroup] = Counter()
    for key, count in outcomes.items():
        group_counts[OUTCOMES[Outcome(key)].group] += count
    stats.outcome_groups = [Share(g.value, _group_label(g), group_counts[g]) for g in OutcomeGroup]
    names = dict(Organisation.objects.filter(pk__in=per_unit).values_list("pk", "full_name"))
    stats.units = sorted(
        (UnitFigures(pk, names.get(pk, str(pk)), f) for pk, f in per_unit.items()),
        key=lambda u: (-u.figures.received, -u.figures.closed, u.unit_name),
    )
    if missing:
        stats.calendar_warning = provisional_warning(sorted(missing))
    return stats
