"""Make an issued letter (Letter) immutable in the database itself: a trigger rejects any UPDATE
that changes what was issued (number, text, date, addressee, ...) or replaces a stored file or
its SHA-256. Allowed: storing the files once (empty → set), and the issuer's user link going
to NULL when the account is deleted (the name stays).

On SQLite, a later migration that makes Django rebuild info_requests_letter drops this trigger
with the old table: such a migration must create it again (letters/tests/test_issue.py fails
if it is missing).
"""

from django.db import migrations

from gongkai.core.append_only import append_only

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


# `{distinct}` is the trigger helper's placeholder for IS NOT / IS DISTINCT FROM.
CONDITION = "\n OR ".join(
    [f"NEW.{c} {{distinct}} OLD.{c}" for c in FIXED]
    + [f"(OLD.{c} <> '' AND NEW.{c} {{distinct}} OLD.{c})" for c in ONCE]
    + [
        "(OLD.files_rendered_at IS NOT NULL AND NEW.files_rendered_at {distinct} "
        "OLD.files_rendered_at)",
        "(NEW.issued_by_id IS NOT NULL AND NEW.issued_by_id {distinct} OLD.issued_by_id)",
    ]
)


class Migration(migrations.Migration):
    dependencies = [
        ("info_requests", "0003_letters"),
    ]

    operations = [
        append_only(
            "info_requests_letter",
            name="info_requests_letter_immutable",
            function="info_requests_letter_reject_change",
            message="info_requests_letter: an issued letter cannot be changed",
            when=CONDITION,
        ),
    ]
