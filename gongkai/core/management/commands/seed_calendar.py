"""`gongkai seed_calendar`: write the working-day calendar from the chinesecalendar package.

Safe to run twice, and after every upgrade of the package: it never overwrites a day that an
administrator set or imported from the State Council's notice.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.calendar import calendar_seed_from_package, package_years


class Command(BaseCommand):
    help = (
        "从 chinesecalendar 数据包写入工作日历（默认自 GONGKAI_CALENDAR_FIRST_YEAR 至数据包的"
        "最后一年）；可重复运行，不覆盖管理员修改或导入的日期。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--first-year", type=str, default=None, help="起始年份")
        parser.add_argument("--last-year", type=str, default=None, help="结束年份")

    def handle(self, *args: Any, **options: Any) -> None:
        _first_in_package, high = package_years()
        first = _year(options["first_year"], "--first-year", settings.GONGKAI_CALENDAR_FIRST_YEAR)
        last = _year(options["last_year"], "--last-year", high)
        try:
            result = calendar_seed_from_package(first_year=first, last_year=last, actor=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"工作日历 {first}–{last} 年：新增 {result.created} 天，更新 {result.updated} 天，"
            f"未变 {result.unchanged} 天，保留管理员修改或官方导入 {result.kept} 天。"
        )
        if last == high:
            self.stdout.write(
                f"数据包只含到 {high} 年；之后的年份请在工作台“工作日历”页面导入国务院放假安排。"
            )


def _year(value: str | None, option: str, default: int) -> int:
    if value is None:
        return int(default)
    try:
        return int(value)
    except ValueError:
        raise CommandError(f"{option} 应为四位年份，例如 2025，而不是“{value}”。") from None
