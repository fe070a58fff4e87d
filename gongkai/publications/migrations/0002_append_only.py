"""Make the item history append-only in the database itself, as the audit log is (core 0002):
triggers reject every UPDATE of publications_itemevent and publications_itemversion, so the
versions and the workflow steps of an item can be added to but never rewritten. DELETE stays
possible only with the item (a draft deleted by an administrator).

On SQLite, a later migration that makes Django rebuild one of these tables drops its trigger with
the old table: such a migration must create it again (tests/test_models.py fails if it is
missing).
"""

from django.db import migrations

TABLES = ("publications_itemevent", "publications_itemversion")


def _statements(vendor, table):
    trigger = f"{table}_no_update"
    function = f"{table}_reject_update"
    message = f"{table} is append-only: UPDATE is not allowed"
    if vendor == "sqlite":
        return (
            [
                f"""
                CREATE TRIGGER {trigger} BEFORE UPDATE ON {table}
                BEGIN
                    SELECT RAISE(ABORT, '{message}');
                END
                """
            ],
            [f"DROP TRIGGER IF EXISTS {trigger}"],
        )
    if vendor == "postgresql":
        return (
            [
                # restrict_violation (SQLSTATE 23001) surfaces as IntegrityError, as on SQLite.
                f"""
                CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '{message}' USING ERRCODE = 'restrict_violation';
                END
                $$
                """,
                f"""
                CREATE TRIGGER {trigger} BEFORE UPDATE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {function}()
                """,
            ],
            [f"DROP TRIGGER IF EXISTS {trigger} ON {table}", f"DROP FUNCTION IF EXISTS {function}()"],
        )
    raise RuntimeError(f"No append-only trigger for database vendor {vendor!r}.")


def _run(schema_editor, index):
    for table in TABLES:
        for sql in _statements(schema_editor.connection.vendor, table)[index]:
            schema_editor.execute(sql)


def create_triggers(apps, schema_editor):
    _run(schema_editor, 0)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
