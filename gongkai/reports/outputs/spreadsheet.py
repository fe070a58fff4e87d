"""The report's tables as .xlsx (openpyxl): sheets 表二, 表三, 表四 laid out like the official
tables — a title row, merged header cells, thin borders on every cell, column widths, and the
figures as numbers (counts as integers, the fee amount as a decimal number in 万元).

The county overview uses the same layout under titles that say it is a summary (汇总), so the
file cannot pass for an organ's official table.
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..annual import Table2, Table3, Table4
from ..layout import Grid, grids
from ..selectors import AnnualData

SHEET_NAMES = ("表二", "表三", "表四")
TITLE_ROWS = 2  # the table's title, then the unit and year line
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
AMOUNT_FORMAT = "0.00##"


def _number(value: object) -> object:
    """Integers and decimals stay numbers; anything else (a bad stored entry) is written as
    text so the sheet shows what the checks complain about."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return value if value.is_finite() else str(value)
    return "" if value is None else str(value)


def write_grid(ws: Worksheet, grid: Grid, title: str, subtitle: str) -> None:
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    ws.cell(row=1, column=1).alignment = _CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.n_cols)
    ws.cell(row=2, column=1, value=subtitle).alignment = _LEFT
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=grid.n_cols)
    top = TITLE_ROWS + 1
    for placed in grid.positioned():
        cell = placed.cell
        row, col = top + placed.row, 1 + placed.col
        target = ws.cell(row=row, column=col)
        if cell.header or cell.note:
            target.value = cell.text
            target.font = Font(bold=not cell.note)
            left = cell.note or (placed.col == 0 and cell.scope == "row")
            target.alignment = _LEFT if left else _CENTER
        else:
            target.value = _number(cell.value)
            target.alignment = _CENTER
            if isinstance(cell.value, Decimal):
                target.number_format = AMOUNT_FORMAT
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                ws.cell(row=row + dr, column=col + dc).border = _BORDER
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(
                start_row=row,
                start_column=col,
                end_row=row + cell.rowspan - 1,
                end_column=col + cell.colspan - 1,
            )
    for i, width in enumerate(grid.widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.row_dimensions[1].height = 24
    ws.freeze_panes = ws.cell(row=top + grid.head_rows, column=1)
    ws.page_setup.orientation = "landscape" if grid.n_cols > 4 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _workbook(
    table2: Table2 | None,
    table3: Table3,
    table4: Table4,
    heading: str,
    subtitle: str,
    title_suffix: str = "",
) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    g2, g3, g4 = grids(table2 or Table2(), table3, table4)
    for name, grid in zip(SHEET_NAMES, (g2, g3, g4), strict=True):
        if table2 is None and grid.key == "table2":
            continue
        ws = wb.create_sheet(name + title_suffix)
        write_grid(ws, grid, f"{heading}{grid.title}", subtitle)
    buffer = io.BytesIO()
    wb.properties.title = heading
    wb.save(buffer)
    return buffer.getvalue()


def report_xlsx(data: AnnualData) -> bytes:
    subtitle = f"填报单位：{data.organisation.full_name}　　统计期间：{data.year}年1月1日至12月31日"
    return _workbook(data.table2, data.table3, data.table4, "", subtitle)


OVERVIEW_HEADING = "汇总数据，非正式报表："


def overview_xlsx(site_name: str, year: int, table3: Table3, table4: Table4, units: int) -> bytes:
    """The county overview: Tables 三 and 四 summed over `units` units, titled 汇总 on every
    sheet and in the title line. There is no Table 二 (its figures are not summed)."""
    subtitle = (
        f"{site_name}各单位{year}年度数据汇总（{units}个单位），仅供工作参考，"
        "不作为任何机关的正式年度报告报表。"
    )
    return _workbook(None, table3, table4, OVERVIEW_HEADING, subtitle, "（汇总）")
