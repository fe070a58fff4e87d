"""Retention of the audit log: `audit_events_purge`, `gongkai purge_audit` and the Celery task
remove only events older than GONGKAI_AUDIT_RETENTION_DAYS (never fewer than 180 days)."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from gongkai.core import audit
from gongkai.core.models import AuditEvent
from gongkai.core.tasks import purge_audit_events

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 30, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _event_aged(days: float, *, site_id: int | None = 1, note: str = "") -> AuditEvent:
    """An event written `days` before NOW (created_at is auto_now_add and cannot be updated)."""
    with time_machine.travel(NOW - dt.timedelta(days=days), tick=False):
        return audit.record(actor=None, action="organisation.update", site_id=site_id, note=note)


def _notes() -> set[str]:
    return set(AuditEvent.objects.exclude(action="audit.purge").values_list("note", flat=True))


@override_settings(GONGKAI_AUDIT_RETENTION_DAYS=365)
def test_only_rows_older_than_the_retention_go():
    _event_aged(10, note="fresh")
    _event_aged(179, note="179 days")
    _event_aged(364.9, note="just inside")
    _event_aged(365.1, note="just outside")
    _event_aged(800, note="ancient")

    assert audit.audit_events_purge(now=NOW) == 2
    assert _notes() == {"fresh", "179 days", "just inside"}


@override_settings(GONGKAI_AUDIT_RETENTION_DAYS=200)
def test_the_setting_decides_the_cutoff():
    _event_aged(199, note="kept")
    _event_aged(201, note="gone")
    assert audit.audit_events_purge(now=NOW) == 1
    assert _notes() == {"kept"}


@override_settings(GONGKAI_AUDIT_RETENTION_DAYS=30)
def test_a_setting_below_180_days_is_clamped_to_180():
    _event_aged(31, note="31 days")
    _event_aged(179, note="179 days")
    _event_aged(181, note="181 days")
    assert audit.retention_days() == 180
    assert audit.audit_events_purge(now=NOW) == 1
    assert _notes() == {"31 days", "179 days"}


@override_settings(GONGKAI_AUDIT_RETENTION_DAYS=365)
def test_running_twice_deletes_nothing_more():
    _event_aged(400)
    _event_aged(1)
    assert audit.audit_events_purge(now=NOW) == 1
    purge_events = AuditEvent.objects.filter(action="audit.purge").count()
    assert audit.audit_events_purge(now=NOW) == 0
    assert AuditEvent.objects.exclude(action="audit.purge").count() == 1
    # An empty run leaves no trace either.
    assert AuditEvent.objects.filter(action="audit.purge").count() == purge_events


@override_settings(GONGKAI_AUDIT_RETENTION_DAYS=365)
def test_each_site_is_told_how_many_of_its_events_expired():
    _event_aged(400, site_id=1)
    _event_aged(401, site_id=1)
    _event_aged(400, site_id=2)
    _event_aged(1, site_id=2)

    with time_machine.travel(NOW, tick=False):
        assert audit.audit_events_purge() == 3

    purges = {e.site_id: e for e in AuditEvent.objects.filter(action="audit.purge")}
    assert set(purges) == {1, 2}
    assert "操作日志 2 条" in purges[1].note and "365 天" in purges[1].note
    assert "操作日志 1 条" in purges[2].note
    assert purges[1].actor_name == "系统" and purges[1].organisation_id is None
    assert purges[1].created_at == NOW


@override_settings(GONGKAI_AUDIT_RETENTION_DAYS=365)
def test_without_now_the_current_time_is_used():
    _event_aged(366, note="old")
    _event_aged(300, note="young")
    with time_machine.travel(NOW + dt.timedelta(days=70), tick=False):
        # 300 + 70 days old by then.
        assert audit.audit_events_purge() == 2
    assert _notes() == set()


@override_settings(GONGKAI_AUDIT_RETENTION_DAYS=365)
def test_the_management_command_purges_and_reports():
    _event_aged(400)
    _event_aged(2, note="kept")
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("purge_audit", stdout=out)
    assert "365 天" in out.getvalue() and "1 条" in out.getvalue()
    assert _notes() == {"kept"}


@override_settings(GONGKAI_AUDIT_RETENTION_DAYS=365)
def test_the_celery_task_purges():
    # apply() runs the task in this process whatever the broker; the path through Redis and a
    # real worker is test_celery_worker.py.
    _event_aged(400)
    _event_aged(2, note="kept")
    with time_machine.travel(NOW, tick=False):
        assert purge_audit_events.apply().get() == 1
    assert _notes() == {"kept"}
