"""`gongkai demo`: load the demo county 示例县 (idempotent) and print its logins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.organizations.demo import build_demo, demo_markdown, key_logins_table


class Command(BaseCommand):
    help = "载入示例县的机构、人员和站点（可重复运行，只补齐缺少的数据），并列出登录账号。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--docs",
            metavar="PATH",
            help="also write the logins page (docs/demo.md) to PATH",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = build_demo()
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
