"""Forms of the report pages. Every error message is Chinese; the services check again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from .annual import TABLE2_FIELDS
from .deadlines import FIRST_YEAR
from .services import AMOUNT_MAX, AMOUNT_PLACES, COUNT_MAX, NOTE_MAX, SECTION_MAX

_REQUIRED = {"required": "请填写此项。"}


def year_choices() -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [(y, f"{y}年") for y in range(this_year, FIRST_YEAR - 1, -1)]


def default_year() -> int:
    """Last year: from January the report on last year is the one being written."""
    return max(timezone.localdate().year - 1, FIRST_YEAR)


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        field.choices = year_choices()  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = "请选择有效的年度。"

    def selected_year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("year"):
            return int(self.cleaned_data["year"])
        return default_year()


class StatisticsForm(YearForm):
    unit = forms.TypedChoiceField(label="单位", coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, units: list[tuple[int, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        field.choices = [("", "全部"), *(units or [])]  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = "请选择有效的单位。"

    def selected_year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("year"):
            return int(self.cleaned_data["year"])
        return timezone.localdate().year


class SectionsForm(forms.Form):
    overview = forms.CharField(
        label="一、总体情况",
        required=False,
        max_length=SECTION_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="主动公开、依申请公开、政府信息管理、平台建设、监督保障等总体情况。",
    )
    problems = forms.CharField(
        label="五、存在的主要问题及改进情况",
        required=False,
        max_length=SECTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="包括上年度问题的整改情况。",
    )
    other = forms.CharField(
        label="六、其他需要报告的事项",
        required=False,
        max_length=SECTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="信息处理费收取情况（系统已按收费记录预填）、年度工作要点落实情况等。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["max_length"] = f"不能超过 {SECTION_MAX} 字。"


_TABLE2_FORM_LABELS = {
    "regulations_issued": "规章：本年制发件数",
    "regulations_repealed": "规章：本年废止件数",
    "regulations_valid": "规章：现行有效件数",
    "normative_issued": "行政规范性文件：本年制发件数",
    "normative_repealed": "行政规范性文件：本年废止件数",
    "normative_valid": "行政规范性文件：现行有效件数",
    "licensing_decisions": "行政许可：本年处理决定数量",
    "penalty_decisions": "行政处罚：本年处理决定数量",
    "coercion_decisions": "行政强制：本年处理决定数量",
    "fees_amount": "行政事业性收费：本年收费金额（万元）",
}


class Table2Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in TABLE2_FIELDS:
            label = _TABLE2_FORM_LABELS[name]
            field: forms.Field
            if name == "fees_amount":
                field = forms.DecimalField(
                    label=label,
                    min_value=0,
                    max_value=AMOUNT_MAX,
                    max_digits=12,
                    decimal_places=AMOUNT_PLACES,
                    error_messages={
                        **_REQUIRED,
                        "invalid": "请输入有效的金额。",
                        "min_value": "金额不能小于0。",
                        "max_value": "金额过大，请确认单位为万元。",
                        "max_decimal_places": f"最多保留{AMOUNT_PLACES}位小数（精确到元）。",
                        "max_digits": "金额位数过多。",
                        "max_whole_digits": "金额过大，请确认单位为万元。",
                    },
                )
            else:
                field = forms.IntegerField(
                    label=label,
                    min_value=0,
                    max_value=COUNT_MAX,
                    error_messages={
                        **_REQUIRED,
                        "invalid": "请输入整数。",
                        "min_value": "不能小于0。",
                        "max_value": "数值过大。",
                    },
                )
            self.fields[name] = field


class ReturnForm(forms.Form):
    note = forms.CharField(
        label="退回理由",
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={**_REQUIRED, "max_length": f"不能超过 {NOTE_MAX} 字。"},
    )
