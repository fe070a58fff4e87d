"""The value types of the search interface (importable without Django set up)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SearchDoc:
    site_id: int
    doc_type: str
    doc_id: int
    title: str
    body: str  # plain text
    document_number: str = ""
    attachments_text: str = ""
    organisation_id: int | None = None
    column_ids: tuple[int, ...] = ()
    subject_category: str = ""
    published_on: datetime.date | None = None
    validity: str = ""
    url: str = ""


@dataclass(frozen=True)
class SearchQuery:
    site_id: int
    text: str
    organisation_id: int | None = None
    column_id: int | None = None
    subject_category: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    validity: str = ""
    doc_types: tuple[str, ...] = ()
    sort: str = "relevance"  # or "date"
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class Hit:
    doc_type: str
    doc_id: int
    title_html: str  # escaped HTML, <mark> around matches
    snippet_html: str  # escaped HTML, about 120 characters around the first match
    url: str
    published_on: datetime.date | None
    score: float  # higher is better; comparable within one result list only


@dataclass(frozen=True)
class SearchResults:
    total: int
    hits: list[Hit]
    took_ms: float
    # The normalised query ("" when it had no searchable character).
    query: str = ""
    # True when the exact query found nothing and the results are for its words instead
    # (城乡低保标准 → 城乡 + 低保 + 标准); the page should say so.
    relaxed: bool = False
    words: tuple[str, ...] = field(default_factory=tuple)
    # False when a long term was matched without checking every candidate's text (PostgreSQL,
    # see gongkai.search.backends.postgres): every match is included, the total may be high.
    exact: bool = True
