"""`gongkai demo`: load the demo county 示例县 (idempotent) and print its logins.

The command lives in the top layer because it loads every capability's demo data, each from
its own app's `demo.load_demo(site)`, in dependency order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from gongkai.catalog import demo as catalog_demo
from gongkai.core.calendar import calendar_seed_from_package, package_years
from gongkai.core.models import CalendarDay
from gongkai.info_requests import demo as info_requests_demo
from gongkai.info_requests.letters import demo as letters_demo
from gongkai.organizations.demo import build_demo, demo_markdown, key_logins_table
from gongkai.publications import demo as publications_demo
from gongkai.reports import demo as reports_demo


class Command(BaseCommand):
    help = "载入示例县的机构、人员和站点（可重复运行，只补齐缺少的数据），并列出登录账号。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--docs",
            metavar="PATH",
            help="also write the logins page (docs/demo.md) to PATH",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not CalendarDay.objects.exists():
            # Demo deadlines need working days; `make run` seeds first, a bare `gongkai demo` here.
            first, last = package_years()
            calendar_seed_from_package(
                first_year=max(first, settings.GONGKAI_CALENDAR_FIRST_YEAR),
                last_year=last,
                actor=None,
            )
        result = build_demo()
        # Each capability adds its part, in dependency order; each loader is idempotent.
        catalog_demo.load_demo(result.site)
        publications_demo.load_demo(result.site)
        letters_demo.load_demo(result.site)
        info_requests_demo.load_demo(result.site)
        reports_demo.load_demo(result.site)
        if result.created_anything:
            self.stdout.write(
                self.style.SUCCESS(
                    f"示例县已载入：新增机构 {result.created_organisations} 个，"
                    f"用户 {result.created_users} 个。"
                )
            )
        else:
            self.stdout.write("示例县数据已存在，未做任何修改。")
        hosts = "、".join(result.site.hosts.values_list("host", flat=True)) or "（无）"
        self.stdout.write(f"站点：{result.site.name}，域名：{hosts}")
        self.stdout.write("")
        self.stdout.write(key_logins_table())
        self.stdout.write("")
        self.stdout.write(
            "其余单位的登录名为“单位代码_leader / _a / _b”（如 fgj_a），完整列表见 docs/demo.md。"
        )
        if options.get("docs"):
            Path(options["docs"]).write_text(demo_markdown(result), encoding="utf-8")
            self.stdout.write(f"已写入 {options['docs']}")
