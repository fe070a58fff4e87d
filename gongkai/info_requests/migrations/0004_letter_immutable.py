"""Make an issued letter (Letter) immutable in the database itself: a trigger rejects any UPDATE
that changes what was issued (number, text, date, addressee, ...) or replaces a stored file or
its SHA-256. Allowed: storing the files once (empty → set), and the issuer's user link going
to NULL when the account is deleted (the name stays).

On SQLite, a later migration that makes Django rebuild info_requests_letter drops this trigger
with the old table: such a migration must create it again (letters/tests/test_issue.py fails
if it is missing).
"""

from django.db import migrations

TABLE = "info_requests_letter"
TRIGGER = "info_requests_letter_immutable"
FUNCTION = "info_requests_letter_reject_change"
MESSAGE = f"{TABLE}: an issued letter cannot be changed"

FIXED = (
    "id",
    "info_request_id",
    "organisation_id",
    "kind",
    "series",
    "year",
    "serial",
    "number",
    "title",
    "recipient",
    "body",
    "organ_name",
    "issued_on",
    "issued_by_name",
    "consultation_id",
    "fee_notice_id",
    "custom_template",
    "created_at",
)
# Written once, after the issuing transaction: empty (or NULL) until then, fixed afterwards.
ONCE = ("docx_file", "docx_sha256", "pdf_file", "pdf_sha256")


def _condition(distinct: str) -> str:
    fixed = [f"NEW.{c} {distinct} OLD.{c}" for c in FIXED]
    once = [f"(OLD.{c} <> '' AND NEW.{c} {distinct} OLD.{c})" for c in ONCE]
    once.append(
        f"(OLD.files_rendered_at IS NOT NULL AND NEW.files_rendered_at {distinct} "
        "OLD.files_rendered_at)"
    )
    issuer = [f"(NEW.issued_by_id IS NOT NULL AND NEW.issued_by_id {distinct} OLD.issued_by_id)"]
    return "\n OR ".join(fixed + once + issuer)


STATEMENTS = {
    "sqlite": (
        [
            f"""
            CREATE TRIGGER {TRIGGER} BEFORE UPDATE ON {TABLE}
            WHEN {_condition("IS NOT")}
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
                IF {_condition("IS DISTINCT FROM")} THEN
                    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
                END IF;
                RETURN NEW;
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
        raise RuntimeError(f"No immutability trigger for database vendor {vendor!r}.")
    for sql in STATEMENTS[vendor][index]:
        schema_editor.execute(sql)


def create_triggers(apps, schema_editor):
    _run(schema_editor, 0)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [
        ("info_requests", "0003_letters"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
