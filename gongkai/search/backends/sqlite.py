"""SQLite backend: one contentless FTS5 table (`search_fts`, created in migration 0002).

Columns and their tokens (gongkai.search.text):
* title, number, body, attachments: the gram tokens of each field, space-separated (the
  unicode61 tokenizer keeps each token whole: tokens hold word characters only). A term is the
  phrase of its grams, so FTS5's position lists make every match exact; a one-character term is
  a prefix query answered by the prefix='1' index.
* head: the grams of title and 文号 again, each marked with HEAD (U+E000, a private-use
  character, which no gram contains): short doclists that answer "is the term in the title or
  文号" for ranking without walking the body's.
* words: one WORD-marked token per dictionary term found in the text (最低生活保障, 政府信息公开,
  ...), and one ASCII-marked token per 4- to 6-gram of ASCII letters and digits (2025, 0537):
  such a term is one doclist lookup instead of a phrase of bigrams found in most documents.
* scope: SCOPE-marked filter tokens (site, organisation, columns, subject, validity, type).

The rowid is (publication day << 32 | entry id), so "newest first" is FTS5's own descending
rowid order, which stops after the page instead of sorting every match, and a date range is a
rowid range. Relevance is by tiers, as on PostgreSQL: every term in the title or 文号, then some
term there, then the rest; newest first within a tier. Only the total needs a pass over every
match; the head tiers are small, and the last tier is read newest first until the page is full.

The table stores no text (content=''). Deleting a row needs the tokens it was indexed with,
recomputed from the entry's stored search fields (and stored dictionary terms), so the FTS row is
always removed before the entry row changes.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence
from typing import Any

from django.db import connection

from ..text import FIELD_SEPARATOR, ParsedQuery, Term, ascii_ngrams, gram_tokens
from . import Filters, Page, index_is_stale, reset_stale

TABLE = "search_fts"
ID_BITS = 32
ID_MASK = (1 << ID_BITS) - 1
HEAD = "\ue000"
SCOPE = "\ue001"
WORD = "\ue002"
# Between the title's and the 文号's marked grams, so that no phrase spans the two.
HEAD_GAP = "\ue003"
ASCII = "\ue004"


def fts_rowid(entry_id: int, published_on: datetime.date | None) -> int:
    if entry_id > ID_MASK:  # pragma: no cover - four billion entries
        raise OverflowError("search entry id does not fit the FTS rowid")
    day = published_on.toordinal() if published_on else 0
    return (day << ID_BITS) | entry_id


def _day_floor(day: datetime.date) -> int:
    return day.toordinal() << ID_BITS


def _hashed(prefix: str, value: str) -> str:
    return SCOPE + prefix + hashlib.blake2b(value.encode(), digest_size=6).hexdigest()


def _scope_tokens(entry: Any, column_ids: Sequence[int]) -> list[str]:
    tokens = [f"{SCOPE}s{entry.site_id}", _hashed("t", entry.doc_type)]
    if entry.organisation_id is not None:
        tokens.append(f"{SCOPE}o{entry.organisation_id}")
    tokens.extend(f"{SCOPE}c{c}" for c in dict.fromkeys(column_ids))
    if entry.subject_category:
        tokens.append(_hashed("k", entry.subject_category))
    if entry.validity:
        tokens.append(_hashed("v", entry.validity))
    return tokens


def _row(entry: Any, column_ids: Sequence[int]) -> tuple[Any, ...]:
    head = ([*entry.search_head.split(FIELD_SEPARATOR), ""])[:2]
    text = ([*entry.search_text.split(FIELD_SEPARATOR), ""])[:2]
    fields = [" ".join(gram_tokens(field)) for field in (*head, *text)]
    marked = [" ".join(HEAD + token for token in gram_tokens(field)) for field in head]
    ngrams: set[str] = set()
    for field in (*head, *text):
        ngrams |= ascii_ngrams(field)
    words = " ".join(
        [*(WORD + word for word in entry.search_words.split()), *(ASCII + n for n in ngrams)]
    )
    return (
        fts_rowid(entry.pk, entry.published_on),
        *fields,
        f" {HEAD_GAP} ".join(marked),
        words,
        " ".join(_scope_tokens(entry, column_ids)),
    )


def _phrase(term: Term, mark: str = "") -> str:
    tokens, prefix = term.phrase()
    return '"' + " ".join(mark + token for token in tokens) + '"' + (" *" if prefix else "")


def _scope_expression(filters: Filters) -> str:
    parts = [f'"{SCOPE}s{filters.site_id}"']
    if filters.organisation_id is not None:
        parts.append(f'"{SCOPE}o{filters.organisation_id}"')
    if filters.column_id is not None:
        parts.append(f'"{SCOPE}c{filters.column_id}"')
    if filters.subject_category:
        parts.append(f'"{_hashed("k", filters.subject_category)}"')
    if filters.validity:
        parts.append(f'"{_hashed("v", filters.validity)}"')
    if filters.doc_types:
        parts.append("(" + " OR ".join(f'"{_hashed("t", t)}"' for t in filters.doc_types) + ")")
    return " AND ".join(parts)


def expressions(
    parsed: ParsedQuery, filters: Filters, sort: str
) -> tuple[str, list[tuple[str, float]]]:
    """The MATCH expression of all results, and the tiers that partition it (best first, each
    with its score; the last tier is "the rest").

    Every token is generated here from word characters, markers and hashes, and quoted as a
    phrase, so nothing of FTS5's syntax (quotes, *, AND, NEAR, column filters) reaches it from
    the user."""
    use_words = not index_is_stale()
    matches = []
    for term in parsed.terms:
        if use_words and term.is_dictionary_term:
            matches.append(f'"{WORD}{term.text}"')
        elif term.ascii_ngram:
            matches.append(f'"{ASCII}{term.ascii_ngram}"')
        else:
            matches.append(_phrase(term))
    everything = "(" + " AND ".join([*matches, _scope_expression(filters)]) + ")"
    if sort != "relevance":
        return everything, [(everything, 0.0)]
    in_head = [_phrase(term, HEAD) for term in parsed.terms]
    all_head = "(" + " AND ".join(in_head) + ")"
    tiers = [(f"({everything} AND {all_head})", float(len(in_head)))]
    if len(in_head) > 1:
        any_head = "(" + " OR ".join(in_head) + ")"
        tiers.append((f"(({everything} AND {any_head}) NOT {all_head})", 1.0))
        tiers.append((f"({everything} NOT {any_head})", 0.0))
    else:
        tiers.append((f"({everything} NOT {all_head})", 0.0))
    return everything, tiers


class SqliteBackend:
    name = "sqlite"

    def add(self, entries: Sequence[Any], columns: dict[int, list[int]]) -> None:
        rows = [_row(entry, columns.get(entry.pk, [])) for entry in entries]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE}(rowid, title, number, body, attachments, head, words, "  # noqa: S608
                "scope) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                rows,
            )

    def remove(self, entries: Sequence[Any], columns: dict[int, list[int]]) -> None:
        rows = [_row(entry, columns.get(entry.pk, [])) for entry in entries]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE}({TABLE}, rowid, title, number, body, attachments, head, "  # noqa: S608
                "words, scope) VALUES ('delete', %s, %s, %s, %s, %s, %s, %s, %s)",
                rows,
            )

    def clear(self) -> None:
        reset_stale()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('delete-all')")  # noqa: S608

    def before_bulk(self) -> None:
        return None

    def after_bulk(self) -> None:
        reset_stale()
        with connection.cursor() as cursor:
            # Merge the b-tree segments the batches left behind: fewer segments, faster queries.
            cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")  # noqa: S608

    def search(
        self, parsed: ParsedQuery, filters: Filters, sort: str, limit: int, offset: int
    ) -> Page:
        bounds = ""
        bound_params: list[int] = []
        if filters.date_from is not None:
            bounds += " AND rowid >= %s"
            bound_params.append(_day_floor(filters.date_from))
        if filters.date_to is not None:
            bounds += " AND rowid < %s"
            bound_params.append(_day_floor(filters.date_to + datetime.timedelta(days=1)))
        count_sql = f"SELECT count(*) FROM {TABLE} WHERE {TABLE} MATCH %s{bounds}"  # noqa: S608
        page_sql = (
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s{bounds} "  # noqa: S608
            "ORDER BY rowid DESC LIMIT %s OFFSET %s"
        )
        everything, tiers = expressions(parsed, filters, sort)
        rows: list[tuple[int, float]] = []
        with connection.cursor() as cursor:
            cursor.execute(count_sql, [everything, *bound_params])
            total = cursor.fetchone()[0]
            seen = 0  # results in the tiers before this one
            for number, (expression, score) in enumerate(tiers):
                wanted = limit - len(rows)
                if wanted <= 0:
                    break  # the page is full: later tiers need not even be counted
                if number == len(tiers) - 1:
                    count = total - seen  # the rest: never counted, only read up to the page
                else:
                    cursor.execute(count_sql, [expression, *bound_params])
                    count = cursor.fetchone()[0]
                start = max(0, offset - seen)
                if start < count:
                    cursor.execute(page_sql, [expression, *bound_params, wanted, start])
                    rows.extend((rowid & ID_MASK, score) for (rowid,) in cursor.fetchall())
                seen += count
        return Page(total=total, rows=rows)
