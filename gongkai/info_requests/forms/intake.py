"""The application's contents (Art. 29) as the portal and the office take them, the on-the-spot
answer, the workflow settings and the list filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.organizations.models import Organisation, Role, Site, Staff
from gongkai.organizations.org_forms import TreeChoiceField

from ..choices import (
    Channel,
    DeliveryMethod,
    IdType,
    ProvisionForm,
)
from ..outcomes import OUTCOMES, ApplicantType
from ..states import Status

# Organs an application may be addressed to (Art. 27: governments down to townships, and
# departments acting in their own name).
from .base import (
    LEGAL_BASIS_HELP,
    REPLY_OUTCOMES,
    STAFF_CHANNELS,
    UserChoiceField,
    addressable_organisations,
    attachment_field,
    check_attachments,
    choice_field,
    date_field,
    outcome_field,
    text_field,
)

# --- the application's contents (Art. 29) ---------------------------------------------------

APPLICANT_FIELD_NAMES = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "legal_representative",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
)
REQUEST_FIELD_NAMES = ("description", "document_number", "provision_form", "delivery_method")


class ApplicationFields(forms.Form):
    """申请人信息 and 所需信息 (Art. 29 (1)–(3)); the service checks identity and contacts."""

    applicant_type = choice_field("申请人类型", ApplicantType.choices, radio=True)
    applicant_name = text_field(
        "申请人姓名或名称", 200, required=True, help_text="自然人填写姓名；法人或其他组织填写全称。"
    )
    id_type = choice_field("身份证明类型", IdType.choices)
    id_number = text_field(
        "证件号码",
        50,
        required=True,
        help_text="自然人填写身份证件号码；法人或其他组织填写统一社会信用代码。",
    )
    legal_representative = text_field("法定代表人", 60, help_text="法人或其他组织填写。")
    contact_person = text_field("联系人", 60)
    phone = text_field("联系电话", 30)
    email = text_field("电子邮箱", 254)
    address = text_field("通信地址", 200)
    postcode = text_field("邮政编码", 6)
    description = text_field(
        "所需政府信息的名称或内容描述",
        5000,
        required=True,
        rows=5,
        help_text="请尽量写明信息的名称、制作机关、时间等，便于准确查找。",
    )
    document_number = text_field(
        "文号", 100, help_text="知道文件文号的请填写，如 示政发〔2025〕3号。"
    )
    provision_form = choice_field("信息提供形式", ProvisionForm.choices)
    delivery_method = choice_field("获取信息方式", DeliveryMethod.choices)

    def application_data(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name] for name in APPLICANT_FIELD_NAMES + REQUEST_FIELD_NAMES
        }


class RegisterForm(ApplicationFields):
    """收件登记 by the office: in person, by post, fax, e-mail or otherwise (Art. 31)."""

    organisation = TreeChoiceField(
        queryset=Organisation.objects.none(), label="受理机关", empty_label=None
    )
    channel = choice_field("申请方式", STAFF_CHANNELS)
    submitted_on = date_field(
        "提交日期",
        help_text="当面提交为今天；邮寄为寄出或收到信件的日期；传真、电子邮件为收到的日期。",
    )
    signed_on = date_field(
        "签收日期",
        required=False,
        today=False,
        help_text="需签收的邮件（挂号信、EMS 等）填写签收日期，即收到申请之日；平信不填，"
        "与申请人确认后再登记确认日期。",
    )
    id_copy = attachment_field("身份证明复印件")
    power_of_attorney = attachment_field("授权委托书")
    application_form = attachment_field("申请表（扫描件）")
    other_file = attachment_field("其他材料")

    field_order = ["organisation", "channel", "submitted_on", "signed_on"]

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = addressable_organisations(site)  # type: ignore[attr-defined]
        if site.government_id:
            field.initial = site.government_id

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_attachments(self)
        channel, submitted_on = data.get("channel"), data.get("submitted_on")
        if channel == Channel.IN_PERSON and submitted_on and submitted_on != timezone.localdate():
            self.add_error(
                "submitted_on",
                "当面提交的申请，收到申请之日为提交当日，请在当天登记。",
            )
        if data.get("signed_on") and channel != Channel.POST:
            self.add_error("signed_on", "只有邮寄的申请才填写签收日期。")
        return data


class OnTheSpotForm(ApplicationFields):
    """当场答复 (Art. 33 para. 1): registered, answered and served in person at once."""

    organisation = TreeChoiceField(
        queryset=Organisation.objects.none(), label="受理机关", empty_label=None
    )
    outcome = outcome_field([o for o in REPLY_OUTCOMES if not OUTCOMES[o].requires_reasons])
    legal_basis = text_field("法律依据", 2000, rows=2, help_text=LEGAL_BASIS_HELP)
    reply_content = text_field("答复内容", 20000, required=True, rows=6)
    id_copy = attachment_field("身份证明复印件")

    field_order = ["organisation"]

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = addressable_organisations(site)  # type: ignore[attr-defined]
        if site.government_id:
            field.initial = site.government_id

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_attachments(self)
        return data


class RequestSettingsForm(forms.Form):
    head_user = UserChoiceField(
        queryset=get_user_model().objects.none(),
        label="政务公开工作机构负责人",
        required=False,
        empty_label="（不指定：政务公开办公室人员均可审批）",
        help_text="审批延期答复、签发答复书的人员（条例第三十三条）。",
    )
    tracking_prefix = forms.CharField(
        label="受理编号前缀",
        max_length=10,
        help_text="2–10个大写英文字母，如 YSQ。",
        error_messages={"required": "请填写受理编号前缀。"},
    )

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        eligible = Staff.objects.filter(
            organisation__site=site, role__in=(Role.OFFICE, Role.LEADER), is_active=True
        ).values("user_id")
        self.fields["head_user"].queryset = (  # type: ignore[attr-defined]
            get_user_model()
            .objects.filter(pk__in=eligible, is_active=True)
            .order_by("first_name", "username")
        )


# --- the list -------------------------------------------------------------------------------

OPEN_FILTER = ""
ALL_FILTER = "all"


class ListFilterForm(forms.Form):
    q = forms.CharField(label="受理编号或申请人", required=False, max_length=100)
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[(OPEN_FILTER, "未办结"), (ALL_FILTER, "全部"), *Status.choices],
    )
    unit = TreeChoiceField(
        queryset=Organisation.objects.none(), label="承办单位", required=False, empty_label="全部"
    )
    channel = forms.ChoiceField(
        label="申请方式", required=False, choices=[("", "全部"), *Channel.choices]
    )
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label="仅看已逾期", required=False)
    due_soon = forms.BooleanField(label="仅看剩余5个工作日以内（含逾期）", required=False)

    def __init__(
        self, *args: Any, units: QuerySet[Organisation], years: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["year"].choices = [("", "全部"), *[(y, f"{y}年") for y in years]]  # type: ignore[attr-defined]
