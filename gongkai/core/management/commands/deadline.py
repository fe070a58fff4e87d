"""`gongkai deadline 2025-09-22 --workdays 20`: the due date of a working-day period.

Prints only the date on stdout, so scripts can use it; a provisional result (a year without
calendar data) also prints a warning naming the year on stderr.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.calendar import load_calendar
from gongkai.core.deadlines import MAX_WORKING_DAYS, add_working_days, provisional_warning


def _date(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"{what}“{text}”不是有效日期，应写作 2025-09-22。") from None


class Command(BaseCommand):
    help = (
        "计算期限：收到日（不计入）之后第 N 个工作日。"
        "例：gongkai deadline 2025-09-22 --workdays 20 --stop 2025-10-13..2025-10-17"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("start", help="起算日（收到申请之日，当日不计入），如 2025-09-22")
        parser.add_argument("--workdays", required=True, help="工作日数，如 20")
        parser.add_argument(
            "--stop",
            action="append",
            default=[],
            metavar="START..END",
            help="不计入期限的期间（含首尾两日），可重复",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = _date(options["start"], "起算日")
        raw = str(options["workdays"]).strip()
        if not re.fullmatch(r"[0-9]+", raw):
            raise CommandError(f"--workdays 应为非负整数，而不是“{raw}”。")
        workdays = int(raw)
        if workdays > MAX_WORKING_DAYS:
            raise CommandError(f"--workdays 不能超过 {MAX_WORKING_DAYS}。")
        stops = []
        for text in options["stop"]:
            first, sep, last = text.partition("..")
            stop_start = _date(first, "--stop 的开始日期")
            stop_end = _date(last, "--stop 的结束日期") if sep else stop_start
            if stop_end < stop_start:
                raise CommandError(f"--stop “{text}” 的结束日期早于开始日期。")
            stops.append((stop_start, stop_end))
        try:
            result = add_working_days(start, workdays, load_calendar(), stops)
        except ValueError as error:
            # Only a stop spanning decades gets here; the arguments were checked above.
            raise CommandError("无法计算期限：不计入期限的期间过长。") from error
        self.stdout.write(result.due.isoformat())
        if result.provisional:
            self.stderr.write("警告：" + provisional_warning(result.missing_years))
