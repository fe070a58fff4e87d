"""Make the application event log (InfoRequestEvent) append-only in the database itself, as the
audit log is (core 0002): the history of an application can be added to but never rewritten.
DELETE stays possible only where the row's application goes, and InfoRequest is protected by
the foreign key. tests/test_workflow.py fails if the trigger is missing.
"""

from django.db import migrations

from gongkai.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [
        ("info_requests", "0001_initial"),
    ]

    operations = [
        append_only(
            "info_requests_inforequestevent",
            name="info_requests_event_no_update",
            function="info_requests_event_reject_update",
        ),
    ]
