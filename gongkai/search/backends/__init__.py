"""The two search backends behind one interface, chosen by the database in use."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection

from ..text import ParsedQuery


@dataclass(frozen=True)
class Filters:
    site_id: int
    organisation_id: int | None = None
    column_id: int | None = None
    subject_category: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    validity: str = ""
    doc_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    total: int
    rows: list[tuple[int, float]]  # (entry id, score: higher is better)
    # False when some term was matched by its trigrams without checking the text (PostgreSQL,
    # long terms with many candidates): the results then include every match and may include
    # a document that has all the term's trigrams but not the term itself.
    exact: bool = True


class Backend(Protocol):
    name: str

    def add(self, entries: Sequence[Any], columns: dict[int, list[int]]) -> None:
        """Index entries just inserted (their rows hold the search text; `columns` maps each
        entry id to its column ids)."""

    def remove(self, entries: Sequence[Any], columns: dict[int, list[int]]) -> None:
        """Unindex entries about to be deleted or rewritten, as they are stored now."""

    def clear(self) -> None:
        """Empty the gram index (the entry table is emptied by the caller)."""

    def before_bulk(self) -> None:
        """Prepare for loading many entries."""

    def after_bulk(self) -> None:
        """Finish a bulk load (rebuild or compact the index)."""

    def search(
        self, parsed: ParsedQuery, filters: Filters, sort: str, limit: int, offset: int
    ) -> Page: ...


_stale: bool | None = None


def index_is_stale() -> bool:
    """Whether some entry was indexed with another dictionary or token version. Dictionary-term
    lookups are then not trusted (those entries may lack the term) and long terms are matched
    through their grams instead. Checked once per process; a rebuild resets it."""
    global _stale
    if _stale is None:
        from ..models import SearchEntry
        from ..text import tokens_version

        _stale = SearchEntry.objects.exclude(tokens_version=tokens_version()).exists()
    return _stale


def reset_stale() -> None:
    global _stale
    _stale = None


def order_by_date(alias: str = "e") -> str:
    nulls = " NULLS LAST" if connection.vendor == "postgresql" else ""
    return f"{alias}.published_on DESC{nulls}, {alias}.id DESC"


def get_backend() -> Backend:
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from .sqlite import SqliteBackend

        return SqliteBackend()
    raise NotImplementedError(f"search has no backend for {connection.vendor}")
