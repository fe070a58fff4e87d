"""Reads with rules: who sees which report, the report's figures (frozen or live), Table 二's
normative-document counts from the published items, the reports still to publish, and the
county overview."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.info_requests.selectors import application_facts, fees_total, remedy_facts
from gongkai.organizations.access import staff_of
from gongkai.organizations.models import SITE_ROLES, UNIT_ROLES, Organisation, Site
from gongkai.organizations.selectors import organisations_visible_to
from gongkai.publications.models import Item
from gongkai.publications.states import Status as ItemStatus

from . import annual
from .annual import (
    ApplicationFact,
    Check,
    RemedyFact,
    Table2,
    Table3,
    Table4,
)
from .deadlines import FIRST_YEAR, REPORTING_KINDS, report_deadline
from .models import AnnualReport
from .states import ReportStatus

# --- visibility -------------------------------------------------------------------------------


def reports_visible_to(user: Any) -> QuerySet[AnnualReport]:
    """The disclosure office and administrators see every report of their site; a unit's staff
    see the reports of their unit and the units below it. Never another site's."""
    staff = staff_of(user)
    if staff is None:
        return AnnualReport.objects.none()
    org = staff.organisation
    qs = AnnualReport.objects.filter(site_id=org.site_id)
    if staff.role in SITE_ROLES:
        return qs
    if staff.role in UNIT_ROLES:
        return qs.filter(organisation__path__startswith=org.path)
    return AnnualReport.objects.none()


def reporting_units(site: Site | int) -> QuerySet[Organisation]:
    """The site's active units that publish an annual report (deadlines.REPORTING_KINDS)."""
    site_id = site if isinstance(site, int) else site.pk
    return Organisation.objects.filter(
        site_id=site_id, is_active=True, kind__in=REPORTING_KINDS
    ).order_by("sort_order", "id")


def reporting_units_visible_to(user: Any) -> QuerySet[Organisation]:
    return organisations_visible_to(user).filter(is_active=True, kind__in=REPORTING_KINDS)


def check_year(year: Any, today: dt.date | None = None) -> int:
    """A reporting year the platform can produce: 2021 (the current format) to this year."""
    today = today or timezone.localdate()
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValueError("年度必须是整数。")
    if year < FIRST_YEAR:
        raise ValueError(
            f"{FIRST_YEAR}年以前的年度报告使用旧的报表格式（国办公开办函〔2019〕60号），"
            "本系统不提供。"
        )
    if year > today.year:
        raise ValueError(f"{year}年尚未开始，不能编制该年度的报告。")
    return year


# --- figures ----------------------------------------------------------------------------------


def live_table3(organisation: Organisation, year: int) -> Table3:
    facts = (
        ApplicationFact(**dataclasses.asdict(r)) for r in application_facts(organisation, year)
    )
    return annual.table3(facts, year)


def live_table4(organisation: Organisation, year: int) -> Table4:
    facts = (RemedyFact(**dataclasses.asdict(r)) for r in remedy_facts(organisation, year))
    return annual.table4(facts, year)


@dataclass(frozen=True)
class NormativeCounts:
    issued: int
    repealed: int
    valid: int


def normative_counts(organisation: Organisation, year: int) -> NormativeCounts:
    """Table 二's 行政规范性文件 counts from the organisation's published normative documents:

    * issued (本年制发): 成文日期 in `year` (the publication date when it has none);
    * repealed (本年废止): repealed (废止) or declared expired (失效) with that date in `year`;
    * valid (现行有效): issued by 31 Dec and neither repealed nor expired by then. A document
      marked 修订 (amended) stays in force in its amended form and counts as valid.

    Withdrawn publications (撤回: published in error) are not documents of the organ and are
    left out; so are drafts."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    tz = timezone.get_current_timezone()
    year_end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    year_start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    docs = Item.objects.filter(
        organisation=organisation, is_normative=True, status=ItemStatus.PUBLISHED
    )
    issued_in_year = Q(written_on__gte=first, written_on__lte=last) | Q(
        written_on__isnull=True, published_at__gte=year_start, published_at__lt=year_end
    )
    issued_by_end = Q(written_on__lte=last) | Q(written_on__isnull=True, published_at__lt=year_end)
    ended_in_year = Q(validity="repealed", repealed_on__gte=first, repealed_on__lte=last) | Q(
        validity="expired", expires_on__gte=first, expires_on__lte=last
    )
    ended_by_end = Q(validity="repealed", repealed_on__lte=last) | Q(
        validity="expired", expires_on__lte=last
    )
    return NormativeCounts(
        issued=docs.filter(issued_in_year).count(),
        repealed=docs.filter(ended_in_year).count(),
        valid=docs.filter(issued_by_end).exclude(ended_by_end).count(),
    )


def fees_of(organisation: Organisation, year: int) -> Decimal:
    return fees_total(organisation, year)


def fee_sentence(amount: Decimal) -> str:
    """Section 六's standard line (practice: published reports state the fees collected)."""
    return f"本年度收取信息处理费{amount:.2f}元。"


def figures_sentence(table3: Table3, table4: Table4, fees: Decimal) -> str:
    """A sentence with the year's figures for section 一 (offered on the editing page: the text
    is the unit's own, the numbers come from the tables)."""
    remedies = sum(table4[g]["total"] for g in annual.TABLE4_GROUP_KEYS if g != "reconsideration")
    return (
        f"本年度新收政府信息公开申请{table3['new_received']['total']}件，"
        f"上年结转{table3['carried_over']['total']}件，"
        f"办结{table3['total_handled']['total']}件，"
        f"其中予以公开{table3['granted']['total']}件、部分公开{table3['partial']['total']}件，"
        f"结转下年度继续办理{table3['carried_forward']['total']}件；"
        f"因政府信息公开被申请行政复议{table4['reconsideration']['total']}件，"
        f"被提起行政诉讼{remedies}件；收取信息处理费{fees:.2f}元。"
    )


@dataclass(frozen=True)
class AnnualData:
    """Everything an output needs: the report's tables (frozen, or live from the records), its
    checks, its sections."""

    organisation: Organisation
    year: int
    format_version: str
    table2: Table2
    table3: Table3
    table4: Table4
    checks: list[Check]
    sections: dict[str, str]
    fees: Decimal
    report: AnnualReport | None = None
    frozen: bool = False

    @property
    def title(self) -> str:
        return f"{self.organisation.full_name}{self.year}年政府信息公开工作年度报告"

    @property
    def errors(self) -> list[Check]:
        return [c for c in self.checks if not c.ok and c.severity == "error"]

    @property
    def warnings(self) -> list[Check]:
        return [c for c in self.checks if not c.ok and c.severity == "warning"]


def report_for(organisation: Organisation, year: int) -> AnnualReport | None:
    return (
        AnnualReport.objects.select_related("organisation", "published_item")
        .filter(organisation=organisation, year=year)
        .first()
    )


def _tables_of(report: AnnualReport) -> tuple[Table3, Table4]:
    if report.is_frozen:
        return report.table3, report.table4  # type: ignore[return-value]
    return live_table3(report.organisation, report.year), live_table4(
        report.organisation, report.year
    )


def compute_checks(
    organisation: Organisation, year: int, table2: Table2, table3: Table3, table4: Table4
) -> list[Check]:
    """Every check of the report: Tables 三/四 (with last year's carried-forward when last
    year's report is on the platform) and Table 二 (with last year's valid counts)."""
    previous = report_for(organisation, year - 1)
    previous_table3 = _tables_of(previous)[0] if previous is not None else None
    previous_table2 = annual.table2_from_json(previous.table2) if previous is not None else None
    return [
        *annual.checks(table3, table4, previous_table3),
        *annual.table2_checks(table2, previous_table2),
    ]


def annual_data(
    organisation: Organisation, year: int, report: AnnualReport | None = None
) -> AnnualData:
    """The report of `organisation` on `year`: the stored one (frozen tables and stored checks
    once submitted), or live figures with empty Table 二 and sections when none exists yet."""
    if report is None:
        report = report_for(organisation, year)
    if report is None:
        table2 = Table2()
        table3, table4 = live_table3(organisation, year), live_table4(organisation, year)
        fees = fees_of(organisation, year)
        return AnnualData(
            organisation=organisation,
            year=year,
            format_version=annual.FORMAT_VERSION,
            table2=table2,
            table3=table3,
            table4=table4,
            checks=compute_checks(organisation, year, table2, table3, table4),
            sections={"overview": "", "problems": "", "other": fee_sentence(fees)},
            fees=fees,
        )
    table2 = annual.table2_from_json(report.table2)
    table3, table4 = _tables_of(report)
    if report.is_frozen:
        checks = [annual.check_from_json(c) for c in report.checks]
        fees = report.fees_collected
    else:
        checks = compute_checks(organisation, year, table2, table3, table4)
        fees = fees_of(organisation, year)
    return AnnualData(
        organisation=report.organisation,
        year=report.year,
        format_version=report.format_version,
        table2=table2,
        table3=table3,
        table4=table4,
        checks=checks,
        sections={
            "overview": report.section_overview,
            "problems": report.section_problems,
            "other": report.section_other,
        },
        fees=fees,
        report=report,
        frozen=report.is_frozen,
    )


def is_published(report: AnnualReport | None) -> bool:
    """Published = its item is public (the report's own status follows at the next sync)."""
    if report is None:
        return False
    if report.status == ReportStatus.PUBLISHED:
        return True
    item = report.published_item
    return item is not None and item.status == ItemStatus.PUBLISHED


def publication_state(report: AnnualReport | None) -> str:
    """A short Chinese description of where the report's publication stands."""
    if report is None:
        return "未编写"
    if is_published(report):
        return "已发布"
    item = report.published_item
    if item is not None and item.status in (ItemStatus.PENDING, ItemStatus.SCHEDULED):
        return "发布审核中"
    if item is not None and item.status == ItemStatus.DRAFT:
        return "发布被退回"
    return str(ReportStatus(report.status).label)


# --- deadlines and reminders ------------------------------------------------------------------


@dataclass(frozen=True)
class PendingReport:
    organisation: Organisation
    year: int
    deadline: dt.date
    days_left: int  # calendar days; 0 = today is the last day, negative = overdue
    report: AnnualReport | None
    state: str

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def overdue_days(self) -> int:
        return max(-self.days_left, 0)


def pending_reports(
    units: Iterable[Organisation], *, today: dt.date | None = None
) -> list[PendingReport]:
    """The units among `units` whose report on last year is not yet published, the nearest
    deadline first."""
    today = today or timezone.localdate()
    year = today.year - 1
    units = [u for u in units if u.kind in REPORTING_KINDS and u.is_active]
    reports = {
        r.organisation_id: r
        for r in AnnualReport.objects.select_related("published_item").filter(
            organisation__in=units, year=year
        )
    }
    rows = []
    for unit in units:
        report = reports.get(unit.pk)
        if is_published(report):
            continue
        deadline = report_deadline(unit.kind, year)
        rows.append(
            PendingReport(
                unit, year, deadline, (deadline - today).days, report, publication_state(report)
            )
        )
    rows.sort(key=lambda r: (r.days_left, r.organisation.sort_order, r.organisation.pk))
    return rows


def pending_reports_for(user: Any, *, today: dt.date | None = None) -> list[PendingReport]:
    """The workbench card: the whole site for the office, the own units for a unit's staff."""
    return pending_reports(reporting_units_visible_to(user), today=today)


# --- the county overview ----------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewRow:
    organisation: Organisation
    report: AnnualReport | None
    state: str
    table3: Table3
    table4: Table4
    failed_checks: int | None  # error-level failures; None when not computed (no report)


@dataclass
class Overview:
    """Tables 三/四 summed over the site's reporting units: 汇总数据，非正式报表. The sum is not
    an official table (each organ reports for itself); it helps the office see the county."""

    year: int
    rows: list[OverviewRow] = field(default_factory=list)
    table3: Table3 = field(default_factory=annual.empty_table3)
    table4: Table4 = field(default_factory=annual.empty_table4)


def county_overview(site: Site, year: int) -> Overview:
    """Each unit's frozen tables when its report is submitted, else its live figures."""
    reports = {
        r.organisation_id: r
        for r in AnnualReport.objects.select_related("published_item").filter(site=site, year=year)
    }
    overview = Overview(year=year)
    for unit in reporting_units(site):
        report = reports.get(unit.pk)
        if report is not None and report.is_frozen:
            t3, t4 = report.table3, report.table4
            failed: int | None = sum(
                1
                for c in report.checks
                if isinstance(c, dict) and not c.get("ok") and c.get("severity") == "error"
            )
        else:
            t3, t4 = live_table3(unit, year), live_table4(unit, year)
            failed = None
        overview.rows.append(
            OverviewRow(unit, report, publication_state(report), t3, t4, failed)  # type: ignore[arg-type]
        )
    overview.table3 = annual.sum_table3(r.table3 for r in overview.rows)
    overview.table4 = annual.sum_table4(r.table4 for r in overview.rows)
    return overview
