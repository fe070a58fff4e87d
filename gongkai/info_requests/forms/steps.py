"""One form per step of the loop, the reply with its withheld parts, and the remedies."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from gongkai.core.files import check_upload
from gongkai.organizations.models import Organisation
from gongkai.organizations.org_forms import TreeChoiceField

from ..choices import (
    ATTACHMENT_KINDS,
    AttachmentKind,
    ConsultationAnswer,
    ConsultationKind,
    MassReviewDecision,
    RemedyResult,
    ServiceMethod,
    SuitKind,
)
from ..fees import FeeMethod
from ..models import Reconsideration
from ..outcomes import OUTCOMES
from ..services.intake import MAX_ATTACHMENT_BYTES
from ..services.reply import WITHHOLDING_REASONS

# Organs an application may be addressed to (Art. 27: governments down to townships, and
# departments acting in their own name).
from .base import (
    LEGAL_BASIS_HELP,
    REPLY_OUTCOMES,
    OutcomeSelect,
    StepForm,
    UserChoiceField,
    attachment_field,
    choice_field,
    date_field,
    head_candidates,
    note_field,
    outcome_field,
    site_units,
    text_field,
)

# --- ① intake and dispatch ------------------------------------------------------------------


class ConfirmReceiptForm(StepForm):
    received_on = date_field(
        "确认日期", help_text="与申请人双方确认收到申请的日期，即收到申请之日，答复期限从次日起算。"
    )
    note = note_field()


class LogUnreachableForm(StepForm):
    on = date_field("联系日期")
    note = note_field("联系情况", required=True)


class UnitForm(StepForm):
    unit = TreeChoiceField(queryset=Organisation.objects.none(), label="承办单位")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert self.info_request is not None
        self.fields["unit"].queryset = site_units(self.info_request.site)  # type: ignore[attr-defined]
        self.fields["unit"].error_messages["required"] = "请选择承办单位。"


class DispatchForm(UnitForm):
    note = note_field("交办说明")
    dispatched_on = date_field("交办日期")


class AcceptForm(StepForm):
    accepted_on = date_field("签收日期")


class TransferForm(UnitForm):
    reason = note_field("转办理由", required=True)
    transferred_on = date_field("转办日期")


# --- the clock: correction, consultation, fees, extension, Art. 35 ----------------------------


class CorrectionIssueForm(StepForm):
    issued_on = date_field("告知日期", help_text="应在收到申请之日起7个工作日内一次性告知。")
    items = text_field("需要补正的事项", 2000, required=True, rows=4)
    correct_by = date_field("补正期限", today=False)


class CorrectionReceiveForm(StepForm):
    corrected_on = date_field("收到补正日期", help_text="答复期限自收到补正材料之日起重新计算。")
    note = note_field()


class ClosingForm(StepForm):
    closed_on = date_field("终止日期")
    note = note_field()


class ConsultationStartForm(StepForm):
    kind = choice_field("类型", ConsultationKind.choices, radio=True)
    party = text_field("征求意见对象", 200, required=True)
    sent_on = date_field(
        "发函日期",
        help_text="征求意见期间（自发函之日起至答复之日，最长15个工作日）不计入答复期限。",
    )
    note = note_field("备注")


class ConsultationAnswerForm(StepForm):
    answered_on = date_field("收到答复日期")
    answer = choice_field("意见", ConsultationAnswer.choices, radio=True)
    note = note_field("备注")


class FeeNoticeIssueForm(StepForm):
    method = choice_field("收费方式", FeeMethod.choices, radio=True)
    pages = forms.IntegerField(
        label="页数",
        required=False,
        min_value=0,
        help_text="按量计收时填写；30页以内免费。",
        error_messages={"invalid": "页数必须是整数。", "min_value": "页数不能小于0。"},
    )
    sent_on = date_field("发出日期")
    notice_received_on = date_field("申请人收到通知日期", required=False, today=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("method") == FeeMethod.PER_VOLUME and data.get("pages") is None:
            self.add_error("pages", "按量计收请填写页数。")
        if data.get("method") == FeeMethod.PER_APPLICATION:
            data["pages"] = None
        return data


class FeeDeliveredForm(StepForm):
    notice_received_on = date_field("申请人收到通知日期")


class FeePaidForm(StepForm):
    paid_on = date_field("缴费日期")
    receipt_number = text_field("财政票据号", 60)


class FeeCancelForm(StepForm):
    cancelled_on = date_field("撤销日期")
    reason = note_field("撤销理由", required=True)


class ExtensionForm(StepForm):
    days = forms.IntegerField(
        label="延长工作日数",
        min_value=1,
        max_value=20,
        initial=20,
        error_messages={
            "required": "请填写延长的工作日数。",
            "invalid": "请填写整数。",
            "min_value": "延长的期限应为1至20个工作日。",
            "max_value": "延长的期限应为1至20个工作日。",
        },
    )
    reason = text_field("延期理由", 1000, required=True, rows=3)
    approver = UserChoiceField(
        queryset=get_user_model().objects.none(),
        label="批准人（政务公开工作机构负责人）",
        error_messages={"required": "请选择批准人。"},
    )
    approved_on = date_field("批准日期")
    notified_on = date_field("告知申请人日期", help_text="须在原答复期限届满前告知申请人。")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert self.info_request is not None
        candidates = head_candidates(self.info_request.site)
        self.fields["approver"].queryset = candidates  # type: ignore[attr-defined]
        if self.user is not None and candidates.filter(pk=self.user.pk).exists():
            self.fields["approver"].initial = self.user.pk


class MassReviewRequestForm(StepForm):
    requested_on = date_field("要求说明理由日期")
    note = note_field("备注")


class MassReviewDecideForm(StepForm):
    decision = choice_field(
        "决定",
        [(d.value, d.label) for d in MassReviewDecision if d != MassReviewDecision.PENDING],
        radio=True,
    )
    decided_on = date_field("决定日期")
    reasons = text_field("申请人说明的理由", 2000, rows=3)
    reasons_received_on = date_field("收到理由日期", required=False, today=False)
    custom_due_on = date_field(
        "另行确定的答复期限",
        required=False,
        today=False,
        help_text="理由合理、需要延长答复期限的填写，并告知申请人。",
    )


# --- ② the reply ----------------------------------------------------------------------------


class DraftReplyForm(StepForm):
    outcome = outcome_field(REPLY_OUTCOMES)
    legal_basis = text_field("法律依据", 2000, rows=3, help_text=LEGAL_BASIS_HELP)
    reply_content = text_field("答复内容", 20000, required=True, rows=10)
    responsible_organ = text_field(
        "负责公开的机关",
        200,
        help_text="办理结果为“本机关不掌握相关政府信息”且能够确定负责机关的，填写其名称。",
    )


class WithheldPartForm(forms.Form):
    description = text_field("不予公开的内容", 500)
    reason = forms.ChoiceField(
        label="理由",
        required=False,
        choices=[("", "——"), *[(o.value, OUTCOMES[o].row_label) for o in WITHHOLDING_REASONS]],
        widget=OutcomeSelect,
    )
    legal_basis = text_field("法律依据", 500, help_text="留空则使用所选理由的默认依据。")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("description") and not data.get("reason"):
            self.add_error("reason", "请选择不予公开的理由。")
        if data.get("reason") and not data.get("description"):
            self.add_error("description", "请填写不予公开的内容。")
        return data


WithheldPartFormSet = forms.formset_factory(WithheldPartForm, extra=2, max_num=50)


class NoteForm(StepForm):
    note = note_field()


DECISIONS = [("pass", "通过"), ("return", "退回修改")]


class ReviewForm(StepForm):
    decision = choice_field("审核意见", DECISIONS, radio=True)
    note = note_field("意见", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not data.get("note"):
            self.add_error("note", "退回修改请写明需要修改的内容。")
        return data


class ApproveForm(ReviewForm):
    decision = choice_field("签发意见", [("pass", "同意签发"), ("return", "退回修改")], radio=True)
    approved_on = date_field("签发日期")


# --- ③ service, closing, files, remedies -----------------------------------------------------


class ServeForm(StepForm):
    method = choice_field("送达方式", ServiceMethod.choices)
    served_on = date_field("送达日期", help_text="邮寄送达以签收日期为送达日期。")
    sent_on = date_field("寄出日期", required=False, today=False, help_text="邮寄送达填写。")
    tracking_number = text_field(
        "邮件号码", 40, help_text="邮寄送达仅限中国邮政（含 EMS），须填写邮件号码。"
    )
    note = note_field("备注")


class WithdrawForm(StepForm):
    withdrawn_on = date_field("撤回日期")
    note = note_field("撤回说明")


class ArchiveForm(StepForm):
    archived_on = date_field("归档日期")


class AttachmentForm(StepForm):
    kind = choice_field("材料类型", AttachmentKind.choices)
    file = attachment_field("文件", required=True)

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            check_upload(uploaded, allowed=set(ATTACHMENT_KINDS), max_bytes=MAX_ATTACHMENT_BYTES)
        return uploaded


class ConfirmForm(StepForm):
    """A step with nothing to fill in; the POST itself is the confirmation."""


class RemedyResultFields(StepForm):
    result = choice_field("结果", RemedyResult.choices)
    decided_on = date_field(
        "决定或裁判日期", required=False, today=False, help_text="已审结的填写。"
    )
    case_number = text_field("案号", 100)
    note = note_field("备注")


class ReconsiderationForm(RemedyResultFields):
    filed_on = date_field("申请复议日期", today=False)
    organ = text_field("复议机关", 200, required=True)

    field_order = ["filed_on", "organ", "case_number", "result", "decided_on", "note"]


class LitigationForm(RemedyResultFields):
    kind = choice_field("起诉类型", SuitKind.choices, radio=True)
    reconsideration = forms.ModelChoiceField(
        queryset=Reconsideration.objects.none(),
        label="关联的行政复议",
        required=False,
        help_text="复议后起诉的选择。",
    )
    filed_on = date_field("起诉日期", today=False)
    court = text_field("受理法院", 200, required=True)

    field_order = ["kind", "reconsideration", "filed_on", "court", "case_number", "result"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert self.info_request is not None
        self.fields["reconsideration"].queryset = Reconsideration.objects.filter(  # type: ignore[attr-defined]
            info_request=self.info_request
        )
