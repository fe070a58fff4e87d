"""Make the application event log (InfoRequestEvent) append-only in the database itself, as the
audit log is (core 0002): a trigger rejects every UPDATE, so the history of an application can
be added to but never rewritten. DELETE stays possible only where the row's application goes,
and InfoRequest is protected by the foreign key.

On SQLite, a later migration that makes Django rebuild info_requests_inforequestevent drops
this trigger with the old table: such a migration must create it again
(tests/test_events.py fails if it is missing).
"""

from django.db import migrations

TABLE = "info_requests_inforequestevent"
TRIGGER = "info_requests_event_no_update"
FUNCTION = "info_requests_event_reject_update"
MESSAGE = f"{TABLE} is append-only: UPDATE is not allowed"

STATEMENTS = {
    "sqlite": (
        [
            f"""
            CREATE TRIGGER {TRIGGER} BEFORE UPDATE ON {TABLE}
            BEGIN
                SELECT RAISE(ABORT, '{MESSAGE}');
            END
            """
        ],
        [f"DROP TRIGGER IF EXISTS {TRIGGER}"],
    ),
    "postgresql": (
        [
            # restrict_violation (SQLSTATE 23001) surfaces as IntegrityError, as on SQLite.
            f"""
            CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
            END
            $$
            """,
            f"""
            CREATE TRIGGER {TRIGGER} BEFORE UPDATE ON {TABLE}
            FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()
            """,
        ],
        [
            f"DROP TRIGGER IF EXISTS {TRIGGER} ON {TABLE}",
            f"DROP FUNCTION IF EXISTS {FUNCTION}()",
        ],
    ),
}


def _run(schema_editor, index):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise RuntimeError(f"No append-only trigger for database vendor {vendor!r}.")
    for sql in STATEMENTS[vendor][index]:
        schema_editor.execute(sql)


def create_triggers(apps, schema_editor):
    _run(schema_editor, 0)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [
        ("info_requests", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
