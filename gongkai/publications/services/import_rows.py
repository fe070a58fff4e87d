"""Reading and checking the rows of an .xlsx import (migrating an old site's published items).

Every row is checked before anything is written, with no database query per row (organisations,
columns and existing 索引号 are loaded once), so an import of 100,000 rows reports all its errors
in one pass. Each row passes the PII guard: a row with personal data in its title, summary or
body is an error of that row (reported with the masked value, never the raw one).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from gongkai.catalog.models import Column
from gongkai.catalog.selectors import columns_publishable_by
from gongkai.core.bulk import paused_gc
from gongkai.core.pii import find_pii
from gongkai.organizations.models import Organisation

from ..choices import (
    DisclosureAttribute,
    Genre,
    PiiKind,
    SubjectCategory,
    Validity,
    label_to_value,
)
from ..models import Item
from ..richtext import looks_like_html, sanitise, text_to_html
from ..xlsx_reader import iter_rows
from ._clean import LENGTHS

HEADERS = (
    "标题",
    "发布机构",
    "文号",
    "成文日期",
    "发布日期",
    "主题分类",
    "体裁",
    "关键词",
    "内容概述",
    "正文",
    "栏目",
    "有效性",
    "公开属性",
    "不公开理由",
    "索引号",
)
REQUIRED_HEADERS = ("标题", "发布机构", "成文日期", "发布日期", "主题分类", "体裁")
SUBJECTS = (
    label_to_value(SubjectCategory)
    | {f"{int(v)}": v for v in SubjectCategory.values}
    | {f"{v} {label}": v for v, label in SubjectCategory.choices}
)
GENRES = label_to_value(Genre)
VALIDITIES = label_to_value(Validity)
ATTRIBUTES = label_to_value(DisclosureAttribute) | {"主动": "active", "依申请": "on_request"}
COLUMN_SEPARATORS = re.compile(r"[;；\n]+")
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
MAX_ROWS = 200_000


@dataclass
class RowError:
    row: int
    messages: list[str]


@dataclass
class ParsedRow:
    row: int
    organisation: Organisation
    values: dict[str, Any]
    columns: list[Column]
    index_number: str = ""


@dataclass
class Parsed:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE_RE.match(_text(value))
    if match is None:
        raise ValueError
    return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


class _Lookup:
    """Organisations and their publishable columns, loaded once per import."""

    def __init__(self, site_id: int, scope: Organisation | None) -> None:
        self.orgs: dict[str, Organisation] = {}
        qs = Organisation.objects.filter(site_id=site_id, is_active=True)
        if scope is not None:
            qs = qs.filter(path__startswith=scope.path)
        for org in qs:
            for key in (org.full_name, org.short_name, org.code):
                if key:
                    self.orgs.setdefault(key, org)
        self._columns: dict[int, dict[str, list[Column]]] = {}

    def columns_of(self, org: Organisation) -> dict[str, list[Column]]:
        if org.pk not in self._columns:
            by_name: dict[str, list[Column]] = defaultdict(list)
            columns = list(columns_publishable_by(org).select_related("parent"))
            for column in columns:
                by_name[column.name].append(column)
                if column.parent is not None:
                    by_name[f"{column.parent.name}/{column.name}"].append(column)
            self._columns[org.pk] = by_name
        return self._columns[org.pk]


def _pii_message(label: str, text: str, today: dt.date) -> str | None:
    hits = find_pii(text, today=today)
    if not hits:
        return None
    shown = "、".join(f"{PiiKind(h.kind).label} {h.masked}" for h in hits[:3])
    more = f"等 {len(hits)} 处" if len(hits) > 3 else ""
    return f"{label}含有敏感个人信息（{shown}{more}），请脱敏后再导入。"


def parse_rows(
    site_id: int,
    rows: Iterable[tuple[int, dict[str, Any]]],
    *,
    scope: Organisation | None = None,
    today: dt.date | None = None,
) -> Parsed:
    """Check every row. `scope` limits 发布机构 to a unit and those below it (a leader's
    import); None allows every unit of the site."""
    with paused_gc():
        return _parse_all(site_id, rows, scope, today or timezone.localdate())


def _parse_all(
    site_id: int,
    rows: Iterable[tuple[int, dict[str, Any]]],
    scope: Organisation | None,
    today: dt.date,
) -> Parsed:
    lookup = _Lookup(site_id, scope)
    result = Parsed()
    given: dict[str, int] = {}
    for number, raw in rows:
        if len(result.rows) + len(result.errors) >= MAX_ROWS:
            result.errors.append(RowError(number, [f"一次最多导入 {MAX_ROWS} 行。"]))
            break
        messages: list[str] = []
        parsed = _parse_row(number, raw, lookup, today, messages)
        if parsed is not None and parsed.index_number:
            first = given.setdefault(parsed.index_number, number)
            if first != number:
                messages.append(f"索引号与第 {first} 行重复。")
        if messages or parsed is None:
            result.errors.append(RowError(number, messages))
        else:
            result.rows.append(parsed)
    _check_existing_numbers(site_id, result)
    return result


def _check_existing_numbers(site_id: int, result: Parsed) -> None:
    numbers = [r.index_number for r in result.rows if r.index_number]
    taken: set[str] = set()
    for start in range(0, len(numbers), 5000):
        taken.update(
            str(number)
            for number in Item.objects.filter(
                site_id=site_id, index_number__in=numbers[start : start + 5000]
            )
            .exclude(index_number=None)
            .values_list("index_number", flat=True)
        )
    if not taken:
        return
    kept = []
    for row in result.rows:
        if row.index_number in taken:
            result.errors.append(RowError(row.row, [f"索引号“{row.index_number}”已被使用。"]))
        else:
            kept.append(row)
    result.rows = kept
    result.errors.sort(key=lambda e: e.row)


def _parse_row(
    number: int,
    raw: dict[str, Any],
    lookup: _Lookup,
    today: dt.date,
    messages: list[str],
) -> ParsedRow | None:
    text = {name: _text(raw.get(name)) for name in HEADERS if name not in ("成文日期", "发布日期")}
    title = " ".join(text["标题"].split())
    if not title:
        messages.append("标题不能为空。")
    org = lookup.orgs.get(text["发布机构"])
    if org is None:
        messages.append(
            f"发布机构“{text['发布机构']}”不存在或无权导入。"
            if text["发布机构"]
            else "请填写发布机构。"
        )
    dates: dict[str, dt.date | None] = {}
    for header in ("成文日期", "发布日期"):
        try:
            dates[header] = parse_date(raw.get(header))
        except ValueError:
            dates[header] = None
            messages.append(f"{header}“{_text(raw.get(header))}”格式不正确（应为 2025-01-31）。")
    written, published = dates["成文日期"], dates["发布日期"]
    if published and published > today:
        messages.append("发布日期不能晚于今天。")
    if written and published and written > published:
        messages.append("成文日期不能晚于发布日期。")
    subject = SUBJECTS.get(text["主题分类"])
    if subject is None:
        messages.append(f"主题分类“{text['主题分类']}”无效，请填写国务院21类主题分类之一。")
    genre = GENRES.get(text["体裁"])
    if genre is None:
        messages.append(f"体裁“{text['体裁']}”无效。")
    validity = VALIDITIES.get(text["有效性"], None) if text["有效性"] else ""
    if validity is None:
        messages.append(f"有效性“{text['有效性']}”无效，应为有效、失效、废止或修订。")
    attribute = ATTRIBUTES.get(text["公开属性"] or "主动公开")
    if attribute is None:
        messages.append(f"公开属性“{text['公开属性']}”无效。")
    elif attribute != DisclosureAttribute.ACTIVE and not text["不公开理由"]:
        messages.append("依申请公开或不予公开的信息必须填写不公开理由。")
    lengths = {
        "title": title,
        "document_number": text["文号"],
        "keywords": text["关键词"],
        "summary": text["内容概述"],
        "attribute_reason": text["不公开理由"],
    }
    for name, (label, length) in LENGTHS.items():
        if len(lengths[name]) > length:
            messages.append(f"{label}不能超过 {length} 字。")
    body = text["正文"]
    body_html = sanitise(body) if looks_like_html(body) else text_to_html(body)
    for label, value in (("标题", title), ("内容概述", text["内容概述"]), ("正文", body_html)):
        pii = _pii_message(label, value, today)
        if pii:
            messages.append(pii)
    columns: list[Column] = []
    if org is not None:
        available = lookup.columns_of(org)
        for name in (n.strip() for n in COLUMN_SEPARATORS.split(text["栏目"])):
            if not name:
                continue
            found = available.get(name, [])
            if len(found) != 1:
                messages.append(
                    f"栏目“{name}”不是{org.full_name}认领的栏目。"
                    if not found
                    else f"栏目“{name}”有多个同名栏目，请写成“上级栏目/栏目”。"
                )
            elif found[0] not in columns:
                columns.append(found[0])
        if attribute == DisclosureAttribute.ACTIVE and not columns and not messages:
            messages.append("主动公开的信息请填写发布栏目。")
    index_number = text["索引号"]
    if len(index_number) > 100:
        messages.append("索引号不能超过 100 字。")
    if messages or org is None:
        return None
    assert subject is not None and genre is not None and attribute is not None
    values = {
        "title": title,
        "document_number": text["文号"],
        "written_on": written,
        "published_on": published,
        "subject_category": subject,
        "genre": genre,
        "keywords": text["关键词"],
        "summary": text["内容概述"],
        "body_html": body_html,
        "is_normative": bool(validity),
        "validity": validity or "",
        "disclosure_attribute": attribute,
        "attribute_reason": text["不公开理由"] if attribute != DisclosureAttribute.ACTIVE else "",
    }
    return ParsedRow(number, org, values, columns, index_number)


def read_workbook(file: Any) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]]]:
    """The header names missing from the first sheet, and its data rows as (row number, values
    by header). Blank rows are skipped. Raises XlsxError on a file that is not a workbook."""
    rows = iter_rows(file)
    first = next(rows, None)
    headers = [_text(h).lstrip("*＊").strip() for h in (first[1] if first else [])]
    missing = [h for h in REQUIRED_HEADERS if h not in headers]

    def data() -> Iterator[tuple[int, dict[str, Any]]]:
        for number, values in rows:
            if not any(v not in (None, "") for v in values):
                continue
            yield number, {h: v for h, v in zip(headers, values, strict=False) if h}

    return missing, data()
