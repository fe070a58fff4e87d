"""The search interface other apps call (publications indexes, the portal searches).

Documents are generic (doc_type, doc_id) pairs scoped by site; this package imports no context
app. Writes run in the caller's transaction, so a rolled-back publish leaves the index as it was.
Matching semantics are described in gongkai.search.text; ranking per backend in
gongkai.search.backends.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from types import SimpleNamespace

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from gongkai.core.bulk import insert_dicts, reserve_ids

from . import text as textmod
from .backends import Filters, get_backend
from .documents import Hit, SearchDoc, SearchQuery, SearchResults
from .models import SearchEntry, SearchEntryColumn, SearchLog

__all__ = [
    "Hit",
    "SearchDoc",
    "SearchQuery",
    "SearchResults",
    "bulk_index",
    "clear_index",
    "hot_searches",
    "index_document",
    "indexed_ids",
    "log_search",
    "register_source",
    "remove_document",
    "search",
]

MAX_PER_PAGE = 100
# Titles are at most 500 characters and 文号 200; normalisation can lengthen them a little.
MAX_HEAD_CHARS = 800
# Deep pages are read through every result before them; nobody reads result 10,000 of a
# portal search.
MAX_PAGE = 500


# --- writing -----------------------------------------------------------------------------------


def _entry_fields(doc: SearchDoc) -> dict[str, object]:
    head = [textmod.search_field(doc.title), textmod.search_field(doc.document_number)]
    body = [textmod.search_field(doc.body), textmod.search_field(doc.attachments_text)]
    words = textmod.dictionary_terms((*head, *body))
    return {
        "site_id": doc.site_id,
        "organisation_id": doc.organisation_id,
        "subject_category": doc.subject_category[:100],
        "published_on": doc.published_on,
        "validity": doc.validity[:20],
        "url": doc.url[:500],
        "title": doc.title[:500],
        "document_number": doc.document_number[:200],
        "body": doc.body,
        "attachments_text": doc.attachments_text,
        "search_head": textmod.FIELD_SEPARATOR.join(head)[:MAX_HEAD_CHARS],
        "search_text": textmod.FIELD_SEPARATOR.join(body),
        "search_words": " ".join(words),
        "tokens_version": textmod.tokens_version(),
    }


def _column_ids(entries: list[SearchEntry]) -> dict[int, list[int]]:
    columns: dict[int, list[int]] = {e.pk: [] for e in entries}
    for entry_id, column_id in SearchEntryColumn.objects.filter(
        entry__in=[e.pk for e in entries]
    ).values_list("entry_id", "column_id"):
        columns[entry_id].append(column_id)
    return columns


def index_document(doc: SearchDoc) -> None:
    """Add or replace a document in the index. Call inside the writer's transaction."""
    backend = get_backend()
    values = _entry_fields(doc)
    column_ids = list(dict.fromkeys(doc.column_ids))
    with transaction.atomic():
        entry = (
            SearchEntry.objects.select_for_update()
            .filter(doc_type=doc.doc_type, doc_id=doc.doc_id)
            .first()
        )
        if entry is None:
            entry = SearchEntry(doc_type=doc.doc_type, doc_id=doc.doc_id, **values)
            entry.save()
        else:
            backend.remove([entry], _column_ids([entry]))
            for name, value in values.items():
                setattr(entry, name, value)
            entry.save()
            entry.columns.all().delete()
        SearchEntryColumn.objects.bulk_create(
            SearchEntryColumn(entry=entry, column_id=c) for c in column_ids
        )
        backend.add([entry], {entry.pk: column_ids})


def indexed_ids(doc_type: str, doc_ids: Iterable[int]) -> set[int]:
    """Which of these documents are in the index."""
    ids = list(doc_ids)
    found: set[int] = set()
    for start in range(0, len(ids), 5000):
        found.update(
            SearchEntry.objects.filter(
                doc_type=doc_type, doc_id__in=ids[start : start + 5000]
            ).values_list("doc_id", flat=True)
        )
    return found


def remove_document(doc_type: str, doc_id: int) -> None:
    """Remove a document from the index (withdrawn, deleted). Removing an absent one is a no-op."""
    backend = get_backend()
    with transaction.atomic():
        entries = list(
            SearchEntry.objects.select_for_update().filter(doc_type=doc_type, doc_id=doc_id)
        )
        if entries:
            backend.remove(entries, _column_ids(entries))
            SearchEntry.objects.filter(pk__in=[e.pk for e in entries]).delete()


def bulk_index(
    docs: Iterable[SearchDoc], *, batch_size: int = 500, suspend_index: bool = False
) -> int:
    """Insert many documents that are not in the index yet (rebuilds, benchmarks, imports). Each
    batch is one transaction. With `suspend_index` (for loading an empty index) the backend may
    set its index aside during the load and build it at the end: PostgreSQL then creates the
    GIN index in one pass, far faster than growing it row by row. Returns the number indexed."""
    if suspend_index:
        with bulk_loading():
            return bulk_index(docs, batch_size=batch_size)
    backend = get_backend()
    count = 0
    iterator: Iterator[SearchDoc] = iter(docs)
    while batch := list(islice(iterator, batch_size)):
        with transaction.atomic():
            entries = _insert_entries(batch)
            columns = {
                e.pk: list(dict.fromkeys(d.column_ids)) for e, d in zip(entries, batch, strict=True)
            }
            insert_dicts(
                SearchEntryColumn,
                [{"entry_id": pk, "column_id": c} for pk, ids in columns.items() for c in ids],
            )
            backend.add(entries, columns)
        count += len(batch)
    return count


def _insert_entries(docs: list[SearchDoc]) -> list[SimpleNamespace]:
    """INSERT the entries of new documents (gongkai.core.bulk: no per-field SQL compilation);
    returns light objects with the entries' attributes, which is all the backends read."""
    rows = [
        {"id": pk, "doc_type": d.doc_type, "doc_id": d.doc_id, **_entry_fields(d)}
        for pk, d in zip(reserve_ids(SearchEntry, len(docs)), docs, strict=True)
    ]
    insert_dicts(SearchEntry, rows)
    return [SimpleNamespace(pk=row["id"], **row) for row in rows]


@contextmanager
def bulk_loading() -> Iterator[None]:
    """Load an empty index: the backend may set its index aside and build it once at the end."""
    backend = get_backend()
    backend.before_bulk()
    try:
        yield
    finally:
        backend.after_bulk()


def clear_index(*, doc_types: tuple[str, ...] = (), batch_size: int = 1000) -> int:
    """Remove every document (of `doc_types`, or of every type and site). Returns how many."""
    backend = get_backend()
    if not doc_types:
        with transaction.atomic():
            count = SearchEntry.objects.count()
            backend.clear()
            SearchEntryColumn.objects.all().delete()
            SearchEntry.objects.all().delete()
        return count
    count = 0
    while True:
        with transaction.atomic():
            entries = list(SearchEntry.objects.filter(doc_type__in=doc_types)[:batch_size])
            if not entries:
                return count
            backend.remove(entries, _column_ids(entries))
            SearchEntry.objects.filter(pk__in=[e.pk for e in entries]).delete()
            count += len(entries)


# --- rebuilding from the sources -----------------------------------------------------------------

_SOURCES: dict[str, Callable[[], Iterable[SearchDoc]]] = {}


def register_source(doc_type: str, iter_docs: Callable[[], Iterable[SearchDoc]]) -> None:
    """Declare where documents of `doc_type` come from, for `gongkai rebuild_search_index`.
    Call from the owning app's AppConfig.ready(); `iter_docs` yields every document that should
    be searchable (published, not withdrawn) in every site."""
    _SOURCES[doc_type] = iter_docs


def registered_sources() -> dict[str, Callable[[], Iterable[SearchDoc]]]:
    return dict(_SOURCES)


# --- searching -------------------------------------------------------------------------------


def _clamp(value: int, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return low
    return max(low, min(high, number))


def search(q: SearchQuery) -> SearchResults:
    """Find documents of one site. All terms must match (AND). An empty or punctuation-only query
    gives no results, never an error."""
    started = time.perf_counter()
    parsed = textmod.parse_query(q.text)
    if not parsed:
        return SearchResults(total=0, hits=[], took_ms=_ms(started))
    per_page = _clamp(q.per_page, 1, MAX_PER_PAGE)
    page = _clamp(q.page, 1, MAX_PAGE)
    sort = q.sort if q.sort in ("relevance", "date") else "relevance"
    filters = Filters(
        site_id=q.site_id,
        organisation_id=q.organisation_id,
        column_id=q.column_id,
        subject_category=q.subject_category,
        date_from=q.date_from,
        date_to=q.date_to,
        validity=q.validity,
        doc_types=tuple(q.doc_types),
    )
    backend = get_backend()
    result = backend.search(parsed, filters, sort, per_page, (page - 1) * per_page)
    relaxed = False
    if result.total == 0:
        loose = textmod.relaxed_query(parsed)
        if loose is not None:
            result = backend.search(loose, filters, sort, per_page, (page - 1) * per_page)
            if result.total:
                parsed, relaxed = loose, True
    hits = _hits(result.rows, parsed)
    return SearchResults(
        total=result.total,
        hits=hits,
        took_ms=_ms(started),
        query=parsed.text,
        relaxed=relaxed,
        words=tuple(t.text for t in parsed.terms),
        exact=result.exact,
    )


def _hits(rows: list[tuple[int, float]], parsed: textmod.ParsedQuery) -> list[Hit]:
    if not rows:
        return []
    entries = SearchEntry.objects.only(
        "doc_type",
        "doc_id",
        "title",
        "document_number",
        "body",
        "attachments_text",
        "url",
        "published_on",
    ).in_bulk([pk for pk, _ in rows])
    hits = []
    for pk, score in rows:
        entry = entries.get(pk)
        if entry is None:  # pragma: no cover - removed between the two reads
            continue
        title_spans = textmod.match_spans(entry.title, parsed.terms)
        source = entry.body
        if not textmod.match_spans(entry.body, parsed.terms) and textmod.match_spans(
            entry.attachments_text, parsed.terms
        ):
            source = entry.attachments_text
        hits.append(
            Hit(
                doc_type=entry.doc_type,
                doc_id=entry.doc_id,
                title_html=textmod.highlight(entry.title, title_spans),
                snippet_html=textmod.snippet(source, parsed.terms),
                url=entry.url,
                published_on=entry.published_on,
                score=score,
            )
        )
    return hits


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


# --- search log and hot searches -------------------------------------------------------------


def log_search(site_id: int, text: str, *, total: int | None = None) -> None:
    """Record a visitor's search anonymously: normalised text, site and time, nothing else.
    Pass `total` (results found) so that searches that found nothing stay off the hot list."""
    parsed = textmod.parse_query(text)
    if not parsed:
        return
    SearchLog.objects.create(site_id=site_id, text=parsed.text[:100], found=total != 0)


def hot_searches(site_id: int, days: int = 30, limit: int = 10) -> list[tuple[str, int]]:
    """The most frequent searches of the last `days` days that found something, most first."""
    since = timezone.now() - datetime.timedelta(days=days)
    rows = (
        SearchLog.objects.filter(site_id=site_id, created_at__gte=since, found=True)
        .values("text")
        .annotate(n=Count("id"))
        .order_by("-n", "text")[:limit]
    )
    return [(row["text"], row["n"]) for row in rows]
