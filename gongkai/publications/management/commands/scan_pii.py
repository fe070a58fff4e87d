"""Scan every published item (title, summary, body, attachments) for personal data.

    gongkai scan_pii [--site <id>]

Idempotent: hits already found (and decisions already taken on them) are kept; a second run
creates nothing new. Items with open hits show up in the workbench's PII list.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.publications.services import pii_scan_published


class Command(BaseCommand):
    help = "检查已发布信息中的敏感个人信息（身份证号、手机号、银行卡号等）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--site", type=int, default=None, help="只检查该站点（站点编号）")

    def handle(self, *args: Any, site: int | None = None, **options: Any) -> None:
        summary = pii_scan_published(site_id=site)
        self.stdout.write(
            f"已检查 {summary['items']} 条已发布信息；新发现 {summary['new_hits']} 处；"
            f"{summary['items_with_hits']} 条信息共有 {summary['open_hits']} 处待处理。"
        )
