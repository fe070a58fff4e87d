"""The database itself refuses to rewrite the audit log (migration 0002), on SQLite and
PostgreSQL alike; deleting (the retention sweep) stays possible."""

import pytest
from django.db import IntegrityError, connection, transaction

from gongkai.core import audit
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def event() -> AuditEvent:
    return audit.record(actor=None, action="organisation.update", site_id=1, note="原始备注")


def test_saving_a_changed_event_is_rejected(event):
    event.note = "篡改后的备注"
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).note == "原始备注"


def test_a_queryset_update_is_rejected(event):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(actor_name="别人")
    assert AuditEvent.objects.get(pk=event.pk).actor_name == "系统"


def test_raw_sql_update_is_rejected(event):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = %s", ["nothing.happened"])
    assert AuditEvent.objects.get(pk=event.pk).action == "organisation.update"


def test_deleting_stays_allowed_for_the_retention_sweep(event):
    assert AuditEvent.objects.filter(pk=event.pk).delete()[0] == 1
    assert not AuditEvent.objects.filter(pk=event.pk).exists()


def test_appending_stays_allowed(event):
    audit.record(actor=None, action="audit.purge", site_id=1)
    assert AuditEvent.objects.count() == 2
