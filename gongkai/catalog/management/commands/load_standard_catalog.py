"""`gongkai load_standard_catalog`: add the shipped standard-catalogue rows (社会救助, 财政预决算)
to every site, or to one. Safe to run twice; never overwrites rows an office edited."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.catalog.standard import standard_catalog_load

from ._sites import sites_from_option


class Command(BaseCommand):
    help = "为所有（或指定站点）载入内置的试点领域标准目录事项；可重复运行，不覆盖已修改的事项。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--site", default=None, help="站点的行政区划代码（默认全部站点）")

    def handle(self, *args: Any, **options: Any) -> None:
        for site in sites_from_option(options["site"]):
            result = standard_catalog_load(site=site, actor=None)
            self.stdout.write(
                f"{site.name}：新增标准目录事项 {result.created} 条，已有 {result.existing} 条。"
            )
