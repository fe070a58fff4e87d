"""Publish the approved items whose scheduled time has come.

    gongkai publish_due_items

Safe to run twice or alongside the Celery beat task: each item is published only if it is still
scheduled and due when its row is locked.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.publications.services import items_publish_due


class Command(BaseCommand):
    help = "发布已到定时发布时间的信息。"

    def handle(self, *args: Any, **options: Any) -> None:
        count = items_publish_due()
        self.stdout.write(f"已发布 {count} 条到期的定时信息。")
