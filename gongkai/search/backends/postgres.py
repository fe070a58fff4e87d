"""PostgreSQL backend: a GIN index over one position-less tsvector per entry, kept in a narrow
table of its own (`SearchGrams`: entry id, publication date, lexemes) so that the rows a search
visits to count and sort its matches are small.

Every lexeme starts with the entry's site ("12:…"), so a lookup never reads another site's
postings and needs no site condition. Per entry the lexemes are (gongkai.search.text):
* `12:预` `12:预算` `12:预算法` — the distinct 1-, 2- and 3-grams of every field, and the 4- to
  6-grams of ASCII letter-and-digit stretches (2025, 0537);
* `12:#最低生活保障` — each dictionary term (long_terms) found in the text;
* `12:^预算`, `12:^#…` — the same for the title and 文号 alone (ranking tiers);
* `12:@o3`, `12:@c17`, `12:@k…`, `12:@v…`, `12:@t…` — organisation, columns, subject, validity
  and type (hashed), so filters are index lookups too; `12:@y2025` — the publication year.

Written with array_to_tsvector, so PostgreSQL's text search parser never re-splits them.

A term of up to three characters, an ASCII term of up to six, and a dictionary term are single
lexemes: their lookup is exact. A longer term looks up all its trigrams; the candidates are then
verified with strpos() against the stored normalised text, which reads that text per candidate
(the expensive part), so only when there are at most VERIFY_LIMIT candidates. Above that the
candidates are the results (every trigram of the term is in the document; a document that has
them all but not the term is rare in prose) and the results say `exact=False`. Positions are
not used: a tsvector keeps at most 256 positions per lexeme and none past 16,383, so phrase
queries would silently miss matches in long documents.

Counting visits one SearchGrams row per match (EXPLAIN BUFFERS on 15.20 shows a bitmap count
reading every matching page even when all are visible), so those rows are kept narrow: about
130 to a page instead of 24 for the entry rows, which cut the count of a term found in 37,000
of 100,000 documents from ~90 ms to ~15 ms. Ranking is by tiers, as on
SQLite: every term in the title or 文号, then some term there, then the rest; newest first
within a tier. The head tiers are small. The rest is sorted by date: directly when it is small,
otherwise one publication year at a time from the newest (counted through the index), so a term
found in 40,000 documents sorts a year's share of them, not all.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction

from gongkai.core.bulk import insert_rows

from ..models import SearchGrams
from ..text import (
    FIELD_SEPARATOR,
    WORD_LEXEME,
    ParsedQuery,
    Term,
    ascii_ngrams,
    dictionary_terms,
    gram_set,
)
from . import Filters, Page, index_is_stale, order_by_date, reset_stale

VERIFY_LIMIT = 1000
# A tier this small is sorted in one query; a larger one is walked a year at a time.
SMALL_TIER = 3000
HEAD = "^"
NO_YEAR = "@ynone"


def _hashed(prefix: str, value: str) -> str:
    return "@" + prefix + hashlib.blake2b(value.encode(), digest_size=6).hexdigest()


def entry_lexemes(
    *,
    site_id: int,
    head: Sequence[str],
    body: Sequence[str],
    words: Sequence[str],
    head_words: Sequence[str],
    organisation_id: int | None,
    column_ids: Sequence[int],
    subject_category: str,
    validity: str,
    doc_type: str,
    published_on: datetime.date | None,
) -> list[str]:
    """Every lexeme of one entry (see the module docstring)."""
    plain: set[str] = set()
    for field in (*head, *body):
        plain |= gram_set(field)
        plain |= ascii_ngrams(field)
    plain.update(WORD_LEXEME + word for word in words)
    marked: set[str] = set()
    for field in head:
        marked |= gram_set(field)
        marked |= ascii_ngrams(field)
    marked.update(WORD_LEXEME + word for word in head_words)
    filters = [_hashed("t", doc_type), f"@y{published_on.year}" if published_on else NO_YEAR]
    if organisation_id is not None:
        filters.append(f"@o{organisation_id}")
    filters.extend(f"@c{c}" for c in dict.fromkeys(column_ids))
    if subject_category:
        filters.append(_hashed("k", subject_category))
    if validity:
        filters.append(_hashed("v", validity))
    prefix = f"{site_id}:"
    return [
        *map(prefix.__add__, plain),
        *map((prefix + HEAD).__add__, marked),
        *map(prefix.__add__, filters),
    ]


def tsvector_text(lexemes: Sequence[str]) -> str:
    """The lexemes in tsvector's input syntax, each quoted: what array_to_tsvector() makes of
    them (no parsing, no normalisation; duplicates removed by the type itself)."""
    plain = " ".join(lexemes)  # lexemes never contain a space (see models.GramsField)
    if "'" in plain or "\\" in plain:
        return " ".join(map(_quote, lexemes))
    return "'" + plain.replace(" ", "' '") + "'" if lexemes else ""


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


class _Query:
    """The tsquery pieces of one search. Every lexeme is generated here from word characters,
    markers and hashes and quoted, so tsquery syntax (&, |, !, :*) never comes from the user."""

    def __init__(self, parsed: ParsedQuery, filters: Filters) -> None:
        self.site = f"{filters.site_id}:"
        words = not index_is_stale()
        self.terms: list[list[str]] = []  # lexemes of each term, without the site
        self.unverified: list[Term] = []  # terms whose lexemes do not prove a match
        for term in parsed.terms:
            if words and term.is_dictionary_term:
                self.terms.append([WORD_LEXEME + term.text])
            else:
                self.terms.append(term.candidate_grams())
                if not term.exact_by_grams:
                    self.unverified.append(term)
        self.filters: list[str] = []
        if filters.organisation_id is not None:
            self.filters.append(f"@o{filters.organisation_id}")
        if filters.column_id is not None:
            self.filters.append(f"@c{filters.column_id}")
        if filters.subject_category:
            self.filters.append(_hashed("k", filters.subject_category))
        if filters.validity:
            self.filters.append(_hashed("v", filters.validity))
        self.doc_types = [_hashed("t", t) for t in filters.doc_types]

    def _lexeme(self, value: str) -> str:
        return _quote(self.site + value)

    def _term(self, lexemes: list[str], head: bool = False) -> str:
        mark = HEAD if head else ""
        return "(" + " & ".join(self._lexeme(mark + x) for x in lexemes) + ")"

    def everything(self, extra: str = "") -> str:
        parts = [self._term(t) for t in self.terms] + [self._lexeme(f) for f in self.filters]
        if self.doc_types:
            parts.append("(" + " | ".join(self._lexeme(t) for t in self.doc_types) + ")")
        if extra:
            parts.append(extra)
        return " & ".join(parts)

    def head_all(self) -> str:
        return "(" + " & ".join(self._term(t, head=True) for t in self.terms) + ")"

    def head_any(self) -> str:
        return "(" + " | ".join(self._term(t, head=True) for t in self.terms) + ")"

    def year(self, year: int | None) -> str:
        return self._lexeme(f"@y{year}" if year is not None else NO_YEAR)


class PostgresBackend:
    name = "postgresql"

    def add(self, entries: Sequence[Any], columns: dict[int, list[int]]) -> None:
        rows = []
        for entry in entries:
            head = [*entry.search_head.split(FIELD_SEPARATOR), ""][:2]
            body = [*entry.search_text.split(FIELD_SEPARATOR), ""][:2]
            lexemes = entry_lexemes(
                site_id=entry.site_id,
                head=head,
                body=body,
                words=entry.search_words.split(),
                head_words=dictionary_terms(head),
                organisation_id=entry.organisation_id,
                column_ids=columns.get(entry.pk, []),
                subject_category=entry.subject_category,
                validity=entry.validity,
                doc_type=entry.doc_type,
                published_on=entry.published_on,
            )
            rows.append((entry.pk, entry.published_on, tsvector_text(lexemes)))
        # COPY: no SQL compiled per row (see gongkai.core.bulk).
        insert_rows(SearchGrams._meta.db_table, ["entry_id", "published_on", "grams"], rows)

    def remove(self, entries: Sequence[Any], columns: dict[int, list[int]]) -> None:
        SearchGrams.objects.filter(entry__in=[entry.pk for entry in entries]).delete()

    def clear(self) -> None:
        reset_stale()
        SearchGrams.objects.all().delete()

    def before_bulk(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            # DDL is refused while foreign-key checks of this transaction are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("DROP INDEX IF EXISTS search_grams_gin")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def after_bulk(self) -> None:
        reset_stale()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS search_grams_gin "
                "ON search_searchgrams USING gin (grams)"
            )
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute("ANALYZE search_searchgrams")

    def search(
        self, parsed: ParsedQuery, filters: Filters, sort: str, limit: int, offset: int
    ) -> Page:
        query = _Query(parsed, filters)
        dates, date_params = [], []
        if filters.date_from is not None:
            dates.append("published_on >= %s")
            date_params.append(filters.date_from)
        if filters.date_to is not None:
            dates.append("published_on <= %s")
            date_params.append(filters.date_to)
        # Own transaction (a savepoint inside the caller's) so SET LOCAL ends with the search.
        with transaction.atomic(), connection.cursor() as cursor:
            # The planner would JIT-compile plans over many candidates (costing more than the
            # query) and prefer a sequential scan for very common terms (reading every row's
            # lexemes); the GIN bitmap is always the better plan here.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL work_mem = '32MB'")
            run = _Run(cursor, query, dates, date_params)
            total = run.count(query.everything())
            if query.unverified and total <= VERIFY_LIMIT:
                return run.verified(parsed, sort, limit, offset)
            exact = not query.unverified
            if sort != "relevance":
                page = run.rows(query.everything(), total, 0.0, limit, offset, filters)
                return Page(total=total, rows=page, exact=exact)
            tiers = [(query.everything(query.head_all()), float(len(query.terms)))]
            if len(query.terms) > 1:
                tiers.append((query.everything(f"{query.head_any()} & !{query.head_all()}"), 1.0))
            tiers.append((query.everything(f"!{query.head_any()}"), 0.0))
            rows: list[tuple[int, float]] = []
            seen = 0
            for number, (tsquery, score) in enumerate(tiers):
                wanted = limit - len(rows)
                if wanted <= 0:
                    break  # the page is full: later tiers need not even be counted
                last = number == len(tiers) - 1
                count = total - seen if last else run.count(tsquery)
                start = max(0, offset - seen)
                if start < count:
                    rows += run.rows(tsquery, count, score, wanted, start, filters)
                seen += count
            return Page(total=total, rows=rows, exact=exact)


class _Run:
    """The statements of one search, on one cursor."""

    def __init__(self, cursor: Any, query: _Query, dates: list[str], params: list[Any]) -> None:
        self.cursor = cursor
        self.query = query
        self.dates = "".join(f" AND {d}" for d in dates)
        self.date_params = params

    def count(self, tsquery: str) -> int:
        self.cursor.execute(
            "SELECT count(*) FROM search_searchgrams WHERE grams @@ %s::tsquery"  # noqa: S608
            + self.dates,
            [tsquery, *self.date_params],
        )
        return int(self.cursor.fetchone()[0])

    def _page(self, tsquery: str, score: float, limit: int, offset: int) -> list[tuple[int, float]]:
        self.cursor.execute(
            "SELECT entry_id FROM search_searchgrams WHERE grams @@ %s::tsquery"  # noqa: S608
            f"{self.dates} ORDER BY published_on DESC NULLS LAST, entry_id DESC "
            "LIMIT %s OFFSET %s",
            [tsquery, *self.date_params, limit, offset],
        )
        return [(row[0], score) for row in self.cursor.fetchall()]

    def rows(
        self, tsquery: str, count: int, score: float, limit: int, offset: int, filters: Filters
    ) -> list[tuple[int, float]]:
        """Rows [offset, offset + limit) of a tier of `count` entries, newest first."""
        if count <= SMALL_TIER:
            return self._page(tsquery, score, limit, offset)
        # Walk the publication years from the newest, counting each through the index, and sort
        # only the years the page falls in.
        self.cursor.execute(
            "SELECT min(published_on), max(published_on) FROM search_searchentry "
            "WHERE site_id = %s",
            [filters.site_id],
        )
        first, last = self.cursor.fetchone()
        years: list[int | None] = []
        if first is not None:
            years = list(range(last.year, first.year - 1, -1))
        years.append(None)
        rows: list[tuple[int, float]] = []
        seen = 0
        for year in years:
            wanted = limit - len(rows)
            if wanted <= 0 or seen >= count:
                break
            in_year = f"{tsquery} & {self.query.year(year)}"
            start = max(0, offset - seen)
            if start == 0:
                # The page starts here: read it directly; a short read is the year's count.
                got = self._page(in_year, score, wanted, 0)
                rows += got
                seen += len(got)
                continue
            n = self.count(in_year)
            if start < n:
                rows += self._page(in_year, score, wanted, start)
            seen += n
        return rows

    def verified(self, parsed: ParsedQuery, sort: str, limit: int, offset: int) -> Page:
        """Few candidates: check each term against the stored text, rank by strpos on the
        stored title and 文号 (kept in the row)."""
        conditions = ["g.grams @@ %s::tsquery"]
        params: list[Any] = [self.query.everything()]
        for term in self.query.unverified:
            conditions.append("(strpos(e.search_head, %s) > 0 OR strpos(e.search_text, %s) > 0)")
            params += [term.text, term.text]
        head = ["strpos(e.search_head, %s) > 0" for _ in parsed.terms]
        head_params = [term.text for term in parsed.terms]
        if sort != "relevance":
            score_sql, score_params, order = "0", [], order_by_date()
        elif len(head) > 1:
            score_sql = (
                f"CASE WHEN {' AND '.join(head)} THEN {len(head)} "
                f"WHEN {' OR '.join(head)} THEN 1 ELSE 0 END"
            )
            score_params, order = head_params * 2, "score DESC, " + order_by_date()
        else:
            score_sql = f"CASE WHEN {head[0]} THEN 1 ELSE 0 END"
            score_params, order = head_params, "score DESC, " + order_by_date()
        where = " AND ".join(conditions) + self.dates.replace("published_on", "g.published_on")
        tables = "search_searchgrams g JOIN search_searchentry e ON e.id = g.entry_id"
        self.cursor.execute(
            f"SELECT e.id, ({score_sql})::float8 AS score, count(*) OVER () "  # noqa: S608
            f"FROM {tables} WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s",
            [*score_params, *params, *self.date_params, limit, offset],
        )
        rows = self.cursor.fetchall()
        if rows:
            total = int(rows[0][2])
        else:
            self.cursor.execute(
                f"SELECT count(*) FROM {tables} WHERE {where}",  # noqa: S608
                [*params, *self.date_params],
            )
            total = int(self.cursor.fetchone()[0])
        return Page(total=total, rows=[(r[0], float(r[1])) for r in rows])
