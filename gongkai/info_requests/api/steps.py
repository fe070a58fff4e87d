"""Staff endpoints for every step of the loop: one service call each (casework.endpoints); the
answer is the application as it now stands. Whether the step is allowed is the step table's
decision, enforced by the service."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import File, Form
from ninja.files import UploadedFile

from gongkai.casework.endpoints import StepEndpoint, add_step_endpoints

from .. import services
from ..choices import AttachmentKind
from ..models import InfoRequest
from ._common import STAFF_ERRORS, STEP, detail_out, unit_of, visible_request
from ._router import router
from .schemas import (
    AcceptIn,
    ApprovalIn,
    ArchiveIn,
    ClosingIn,
    ConfirmIn,
    ConsultationAnswerIn,
    ConsultationIn,
    CorrectedIn,
    CorrectionIn,
    DispatchIn,
    ExtensionIn,
    FeeCancelIn,
    FeeDeliveredIn,
    FeeNoticeIn,
    FeePaidIn,
    LitigationIn,
    MassDecisionIn,
    MassReviewIn,
    NoteIn,
    QueryCodeOut,
    ReconsiderationIn,
    RemedyResultIn,
    ReplyIn,
    ReviewIn,
    ServiceIn,
    TransferIn,
    UnreachableIn,
    WithdrawIn,
)

# --- payload → service keywords, where a value needs a lookup --------------------------------


def _unit(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "unit": unit_of(ir, data["unit"])}


def _approver(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> dict[str, Any]:
    approver: Any = request.user
    if data.get("approver"):
        approver = get_user_model().objects.filter(username=data["approver"]).first()
        if approver is None:
            raise ValidationError({"approver": "未找到该批准人。"})
    return {**data, "approver": approver}


def _reply(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> dict[str, Any]:
    parts = [
        services.WithheldPartInput(p["description"], p["reason"], p["legal_basis"])
        for p in data["withheld_parts"]
    ]
    return {**data, "withheld_parts": parts}


def _suit(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    reconsideration_id = data.pop("reconsideration_id", None)
    reconsideration = None
    if reconsideration_id is not None:
        reconsideration = ir.reconsiderations.filter(pk=reconsideration_id).first()
        if reconsideration is None:
            raise ValidationError({"reconsideration": "所选行政复议不属于本申请。"})
    return {**data, "reconsideration": reconsideration}


# fmt: off
ENDPOINTS = (
    StepEndpoint("/confirm-receipt", "确认收到申请 Confirm receipt", "ir_confirm_receipt",
                 services.info_request_confirm_receipt, ConfirmIn),
    StepEndpoint("/unreachable", "记录无法联系申请人 Applicant unreachable", "ir_unreachable",
                 services.info_request_log_unreachable, UnreachableIn),
    StepEndpoint("/dispatch", "交办 Dispatch to a unit", "ir_dispatch",
                 services.info_request_dispatch, DispatchIn, convert=_unit),
    StepEndpoint("/accept", "签收 Accept", "ir_accept", services.info_request_accept, AcceptIn),
    StepEndpoint("/transfer", "转办 Transfer", "ir_transfer", services.info_request_transfer,
                 TransferIn, convert=_unit),
    StepEndpoint("/correction", "告知补正 Correction notice", "ir_correction",
                 services.correction_issue, CorrectionIn),
    StepEndpoint("/correction/received", "收到补正 Corrected application", "ir_corrected",
                 services.correction_receive, CorrectedIn),
    StepEndpoint("/close-no-correction", "逾期未补正终止办理 Close: not corrected",
                 "ir_close_no_correction", services.info_request_close_no_correction, ClosingIn),
    StepEndpoint("/consultations", "征求意见 Start a consultation", "ir_consultation",
                 services.consultation_start, ConsultationIn),
    StepEndpoint("/consultations/{consultation_id}/answer",
                 "登记征求意见答复 Consultation answered", "ir_consultation_answer",
                 services.consultation_answer, ConsultationAnswerIn, row="consultations",
                 row_kwarg="consultation"),
    StepEndpoint("/fee-notices", "发出收费通知 Fee notice", "ir_fee_notice",
                 services.fee_notice_issue, FeeNoticeIn),
    StepEndpoint("/fee-notices/{notice_id}/delivered", "收费通知送达 Fee notice received",
                 "ir_fee_delivered", services.fee_notice_delivered, FeeDeliveredIn,
                 row="fee_notices", row_kwarg="fee_notice"),
    StepEndpoint("/fee-notices/{notice_id}/paid", "确认缴费 Fee paid", "ir_fee_paid",
                 services.fee_notice_paid, FeePaidIn, row="fee_notices", row_kwarg="fee_notice"),
    StepEndpoint("/fee-notices/{notice_id}/cancel", "撤销收费通知 Cancel a fee notice",
                 "ir_fee_cancel", services.fee_notice_cancel, FeeCancelIn, row="fee_notices",
                 row_kwarg="fee_notice"),
    StepEndpoint("/close-fee-unpaid", "逾期未缴费终止办理 Close: fee unpaid",
                 "ir_close_fee_unpaid", services.info_request_close_fee_unpaid, ClosingIn),
    StepEndpoint("/extension", "延期答复 Extension", "ir_extension", services.extension_grant,
                 ExtensionIn, convert=_approver),
    StepEndpoint("/mass-review", "要求说明理由 Ask for reasons (Art. 35)", "ir_mass_review",
                 services.mass_review_request_reasons, MassReviewIn),
    StepEndpoint("/mass-review/decision", "审查申请理由 Decide on the reasons (Art. 35)",
                 "ir_mass_decision", services.mass_review_decide, MassDecisionIn),
    StepEndpoint("/reply", "撰写答复 Draft the reply", "ir_reply",
                 services.info_request_draft_reply, ReplyIn, method="put", convert=_reply,
                 description="One Table 三 outcome; partial and refused replies list each "
                 "withheld part with its reason (a 不予公开 leaf)."),
    StepEndpoint("/reply/submit", "提交审核 Submit for review", "ir_submit",
                 services.info_request_submit_reply, NoteIn),
    StepEndpoint("/review", "审核 Review (office)", "ir_review", services.info_request_review,
                 ReviewIn),
    StepEndpoint("/approval", "签发 Approve (head)", "ir_approval",
                 services.info_request_approve, ApprovalIn),
    StepEndpoint("/service", "送达 Service record", "ir_service", services.info_request_serve,
                 ServiceIn),
    StepEndpoint("/withdraw", "申请人撤回 Withdrawal", "ir_withdraw",
                 services.info_request_withdraw, WithdrawIn),
    StepEndpoint("/archive", "归档 Archive", "ir_archive", services.info_request_archive,
                 ArchiveIn),
    StepEndpoint("/reconsiderations", "登记行政复议 Reconsideration", "ir_reconsideration",
                 services.reconsideration_record, ReconsiderationIn),
    StepEndpoint("/reconsiderations/{remedy_id}", "更新复议结果 Reconsideration result",
                 "ir_reconsideration_update", services.reconsideration_update, RemedyResultIn,
                 method="patch", row="reconsiderations", row_kwarg="reconsideration"),
    StepEndpoint("/litigations", "登记行政诉讼 Litigation", "ir_litigation",
                 services.litigation_record, LitigationIn, convert=_suit),
    StepEndpoint("/litigations/{remedy_id}", "更新诉讼结果 Litigation result",
                 "ir_litigation_update", services.litigation_update, RemedyResultIn,
                 method="patch", row="litigations", row_kwarg="litigation"),
)
# fmt: on

add_step_endpoints(
    router,
    ENDPOINTS,
    case_param="request_id",
    case_kwarg="info_request",
    load=visible_request,
    answer=detail_out,
    response=STEP,
)


@router.post(
    "/{request_id}/attachments",
    summary="添加申请材料 Add a file",
    operation_id="ir_attachment",
    url_name="ir_attachment",
    response=STEP,
)
def attachment_add(
    request: HttpRequest,
    request_id: int,
    kind: Form[AttachmentKind],
    file: File[UploadedFile],
) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.attachment_add(info_request=ir, kind=kind, file=file, actor=request.user)
    return detail_out(request, ir)


@router.post(
    "/{request_id}/query-code",
    response={200: QueryCodeOut, **STAFF_ERRORS},
    summary="重置查询码 Reset the query code",
    operation_id="ir_query_code",
    url_name="ir_query_code",
)
def reset_query_code(request: HttpRequest, request_id: int) -> dict[str, Any]:
    """A new query code (the old one stops working), shown this once."""
    ir = visible_request(request, request_id)
    code = services.info_request_reset_query_code(info_request=ir, actor=request.user)
    return {"tracking_number": ir.tracking_number, "query_code": code}
