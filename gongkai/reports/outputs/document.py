"""The report as .docx (python-docx): the title, the six sections under the headings 一、…六、,
and Tables 二, 三 and 四 with their merged header cells (cell.merge), in a Chinese font."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table

from ..annual import SECTION_TITLES
from ..layout import Grid, grids
from ..selectors import AnnualData

FONT = "宋体"
HEADING_FONT = "黑体"
USABLE_WIDTH_CM = 17.0  # A4 portrait with 2 cm margins


def _east_asian(run_or_style: object, name: str) -> None:
    element = run_or_style.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _setup(document: object) -> None:
    styles = document.styles  # type: ignore[attr-defined]
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    _east_asian(normal, FONT)
    for level in (1, 2):
        style = styles[f"Heading {level}"]
        style.font.name = HEADING_FONT
        _east_asian(style, HEADING_FONT)
        style.font.size = Pt(16 if level == 1 else 14)
    section = document.sections[0]  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.PORTRAIT
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2.2)


def _table(document: object, grid: Grid, font_size: float) -> Table:
    table: Table = document.add_table(rows=grid.n_rows, cols=grid.n_cols)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for placed in grid.positioned():
        cell = table.cell(placed.row, placed.col)
        spec = placed.cell
        if spec.rowspan > 1 or spec.colspan > 1:
            cell = cell.merge(
                table.cell(placed.row + spec.rowspan - 1, placed.col + spec.colspan - 1)
            )
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(spec.text if spec.header or spec.note else spec.display)
        run.font.size = Pt(font_size)
        run.bold = spec.header and not spec.note
        left = spec.note or (spec.scope == "row" and placed.col == 0 and grid.key == "table3")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
    # Word reads the cell widths, LibreOffice the grid's column widths: set both.
    table.autofit = False
    total = sum(grid.widths)
    for i, width in enumerate(grid.widths):
        size = Cm(USABLE_WIDTH_CM * width / total)
        table.columns[i].width = size
        for row in table.rows:
            row.cells[i].width = size
    return table


def _paragraphs(document: object, text: str) -> None:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    for line in lines or ["无。"]:
        paragraph = document.add_paragraph(line)  # type: ignore[attr-defined]
        paragraph.paragraph_format.first_line_indent = Pt(24)


def report_docx(data: AnnualData) -> bytes:
    document = Document()
    _setup(document)
    title = document.add_heading(data.title, level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    g2, g3, g4 = grids(data.table2, data.table3, data.table4)
    for key in ("overview", "table2", "table3", "table4", "problems", "other"):
        document.add_heading(SECTION_TITLES[key], level=2)
        if key in data.sections:
            _paragraphs(document, data.sections[key])
        else:
            grid = {"table2": g2, "table3": g3, "table4": g4}[key]
            _table(document, grid, 7.5 if grid.n_cols > 10 else 9)
            document.add_paragraph()
    buffer = io.BytesIO()
    document.core_properties.title = data.title
    document.save(buffer)
    return buffer.getvalue()
