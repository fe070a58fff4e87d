"""Reading the first sheet of an .xlsx as rows of cell values, fast (ADR 0014).

openpyxl (even read-only) builds a Python object per cell and parses styles per cell; for the
migration of an old site (100,000 rows × 15 columns) that alone took longer than the rest of the
import, and a reader of our own over ElementTree still took a third of it. python-calamine (the
Rust calamine library) parses the package, shared strings and date styles natively. It reads
values only: no formulas (the cached value is used), no merged cells, no formatting.

Values: str for text, int/float for numbers (whole numbers as int), bool, datetime.date (or
datetime when the serial has a time) for date-formatted numbers, None for empty cells.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import IO, Any

import python_calamine

from gongkai.core.bulk import paused_gc

_WORKBOOK_PART = "xl/workbook.xml"


class XlsxError(Exception):
    pass


def _cell(value: Any) -> Any:
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _check_package(file: IO[bytes] | Any) -> None:
    """Only .xlsx: calamine would also read .xls, .xlsb and .ods, whose dates and limits the
    import was never checked against."""
    try:
        with zipfile.ZipFile(file) as archive:
            if _WORKBOOK_PART not in archive.namelist():
                raise XlsxError("not an xlsx package")
    except zipfile.BadZipFile as exc:
        raise XlsxError("not an xlsx package") from exc
    file.seek(0)


def iter_rows(file: IO[bytes] | Any) -> Iterator[tuple[int, list[Any]]]:
    """The first sheet's rows as (row number, values); trailing empty cells are dropped and
    empty rows skipped. Raises XlsxError (when iterated) on a file that is not a workbook."""
    _check_package(file)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(file)
        with workbook, paused_gc():
            # From A1, so that list positions are row and column numbers.
            rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (python_calamine.CalamineError, IndexError, ValueError, OverflowError) as exc:
        raise XlsxError(str(exc)) from exc
    for number, raw in enumerate(rows, start=1):
        values = [_cell(value) for value in raw]
        while values and values[-1] is None:
            values.pop()
        if values:
            yield number, values
