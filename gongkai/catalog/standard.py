"""The standard catalogue (标准目录) of a site: loading the shipped guideline rows, importing and
exporting one domain as .xlsx.

The shipped rows live in `data/standard_items.json`. Rows we could check against a published
guideline catalogue carry `confirmed: true` and their sources; the others are marked
`confirmed: false` with a note saying what is missing, and the pages show them as 待核实.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.catalog.audit_actions import CATALOG
from gongkai.core import audit
from gongkai.core.files import check_upload
from gongkai.organizations.models import Site

from .models import StandardDomain, StandardItem
from .services import authorise_manager
from .time_limits import parse_time_limit
from .xlsx import RowData, SheetError, read_rows, write_rows

DATA_FILE = Path(__file__).resolve().parent / "data" / "standard_items.json"
IMPORT_MAX_BYTES = 5 * 1024 * 1024
SORT_STEP = 10
ITEM_FIELDS = (
    "level1",
    "level2",
    "level3",
    "content",
    "basis",
    "time_limit_text",
    "time_limit_rule",
    "subject",
    "channels",
    "audience",
    "method",
    "level_county",
    "level_township",
    "sort_order",
)
_ROW_FIELDS = (
    "level1",
    "level2",
    "level3",
    "content",
    "basis",
    "time_limit_text",
    "subject",
    "channels",
    "audience",
    "method",
    "level_county",
    "level_township",
)


@cache
def shipped_data() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def row_of(item: StandardItem) -> RowData:
    return RowData(**{name: getattr(item, name) for name in _ROW_FIELDS})


def _values(row: RowData, position: int) -> dict[str, Any]:
    values = {name: getattr(row, name) for name in _ROW_FIELDS}
    values["time_limit_rule"] = parse_time_limit(row.time_limit_text)
    values["sort_order"] = position * SORT_STEP
    return values


# --- the 26 domains ---------------------------------------------------------------------------

# The pilot domains of 国办发〔2019〕54号 with the names later guidelines use. Migration 0002 ships
# the same list (a migration must not import app code); this copy lets the loader put back rows
# a database flush removed (a test's flush, `gongkai flush`).
DOMAINS: tuple[tuple[int, str, str], ...] = (
    (1, "城乡规划", ""),
    (2, "重大建设项目", ""),
    (3, "公共资源交易", ""),
    (4, "财政预决算", ""),
    (5, "安全生产", ""),
    (6, "税收管理", ""),
    (7, "征地补偿", "农村集体土地征收"),
    (8, "国有土地上房屋征收与补偿", ""),
    (9, "农村危房改造", ""),
    (10, "环境保护", "生态环境"),
    (11, "公共文化服务", ""),
    (12, "扶贫", ""),
    (13, "救灾", ""),
    (14, "食品药品监管", ""),
    (15, "城市综合执法", ""),
    (16, "义务教育", ""),
    (17, "社会救助", ""),
    (18, "户籍管理", ""),
    (19, "涉农补贴", ""),
    (20, "就业", ""),
    (21, "社会保险", ""),
    (22, "养老服务", ""),
    (23, "医疗卫生", "卫生健康"),
    (24, "市政服务", ""),
    (25, "公共法律服务", ""),
    (26, "保障性住房", ""),
)


def ensure_standard_domains() -> int:
    """Create whichever of the 26 domains is missing; returns how many were created."""
    have = set(StandardDomain.objects.values_list("number", flat=True))
    missing = [
        StandardDomain(number=n, name=name, later_name=later)
        for n, name, later in DOMAINS
        if n not in have
    ]
    StandardDomain.objects.bulk_create(missing)
    return len(missing)


# --- loading the shipped rows -----------------------------------------------------------------


def _row_from_data(raw: dict[str, Any]) -> RowData:
    return RowData(
        level1=raw["level1"],
        level2=raw.get("level2", ""),
        level3=raw.get("level3", ""),
        content=raw["content"],
        basis=raw.get("basis", ""),
        time_limit_text=raw.get("time_limit_text", ""),
        subject=raw.get("subject", ""),
        channels=list(raw.get("channels", [])),
        audience=raw.get("audience", "society"),
        method=raw.get("method", "active"),
        level_county=bool(raw.get("level_county", True)),
        level_township=bool(raw.get("level_township", False)),
    )


@dataclass(frozen=True)
class LoadResult:
    created: int
    existing: int


@transaction.atomic
def standard_catalog_load(*, site: Site, actor: Any) -> LoadResult:
    """Add the shipped guideline rows the site does not have yet (by domain and 一/二/三级 key).

    Safe to run again; rows an office has edited or imported are never overwritten."""
    authorise_manager(actor, site.pk)
    ensure_standard_domains()
    domains = {d.number: d for d in StandardDomain.objects.all()}
    created = existing = 0
    for number, rows in shipped_data()["domains"].items():
        domain = domains[int(number)]
        have = set(
            StandardItem.objects.filter(site=site, domain=domain).values_list(
                "level1", "level2", "level3"
            )
        )
        for position, raw in enumerate(rows, start=1):
            row = _row_from_data(raw)
            if row.key in have:
                existing += 1
                continue
            StandardItem.objects.create(
                site=site,
                domain=domain,
                confirmed=bool(raw.get("confirmed", False)),
                source_note=raw.get("source_note", ""),
                **_values(row, position),
            )
            created += 1
    if created:
        audit.record(
            actor=actor,
            action=CATALOG.key("standard_load"),
            site_id=site.pk,
            object_repr="标准目录",
            changes={"items_created": [None, created]},
            note=f"载入内置标准目录事项 {created} 条",
        )
    return LoadResult(created=created, existing=existing)


# --- xlsx -------------------------------------------------------------------------------------


def export_title(domain: StandardDomain) -> str:
    return f"{domain.name}领域基层政务公开标准目录"


def standard_domain_export(*, site: Site, domain: StandardDomain) -> bytes:
    """The site's items of `domain` as an .xlsx in the guidelines' columns."""
    items = StandardItem.objects.filter(site=site, domain=domain).order_by("sort_order", "id")
    return write_rows(export_title(domain), [row_of(item) for item in items])


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    deleted: int
    unmapped: int  # deleted items that had columns mapped to them

    @property
    def summary(self) -> str:
        text = (
            f"新增 {self.created} 项，更新 {self.updated} 项，未变 {self.unchanged} 项，"
            f"删除 {self.deleted} 项"
        )
        if self.unmapped:
            text += f"（其中 {self.unmapped} 项原已关联栏目，关联已解除）"
        return text + "。"


@transaction.atomic
def standard_items_import(
    *, site: Site, domain: StandardDomain, uploaded_file: Any, actor: Any
) -> ImportResult:
    """Replace the site's catalogue of `domain` with the rows of an .xlsx file.

    All or nothing: every row is checked first, and any error (listed by row number, in Chinese)
    leaves the catalogue untouched. Rows are matched to existing items by their 一/二/三级 key,
    so an item that stays keeps its column mappings; items missing from the file are deleted.
    """
    authorise_manager(actor, site.pk)
    check_upload(uploaded_file, allowed={"xlsx"}, max_bytes=IMPORT_MAX_BYTES)
    try:
        rows = read_rows(uploaded_file)
    except SheetError as error:
        raise ValidationError(error.messages) from None
    existing = {
        item.key: item
        for item in StandardItem.objects.select_for_update().filter(site=site, domain=domain)
    }
    created = updated = unchanged = 0
    name = getattr(uploaded_file, "name", "") or "上传文件"
    for position, row in enumerate(rows, start=1):
        values = _values(row, position)
        item = existing.pop(row.key, None)
        if item is None:
            StandardItem.objects.create(
                site=site,
                domain=domain,
                confirmed=True,
                source_note=f"{timezone.localdate():%Y-%m-%d} 由“{name}”导入",
                **values,
            )
            created += 1
            continue
        before = audit.snapshot(item, ITEM_FIELDS)
        for field_name, value in values.items():
            setattr(item, field_name, value)
        if audit.diff(before, audit.snapshot(item, ITEM_FIELDS)):
            item.save()
            updated += 1
        else:
            unchanged += 1
    gone = list(existing.values())
    gone_ids = [item.pk for item in gone]
    unmapped = (
        StandardItem.objects.filter(pk__in=gone_ids, columns__isnull=False).distinct().count()
    )
    if gone:
        StandardItem.objects.filter(pk__in=gone_ids).delete()
    result = ImportResult(created, updated, unchanged, len(gone), unmapped)
    audit.record(
        actor=actor,
        action=CATALOG.key("standard_import"),
        site_id=site.pk,
        object_repr=f"标准目录：{domain.name}",
        changes={
            "items_created": [None, created],
            "items_updated": [None, updated],
            "items_deleted": [None, len(gone)],
        },
        note=f"导入文件“{name}”：{result.summary}",
    )
    return result
