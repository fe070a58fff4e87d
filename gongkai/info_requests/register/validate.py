"""Checking every row of a register before anything is written.

Every problem of every row is collected (an office fixes a file once, not once per error). A
row becomes an `ImportRow` with typed values, or a `RowError` listing its reasons in Chinese.

Re-importing: a row whose 申请编号 already exists for the same organ is "already imported".
If its values equal the stored ones it is skipped and counted; if they differ it is an error
("与已导入记录不一致") naming the fields, so a second import never silently changes data that
may have been worked on since. A number used by another organ's application is an error. A
file whose exact content (SHA-256) was imported before on the site is skipped as a whole, which
also covers its rows without 申请编号 (those cannot be matched one by one).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.utils import timezone

from gongkai.organizations.models import Organisation, Site

from ..choices import Channel, RemedyResult, SuitKind
from ..models import InfoRequest, InfoRequestEvent
from ..outcomes import OUTCOMES, ApplicantType, Outcome, outcome_from_label
from .parse import FIELD_LABELS, RawRow, cell_text, parse_amount, parse_date

# The Regulation first took effect on 2008-05-01; an earlier receipt date is a misread cell
# (a serial number in the wrong column, a year typed short).
EARLIEST = dt.date(2008, 5, 1)
MAX_TRACKING_NUMBER = 30  # InfoRequest.tracking_number
MAX_NAME = 200
MAX_DESCRIPTION = 5000
# Re-import comparison reads stored applications this many numbers at a time (SQLite allows
# 32,766 parameters per statement; PostgreSQL is happier with short IN lists too).
CHUNK = 500


@dataclass(frozen=True)
class RowError:
    row: int | None  # None: the file as a whole
    messages: tuple[str, ...]

    def __str__(self) -> str:
        reasons = "；".join(self.messages)
        return f"第{self.row}行：{reasons}" if self.row is not None else f"文件：{reasons}"


@dataclass(frozen=True)
class RemedyEntry:
    result: str  # RemedyResult value
    filed_on: dt.date


@dataclass(frozen=True)
class SuitEntry:
    kind: str  # SuitKind value
    result: str
    filed_on: dt.date


@dataclass(frozen=True)
class ImportRow:
    row: int
    tracking_number: str  # "" when the register has none: one is generated
    organisation: Organisation
    applicant_type: str
    applicant_name: str
    channel: str
    received_on: dt.date
    description: str
    closed_on: dt.date | None
    outcome: str  # Outcome value, "" while open
    reconsideration: RemedyEntry | None
    litigation: SuitEntry | None
    fee: Decimal

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


@dataclass
class Validation:
    rows: list[ImportRow] = field(default_factory=list)  # to create
    skipped: list[ImportRow] = field(default_factory=list)  # already imported, unchanged
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped_rows: int = 0  # rows skipped without being read (the whole file was imported)


# --- vocabularies ---------------------------------------------------------------------------


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _choices(pairs: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    return {_key(word): value for value, words in pairs for word in words}


APPLICANT_TYPES = _choices(
    [(t.value, (t.value, str(t.label))) for t in ApplicantType]
    + [
        (ApplicantType.NATURAL_PERSON.value, ("个人", "公民")),
        (ApplicantType.OTHER_ORG.value, ("其他组织", "其他（法人或其他组织）")),
    ]
)
CHANNELS = _choices(
    [(c.value, (c.value, str(c.label))) for c in Channel]
    + [
        (Channel.IN_PERSON.value, ("现场", "当面提交", "现场申请")),
        (Channel.POST.value, ("信函", "邮寄申请")),
        (Channel.ONLINE.value, ("网上", "在线", "网络申请", "网上申请", "互联网")),
        (Channel.EMAIL.value, ("邮件", "email", "e-mail")),
    ]
)
REMEDY_RESULTS = _choices(
    [(r.value, (r.value, str(r.label))) for r in RemedyResult]
    + [
        (RemedyResult.UPHELD.value, ("维持",)),
        (RemedyResult.CORRECTED.value, ("纠正",)),
        (RemedyResult.OTHER.value, ("其他",)),
        (RemedyResult.PENDING.value, ("未审结", "审理中")),
    ]
)
SUIT_KINDS = _choices(
    [(k.value, (k.value, str(k.label))) for k in SuitKind]
    + [
        (SuitKind.DIRECT.value, ("直接起诉", "直接诉讼")),
        (SuitKind.AFTER_RECONSIDERATION.value, ("经复议后起诉", "复议后诉讼")),
    ]
)


def _options(labels: Iterable[str]) -> str:
    return "/".join(labels)


APPLICANT_TYPE_OPTIONS = _options(str(t.label) for t in ApplicantType)
CHANNEL_OPTIONS = _options(str(c.label) for c in Channel)
REMEDY_OPTIONS = "维持/纠正/其他/尚未审结"
SUIT_KIND_OPTIONS = "直接起诉/复议后起诉"


@lru_cache(maxsize=512)
def _outcome(text: str) -> Outcome:
    return outcome_from_label(text)


def normal_tracking_number(text: str) -> str:
    """As the applicant's lookup compares it: NFKC, no spaces, upper case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def normal_description(value: Any) -> str:
    """Multi-line text with each line's spaces squashed and blank lines dropped."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else cell_text(value)
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


# --- organisations --------------------------------------------------------------------------


class OrganisationIndex:
    """受理机关 by code (any case), full name, or short name when only one unit has it."""

    def __init__(self, organisations: Iterable[Organisation]) -> None:
        self.by_code: dict[str, Organisation] = {}
        self.by_name: dict[str, Organisation] = {}
        self.by_short: dict[str, list[Organisation]] = defaultdict(list)
        for org in organisations:
            self.by_code[_key(org.code)] = org
            self.by_name[_key(org.full_name)] = org
            if org.short_name:
                self.by_short[_key(org.short_name)].append(org)

    def find(self, text: str) -> Organisation:
        key = _key(text)
        by_code, by_name = self.by_code.get(key), self.by_name.get(key)
        if by_code is not None and by_name is not None and by_code != by_name:
            raise ValueError(
                f"受理机关“{text}”既是{by_code.full_name}的机构代码，又是另一机构的名称，"
                "请填写机构全称。"
            )
        found = by_code or by_name
        if found is not None:
            return found
        shorts = self.by_short.get(key, [])
        if len(shorts) == 1:
            return shorts[0]
        if len(shorts) > 1:
            names = "、".join(org.full_name for org in shorts)
            raise ValueError(f"受理机关“{text}”对应多个机构（{names}），请填写机构全称或机构代码。")
        raise ValueError(f"受理机关“{text}”不是本站点的机构，请填写机构全称或机构代码。")


# --- one row --------------------------------------------------------------------------------


class _Row:
    """Reads the cells of one row, collecting messages instead of stopping at the first."""

    def __init__(self, raw: RawRow, today: dt.date) -> None:
        self.raw = raw
        self.today = today
        self.messages: list[str] = []

    def text(self, name: str) -> str:
        return cell_text(self.raw.values.get(name))

    def required(self, name: str) -> str | None:
        text = self.text(name)
        if not text:
            self.messages.append(f"{FIELD_LABELS[name]}未填写")
            return None
        return text

    def choice(self, name: str, table: dict[str, str], options: str) -> str | None:
        text = self.text(name)
        if not text:
            return None
        value = table.get(_key(text))
        if value is None:
            self.messages.append(f"{FIELD_LABELS[name]}“{text}”无法识别（应为{options}）")
        return value

    def date(self, name: str, *, not_before: dt.date | None = None, after: str = "") -> Any:
        """The date, None when blank, or False when unreadable (a message is recorded)."""
        value = self.raw.values.get(name)
        if value is None:
            return None
        label = FIELD_LABELS[name]
        try:
            day = parse_date(value, label)
        except ValueError as exc:
            self.messages.append(str(exc).rstrip("。"))
            return False
        if day > self.today:
            self.messages.append(f"{label}{day:%Y-%m-%d}晚于今天")
        elif day < EARLIEST:
            self.messages.append(f"{label}{day:%Y-%m-%d}早于《条例》施行日（2008-05-01），请检查")
        elif not_before is not None and day < not_before:
            self.messages.append(f"{label}{day:%Y-%m-%d}早于{after}{not_before:%Y-%m-%d}")
        return day


def validate_row(raw: RawRow, orgs: OrganisationIndex, today: dt.date) -> ImportRow | RowError:
    row = _Row(raw, today)
    m = row.messages

    number = normal_tracking_number(row.text("tracking_number"))
    if len(number) > MAX_TRACKING_NUMBER:
        m.append(f"申请编号最多 {MAX_TRACKING_NUMBER} 个字符")

    organisation: Organisation | None = None
    org_text = row.required("organisation")
    if org_text is not None:
        try:
            organisation = orgs.find(org_text)
        except ValueError as exc:
            m.append(str(exc).rstrip("。"))

    if row.required("applicant_type") is not None:
        applicant_type = row.choice("applicant_type", APPLICANT_TYPES, APPLICANT_TYPE_OPTIONS)
    else:
        applicant_type = None
    name = row.required("applicant_name") or ""
    if len(name) > MAX_NAME:
        m.append(f"申请人最多 {MAX_NAME} 个字")
    channel = (
        row.choice("channel", CHANNELS, CHANNEL_OPTIONS)
        if row.required("channel") is not None
        else None
    )
    received_on = row.date("received_on")
    if received_on is None:
        m.append("收到日期未填写")
    description = normal_description(raw.values.get("description"))
    if not description:
        m.append("申请内容未填写")
    elif len(description) > MAX_DESCRIPTION:
        m.append(f"申请内容最多 {MAX_DESCRIPTION} 个字")

    received = received_on or None
    closed_on = row.date("closed_on", not_before=received, after="收到日期")
    outcome = ""
    outcome_text = row.text("outcome")
    if outcome_text:
        try:
            outcome = _outcome(outcome_text).value
        except ValueError as exc:
            m.append(str(exc).rstrip("。"))
    if closed_on is None and outcome_text:
        m.append("填写了办理结果但没有办结日期（未办结的申请两者都不填）")
    if closed_on is not None and not outcome_text:
        m.append("填写了办结日期但没有办理结果（未办结的申请两者都不填）")

    reconsideration = _reconsideration(row, received)
    litigation = _litigation(row, received, reconsideration)

    fee = Decimal("0.00")
    if raw.values.get("fee") is not None:
        try:
            fee = parse_amount(raw.values["fee"], FIELD_LABELS["fee"])
        except ValueError as exc:
            m.append(str(exc).rstrip("。"))

    if m:
        return RowError(raw.number, tuple(m))
    assert organisation is not None and applicant_type is not None and channel is not None
    assert isinstance(received_on, dt.date)
    return ImportRow(
        row=raw.number,
        tracking_number=number,
        organisation=organisation,
        applicant_type=applicant_type,
        applicant_name=name,
        channel=channel,
        received_on=received_on,
        description=description,
        closed_on=closed_on or None,
        outcome=outcome,
        reconsideration=reconsideration if isinstance(reconsideration, RemedyEntry) else None,
        litigation=litigation,
        fee=fee,
    )


def _reconsideration(row: _Row, received: dt.date | None) -> RemedyEntry | bool | None:
    """The entry, None when the row has none, False when the row tried and failed."""
    result_text = row.text("reconsideration_result")
    result = row.choice("reconsideration_result", REMEDY_RESULTS, REMEDY_OPTIONS)
    filed_on = row.date("reconsideration_filed_on", not_before=received, after="收到日期")
    if not result_text and filed_on is None:
        return None
    if result_text and filed_on is None:
        row.messages.append("填写了复议情况但没有复议申请日期")
    if filed_on is not None and not result_text:
        row.messages.append("填写了复议申请日期但没有复议情况")
    if result is None or not filed_on:
        return False
    return RemedyEntry(result, filed_on)


def _litigation(
    row: _Row, received: dt.date | None, reconsideration: RemedyEntry | bool | None
) -> SuitEntry | None:
    kind_text, result_text = row.text("litigation_kind"), row.text("litigation_result")
    kind = row.choice("litigation_kind", SUIT_KINDS, SUIT_KIND_OPTIONS)
    result = row.choice("litigation_result", REMEDY_RESULTS, REMEDY_OPTIONS)
    filed_on = row.date("litigation_filed_on", not_before=received, after="收到日期")
    given = {"诉讼类型": bool(kind_text), "诉讼情况": bool(result_text), "起诉日期": bool(filed_on)}
    if not any(given.values()):
        return None
    if filed_on is False:
        given["起诉日期"] = True  # unreadable, already reported
    missing = [label for label, present in given.items() if not present]
    if missing:
        row.messages.append(f"诉讼类型、诉讼情况、起诉日期应同时填写（缺少{'、'.join(missing)}）")
    if kind == SuitKind.AFTER_RECONSIDERATION:
        if reconsideration is None:
            row.messages.append("诉讼类型为复议后起诉，但本行没有复议情况和复议申请日期")
        elif (
            isinstance(reconsideration, RemedyEntry)
            and isinstance(filed_on, dt.date)
            and filed_on < reconsideration.filed_on
        ):
            row.messages.append(
                f"起诉日期{filed_on:%Y-%m-%d}早于复议申请日期{reconsideration.filed_on:%Y-%m-%d}"
            )
    if kind is None or result is None or not isinstance(filed_on, dt.date) or missing:
        return None
    return SuitEntry(kind, result, filed_on)


# --- the whole file -------------------------------------------------------------------------


def _fee_total(info_request: InfoRequest) -> Decimal:
    return sum(
        (n.amount for n in info_request.fee_notices.all() if n.cancelled_on is None),
        Decimal("0.00"),
    )


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "空"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def differences(row: ImportRow, stored: InfoRequest) -> list[str]:
    """The register's fields where the row and the stored application disagree, as
    "办理结果（文件：部分公开；系统：予以公开）"."""
    pairs: list[tuple[str, Any, Any]] = [
        (
            "申请人类型",
            ApplicantType(row.applicant_type).label,
            stored.get_applicant_type_display(),
        ),
        ("申请人", row.applicant_name, stored.applicant_name),
        ("申请方式", Channel(row.channel).label, stored.get_channel_display()),
        ("收到日期", row.received_on, stored.received_on),
        ("申请内容", row.description, normal_description(stored.description)),
        ("办结日期", row.closed_on, stored.closed_on),
        (
            "办理结果",
            OUTCOMES[Outcome(row.outcome)].short_label if row.outcome else "",
            stored.get_outcome_display() if stored.outcome and stored.closed_on else "",
        ),
    ]
    recons = [(RemedyResult(r.result).label, r.filed_on) for r in stored.reconsiderations.all()]
    mine = [(RemedyResult(r.result).label, r.filed_on) for r in [row.reconsideration] if r]
    pairs.append(("复议", _remedies(mine), _remedies(recons)))
    suits = [
        (SuitKind(s.kind).label, RemedyResult(s.result).label, s.filed_on)
        for s in stored.litigations.all()
    ]
    mine_suits = [
        (SuitKind(s.kind).label, RemedyResult(s.result).label, s.filed_on)
        for s in [row.litigation]
        if s
    ]
    pairs.append(("诉讼", _remedies(mine_suits), _remedies(suits)))
    pairs.append(("收费金额", row.fee, _fee_total(stored)))
    return [
        f"{label}（文件：{_shown(mine_value)}；系统：{_shown(stored_value)}）"
        for label, mine_value, stored_value in pairs
        if mine_value != stored_value
    ]


def _remedies(entries: Sequence[tuple[Any, ...]]) -> str:
    return "、".join(" ".join(_shown(v) for v in entry) for entry in entries)


def previous_import(site: Site, sha256: str) -> dt.datetime | None:
    """When a file with this exact content was imported on the site, if ever."""
    if not sha256:
        return None
    return (
        InfoRequestEvent.objects.filter(info_request__site=site, data__import__sha256=sha256)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def validate_rows(
    raws: Sequence[RawRow], *, site: Site, today: dt.date, sha256: str = ""
) -> Validation:
    result = Validation()
    earlier = previous_import(site, sha256)
    if earlier is not None:
        result.skipped_rows = len(raws)
        result.warnings.append(
            f"内容完全相同的文件已于{timezone.localtime(earlier):%Y-%m-%d %H:%M}导入过，"
            "全部行均跳过。"
        )
        return result
    orgs = OrganisationIndex(Organisation.objects.filter(site=site))
    checked: list[ImportRow] = []
    first_seen: dict[str, int] = {}
    for raw in raws:
        outcome = validate_row(raw, orgs, today)
        number = normal_tracking_number(cell_text(raw.values.get("tracking_number")))
        duplicate = first_seen.get(number) if number else None
        if number and duplicate is None:
            first_seen[number] = raw.number
        if duplicate is not None:
            message = f"申请编号“{number}”与第{duplicate}行重复"
            if isinstance(outcome, RowError):
                outcome = RowError(raw.number, (message, *outcome.messages))
            else:
                outcome = RowError(raw.number, (message,))
        if isinstance(outcome, RowError):
            result.errors.append(outcome)
        else:
            checked.append(outcome)
    _against_stored(checked, site, result)
    result.errors.sort(key=lambda e: e.row or 0)
    return result


def _against_stored(checked: list[ImportRow], site: Site, result: Validation) -> None:
    numbered = [row for row in checked if row.tracking_number]
    stored: dict[str, InfoRequest] = {}
    numbers = [row.tracking_number for row in numbered]
    for start in range(0, len(numbers), CHUNK):
        chunk = numbers[start : start + CHUNK]
        for info_request in (
            InfoRequest.objects.filter(site=site, tracking_number__in=chunk)
            .select_related("organisation")
            .prefetch_related("reconsiderations", "litigations", "fee_notices")
        ):
            stored[info_request.tracking_number] = info_request
    for row in checked:
        existing = stored.get(row.tracking_number) if row.tracking_number else None
        if existing is None:
            result.rows.append(row)
        elif existing.organisation_id != row.organisation.pk:
            result.errors.append(
                RowError(
                    row.row,
                    (
                        f"申请编号“{row.tracking_number}”已被"
                        f"{existing.organisation.full_name}的申请使用",
                    ),
                )
            )
        elif changed := differences(row, existing):
            result.errors.append(RowError(row.row, (f"与已导入记录不一致：{'；'.join(changed)}",)))
        else:
            result.skipped.append(row)
