"""Forms of the portal's 依申请公开 pages: the online application and the status lookup."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.organizations.models import Organisation, Site

from .forms import (
    ApplicationFields,
    addressable_organisations,
    attachment_field,
    check_attachments,
)


class OrganChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class OnlineApplicationForm(ApplicationFields):
    """网上申请. The identity proof is a required upload: online it is the only way to give the
    身份证明 that Art. 29 (1) asks for."""

    organisation = OrganChoiceField(
        queryset=Organisation.objects.none(),
        label="受理机关",
        empty_label=None,
        help_text="请选择掌握所需信息的机关；不确定的，选择县人民政府。",
        error_messages={"required": "请选择受理机关。", "invalid_choice": "请选择受理机关。"},
    )
    id_copy = attachment_field("身份证明复印件", required=True)
    power_of_attorney = attachment_field("授权委托书")
    other_file = attachment_field("其他材料")
    declaration = forms.BooleanField(
        label="本人承诺所填信息真实、准确，并知悉提交虚假信息应承担的法律责任。",
        error_messages={"required": "请阅读并勾选承诺后再提交。"},
    )

    field_order = ["organisation"]

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = addressable_organisations(site).order_by("kind", "sort_order", "id")  # type: ignore[attr-defined]
        if site.government_id:
            field.initial = site.government_id
        # Identity numbers and contacts are the applicant's own; keep browsers from offering
        # them to the next person at a shared computer.
        for name in ("id_number", "phone", "email", "address"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_attachments(self)
        return data


class LookupForm(forms.Form):
    tracking_number = forms.CharField(
        label="受理编号",
        max_length=30,
        help_text="如 YSQ-2025-000123。",
        error_messages={"required": "请填写受理编号。", "max_length": "受理编号不正确。"},
    )
    query_code = forms.CharField(
        label="查询码",
        max_length=20,
        help_text="提交申请后显示的8位查询码。",
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        error_messages={"required": "请填写查询码。", "max_length": "查询码不正确。"},
    )


class WithdrawForm(forms.Form):
    """The applicant's own withdrawal, on the status page of a lookup session."""

    reason = forms.CharField(
        label="撤回原因（可不填）",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "撤回原因不超过500字。"},
    )
    confirm = forms.BooleanField(
        label="我确认撤回本申请。撤回后本申请办结，如仍需获取该信息，须重新提出申请。",
        error_messages={"required": "请勾选确认后再撤回。"},
    )
