"""Background work of the shared kernel, scheduled by Celery beat (CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from .audit import audit_events_purge


@shared_task(name="gongkai.core.tasks.purge_audit_events")
def purge_audit_events() -> int:
    """Daily retention sweep of the audit log; idempotent, so a retried or doubled run is
    harmless."""
    return audit_events_purge()
