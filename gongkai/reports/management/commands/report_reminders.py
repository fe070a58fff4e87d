"""`gongkai report_reminders [--site CODE] [--today YYYY-MM-DD]`: the annual report deadline
sweep (also run daily by Celery beat). Records each unit's reports that have been published,
then prints and audits a reminder for every unit whose report on last year is unpublished and
has reached a stage (30 days, 7 days, overdue). Safe to run twice: a stage is sent once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.organizations.models import Site
from gongkai.reports.services import report_reminders_send


class Command(BaseCommand):
    help = "年度报告发布期限提醒（可重复运行，同一阶段只提醒一次）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--site", help="只处理该行政区划代码的站点")
        parser.add_argument("--today", help="按此日期计算（YYYY-MM-DD），默认今天")

    def handle(self, *args: Any, **options: Any) -> None:
        site = None
        if options.get("site"):
            site = Site.objects.filter(division_code=options["site"].strip()).first()
            if site is None:
                raise CommandError(f"没有行政区划代码为“{options['site']}”的站点。")
        today = None
        if options.get("today"):
            try:
                today = dt.date.fromisoformat(options["today"].strip())
            except ValueError:
                raise CommandError("--today 应为 YYYY-MM-DD 格式的日期。") from None
        sent = report_reminders_send(today=today, site=site)
        for reminder in sent:
            self.stdout.write(reminder.message)
        self.stdout.write(f"本次发送年度报告提醒 {len(sent)} 条。")
