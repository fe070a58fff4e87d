"""Import an old site's published items from an .xlsx (the workbench's bulk import, for files too
large or too slow for a web request).

    gongkai import_items FILE.xlsx --site <id>

All or nothing: if any row has an error, nothing is written and the errors are listed by row.
The items are published as the system (the audit log says so).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.organizations.models import Site
from gongkai.publications.services import items_import_file


class Command(BaseCommand):
    help = "从 Excel 批量导入已公开的政府信息（全部成功或全部不导入）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help=".xlsx 文件路径")
        parser.add_argument("--site", type=int, required=True, help="站点编号")

    def handle(self, *args: Any, file: str, site: int, **options: Any) -> None:
        target = Site.objects.filter(pk=site).first()
        if target is None:
            raise CommandError(f"站点 {site} 不存在。")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件 {file} 不存在。")
        with path.open("rb") as handle:
            result = items_import_file(site=target, file=handle, actor=None)
        if not result.ok:
            for message in result.header_errors:
                self.stderr.write(message)
            for error in result.errors:
                self.stderr.write(f"第 {error.row} 行：{'；'.join(error.messages)}")
            raise CommandError("未导入：请修改以上问题后重新导入。")
        self.stdout.write(f"已导入并发布 {result.created} 条信息。")
