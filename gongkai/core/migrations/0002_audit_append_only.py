"""Make the audit log append-only in the database itself.

A trigger rejects every UPDATE of core_auditevent, so neither a bug, a shell session nor a
`QuerySet.update()` can rewrite history. DELETE stays allowed: the retention sweep
(`gongkai purge_audit`) removes rows older than GONGKAI_AUDIT_RETENTION_DAYS.

On SQLite, a later migration that makes Django rebuild core_auditevent (copy into a new table,
drop the old one) drops this trigger with the old table: such a migration must create it again.
gongkai/core/tests/test_audit_append_only.py fails if it is missing.
"""

from django.db import migrations

TRIGGER = "core_auditevent_no_update"
FUNCTION = "core_auditevent_reject_update"
MESSAGE = "core_auditevent is append-only: UPDATE is not allowed"

SQLITE_CREATE = [
    f"""
    CREATE TRIGGER {TRIGGER} BEFORE UPDATE ON core_auditevent
    BEGIN
        SELECT RAISE(ABORT, '{MESSAGE}');
    END
    """,
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TRIGGER}"]

POSTGRESQL_CREATE = [
    # restrict_violation (SQLSTATE 23001) surfaces as IntegrityError, as on SQLite.
    f"""
    CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
    END
    $$
    """,
    f"""
    CREATE TRIGGER {TRIGGER} BEFORE UPDATE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()
    """,
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON core_auditevent",
    f"DROP FUNCTION IF EXISTS {FUNCTION}()",
]

STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRESQL_CREATE, POSTGRESQL_DROP),
}


def _run(schema_editor, index):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        # The project supports exactly these two databases; refuse rather than run unguarded.
        raise RuntimeError(f"No append-only trigger for database vendor {vendor!r}.")
    for sql in STATEMENTS[vendor][index]:
        schema_editor.execute(sql)


def create_triggers(apps, schema_editor):
    _run(schema_editor, 0)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
