"""Make the item history append-only in the database itself, as the audit log is (core 0002):
triggers reject every UPDATE of publications_itemevent and publications_itemversion, so the
versions and the workflow steps of an item can be added to but never rewritten. DELETE stays
possible only with the item (a draft deleted by an administrator). tests/test_models.py fails
if a trigger is missing.
"""

from django.db import migrations

from gongkai.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0001_initial"),
    ]

    operations = [
        append_only("publications_itemevent"),
        append_only("publications_itemversion"),
    ]
