"""Forms of the letters pages: a template's wording, an organisation's letter settings."""

from __future__ import annotations

from typing import Any

from django import forms

from .kinds import LetterKind
from .numbering import DEFAULT_NOTICE_PREFIX, DEFAULT_REPLY_PREFIX, check_number_pattern
from .wording import MAX_BODY, MAX_TITLE, check_wording


class LetterTemplateForm(forms.Form):
    title = forms.CharField(label="标题", max_length=MAX_TITLE)
    body = forms.CharField(
        label="正文",
        max_length=MAX_BODY,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "cols": 90}),
        help_text="每行为一段；某行中的占位符为空时，该行整行省略。",
    )

    def __init__(self, *args: Any, kind: LetterKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "title" in data and "body" in data:
            body = data["body"].replace("\r\n", "\n").strip()
            data["body"] = body
            for field, messages in check_wording(self.kind, data["title"], body).items():
                for message in messages:
                    self.add_error(field, message)
        return data


class LetterSettingsForm(forms.Form):
    reply_prefix = forms.CharField(
        label="答复书文号格式",
        max_length=80,
        required=False,
        help_text=f"留空使用默认格式：{DEFAULT_REPLY_PREFIX}。可用占位符：{{机关简称}}{{年度}}{{序号}}。",
    )
    notice_prefix = forms.CharField(
        label="告知书文号格式",
        max_length=80,
        required=False,
        help_text=f"留空使用默认格式：{DEFAULT_NOTICE_PREFIX}。",
    )
    reconsideration_organ = forms.CharField(
        label="行政复议机关",
        max_length=200,
        required=False,
        help_text="留空时：县政府部门、乡镇等为县人民政府；县人民政府本身须填写上一级人民政府的名称。",
    )
    payment_method = forms.CharField(
        label="信息处理费缴费方式",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 90}),
        help_text="写入收费通知书；留空使用默认说明。",
    )

    def clean_reply_prefix(self) -> str:
        return self._pattern("reply_prefix")

    def clean_notice_prefix(self) -> str:
        return self._pattern("notice_prefix")

    def _pattern(self, field: str) -> str:
        value = str(self.cleaned_data.get(field) or "").strip()
        if value:
            errors = check_number_pattern(value)
            if errors:
                raise forms.ValidationError(errors)
        return value
