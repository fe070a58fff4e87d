"""Background work of the reports app, scheduled by Celery beat (CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from .services import report_reminders_send


@shared_task(name="gongkai.reports.tasks.send_report_reminders")
def send_report_reminders() -> int:
    """Daily deadline sweep of the annual reports; idempotent (each stage is sent once), so a
    retried or doubled run is harmless. Returns how many reminders were sent."""
    return len(report_reminders_send())
