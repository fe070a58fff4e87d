"""Database triggers that keep a table's history from being rewritten, for migrations.

The audit log, a case's event log, an item's versions and an issued letter are records of what
happened: the application code never updates them, and a trigger makes sure that nothing else
does either (a bug, a shell session, a `QuerySet.update()`). One helper writes the trigger for
both supported databases, so every such table is guarded the same way:

    operations = [append_only("info_requests_inforequestevent")]

`when` narrows the guard to some changes (an issued letter may still have its files stored once):
a SQL condition over NEW and OLD, written with the comparison operator `{distinct}`, which
becomes `IS NOT` on SQLite and `IS DISTINCT FROM` on PostgreSQL.

On SQLite, a later migration that makes Django rebuild the table (copy into a new table, drop
the old one) drops its trigger with the old table: such a migration must add the operation again.
Each guarded table has a test that fails if its trigger is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import migrations

# restrict_violation (SQLSTATE 23001) surfaces as IntegrityError, as SQLite's RAISE(ABORT) does.
_PG_ERRCODE = "restrict_violation"


def trigger_statements(
    vendor: str,
    table: str,
    *,
    name: str = "",
    function: str = "",
    message: str = "",
    when: str = "",
) -> tuple[list[str], list[str]]:
    """(create, drop) SQL statements for `vendor`. RuntimeError for another database: the
    project supports exactly these two, and an unguarded table must not pass silently."""
    trigger = name or f"{table}_no_update"
    function = function or f"{table}_reject_update"
    message = message or f"{table} is append-only: UPDATE is not allowed"
    if vendor == "sqlite":
        condition = f"WHEN {when.format(distinct='IS NOT')}" if when else ""
        create = f"""
            CREATE TRIGGER {trigger} BEFORE UPDATE ON {table}
            {condition}
            BEGIN
                SELECT RAISE(ABORT, '{message}');
            END
            """
        return [create], [f"DROP TRIGGER IF EXISTS {trigger}"]
    if vendor == "postgresql":
        raise_it = f"RAISE EXCEPTION '{message}' USING ERRCODE = '{_PG_ERRCODE}';"
        if when:
            body = f"""
                IF {when.format(distinct="IS DISTINCT FROM")} THEN
                    {raise_it}
                END IF;
                RETURN NEW;"""
        else:
            body = raise_it
        return (
            [
                f"""
                CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    {body}
                END
                $$
                """,
                f"""
                CREATE TRIGGER {trigger} BEFORE UPDATE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {function}()
                """,
            ],
            [
                f"DROP TRIGGER IF EXISTS {trigger} ON {table}",
                f"DROP FUNCTION IF EXISTS {function}()",
            ],
        )
    raise RuntimeError(f"No append-only trigger for database vendor {vendor!r}.")


def _runner(table: str, index: int, **options: Any) -> Callable[[Any, Any], None]:
    def run(apps: Any, schema_editor: Any) -> None:
        statements = trigger_statements(schema_editor.connection.vendor, table, **options)
        for sql in statements[index]:
            schema_editor.execute(sql)

    return run


def append_only(
    table: str, *, name: str = "", function: str = "", message: str = "", when: str = ""
) -> migrations.RunPython:
    """A migration operation that guards `table` against UPDATE (reversible: drops the guard).
    `name` and `function` name the trigger and PostgreSQL's trigger function."""
    options = {"name": name, "function": function, "message": message, "when": when}
    return migrations.RunPython(
        _runner(table, 0, **options), _runner(table, 1, **options), elidable=False
    )
