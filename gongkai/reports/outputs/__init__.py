"""The report's outputs, all from one `AnnualData` and one layout (layout.py): the JSON of the
command and the API, the HTML of the preview and the published item, .xlsx and .docx."""

import json
from dataclasses import dataclass

from ..selectors import AnnualData
from .document import report_docx
from .html import published_body, standalone_html, tables_html
from .payload import report_json
from .spreadsheet import overview_xlsx, report_xlsx

__all__ = [
    "DOCX_TYPE",
    "FORMATS",
    "XLSX_TYPE",
    "Rendered",
    "overview_xlsx",
    "published_body",
    "render",
    "report_docx",
    "report_json",
    "report_xlsx",
    "standalone_html",
    "tables_html",
]


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = ("json", "xlsx", "docx", "html")


@dataclass(frozen=True)
class Rendered:
    content: bytes
    content_type: str
    extension: str


def render(data: AnnualData, fmt: str) -> Rendered:
    """The report in one of FORMATS; ValueError for any other."""
    if fmt == "json":
        text = json.dumps(report_json(data), ensure_ascii=False, indent=2)
        return Rendered(text.encode(), "application/json; charset=utf-8", "json")
    if fmt == "xlsx":
        return Rendered(report_xlsx(data), XLSX_TYPE, "xlsx")
    if fmt == "docx":
        return Rendered(report_docx(data), DOCX_TYPE, "docx")
    if fmt == "html":
        return Rendered(standalone_html(data).encode(), "text/html; charset=utf-8", "html")
    raise ValueError(f"不支持的格式“{fmt}”，可选：{'、'.join(FORMATS)}。")
