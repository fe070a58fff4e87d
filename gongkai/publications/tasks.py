"""Background work of publications, scheduled by Celery beat (CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from .services import items_index_imported, items_publish_due


@shared_task(name="gongkai.publications.tasks.publish_due_items")
def publish_due_items() -> int:
    """The scheduled-publication sweep; idempotent (compare-and-set per item)."""
    return items_publish_due()


@shared_task(name="gongkai.publications.tasks.index_imported_items")
def index_imported_items(item_ids: list[int]) -> int:
    """The search-index half of a large import, dispatched when the import commits; idempotent
    (items already indexed, withdrawn or not public are skipped)."""
    return items_index_imported(item_ids)
