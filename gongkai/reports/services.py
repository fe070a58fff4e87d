"""Every write to annual reports: start, edit the sections and Table 二, refresh, submit
(freezes the tables), return for correction, publish through the publications review, record
the publication, and the deadline reminder sweep.

Who may do what:
* a unit's staff (leader, A角, B角) write their own unit's report (and those of units below
  theirs, as for every other record);
* the disclosure office and administrators may start a report for any unit of the site (the
  office follows up the laggards) and the office returns a submitted report for correction;
* publishing creates an item of the unit, so the publications rules apply: the unit's own
  staff draft and submit it, the unit's leader approves it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.catalog.models import Column, StandardKey
from gongkai.core import audit
from gongkai.organizations.authority import SITE_STAFF, SiteRole, UnitStaff, authorise
from gongkai.organizations.models import Organisation, Site
from gongkai.publications import services as item_services
from gongkai.publications.choices import Genre, SubjectCategory
from gongkai.publications.models import Item
from gongkai.publications.states import Status as ItemStatus
from gongkai.reports.audit_actions import REPORT

from . import annual, selectors
from .annual import TABLE2_FIELDS, TABLE2_NORMATIVE_FIELDS, Table2
from .deadlines import REPORTING_KINDS, STAGE_LABELS, reminder_stage
from .models import AnnualReport, ReportReminder
from .outputs.html import published_body
from .states import ReportStatus, check_transition

SECTION_MAX = 20_000
COUNT_MAX = 10**9
AMOUNT_MAX = Decimal("99999999.9999")  # 万元
AMOUNT_PLACES = 4  # 万元 to the yuan
NOTE_MAX = 500
SECTION_FIELDS = {
    "overview": ("section_overview", "一、总体情况"),
    "problems": ("section_problems", "五、存在的主要问题及改进情况"),
    "other": ("section_other", "六、其他需要报告的事项"),
}
_FEE_SENTENCE = re.compile(r"^本年度收取信息处理费\d+(?:\.\d+)?元。$")


# --- who may act ------------------------------------------------------------------------------


def _own_unit(organisation: Organisation, message: str) -> UnitStaff:
    return UnitStaff(organisation, message=message)


def authorise_write(actor: Any, organisation: Organisation) -> None:
    """The unit's own staff (or the system, actor None) write the report's content."""
    authorise(
        actor,
        (_own_unit(organisation, "只有本单位的工作人员可以编写本单位的年度报告。"),),
        site_id=organisation.site_id,
    )


def authorise_start(actor: Any, organisation: Organisation) -> None:
    authorise(
        actor,
        (_own_unit(organisation, "只能为本单位创建年度报告。"), SITE_STAFF),
        site_id=organisation.site_id,
    )


def authorise_return(actor: Any, organisation: Organisation) -> None:
    authorise(
        actor,
        (SiteRole(message="只有政务公开办公室可以退回年度报告。"),),
        site_id=organisation.site_id,
    )


# --- helpers ----------------------------------------------------------------------------------


def _lock(report: AnnualReport) -> AnnualReport:
    return (
        AnnualReport.objects.select_for_update(of=("self",))
        .select_related("organisation", "published_item")
        .get(pk=report.pk)
    )


def _require(report: AnnualReport, *statuses: str) -> None:
    if report.status not in statuses:
        shown = "、".join(str(ReportStatus(s).label) for s in statuses)
        raise ValidationError(
            f"年度报告当前为“{report.get_status_display()}”，只有{shown}的报告可以进行此操作。",
            code="status",
        )


def _record(
    report: AnnualReport,
    action: str,
    actor: Any,
    *,
    changes: Mapping[str, Any] | None = None,
    note: str = "",
) -> None:
    audit.record(
        actor=actor,
        action=REPORT.key(action),
        obj=report,
        organisation=report.organisation,
        site_id=report.site_id,
        changes=changes,
        note=note,
        object_repr=str(report),
    )


def _length(text: str) -> str:
    return f"{len(text)} 字"


# --- start ------------------------------------------------------------------------------------


@transaction.atomic
def report_get_or_create(
    *, organisation: Organisation, year: int, actor: Any
) -> tuple[AnnualReport, bool]:
    """The unit's report on `year`, created as a draft if missing: format 2021, Table 二 with
    the normative-document counts from the published items, section 六 with the fees."""
    if organisation.kind not in REPORTING_KINDS:
        raise ValidationError(
            f"{organisation.get_kind_display()}不需要编制政府信息公开工作年度报告。",
            code="kind",
        )
    if not organisation.is_active:
        raise ValidationError(f"“{organisation.full_name}”已停用。", code="inactive")
    try:
        year = selectors.check_year(year)
    except ValueError as error:
        raise ValidationError(str(error), code="year") from None
    authorise_start(actor, organisation)
    # The organisation row serialises two clerks starting the same report at once.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    existing = selectors.report_for(organisation, year)
    if existing is not None:
        return existing, False
    counts = selectors.normative_counts(organisation, year)
    table2 = Table2(
        normative_issued=counts.issued,
        normative_repealed=counts.repealed,
        normative_valid=counts.valid,
    )
    fees = selectors.fees_of(organisation, year)
    report = AnnualReport.objects.create(
        site_id=organisation.site_id,
        organisation=organisation,
        year=year,
        format_version=annual.FORMAT_VERSION,
        table2=annual.table2_to_json(table2),
        section_other=selectors.fee_sentence(fees),
        fees_collected=fees,
    )
    report.organisation = organisation
    _record(
        report,
        "create",
        actor,
        changes={"year": [None, year], "format_version": [None, report.format_version]},
    )
    return report, True


# --- content ----------------------------------------------------------------------------------


@transaction.atomic
def report_update_sections(*, report: AnnualReport, actor: Any, **sections: Any) -> AnnualReport:
    """Replace sections 一 (`overview`), 五 (`problems`) and 六 (`other`); only those given."""
    unknown = set(sections) - set(SECTION_FIELDS)
    if unknown:
        raise ValueError(f"unknown sections: {sorted(unknown)}")
    report = _lock(report)
    authorise_write(actor, report.organisation)
    _require(report, ReportStatus.DRAFT)
    errors: dict[str, str] = {}
    changes: dict[str, list[str]] = {}
    for key, value in sections.items():
        attr, label = SECTION_FIELDS[key]
        if value is None:
            continue
        if not isinstance(value, str):
            errors[key] = f"“{label}”必须是文字。"
            continue
        text = value.replace("\r\n", "\n").strip()
        if len(text) > SECTION_MAX:
            errors[key] = f"“{label}”不能超过 {SECTION_MAX} 字。"
            continue
        before = getattr(report, attr)
        if text != before:
            setattr(report, attr, text)
            changes[attr] = [_length(before), _length(text)]
    if errors:
        raise ValidationError(errors)
    if changes:
        report.save()
        _record(report, "update_sections", actor, changes=changes)
    return report


def clean_table2_value(name: str, value: Any) -> int | Decimal:
    """One Table 二 entry, checked: counts are whole numbers 0–10⁹, the fee amount a decimal
    number of 万元 ≥ 0 with at most 4 decimals (to the yuan). ValueError in Chinese."""
    label = _TABLE2_LABELS[name]
    if name == "fees_amount":
        if isinstance(value, bool | float):
            raise ValueError(f"{label}请以文字形式的十进制数填写（如“1.25”）。")
        try:
            amount = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
        except InvalidOperation:
            raise ValueError(f"{label}“{value}”不是有效的金额。") from None
        if not amount.is_finite() or amount < 0:
            raise ValueError(f"{label}应为不小于0的金额。")
        if amount > AMOUNT_MAX:
            raise ValueError(f"{label}过大，请确认单位为万元。")
        exponent = amount.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -AMOUNT_PLACES:
            raise ValueError(f"{label}最多保留{AMOUNT_PLACES}位小数（单位：万元，精确到元）。")
        return amount
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{label}应为整数。")
    if value < 0 or value > COUNT_MAX:
        raise ValueError(f"{label}应为0到{COUNT_MAX}之间的整数。")
    return value


_TABLE2_LABELS = {
    "regulations_issued": "规章本年制发件数",
    "regulations_repealed": "规章本年废止件数",
    "regulations_valid": "规章现行有效件数",
    "normative_issued": "行政规范性文件本年制发件数",
    "normative_repealed": "行政规范性文件本年废止件数",
    "normative_valid": "行政规范性文件现行有效件数",
    "licensing_decisions": "行政许可本年处理决定数量",
    "penalty_decisions": "行政处罚本年处理决定数量",
    "coercion_decisions": "行政强制本年处理决定数量",
    "fees_amount": "行政事业性收费本年收费金额",
}


def _set_table2(report: AnnualReport, values: Mapping[str, Any]) -> dict[str, list[Any]]:
    current = annual.table2_to_json(annual.table2_from_json(report.table2))
    updated: dict[str, Any] = dict(current)
    errors: dict[str, str] = {}
    for name, value in values.items():
        try:
            cleaned = clean_table2_value(name, value)
        except ValueError as error:
            errors[name] = str(error)
            continue
        updated[name] = str(cleaned) if name == "fees_amount" else cleaned
    if errors:
        raise ValidationError(errors)
    report.table2 = updated
    return {k: [current.get(k), updated[k]] for k in TABLE2_FIELDS if current.get(k) != updated[k]}


@transaction.atomic
def report_update_table2(
    *, report: AnnualReport, actor: Any, values: Mapping[str, Any]
) -> AnnualReport:
    """Set Table 二 entries (any of annual.TABLE2_FIELDS); the others keep their values.
    Nothing is written if any value is refused."""
    unknown = set(values) - set(TABLE2_FIELDS)
    if unknown:
        raise ValidationError(f"表二没有这些项目：{'、'.join(sorted(unknown))}。", code="unknown")
    report = _lock(report)
    authorise_write(actor, report.organisation)
    _require(report, ReportStatus.DRAFT)
    changes = _set_table2(report, values)
    if changes:
        report.save()
        _record(report, "update_table2", actor, changes=changes)
    return report


@transaction.atomic
def report_fill_normative(*, report: AnnualReport, actor: Any) -> AnnualReport:
    """从政府信息自动统计: Table 二's 行政规范性文件 counts from the unit's published items."""
    report = _lock(report)
    authorise_write(actor, report.organisation)
    _require(report, ReportStatus.DRAFT)
    counts = selectors.normative_counts(report.organisation, report.year)
    values = dict(
        zip(TABLE2_NORMATIVE_FIELDS, (counts.issued, counts.repealed, counts.valid), strict=True)
    )
    changes = _set_table2(report, values)
    if changes:
        report.save()
    _record(report, "fill_normative", actor, changes=changes, note="从政府信息自动统计")
    return report


# --- refresh, submit, return ------------------------------------------------------------------


def _store_checks(report: AnnualReport, checks: list[annual.Check]) -> None:
    report.checks = [annual.check_to_json(c) for c in checks]


@transaction.atomic
def report_refresh(*, report: AnnualReport, actor: Any) -> AnnualReport:
    """Recompute from the records: the checks as they now stand and the fees collected; section
    六's fee sentence follows the fees while nobody has rewritten it."""
    report = _lock(report)
    authorise_write(actor, report.organisation)
    _require(report, ReportStatus.DRAFT)
    data = selectors.annual_data(report.organisation, report.year, report)
    before_fees = report.fees_collected
    _store_checks(report, data.checks)
    report.fees_collected = data.fees
    other = report.section_other.strip()
    if not other or _FEE_SENTENCE.match(other):
        report.section_other = selectors.fee_sentence(data.fees)
    report.refreshed_at = timezone.now()
    report.save()
    failed = len(data.errors)
    _record(
        report,
        "refresh",
        actor,
        changes={"fees_collected": [str(before_fees), str(data.fees)]}
        if before_fees != data.fees
        else {},
        note=f"校验未通过 {failed} 项" if failed else "校验全部通过",
    )
    return report


@transaction.atomic
def report_submit(*, report: AnnualReport, actor: Any) -> AnnualReport:
    """Freeze Tables 三/四 and the checks as they stand and send the report to the county
    disclosure office (Art. 49). Refused while a check fails or section 一 or 五 is empty."""
    report = _lock(report)
    authorise_write(actor, report.organisation)
    _require(report, ReportStatus.DRAFT)
    missing = [
        label
        for key, (attr, label) in SECTION_FIELDS.items()
        if key != "other" and not getattr(report, attr).strip()
    ]
    if missing:
        raise ValidationError(f"报送前请填写：{'、'.join(missing)}。", code="incomplete")
    data = selectors.annual_data(report.organisation, report.year, report)
    if data.errors:
        shown = "；".join(c.message for c in data.errors[:3])
        more = f"等 {len(data.errors)} 项" if len(data.errors) > 3 else ""
        raise ValidationError(f"校验未通过，不能报送：{shown}{more}。", code="checks")
    check_transition(report.status, ReportStatus.SUBMITTED)
    now = timezone.now()
    report.table3 = data.table3
    report.table4 = data.table4
    _store_checks(report, data.checks)
    report.fees_collected = data.fees
    report.status = ReportStatus.SUBMITTED
    report.frozen_at = report.submitted_at = report.refreshed_at = now
    report.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
    report.save()
    _record(
        report,
        "submit",
        actor,
        changes={"status": [ReportStatus.DRAFT, ReportStatus.SUBMITTED]},
        note=f"新收{data.table3['new_received']['total']}件，"
        f"办结{data.table3['total_handled']['total']}件，"
        f"结转{data.table3['carried_forward']['total']}件",
    )
    return report


@transaction.atomic
def report_return(*, report: AnnualReport, actor: Any, note: str) -> AnnualReport:
    """The office sends a submitted report back to draft with its reason; the tables are live
    again. Not once its publication is under review or done."""
    report = _lock(report)
    authorise_return(actor, report.organisation)
    _require(report, ReportStatus.SUBMITTED)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "请填写退回理由。"})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": f"退回理由不能超过 {NOTE_MAX} 字。"})
    item = report.published_item
    if item is not None and item.status in (
        ItemStatus.PENDING,
        ItemStatus.SCHEDULED,
        ItemStatus.PUBLISHED,
    ):
        raise ValidationError(
            "该报告已提交发布审核或已发布，不能退回；如需更正，请先由本单位撤回发布审核。",
            code="publishing",
        )
    check_transition(report.status, ReportStatus.DRAFT)
    report.status = ReportStatus.DRAFT
    report.table3 = report.table4 = None
    report.frozen_at = None
    report.save()
    _record(
        report,
        "return",
        actor,
        changes={"status": [ReportStatus.SUBMITTED, ReportStatus.DRAFT]},
        note=note,
    )
    return report


# --- publication ------------------------------------------------------------------------------


def annual_report_column(organisation: Organisation) -> Column | None:
    return Column.objects.filter(
        organisation=organisation, standard_key=StandardKey.ANNUAL_REPORT, is_retired=False
    ).first()


@transaction.atomic
def report_publish(*, report: AnnualReport, actor: Any) -> Item:
    """Publish a submitted report through the normal review: an item of the unit in its
    政府信息公开年报 column, with the whole report as its body, submitted to the unit's leader
    (先审后发). A draft item sent back by the leader is updated and submitted again."""
    report = _lock(report)
    authorise_write(actor, report.organisation)
    _require(report, ReportStatus.SUBMITTED)
    organisation = report.organisation
    item = report.published_item
    if item is not None and item.status in (ItemStatus.PENDING, ItemStatus.SCHEDULED):
        raise ValidationError("该报告已在发布审核中，请等待本单位分管领导审核。", code="pending")
    if item is not None and item.status == ItemStatus.PUBLISHED:
        raise ValidationError("该报告已发布。", code="published")
    column = annual_report_column(organisation)
    if column is None:
        raise ValidationError(
            f"{organisation.full_name}还没有“政府信息公开年报”栏目，"
            "请联系政务公开办公室补齐标准栏目后再发布。",
            code="column",
        )
    data = selectors.annual_data(organisation, report.year, report)
    fields: dict[str, Any] = {
        "title": data.title,
        "written_on": timezone.localdate(),
        "subject_category": SubjectCategory.GENERAL,
        "genre": Genre.REPORT,
        "keywords": "政府信息公开 年度报告",
        "summary": f"{organisation.full_name}{report.year}年政府信息公开工作年度报告。",
        "body_html": published_body(data),
        "columns": [column],
    }
    if item is not None and item.status == ItemStatus.DRAFT:
        item = item_services.item_update(item=item, actor=actor, **fields)
        action = "republish"
    else:
        item = item_services.item_create_draft(organisation=organisation, actor=actor, **fields)
        action = "publish"
    item = item_services.item_submit(item=item, actor=actor, note="年度报告提交发布审核")
    report.published_item = item
    report.save()
    _record(report, action, actor, changes={"published_item": [None, item.pk]})
    return item


@transaction.atomic
def report_sync_publication(*, report: AnnualReport) -> bool:
    """Record that the report's item has been published (compare-and-set: a second call, or a
    concurrent sweep, changes nothing). Returns whether it changed the report."""
    report = _lock(report)
    item = report.published_item
    if report.status != ReportStatus.SUBMITTED or item is None:
        return False
    if item.status != ItemStatus.PUBLISHED:
        return False
    check_transition(report.status, ReportStatus.PUBLISHED)
    report.status = ReportStatus.PUBLISHED
    report.published_at = item.published_at
    report.save()
    _record(
        report,
        "published",
        None,
        changes={"status": [ReportStatus.SUBMITTED, ReportStatus.PUBLISHED]},
        note=f"索引号 {item.index_number}",
    )
    return True


# --- the deadline sweep -----------------------------------------------------------------------


@dataclass(frozen=True)
class SentReminder:
    organisation: Organisation
    year: int
    stage: str
    deadline: dt.date
    days_left: int

    @property
    def message(self) -> str:
        if self.days_left < 0:
            when = f"已逾期{-self.days_left}天"
        elif self.days_left == 0:
            when = "今天截止"
        else:
            when = f"还剩{self.days_left}天"
        return (
            f"{self.organisation.full_name}{self.year}年政府信息公开工作年度报告尚未发布，"
            f"应于{self.deadline:%Y年%m月%d日}前发布（{when}）。"
        )


def report_reminders_send(
    *, today: dt.date | None = None, site: Site | None = None
) -> list[SentReminder]:
    """The deadline sweep: first record the reports whose items have been published, then for
    each unit whose report on last year is still unpublished and has reached a reminder stage
    (30 days, 7 days, overdue), record and audit that stage once. Safe to run twice: a stage
    already sent is skipped (unique constraint), so a second run sends nothing."""
    today = today or timezone.localdate()
    sites = [site] if site is not None else list(Site.objects.order_by("id"))
    sent: list[SentReminder] = []
    for current in sites:
        for report in AnnualReport.objects.filter(
            site=current, status=ReportStatus.SUBMITTED, published_item__status=ItemStatus.PUBLISHED
        ):
            report_sync_publication(report=report)
        for pending in selectors.pending_reports(selectors.reporting_units(current), today=today):
            stage = reminder_stage(pending.days_left)
            if stage is None:
                continue
            with transaction.atomic():
                _, created = ReportReminder.objects.get_or_create(
                    organisation=pending.organisation,
                    year=pending.year,
                    stage=stage,
                    defaults={
                        "site": current,
                        "deadline": pending.deadline,
                        "days_left": pending.days_left,
                    },
                )
                if not created:
                    continue
                reminder = SentReminder(
                    pending.organisation, pending.year, stage, pending.deadline, pending.days_left
                )
                audit.record(
                    actor=None,
                    action=REPORT.key("reminder"),
                    organisation=pending.organisation,
                    site_id=current.pk,
                    object_repr=f"{pending.organisation.full_name}{pending.year}年年度报告",
                    note=f"{STAGE_LABELS[stage]}：{reminder.message}",
                )
                sent.append(reminder)
    return sent
