"""Make the audit log append-only in the database itself.

A trigger rejects every UPDATE of core_auditevent, so neither a bug, a shell session nor a
`QuerySet.update()` can rewrite history. DELETE stays allowed: the retention sweep
(`gongkai purge_audit`) removes rows older than GONGKAI_AUDIT_RETENTION_DAYS.
gongkai/core/tests/test_audit_append_only.py fails if the trigger is missing.
"""

from django.db import migrations

from gongkai.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        append_only(
            "core_auditevent",
            name="core_auditevent_no_update",
            function="core_auditevent_reject_update",
        ),
    ]
