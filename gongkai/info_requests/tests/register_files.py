"""Building register (台账) files for the import tests: .xlsx with real date cells, bare serial
numbers and text dates, and .csv in GBK or UTF-8."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook

HEADER = [
    "申请编号",
    "受理机关",
    "申请人类型",
    "申请人",
    "申请方式",
    "收到日期",
    "申请内容",
    "办结日期",
    "办理结果",
    "复议情况",
    "复议申请日期",
    "诉讼类型",
    "诉讼情况",
    "起诉日期",
    "收费金额（元）",
]
DATE_COLUMNS = {"收到日期", "办结日期", "复议申请日期", "起诉日期"}


def row(**values: Any) -> dict[str, Any]:
    """A register row by header, blanks for the rest."""
    defaults: dict[str, Any] = {
        "受理机关": "示例县民政局",
        "申请人类型": "自然人",
        "申请人": "王小明",
        "申请方式": "当面",
        "收到日期": dt.date(2025, 3, 3),
        "申请内容": "2024年城乡低保资金发放明细",
        "办结日期": dt.date(2025, 3, 20),
        "办理结果": "予以公开",
    }
    return {**defaults, **values}


def xlsx_bytes(
    rows: Iterable[dict[str, Any] | None],
    header: Sequence[str] = HEADER,
    *,
    keys: Sequence[str] | None = None,
) -> bytes:
    """A workbook with `header` in row 1 and each row below (None = a blank line). `keys` names
    the row key each column reads (default: the header itself). date values become formatted
    date cells, ints stay numbers (bare serials), strings stay text."""
    keys = list(keys or header)
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for number, values in enumerate(rows, start=2):
        if values is None:
            continue
        for column, key in enumerate(keys, start=1):
            value = values.get(key)
            cell = ws.cell(row=number, column=column, value=value)
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    rows: Iterable[dict[str, Any]], header: Sequence[str] = HEADER, encoding: str = "gbk"
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for values in rows:
        cells = []
        for name in header:
            value = values.get(name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            cells.append("" if value is None else str(value))
        writer.writerow(cells)
    return out.getvalue().encode(encoding)


def serial(day: dt.date) -> int:
    """Excel's serial number of a date (1900 system)."""
    return (day - dt.date(1899, 12, 30)).days
