"""The blank register (台账模板) offices download and fill in: the headers, one example row
and a sheet explaining each column."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..outcomes import OUTCOMES
from .parse import FIELDS
from .validate import APPLICANT_TYPE_OPTIONS, CHANNEL_OPTIONS, REMEDY_OPTIONS, SUIT_KIND_OPTIONS

DATE_FORMAT = "yyyy-mm-dd"
_DATE_FIELDS = {"received_on", "closed_on", "reconsideration_filed_on", "litigation_filed_on"}
_WIDTHS = {"description": 40, "organisation": 24, "outcome": 22}

_NOTES: dict[str, str] = {
    "tracking_number": "可不填，系统按年度自动编号；填写后重复导入同一文件不会重复建档",
    "organisation": "本站点机构的全称或机构代码",
    "applicant_type": APPLICANT_TYPE_OPTIONS,
    "applicant_name": "申请人姓名或名称",
    "channel": CHANNEL_OPTIONS,
    "received_on": "日期格式，如 2025-09-22",
    "description": "所需信息的名称或描述",
    "closed_on": "未办结的不填",
    "outcome": "年度报告表三的办理结果（未办结的不填）",
    "reconsideration_result": f"{REMEDY_OPTIONS}；没有复议的不填",
    "reconsideration_filed_on": "填写复议情况时必填",
    "litigation_kind": f"{SUIT_KIND_OPTIONS}；复议后起诉须同时填写复议情况",
    "litigation_result": f"{REMEDY_OPTIONS}；没有诉讼的不填",
    "litigation_filed_on": "填写诉讼类型时必填",
    "fee": "实际收取的信息处理费，没有的填 0 或不填",
}


def template_workbook(organisation_name: str, *, example_date: dt.date | None = None) -> bytes:
    day = example_date or dt.date(2025, 9, 22)
    example = {
        "tracking_number": None,
        "organisation": organisation_name,
        "applicant_type": "自然人",
        "applicant_name": "张三",
        "channel": "当面",
        "received_on": day,
        "description": f"{day.year - 1}年城乡最低生活保障资金发放情况",
        "closed_on": day + dt.timedelta(days=14),
        "outcome": "予以公开",
        "reconsideration_result": None,
        "reconsideration_filed_on": None,
        "litigation_kind": None,
        "litigation_result": None,
        "litigation_filed_on": None,
        "fee": 0,
    }
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "台账"
    bold = Font(bold=True)
    for column, spec in enumerate(FIELDS, start=1):
        head = ws.cell(row=1, column=column, value=spec.label)
        head.font = bold
        cell = ws.cell(row=2, column=column, value=example[spec.name])
        if spec.name in _DATE_FIELDS:
            cell.number_format = DATE_FORMAT
        ws.column_dimensions[get_column_letter(column)].width = _WIDTHS.get(spec.name, 14)
    ws.freeze_panes = "A2"

    notes = wb.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "说明"])
    for cell in notes[1]:
        cell.font = bold
    for spec in FIELDS:
        required = "必填" if spec.required and spec.name not in ("closed_on", "outcome") else "选填"
        notes.append([spec.label, required, _NOTES[spec.name]])
    notes.append([])
    notes.append(["办理结果可填写的内容（也可填写表三的完整表述）"])
    for info in OUTCOMES.values():
        notes.append([info.short_label, "", info.row_label])
    notes.column_dimensions["A"].width = 40
    notes.column_dimensions["C"].width = 70
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
