"""The streaming .xlsx reader against files written by openpyxl: text, numbers, dates by cell
style, booleans, gaps, inline strings, and damaged input."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook

from gongkai.publications.xlsx_reader import XlsxError, iter_rows


def _book(rows, *, date_format=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if date_format:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, dt.date):
                    cell.number_format = date_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_values_by_type():
    data = _book(
        [
            ["标题", "数量", "日期", "是否", "空"],
            ["关于低保的通知", 12, dt.date(2025, 3, 4), True, None],
            ["小数", 1.5, dt.datetime(2025, 3, 4, 9, 30), False, "末尾"],
        ]
    )
    rows = list(iter_rows(io.BytesIO(data)))
    assert rows[0] == (1, ["标题", "数量", "日期", "是否", "空"])
    assert rows[1] == (2, ["关于低保的通知", 12, dt.date(2025, 3, 4), True])
    assert rows[2] == (3, ["小数", 1.5, dt.datetime(2025, 3, 4, 9, 30), False, "末尾"])


def test_custom_date_format_and_row_numbers_with_gaps():
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "日期"
    sheet["B5"] = dt.date(2024, 12, 31)
    sheet["B5"].number_format = "yyyy年m月d日"
    sheet["C5"] = 13812345678
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = list(iter_rows(io.BytesIO(buffer.getvalue())))
    assert rows == [(1, ["日期"]), (5, [None, dt.date(2024, 12, 31), 13812345678])]


def test_inline_strings():
    sheet = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>内联文字</t></is></c>'
        "</row></sheetData></worksheet>"
    )
    workbook = (
        '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    )
    # Every package names its main part in _rels/.rels (calamine finds the workbook through it).
    package_rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("_rels/.rels", package_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    assert list(iter_rows(io.BytesIO(buffer.getvalue()))) == [(1, ["内联文字"])]


@pytest.mark.parametrize("data", [b"not a zip", b"PK\x03\x04broken"])
def test_damaged_files_raise_xlsx_error(data):
    with pytest.raises(XlsxError):
        list(iter_rows(io.BytesIO(data)))


def test_zip_without_workbook_raises():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "x")
    with pytest.raises(XlsxError):
        list(iter_rows(io.BytesIO(buffer.getvalue())))


def test_1904_workbooks_text_dates_and_whole_numbers():
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    workbook = Workbook()
    workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.append([dt.date(2025, 3, 4), "2025年3月4日", 3.0, 2.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert list(iter_rows(io.BytesIO(buffer.getvalue()))) == [
        (1, [dt.date(2025, 3, 4), "2025年3月4日", 3, 2.5])
    ]
