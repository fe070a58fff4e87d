"""`gongkai ensure_catalog`: give every organisation of every site (or of one site) the four
standard columns of its 政府信息公开 section. Safe to run twice.

Organisations are created in the organizations app, which sits below catalog and cannot call it;
this command (with the catalog page's "补齐标准栏目" button and the demo) closes that gap."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.catalog.services import catalog_ensure_all

from ._sites import sites_from_option


class Command(BaseCommand):
    help = "为所有（或指定站点的）单位补齐四个标准栏目并由本单位认领；可重复运行。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--site", default=None, help="站点的行政区划代码（默认全部站点）")

    def handle(self, *args: Any, **options: Any) -> None:
        for site in sites_from_option(options["site"]):
            created = catalog_ensure_all(site=site, actor=None)
            self.stdout.write(f"{site.name}：新建标准栏目 {created} 个。")
