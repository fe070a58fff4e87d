"""A streaming reader for the first sheet of an .xlsx: rows of cell values, fast.

openpyxl (even read-only) builds a Python object per cell and parses styles per cell; for the
migration of an old site (100,000 rows × 15 columns) that alone took longer than the rest of the
import. This reader walks the sheet XML with ElementTree's C parser (iterparse, elements freed as
it goes), resolves shared strings once and turns date-formatted numbers into dates using the
workbook's cell styles. It reads values only: no formulas (the cached value is used), no merged
cells, no formatting.

Values: str for text, int/float for numbers, bool, datetime.date (or datetime when the serial has
a time) for date-formatted numbers, None for empty cells.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from typing import IO, Any

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Built-in number formats that are dates or times (ECMA-376 §18.8.30).
_BUILTIN_DATES = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
_DATE_CODE = re.compile(r"[ymdhs]", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_EPOCH = dt.datetime(1899, 12, 30)
_COLUMN = re.compile(r"[A-Z]+")


class XlsxError(Exception):
    pass


def _column_index(ref: str) -> int:
    match = _COLUMN.match(ref)
    if match is None:
        raise XlsxError(f"bad cell reference {ref!r}")
    index = 0
    for ch in match.group():
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def _parse(data: bytes) -> ET.Element:
    # ElementTree resolves no external entities; expat >= 2.4.1 caps entity amplification.
    return ET.fromstring(data)  # noqa: S314


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    with archive.open("xl/sharedStrings.xml") as handle:
        for _, element in ET.iterparse(handle):  # noqa: S314
            if element.tag == f"{_NS}si":
                # Plain (si/t) or rich text runs (si/r/t); phonetic hints (si/rPh) are not text.
                parts = []
                for child in element:
                    if child.tag == f"{_NS}t":
                        parts.append(child.text or "")
                    elif child.tag == f"{_NS}r":
                        parts.append(child.findtext(f"{_NS}t") or "")
                strings.append("".join(parts))
                element.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of cellXfs whose number format shows a date or time."""
    if "xl/styles.xml" not in archive.namelist():
        return set()
    root = _parse(archive.read("xl/styles.xml"))
    custom: dict[int, str] = {}
    formats = root.find(f"{_NS}numFmts")
    if formats is not None:
        for fmt in formats:
            custom[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
    result: set[int] = set()
    xfs = root.find(f"{_NS}cellXfs")
    if xfs is None:
        return result
    for index, xf in enumerate(xfs):
        fmt_id = int(xf.get("numFmtId", "0"))
        if fmt_id in _BUILTIN_DATES or (
            fmt_id in custom and _DATE_CODE.search(_QUOTED.sub("", custom[fmt_id]))
        ):
            result.add(index)
    return result


def _first_sheet(archive: zipfile.ZipFile) -> str:
    workbook = _parse(archive.read("xl/workbook.xml"))
    sheets = workbook.find(f"{_NS}sheets")
    if sheets is None or not len(sheets):
        raise XlsxError("the workbook has no sheet")
    rel_id = sheets[0].get(f"{_REL_NS}id")
    rels = _parse(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{_PKG_REL}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            target = target.lstrip("/")
            return target if target.startswith("xl/") else f"xl/{target}"
    raise XlsxError("the first sheet's part is missing")


def _date(serial: float, date1904: bool) -> dt.date | dt.datetime:
    if date1904:
        serial += 1462
    # Serials below 61 are before Excel's phantom 1900-02-29; none are real dates in a register.
    # A serial is a float of days: round to the millisecond, as Excel shows it.
    moment = _EPOCH + dt.timedelta(milliseconds=round(serial * 86_400_000))
    return moment.date() if moment.time() == dt.time() else moment


def iter_rows(file: IO[bytes] | Any) -> Iterator[tuple[int, list[Any]]]:
    """The first sheet's rows as (row number, values); short rows are not padded, rows absent
    from the XML (never written) are skipped."""
    try:
        archive = zipfile.ZipFile(file)
    except zipfile.BadZipFile as exc:
        raise XlsxError("not an xlsx package") from exc
    with archive:
        try:
            shared = _shared_strings(archive)
            dates = _date_styles(archive)
            workbook = _parse(archive.read("xl/workbook.xml"))
            pr = workbook.find(f"{_NS}workbookPr")
            date1904 = pr is not None and pr.get("date1904") in ("1", "true")
            sheet = _first_sheet(archive)
            handle = archive.open(sheet)
        except (KeyError, ET.ParseError, ValueError, zipfile.BadZipFile) as exc:
            raise XlsxError(str(exc)) from exc
        with handle:
            try:
                yield from _rows(handle, shared, dates, date1904)
            except (ET.ParseError, ValueError, IndexError, OverflowError) as exc:
                raise XlsxError(str(exc)) from exc


def _rows(
    handle: IO[bytes], shared: list[str], dates: set[int], date1904: bool
) -> Iterator[tuple[int, list[Any]]]:
    row_tag, cell_tag = f"{_NS}row", f"{_NS}c"
    value_tag, inline_tag, text_tag = f"{_NS}v", f"{_NS}is", f"{_NS}t"
    number = 0
    for _, element in ET.iterparse(handle):  # noqa: S314
        if element.tag != row_tag:
            continue
        number = int(element.get("r") or number + 1)
        values: list[Any] = []
        for position, cell in enumerate(element.iter(cell_tag)):
            ref = cell.get("r")
            index = _column_index(ref) if ref else position
            while len(values) < index:
                values.append(None)
            kind = cell.get("t", "n")
            if kind == "inlineStr":
                inline = cell.find(inline_tag)
                value: Any = (
                    "".join(t.text or "" for t in inline.iter(text_tag))
                    if inline is not None
                    else None
                )
            else:
                raw = cell.findtext(value_tag)
                if raw is None:
                    value = None
                elif kind == "s":
                    value = shared[int(raw)]
                elif kind in ("str", "e"):
                    value = raw
                elif kind == "b":
                    value = raw == "1"
                elif kind == "d":
                    value = dt.datetime.fromisoformat(raw)
                else:
                    figure = float(raw)
                    if int(cell.get("s", "0")) in dates:
                        value = _date(figure, date1904)
                    else:
                        value = int(figure) if figure.is_integer() else figure
            values.append(value)
        element.clear()
        yield number, values
