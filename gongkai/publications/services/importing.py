"""Bulk import of already-public items from an old site (.xlsx): all or nothing.

The rows are checked first (import_rows); if any row has an error, nothing is written and every
error is reported by row. Otherwise the items are written as published in one transaction, in
batches (plain INSERTs or COPY: gongkai.core.bulk), each with its 索引号 (kept from the old site
when given, else taken from the sequence in blocks), its first version, its event and the column
counters. The search index follows in the same transaction for a small import, and in background
tasks dispatched on commit for a large one (ADR 0014).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.core import audit
from gongkai.core.bulk import insert_dicts, paused_gc, reserve_ids
from gongkai.organizations.authority import SiteRole, authorise
from gongkai.organizations.models import SITE_ROLES, Organisation, Role, Site
from gongkai.publications.audit_actions import PUBLICATION
from gongkai.search.index import bulk_index, index_document, indexed_ids

from ..choices import DisclosureAttribute
from ..models import Item, ItemEvent, ItemVersion
from ..numbering import NumberParts, format_number
from ..states import Status
from ..xlsx_reader import XlsxError
from ._base import SNAPSHOT_FIELDS, actor_name, actor_user, settings_for
from .import_rows import Parsed, ParsedRow, RowError, parse_rows, read_workbook
from .indexing import DOC_TYPE, recount_columns, search_docs, searchable
from .numbers import advance_past, recognise_number, reserve_serials

BATCH = 5000
# From this many public items on, the search index is filled by background tasks after the
# import commits (ADR 0014), INDEX_TASK_BATCH items per task; below, in the import's transaction.
BULK_INDEX_FROM = 5000
INDEX_TASK_BATCH = 5000


@dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    header_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.header_errors


IMPORTERS = SiteRole(
    frozenset({*SITE_ROLES, Role.LEADER}), "只有政务公开办公室或分管领导可以批量导入。"
)


def import_scope(actor: Any, site: Site) -> Organisation | None:
    """Who may import: the disclosure office and administrators for the whole site, a leader
    for their unit and the units below it."""
    acting = authorise(actor, (IMPORTERS,), site_id=site.pk)
    if acting.role == Role.LEADER:
        return acting.organisation
    return None


def items_import_file(*, site: Site, file: Any, actor: Any) -> ImportResult:
    scope = import_scope(actor, site)
    unreadable = ImportResult(
        header_errors=["无法读取该 Excel 文件，请确认是 .xlsx 格式且未损坏。"]
    )
    try:
        missing, rows = read_workbook(file)
        if missing:
            return ImportResult(header_errors=[f"第一行缺少列：{'、'.join(missing)}。"])
        parsed = parse_rows(site.pk, rows, scope=scope)
    except XlsxError:
        return unreadable
    return _import_parsed(site, parsed, actor)


def items_import_rows(
    *, site: Site, rows: Any, actor: Any, scope: Organisation | None = None
) -> ImportResult:
    """Import (row number, {header: value}) pairs; see the module docstring."""
    if scope is None:
        scope = import_scope(actor, site)
    return _import_parsed(site, parse_rows(site.pk, rows, scope=scope), actor)


def _import_parsed(site: Site, parsed: Parsed, actor: Any) -> ImportResult:
    if parsed.errors:
        return ImportResult(errors=parsed.errors)
    if not parsed.rows:
        return ImportResult(header_errors=["文件中没有可导入的数据行。"])
    with transaction.atomic():
        created = _write(site, parsed.rows, actor)
    return ImportResult(created=created)


def _published_at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def _number(site: Site, rows: list[ParsedRow]) -> list[tuple[str, int | None, int | None]]:
    """(index_number, index_year, index_seq) per row, in row order."""
    template = settings_for(site.pk).index_template
    result: list[tuple[str, int | None, int | None]] = [("", None, None)] * len(rows)
    wanted: dict[tuple[int, int], list[int]] = defaultdict(list)
    highest: dict[tuple[int, int], int] = {}
    orgs = {row.organisation.pk: row.organisation for row in rows}
    for pos, row in enumerate(rows):
        if row.index_number:
            known = recognise_number(template, row.organisation, row.index_number)
            year, seq = known if known else (None, None)
            result[pos] = (row.index_number, year, seq)
            if known:
                key = (row.organisation.pk, known[0])
                highest[key] = max(highest.get(key, 0), known[1])
        else:
            wanted[(row.organisation.pk, row.values["published_on"].year)].append(pos)
    for (org_id, year), seq in sorted(highest.items()):
        advance_past(orgs[org_id], year, seq)
    given = {number for number, _, _ in result if number}
    for (org_id, year), positions in sorted(wanted.items()):
        org = orgs[org_id]
        queue = list(positions)
        while queue:
            first = reserve_serials(org, year, len(queue))
            candidates = {}
            for offset, pos in enumerate(queue):
                day = rows[pos].values["published_on"]
                parts = NumberParts(org.code, org.credit_code, year, day.month, first + offset)
                candidates[pos] = (format_number(template, parts), first + offset)
            clash = _taken(site, [number for number, _ in candidates.values()]) | given
            queue = []
            for pos, (number, seq) in candidates.items():
                if number in clash:
                    queue.append(pos)  # an old site's number in our format: take another
                else:
                    result[pos] = (number, year, seq)
    return result


def _taken(site: Site, numbers: list[str]) -> set[str]:
    taken: set[str] = set()
    for start in range(0, len(numbers), 5000):
        taken.update(
            str(number)
            for number in Item.objects.filter(
                site=site, index_number__in=numbers[start : start + 5000]
            )
            .exclude(index_number=None)
            .values_list("index_number", flat=True)
        )
    return taken


def _write(site: Site, rows: list[ParsedRow], actor: Any) -> int:
    with paused_gc():
        return _write_rows(site, rows, actor)


def _write_rows(site: Site, rows: list[ParsedRow], actor: Any) -> int:
    numbers = _number(site, rows)
    user, name = actor_user(actor), actor_name(actor)
    ids = reserve_ids(Item, len(rows))
    constants = {
        "site": site, "status": Status.PUBLISHED, "imported": True, "created_by": user,
    }  # fmt: skip
    template = Item(**constants)
    column_ids: set[int] = set()
    for start in range(0, len(rows), BATCH):
        chunk = list(zip(ids[start : start + BATCH], rows[start : start + BATCH], strict=True))
        items = [
            _item_values(pk, row, number)
            for (pk, row), number in zip(chunk, numbers[start : start + BATCH], strict=True)
        ]
        insert_dicts(Item, items, **constants)
        links = [{"item_id": pk, "column_id": c.pk} for pk, row in chunk for c in row.columns]
        insert_dicts(Item.columns.through, links)
        column_ids.update(link["column_id"] for link in links)
        insert_dicts(
            ItemEvent,
            [{"item_id": pk} for pk, _ in chunk],
            action="import",
            from_status="",
            to_status=Status.PUBLISHED,
            actor=user,
            actor_name=name,
            note="批量导入",
        )
        insert_dicts(
            ItemVersion,
            [
                {"item_id": values["id"], "data": _snapshot(values, row, template)}
                for values, (_, row) in zip(items, chunk, strict=True)
            ],
            number=1,
            action="import",
            actor=user,
            actor_name=name,
        )
    _index(
        [pk for pk, row in zip(ids, rows, strict=True) if _is_public(row)],
    )
    recount_columns(column_ids)
    audit.record(
        actor=actor,
        action=PUBLICATION.key("import"),
        site_id=site.pk,
        object_repr="批量导入政府信息",
        changes={"items_created": [None, len(rows)]},
        note=f"导入已公开信息 {len(rows)} 条",
    )
    return len(rows)


def _item_values(
    pk: int, row: ParsedRow, number: tuple[str, int | None, int | None]
) -> dict[str, Any]:
    values = dict(row.values)
    published_on = values.pop("published_on")
    index_number, index_year, index_seq = number
    return {
        "id": pk,
        "organisation_id": row.organisation.pk,
        "index_number": index_number,
        "index_year": index_year,
        "index_seq": index_seq,
        "published_at": _published_at(published_on),
        **values,
    }


def _is_public(row: ParsedRow) -> bool:
    return bool(row.values["disclosure_attribute"] == DisclosureAttribute.ACTIVE)


def _index(item_ids: list[int]) -> None:
    """Put the new public items into the search index: in this transaction for a small import;
    for a large one in background tasks once the import has committed (ADR 0014), in batches,
    so the items are written fast and search catches up. A rolled-back import dispatches
    nothing."""
    if len(item_ids) < BULK_INDEX_FROM:
        for doc in search_docs(Item.objects.filter(pk__in=item_ids).order_by("pk")):
            index_document(doc)
        return
    from ..tasks import index_imported_items

    for start in range(0, len(item_ids), INDEX_TASK_BATCH):
        batch = item_ids[start : start + INDEX_TASK_BATCH]
        transaction.on_commit(partial(index_imported_items.delay, batch))


def items_index_imported(item_ids: list[int]) -> int:
    """Index imported items that are still public and not indexed yet (the background half of
    a large import; safe to run twice). Each item is locked while it is indexed, so a
    withdrawal or revision in between is either seen here or comes after and updates the
    entry. Returns how many were indexed."""
    with paused_gc(), transaction.atomic():
        items = [
            item
            for item in Item.objects.select_for_update().filter(pk__in=item_ids).order_by("pk")
            if searchable(item)
        ]
        done = indexed_ids(DOC_TYPE, [item.pk for item in items])
        return bulk_index(search_docs([item for item in items if item.pk not in done]))


# The snapshot as services._base.snapshot() gives it, without its per-item queries (a new item
# has no links or attachments beyond the row's columns).
_SNAPSHOT_ATTNAMES = {
    name: getattr(Item._meta.get_field(name), "attname", name) for name in SNAPSHOT_FIELDS
}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _snapshot(values: dict[str, Any], row: ParsedRow, template: Item) -> dict[str, Any]:
    """`values` are the row's own fields, `template` holds the others (defaults)."""
    data = {
        name: _plain(values[attname] if attname in values else getattr(template, attname))
        for name, attname in _SNAPSHOT_ATTNAMES.items()
    }
    data["columns"] = sorted(c.pk for c in row.columns)
    data["interprets"] = []
    data["attachments"] = []
    return data
