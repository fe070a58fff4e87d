"""Forms of the working-day calendar pages: choosing a year, editing one day, importing a year's
schedule, and the deadline check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from gongkai.core.calendar import (
    MAX_UPLOAD_BYTES,
    MAX_YEAR,
    MIN_YEAR,
    NAME_MAX,
    decode_schedule_upload,
)
from gongkai.core.deadlines import MAX_WORKING_DAYS
from gongkai.core.files import TEXT_KINDS, check_upload


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        # The browser's date picker sends ISO dates whatever the page's locale.
        super().__init__(attrs, format="%Y-%m-%d")


DATE_ERRORS = {"invalid": "请填写有效的日期，格式如 2025-10-01。", "required": "请填写日期。"}
YEAR_ERRORS = {
    "invalid": "请填写四位数字年份。",
    "required": "请填写年份。",
    "min_value": f"年份不能早于 {MIN_YEAR}。",
    "max_value": f"年份不能晚于 {MAX_YEAR}。",
}


def year_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label="年份", min_value=MIN_YEAR, max_value=MAX_YEAR, error_messages=YEAR_ERRORS, **kwargs
    )


class CalendarYearForm(forms.Form):
    """Which year the page shows (GET)."""

    year = year_field()


class CalendarDayForm(forms.Form):
    """An administrator's edit of one date."""

    date = forms.DateField(
        label="日期", widget=DateInput, input_formats=["%Y-%m-%d"], error_messages=DATE_ERRORS
    )
    is_working = forms.TypedChoiceField(
        label="这一天",
        choices=[("1", "上班（工作日）"), ("0", "休息（节假日或周末）")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": "请选择这一天上班还是休息。"},
    )
    name = forms.CharField(
        label="名称",
        required=False,
        max_length=NAME_MAX,
        help_text="节日或调休名称，如“国庆节”“国庆节调休上班”；普通日子留空。",
        error_messages={"max_length": f"名称最多 {NAME_MAX} 个字。"},
    )


class CalendarImportForm(forms.Form):
    """A year's official schedule, typed in or uploaded as .txt/.csv."""

    year = year_field(help_text="导入后，该年每一天都以本次导入为准（覆盖此前的修改）。")
    text = forms.CharField(
        label="放假安排",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 60, "spellcheck": "false"}),
        help_text=(
            "每行一项：日期或日期范围、名称、“休”或“班”。例如："
            "“2027-01-01..2027-01-03 元旦 休”“2027-02-07 春节调休上班 班”。"
            "未列出的日期按周一至周五上班、周六周日休息。"
        ),
    )
    file = forms.FileField(
        label="或上传文件",
        required=False,
        help_text="内容格式同上的 .txt 或 .csv 文件（UTF-8 或 GBK 编码）。",
    )

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            check_upload(uploaded, allowed=set(TEXT_KINDS), max_bytes=MAX_UPLOAD_BYTES)
        return uploaded

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text = (cleaned.get("text") or "").strip()
        uploaded = cleaned.get("file")
        if "file" in self.errors:
            return cleaned
        if text and uploaded:
            raise ValidationError("请在文本框填写或上传文件，二者选一。")
        if uploaded:
            text = decode_schedule_upload(uploaded.read())
        if not text.strip():
            raise ValidationError("请填写放假安排，或上传包含放假安排的文件。")
        cleaned["schedule"] = text
        return cleaned


class DeadlineCheckForm(forms.Form):
    """ "What is the due date?" on the calendar page, to see the calendar's effect (GET)."""

    start = forms.DateField(
        label="起算日（当日不计入）",
        widget=DateInput,
        input_formats=["%Y-%m-%d"],
        error_messages=DATE_ERRORS,
    )
    workdays = forms.IntegerField(
        label="工作日数",
        min_value=0,
        max_value=MAX_WORKING_DAYS,
        error_messages={
            "invalid": "请填写整数。",
            "required": "请填写工作日数。",
            "min_value": "工作日数不能为负数。",
            "max_value": f"工作日数不能超过 {MAX_WORKING_DAYS}。",
        },
    )
