"""The audit log (操作日志): a filtered list and its .xlsx export. Read-only by design: the log is
append-only in the database, and no page offers to change or delete an event.

Who sees which events is decided by `audit_events_visible_to` alone: a unit's staff see their
unit's events, the disclosure office and administrators the whole site's.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from gongkai.core.models import AuditEvent
from gongkai.organizations.access import is_site_wide, staff_required
from gongkai.organizations.selectors import audit_events_visible_to, organisations_visible_to

from .audit_forms import AuditFilterForm
from .audit_labels import ChangeLine, action_label, change_lines, object_type_label

PAGE_SIZE = 50
# An export larger than this is cut, with a note row saying so: beyond it a spreadsheet is no
# longer a way to read a log, and the request would hold a worker for minutes.
EXPORT_MAX_ROWS = 100_000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (header, column width in characters)
EXPORT_COLUMNS: tuple[tuple[str, int], ...] = (
    ("时间", 20),
    ("操作人", 14),
    ("机构", 28),
    ("操作", 18),
    ("操作代码", 22),
    ("对象类型", 14),
    ("对象", 36),
    ("对象编号", 10),
    ("变更内容", 60),
    ("IP 地址", 18),
    ("备注", 40),
)


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    action_label: str
    object_type_label: str
    changes: list[ChangeLine] = field(default_factory=list)

    @classmethod
    def of(cls, event: AuditEvent) -> AuditRow:
        return cls(
            event=event,
            action_label=action_label(event.action),
            object_type_label=object_type_label(event.object_type),
            changes=change_lines(event),
        )


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEvent] | None]:
    """The filter form and the visible events it selects (None when the filters are invalid)."""
    visible = audit_events_visible_to(request.user)
    form = AuditFilterForm(
        request.GET,
        events=visible,
        organisations=organisations_visible_to(request.user).order_by("path", "sort_order"),
    )
    if not form.is_valid():
        return form, None
    return form, form.apply(visible).order_by("-created_at", "-id")


def _render_list(
    request: HttpRequest, form: AuditFilterForm, events: QuerySet[AuditEvent] | None, status: int
) -> HttpResponse:
    page = Paginator(
        events if events is not None else AuditEvent.objects.none(), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "workbench/audit_list.html",
        {
            "form": form,
            "filters_valid": events is not None,
            "site_wide": is_site_wide(request.user),
            "page_obj": page,
            "rows": [AuditRow.of(event) for event in page.object_list],
        },
        status=status,
    )


@require_GET
@staff_required()
def audit_list(request: HttpRequest) -> HttpResponse:
    form, events = _filtered(request)
    return _render_list(request, form, events, status=200)


@require_GET
@staff_required()
def audit_export(request: HttpRequest) -> HttpResponse:
    form, events = _filtered(request)
    if events is None:
        # Nothing to download: show the page with the form's errors.
        return _render_list(request, form, None, status=400)
    # The workbook goes to a temporary file that FileResponse streams out in chunks and
    # deletes when closed, so neither the rows nor the file are held in memory.
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
    write_workbook(events, output)
    output.seek(0)
    return FileResponse(
        output,
        as_attachment=True,
        filename=f"操作日志-{timezone.localtime():%Y%m%d-%H%M}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


def _text_cell(sheet: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    # Recorded text is partly typed by the public (a name, a note): a leading "=" must stay text,
    # not become a formula that Excel evaluates when the office opens the file.
    cell.data_type = "s"
    return cell


def _local(value: dt.datetime) -> dt.datetime:
    """Excel has no time zones: write the wall-clock time in Asia/Shanghai (TIME_ZONE)."""
    return timezone.localtime(value).replace(tzinfo=None)


def write_workbook(events: QuerySet[AuditEvent], output: IO[bytes]) -> int:
    """Write at most EXPORT_MAX_ROWS events to `output` as .xlsx; returns the number written."""
    workbook = Workbook(write_only=True)
    sheet: Any = workbook.create_sheet("操作日志")
    sheet.freeze_panes = "A2"
    for index, (_, width) in enumerate(EXPORT_COLUMNS):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    header_font = Font(bold=True)
    header = []
    for title, _ in EXPORT_COLUMNS:
        cell = _text_cell(sheet, title)
        cell.font = header_font
        header.append(cell)
    sheet.append(header)

    wrap = Alignment(wrap_text=True, vertical="top")
    written = 0
    rows: Iterable[AuditEvent] = events[: EXPORT_MAX_ROWS + 1].iterator(chunk_size=2000)
    for event in rows:
        if written == EXPORT_MAX_ROWS:
            note = _text_cell(
                sheet,
                f"仅导出了前 {EXPORT_MAX_ROWS} 条（按时间从新到旧），"
                "其余记录未导出，请缩小筛选范围后分批导出。",
            )
            note.font = header_font
            sheet.append([note])
            break
        when = WriteOnlyCell(sheet, value=_local(event.created_at))
        when.number_format = "yyyy-mm-dd hh:mm:ss"
        changes = _text_cell(sheet, "\n".join(str(line) for line in change_lines(event)))
        changes.alignment = wrap
        sheet.append(
            [
                when,
                _text_cell(sheet, event.actor_name),
                _text_cell(sheet, event.organisation_name),
                _text_cell(sheet, action_label(event.action)),
                _text_cell(sheet, event.action),
                _text_cell(sheet, object_type_label(event.object_type)),
                _text_cell(sheet, event.object_repr),
                _text_cell(sheet, event.object_id),
                changes,
                _text_cell(sheet, event.ip or ""),
                _text_cell(sheet, event.note),
            ]
        )
        written += 1
    workbook.save(output)
    return written
