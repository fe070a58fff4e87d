"""Importing a register (台账) of past applications: all rows or none.

`register_import` reads the file, checks every row (validate.py) and, only when no row has an
error, writes everything in one transaction with bulk inserts: a register holds thousands of
rows, and the per-application services (a lock, a sequence round trip, an audit row each) would
take minutes. What the services would add is added here in bulk: a tracking number from the
site's sequence when the row has no 申请编号, the due date of open applications from the
calendar, one event per application (the "收件登记" step, marked as imported, with the file and
row it came from), and one audit event for the import.

How a register row becomes an application (ADR 0008 has the statuses):

* closed (办结日期 and 办理结果 given): `archived`, closed on 办结日期 with that outcome and its
  default legal basis, archived on the import day, handled by the receiving organ (so its staff
  see their history);
* open (both blank): `received` (登记, not yet dispatched) with the due date computed from the
  receipt date, so the office dispatches it and the annual report carries it forward;
* no identity number is recorded in registers: id_type "other", id_number "" (no applicant key,
  so the fee counter and the repeat suggestion do not match it); no query code (the office can
  issue one with "重置查询码"); provision form "other", delivery method "" (not recorded);
* 复议/诉讼 rows without the organ or court (registers do not keep them); a decided result
  without its decision date gets the filing date, and the note says so;
* 收费金额 > 0: one fee notice for that amount, paid on 办结日期 (or the receipt date while open)
  so `fees_total` counts it; unpaid when the outcome is "逾期未缴费" (nothing was collected).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import IO, Any

from django.db import transaction

from gongkai.core import audit
from gongkai.core.calendar import load_calendar
from gongkai.core.deadlines import WorkCalendar
from gongkai.info_requests.audit_actions import REGISTER
from gongkai.organizations.authority import SiteRole, authorise
from gongkai.organizations.models import SITE_ROLES, Site

from ..choices import FEE_BASIS, IdType, ProvisionForm, RemedyResult, SuitKind
from ..deadlines import ClockStop, due_date, fee_stop
from ..fees import FeeMethod
from ..models import (
    FeeNotice,
    InfoRequest,
    InfoRequestEvent,
    Litigation,
    Reconsideration,
    RequestSequence,
)
from ..outcomes import OUTCOMES, Outcome
from ..services._base import actor_name, request_settings, today
from ..services.intake import DEFAULT_PREFIX
from ..states import Action, Status
from .parse import RawRow, RegisterFileError, read_register
from .validate import ImportRow, RowError, validate_rows

BATCH = 1000
OPEN_LABEL = "未办结"
IMPORT_NOTE = "台账导入"
DECIDED_ON_NOTE = "台账导入：台账未记载决定日期，暂以申请日期填写。"
KINDS_BY_EXTENSION = {".xlsx": "xlsx", ".csv": "csv", ".txt": "txt"}


@dataclass(frozen=True)
class OrganisationSummary:
    name: str
    total: int
    by_result: tuple[tuple[str, int], ...]  # (outcome label or 未办结, count), table order


@dataclass
class ImportResult:
    source_name: str
    sha256: str
    dry_run: bool
    rows_read: int = 0
    created: int = 0  # written (or, in a dry run, that would be written)
    skipped: int = 0  # already imported
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    organisations: list[OrganisationSummary] = field(default_factory=list)
    by_result: list[tuple[str, int]] = field(default_factory=list)
    fee_total: Decimal = Decimal("0.00")

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> str:
        verb = "可导入" if self.dry_run else "已导入"
        text = f"{verb} {self.created} 件申请"
        if self.skipped:
            text += f"，{self.skipped} 件此前已导入（跳过）"
        return text + "。"


IMPORTERS = SiteRole(frozenset(SITE_ROLES), "只有政务公开办公室或系统管理员可以导入台账。")


def authorise_import(actor: Any, site: Site) -> None:
    """The disclosure office or an administrator of the site (the system and platform
    operators too): an import writes applications for every organ of the site."""
    authorise(actor, (IMPORTERS,), site_id=site.pk)


def kind_from_name(name: str) -> str:
    kind = KINDS_BY_EXTENSION.get(PurePath(name).suffix.lower())
    if kind is None:
        raise RegisterFileError(["只能导入 .xlsx 或 .csv 格式的台账（文件扩展名不符）。"])
    return kind


def register_import(
    *,
    site: Site,
    actor: Any,
    source_name: str,
    file: IO[bytes] | None = None,
    kind: str | None = None,
    rows: Sequence[RawRow] | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Import a register file (or already-read `rows`). Returns the counts; with any error,
    the errors and nothing written. `kind` is the content check's verdict ("xlsx", "csv",
    "txt"); without it the file name's extension decides."""
    authorise_import(actor, site)
    name = PurePath(source_name or "").name[:200]
    sha256 = ""
    warnings: list[str] = []
    if file is not None:
        file.seek(0)
        digest = hashlib.sha256()
        while chunk := file.read(1 << 20):
            digest.update(chunk)
        sha256 = digest.hexdigest()
        try:
            sheet = read_register(file, kind=kind or kind_from_name(name))
        except RegisterFileError as exc:
            return ImportResult(name, sha256, dry_run, errors=[RowError(None, tuple(exc.messages))])
        rows, warnings = sheet.rows, sheet.warnings
    if rows is None:
        raise TypeError("register_import needs a file or rows")
    result = ImportResult(name, sha256, dry_run, rows_read=len(rows), warnings=list(warnings))
    with transaction.atomic():
        # One import at a time per site: the second sees the first's rows as already imported
        # instead of racing it for tracking numbers. NO KEY: rows that merely reference the
        # site (a registration at the counter, an audit event) must not wait for the import.
        site = Site.objects.select_for_update(no_key=True).get(pk=site.pk)
        validation = validate_rows(rows, site=site, today=today(), sha256=sha256)
        result.warnings.extend(validation.warnings)
        result.errors = validation.errors
        result.skipped = len(validation.skipped) + validation.skipped_rows
        if result.errors:
            return result
        result.created = len(validation.rows)
        _summarise(result, validation.rows)
        if not dry_run and validation.rows:
            _write(site, actor, validation.rows, name, sha256)
        if not dry_run:
            _audit(site, actor, result)
    return result


def _summarise(result: ImportResult, rows: Sequence[ImportRow]) -> None:
    order = {outcome: i for i, outcome in enumerate(OUTCOMES)}

    def label(row: ImportRow) -> str:
        return OUTCOMES[Outcome(row.outcome)].short_label if row.outcome else OPEN_LABEL

    def sort_key(item: tuple[str, int]) -> int:
        for outcome, index in order.items():
            if OUTCOMES[outcome].short_label == item[0]:
                return index
        return len(order)

    per_org: dict[str, Counter[str]] = {}
    for row in rows:
        per_org.setdefault(row.organisation.full_name, Counter())[label(row)] += 1
    result.organisations = [
        OrganisationSummary(name, sum(counts.values()), tuple(sorted(counts.items(), key=sort_key)))
        for name, counts in sorted(per_org.items())
    ]
    totals: Counter[str] = Counter(label(row) for row in rows)
    result.by_result = sorted(totals.items(), key=sort_key)
    result.fee_total = sum((row.fee for row in rows), Decimal("0.00"))


# --- writing --------------------------------------------------------------------------------


def _assign_numbers(site: Site, rows: Sequence[ImportRow]) -> dict[int, str]:
    """Tracking numbers for the rows without one, from the site's sequence of the receipt
    year (locked), skipping numbers already taken. The sequence also moves past the numbers
    the file brings in the site's own format, so later registrations do not collide."""
    configured = request_settings(site)
    prefix = configured.tracking_prefix if configured is not None else DEFAULT_PREFIX
    own = re.compile(rf"^{re.escape(prefix)}-(\d{{4}})-(\d{{6,}})$")
    given = {row.tracking_number for row in rows if row.tracking_number}
    brought: dict[int, int] = {}
    for number in given:
        match = own.match(number)
        if match:
            year, serial = int(match.group(1)), int(match.group(2))
            brought[year] = max(brought.get(year, 0), serial)
    wanting: dict[int, list[ImportRow]] = {}
    for row in rows:
        if not row.tracking_number:
            wanting.setdefault(row.received_on.year, []).append(row)
    numbers: dict[int, str] = {}
    for year in sorted(set(wanting) | set(brought)):
        RequestSequence.objects.bulk_create(
            [RequestSequence(site=site, year=year, last=0)], ignore_conflicts=True
        )
        sequence = RequestSequence.objects.select_for_update().get(site=site, year=year)
        serial = sequence.last
        if wanting.get(year):
            taken = given | set(
                InfoRequest.objects.filter(
                    site=site, tracking_number__startswith=f"{prefix}-{year}-"
                ).values_list("tracking_number", flat=True)
            )
            for row in wanting[year]:
                serial += 1
                while f"{prefix}-{year}-{serial:06d}" in taken:
                    serial += 1
                numbers[row.row] = f"{prefix}-{year}-{serial:06d}"
        last = max(serial, brought.get(year, 0))
        if last != sequence.last:
            sequence.last = last
            sequence.save(update_fields=["last"])
    return numbers


def _fee_paid_on(row: ImportRow) -> Any:
    if row.outcome == Outcome.OTHER_FEE_UNPAID:
        return None
    return row.closed_on or row.received_on


def _application(
    site: Site, row: ImportRow, number: str, calendar: WorkCalendar, day: Any
) -> InfoRequest:
    closed = row.closed_on is not None
    info_request = InfoRequest(
        site=site,
        organisation=row.organisation,
        unit=row.organisation if closed else None,
        tracking_number=number,
        query_code_hash="",
        status=Status.ARCHIVED if closed else Status.RECEIVED,
        channel=row.channel,
        submitted_on=row.received_on,
        received_on=row.received_on,
        applicant_type=row.applicant_type,
        applicant_name=row.applicant_name,
        id_type=IdType.OTHER,
        id_number="",
        applicant_key="",
        description=row.description,
        provision_form=ProvisionForm.OTHER,
        delivery_method="",
        outcome=row.outcome,
        legal_basis=OUTCOMES[Outcome(row.outcome)].legal_basis_text if closed else "",
        closed_on=row.closed_on,
        archived_on=day if closed else None,
    )
    if not closed:
        stops: list[ClockStop] = []
        if row.fee > 0:
            stops.append(fee_stop(row.received_on, None, _fee_paid_on(row), FEE_BASIS))
        deadline = due_date(row.received_on, None, stops, 0, calendar)
        info_request.due_on = deadline.due
        info_request.due_provisional = deadline.provisional
        info_request.due_missing_years = list(deadline.missing_years)
    return info_request


def _write(
    site: Site, actor: Any, rows: Sequence[ImportRow], source_name: str, sha256: str
) -> None:
    calendar = load_calendar()
    day = today()
    generated = _assign_numbers(site, rows)
    applications = [
        _application(site, row, row.tracking_number or generated[row.row], calendar, day)
        for row in rows
    ]
    InfoRequest.objects.bulk_create(applications, batch_size=BATCH)
    by_row = {row.row: app for row, app in zip(rows, applications, strict=True)}

    who_id = getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None
    who = actor_name(actor)
    InfoRequestEvent.objects.bulk_create(
        (
            InfoRequestEvent(
                info_request=app,
                action=Action.REGISTER,
                from_status="",
                to_status=app.status,
                actor_id=who_id,
                actor_name=who,
                on_date=row.received_on,
                note=f"{IMPORT_NOTE}（{source_name} 第{row.row}行）"[:500],
                data={"import": {"file": source_name, "sha256": sha256, "row": row.row}},
            )
            for row, app in zip(rows, applications, strict=True)
        ),
        batch_size=BATCH,
    )

    reconsiderations: dict[int, Reconsideration] = {}
    for row in rows:
        entry = row.reconsideration
        if entry is None:
            continue
        decided = entry.result != RemedyResult.PENDING
        reconsiderations[row.row] = Reconsideration(
            info_request=by_row[row.row],
            filed_on=entry.filed_on,
            organ="",
            result=entry.result,
            decided_on=entry.filed_on if decided else None,
            note=DECIDED_ON_NOTE if decided else IMPORT_NOTE,
        )
    Reconsideration.objects.bulk_create(reconsiderations.values(), batch_size=BATCH)

    suits = []
    for row in rows:
        suit = row.litigation
        if suit is None:
            continue
        decided = suit.result != RemedyResult.PENDING
        suits.append(
            Litigation(
                info_request=by_row[row.row],
                kind=suit.kind,
                reconsideration=(
                    reconsiderations.get(row.row)
                    if suit.kind == SuitKind.AFTER_RECONSIDERATION
                    else None
                ),
                filed_on=suit.filed_on,
                court="",
                result=suit.result,
                decided_on=suit.filed_on if decided else None,
                note=DECIDED_ON_NOTE if decided else IMPORT_NOTE,
            )
        )
    Litigation.objects.bulk_create(suits, batch_size=BATCH)

    FeeNotice.objects.bulk_create(
        (
            # The register records the amount only. The model wants one charging method;
            # n_in_month 0 marks "not recorded" (a real per-application notice counts from 1).
            FeeNotice(
                info_request=by_row[row.row],
                method=FeeMethod.PER_APPLICATION,
                n_in_month=0,
                amount=row.fee,
                sent_on=row.received_on,
                paid_on=_fee_paid_on(row),
            )
            for row in rows
            if row.fee > 0
        ),
        batch_size=BATCH,
    )


def _audit(site: Site, actor: Any, result: ImportResult) -> None:
    audit.record(
        actor=actor,
        action=REGISTER.key("import"),
        site_id=site.pk,
        organisation=site.disclosure_office,
        object_repr=f"依申请公开台账：{result.source_name}"[:300],
        changes={
            "file": result.source_name,
            "sha256": result.sha256,
            "rows": result.rows_read,
            "created": result.created,
            "skipped": result.skipped,
            "organisations": {org.name: org.total for org in result.organisations},
        },
        note=result.summary,
    )
