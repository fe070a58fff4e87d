"""Background work of publications, scheduled by Celery beat (CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from .services import items_publish_due


@shared_task(name="gongkai.publications.tasks.publish_due_items")
def publish_due_items() -> int:
    """The scheduled-publication sweep; idempotent (compare-and-set per item)."""
    return items_publish_due()
