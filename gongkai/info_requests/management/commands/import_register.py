"""`gongkai import_register FILE.xlsx|FILE.csv [--site 370899] [--dry-run]`: import past
applications from a register (台账). All rows or none: with any bad row, every bad row is
listed on stderr ("第N行：理由；理由") and the command exits non-zero having written nothing.
Importing the same file again creates nothing (rows are matched by 申请编号)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.files import check_upload
from gongkai.info_requests.register.importer import KINDS_BY_EXTENSION, register_import
from gongkai.organizations.models import Site

ALLOWED_KINDS = {"xlsx", "csv", "txt"}


def site_from_option(code: str | None) -> Site:
    if code:
        site = (
            Site.objects.filter(division_code=code.strip()).first()
            or Site.objects.filter(name=code.strip()).first()
        )
        if site is None:
            raise CommandError(f"没有行政区划代码（或名称）为“{code}”的站点。")
        return site
    site = Site.objects.filter(is_default=True).first()
    if site is None:
        raise CommandError("尚未设置默认站点，请用 --site 指定站点的行政区划代码。")
    return site


class Command(BaseCommand):
    help = "从台账（.xlsx 或 .csv）导入历史政府信息公开申请；有任何错误行时不导入任何数据。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="台账文件（.xlsx 或 .csv）")
        parser.add_argument("--site", default=None, help="站点的行政区划代码（默认为默认站点）")
        parser.add_argument("--dry-run", action="store_true", help="只检查并汇总，不写入任何数据")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if path.suffix.lower() not in KINDS_BY_EXTENSION:
            raise CommandError(f"只能导入 .xlsx 或 .csv 格式的台账，“{path.name}”的扩展名不符。")
        site = site_from_option(options["site"])
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise CommandError(f"无法打开文件“{path}”：{exc.strerror or exc}。") from None
        with handle:
            uploaded = File(handle, name=path.name)
            try:
                kind = check_upload(uploaded, allowed=ALLOWED_KINDS)
            except ValidationError as exc:
                raise CommandError(f"“{path.name}”：{'；'.join(exc.messages)}") from None
            result = register_import(
                site=site,
                actor=None,
                source_name=path.name,
                file=handle,
                kind=kind,
                dry_run=options["dry_run"],
            )
        for warning in result.warnings:
            self.stderr.write(f"提示：{warning}")
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            bad = sum(1 for e in result.errors if e.row is not None)
            what = f"{bad} 行有错误" if bad else "文件无法读取"
            raise CommandError(f"{path.name}：{what}，未导入任何申请。")
        prefix = "（试运行，未写入）" if options["dry_run"] else ""
        self.stdout.write(f"{prefix}{site.name}：{result.summary}")
        for org in result.organisations:
            parts = "，".join(f"{label} {count}" for label, count in org.by_result)
            self.stdout.write(f"  {org.name}：{org.total} 件（{parts}）")
        if result.fee_total:
            self.stdout.write(f"  收费金额合计：{result.fee_total} 元")
