"""Inserting many new rows fast (imports, index loads), on SQLite and PostgreSQL.

Django's bulk_create compiles every value of every row into SQL (placeholders, per-field
conversion): for an item of ~40 columns that was 80 % of a large import's write, the database's
own work a tenth of it. Here the statement is built once per table and the rows are sent as plain
tuples: `executemany` on SQLite, `COPY` (psycopg 3) on PostgreSQL. Primary keys are reserved
first (`reserve_ids`), so the caller knows them without RETURNING.

Only for plain inserts of new rows inside the caller's transaction: no signals, no save(), no
conflict handling. Values are converted like Django converts them (get_db_prep_save), except for
types the drivers take as they are.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models
from django.utils import timezone

# Fields whose Python value the drivers take unchanged (str, int, bool, None).
_AS_IS = frozenset(
    {
        "AutoField", "BigAutoField", "SmallAutoField", "BigIntegerField", "IntegerField",
        "SmallIntegerField", "PositiveBigIntegerField", "PositiveIntegerField",
        "PositiveSmallIntegerField", "BooleanField", "CharField", "TextField", "ForeignKey",
        "OneToOneField", "SlugField", "EmailField",
    }
)  # fmt: skip


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold Python's cycle collector while building or writing many objects. A large import
    keeps hundreds of thousands of rows alive, and each collection of the oldest generation
    walks all of them again: at 50,000 rows that was a quarter of the import's time. The
    objects made here hold no reference cycles (reference counting frees them), so nothing
    is lost by collecting later; the collector runs again afterwards as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys for `model`, never used before. Call inside the transaction that
    inserts them (SQLite: the IMMEDIATE transaction holds the write lock, so no other writer can
    take the same ones; PostgreSQL: taken from the table's sequence)."""
    if count <= 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # AUTOINCREMENT never reuses a key, even of a deleted row: start past both.
        cursor.execute(f'SELECT coalesce(max("{pk}"), 0) FROM "{table}"')  # noqa: S608
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
        highest = max(highest, cursor.fetchone()[0])
    return list(range(highest + 1, highest + 1 + count))


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    if field.get_internal_type() in _AS_IS:
        return lambda value: value
    return lambda value: field.get_db_prep_save(value, connection)


def insert_dicts(
    model: type[models.Model], rows: Sequence[dict[str, Any]], **constants: Any
) -> None:
    """INSERT one row per dict of attribute names (`item_id`, not `item`) to values; every dict
    has the same keys; without the primary key among them the database assigns it (when the
    caller needs the keys, it reserves them first: reserve_ids). Other fields take
    `constants` (model field names, as for the model's constructor) or their defaults;
    auto_now and auto_now_add fields one timestamp for the whole call."""
    if not rows:
        return
    template = model(**constants)
    now = timezone.now()
    varying = rows[0].keys()
    columns: list[str | None] = []
    fixed: list[Any] = []
    varying_columns: list[str | None] = []
    pairs: list[tuple[str, Callable[[Any], Any]]] = []
    for field in model._meta.concrete_fields:
        if field.attname in varying:
            varying_columns.append(field.column)
            pairs.append((field.attname, _converter(field)))
            continue
        if field.primary_key:
            continue  # the database assigns it
        columns.append(field.column)
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            fixed.append(field.get_db_prep_save(now, connection))
        else:
            fixed.append(field.get_db_prep_save(getattr(template, field.attname), connection))
    head = tuple(fixed)
    insert_rows(
        model._meta.db_table,
        [*columns, *varying_columns],
        (head + tuple(convert(row[key]) for key, convert in pairs) for row in rows),
    )


def insert_rows(table: str, columns: Sequence[str | None], rows: Iterable[Sequence[Any]]) -> None:
    """INSERT database-ready rows into `table` (names are trusted: they come from models)."""
    names = ", ".join(f'"{column}"' for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg 3's own cursor: Django's wrapper has no copy()
            with raw.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(rows))  # noqa: S608
