"""`gongkai purge_audit`: the audit log's retention sweep (also run daily by Celery beat)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.core.audit import audit_events_purge, retention_days


class Command(BaseCommand):
    help = "删除超过保存期限（GONGKAI_AUDIT_RETENTION_DAYS，至少 180 天）的操作日志；可重复运行。"

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = audit_events_purge()
        self.stdout.write(f"已删除超过 {retention_days()} 天的操作日志 {deleted} 条。")
