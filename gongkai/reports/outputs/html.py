"""The report as HTML: the tables for the staff preview, and the whole report as the body of the
item published in the unit's 年报 column.

The published body passes through the publications sanitiser (nh3): headings, paragraphs and
tables with row and column spans survive; captions, classes and `scope` do not, so the body
template writes each table's title as a heading instead of a caption.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from ..annual import SECTION_TITLES
from ..layout import grids
from ..selectors import AnnualData


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def tables_html(data: AnnualData) -> SafeString:
    """Tables 二, 三 and 四 with captions and header scopes (the workbench preview)."""
    return SafeString(
        render_to_string(
            "reports/_tables.html", {"grids": grids(data.table2, data.table3, data.table4)}
        )
    )


def published_body(data: AnnualData) -> str:
    """The six sections, in order, as the item body."""
    table2, table3, table4 = grids(data.table2, data.table3, data.table4)
    sections = [
        (SECTION_TITLES["overview"], _paragraphs(data.sections["overview"]), None),
        (SECTION_TITLES["table2"], [], table2),
        (SECTION_TITLES["table3"], [], table3),
        (SECTION_TITLES["table4"], [], table4),
        (SECTION_TITLES["problems"], _paragraphs(data.sections["problems"]), None),
        (SECTION_TITLES["other"], _paragraphs(data.sections["other"]), None),
    ]
    return render_to_string("reports/_published_body.html", {"sections": sections}).strip()


def standalone_html(data: AnnualData) -> str:
    """The report as a document of its own (the command's and the download's `html`)."""
    return render_to_string(
        "reports/standalone.html", {"title": data.title, "body": SafeString(published_body(data))}
    )
