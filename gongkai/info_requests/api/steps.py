"""Staff endpoints for every step of the loop: one service call each; the answer is the
application as it now stands."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form
from ninja.files import UploadedFile

from .. import services
from ..choices import (
    AttachmentKind,
)
from ._common import (
    STAFF_ERRORS,
    STEP,
    detail_out,
    step_endpoint,
    unit_of,
    visible_request,
)
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

# --- staff: the steps -----------------------------------------------------------------------


@step_endpoint(
    "/{request_id}/confirm-receipt", "确认收到申请 Confirm receipt", "ir_confirm_receipt"
)
def confirm_receipt(request: HttpRequest, request_id: int, payload: ConfirmIn) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.info_request_confirm_receipt(info_request=ir, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@step_endpoint(
    "/{request_id}/unreachable", "记录无法联系申请人 Applicant unreachable", "ir_unreachable"
)
def log_unreachable(
    request: HttpRequest, request_id: int, payload: UnreachableIn
) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.info_request_log_unreachable(info_request=ir, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@step_endpoint("/{request_id}/dispatch", "交办 Dispatch to a unit", "ir_dispatch")
def dispatch(request: HttpRequest, request_id: int, payload: DispatchIn) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.info_request_dispatch(
        info_request=ir,
        unit=unit_of(ir, payload.unit),
        note=payload.note,
        dispatched_on=payload.dispatched_on,
        actor=request.user,
    )
    return detail_out(request, ir)


@step_endpoint("/{request_id}/accept", "签收 Accept", "ir_accept")
def accept(request: HttpRequest, request_id: int, payload: AcceptIn) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.info_request_accept(info_request=ir, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@step_endpoint("/{request_id}/transfer", "转办 Transfer", "ir_transfer")
def transfer(request: HttpRequest, request_id: int, payload: TransferIn) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.info_request_transfer(
        info_request=ir,
        unit=unit_of(ir, payload.unit),
        reason=payload.reason,
        transferred_on=payload.transferred_on,
        actor=request.user,
    )
    # The transfer may take the application out of the caller's sight (another unit).
    return detail_out(request, ir)


@step_endpoint("/{request_id}/correction", "告知补正 Correction notice", "ir_correction")
def correction_issue(
    request: HttpRequest, request_id: int, payload: CorrectionIn
) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.correction_issue(info_request=ir, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@step_endpoint(
    "/{request_id}/correction/received", "收到补正 Corrected application", "ir_corrected"
)
def correction_receive(
    request: HttpRequest, request_id: int, payload: CorrectedIn
) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.correction_receive(info_request=ir, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@step_endpoint(
    "/{request_id}/close-no-correction",
    "逾期未补正终止办理 Close: not corrected",
    "ir_close_no_correction",
)
def close_no_correction(
    request: HttpRequest, request_id: int, payload: ClosingIn
) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.info_request_close_no_correction(info_request=ir, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@step_endpoint("/{request_id}/consultations", "征求意见 Start a consultation", "ir_consultation")
def consultation_start(
    request: HttpRequest, request_id: int, payload: ConsultationIn
) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.consultation_start(info_request=ir, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@step_endpoint(
    "/{request_id}/consultations/{consultation_id}/answer",
    "登记征求意见答复 Consultation answered",
    "ir_consultation_answer",
)
def consultation_answer(
    request: HttpRequest, request_id: int, consultation_id: int, payload: ConsultationAnswerIn
) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    row = get_object_or_404(ir.consultations, pk=consultation_id)
    services.consultation_answer(consultation=row, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@step_endpoint("/{request_id}/fee-notices", "发出收费通知 Fee notice", "ir_fee_notice")
def fee_notice_issue(request: HttpRequest, request_id: int, payload: FeeNoticeIn) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.fee_notice_issue(info_request=ir, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@step_endpoint(
    "/{request_id}/fee-notices/{notice_id}/delivered",
    "收费通知送达 Fee notice received",
    "ir_fee_delivered",
)
def fee_notice_delivered(
    request: HttpRequest, request_id: int, notice_id: int, payload: FeeDeliveredIn
) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    row = get_object_or_404(ir.fee_notices, pk=notice_id)
    services.fee_notice_delivered(fee_notice=row, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@step_endpoint("/{request_id}/fee-notices/{notice_id}/paid", "确认缴费 Fee paid", "ir_fee_paid")
def fee_notice_paid(
    request: HttpRequest, request_id: int, notice_id: int, payload: FeePaidIn
) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    row = get_object_or_404(ir.fee_notices, pk=notice_id)
    services.fee_notice_paid(fee_notice=row, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@step_endpoint(
    "/{request_id}/fee-notices/{notice_id}/cancel",
    "撤销收费通知 Cancel a fee notice",
    "ir_fee_cancel",
)
def fee_notice_cancel(
    request: HttpRequest, request_id: int, notice_id: int, payload: FeeCancelIn
) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    row = get_object_or_404(ir.fee_notices, pk=notice_id)
    services.fee_notice_cancel(fee_notice=row, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@step_endpoint(
    "/{request_id}/close-fee-unpaid",
    "逾期未缴费终止办理 Close: fee unpaid",
    "ir_close_fee_unpaid",
)
def close_fee_unpaid(request: HttpRequest, request_id: int, payload: ClosingIn) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.info_request_close_fee_unpaid(info_request=ir, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@step_endpoint("/{request_id}/extension", "延期答复 Extension", "ir_extension")
def extension_grant(request: HttpRequest, request_id: int, payload: ExtensionIn) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    approver: Any = request.user
    if payload.approver:
        approver = get_user_model().objects.filter(username=payload.approver).first()
        if approver is None:
            raise ValidationError({"approver": "未找到该批准人。"})
    services.extension_grant(
        info_request=ir,
        days=payload.days,
        reason=payload.reason,
        notified_on=payload.notified_on,
        approver=approver,
        approved_on=payload.approved_on,
        actor=request.user,
    )
    return detail_out(request, ir)


@step_endpoint(
    "/{request_id}/mass-review", "要求说明理由 Ask for reasons (Art. 35)", "ir_mass_review"
)
def mass_review_request(
    request: HttpRequest, request_id: int, payload: MassReviewIn
) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.mass_review_request_reasons(info_request=ir, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@step_endpoint(
    "/{request_id}/mass-review/decision",
    "审查申请理由 Decide on the reasons (Art. 35)",
    "ir_mass_decision",
)
def mass_review_decide(
    request: HttpRequest, request_id: int, payload: MassDecisionIn
) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.mass_review_decide(info_request=ir, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@router.put(
    "/{request_id}/reply",
    summary="撰写答复 Draft the reply",
    operation_id="ir_reply",
    url_name="ir_reply",
    response=STEP,
)
def draft_reply(request: HttpRequest, request_id: int, payload: ReplyIn) -> dict[str, Any]:
    """One Table 三 outcome; partial and refused replies list each withheld part with its
    reason (a 不予公开 leaf)."""
    ir = visible_request(request, request_id)
    services.info_request_draft_reply(
        info_request=ir,
        outcome=payload.outcome,
        reply_content=payload.reply_content,
        legal_basis=payload.legal_basis,
        withheld_parts=[
            services.WithheldPartInput(p.description, p.reason, p.legal_basis)
            for p in payload.withheld_parts
        ],
        responsible_organ=payload.responsible_organ,
        actor=request.user,
    )
    return detail_out(request, ir)


@step_endpoint("/{request_id}/reply/submit", "提交审核 Submit for review", "ir_submit")
def submit_reply(request: HttpRequest, request_id: int, payload: NoteIn) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.info_request_submit_reply(info_request=ir, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@step_endpoint("/{request_id}/review", "审核 Review (office)", "ir_review")
def review(request: HttpRequest, request_id: int, payload: ReviewIn) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.info_request_review(info_request=ir, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@step_endpoint("/{request_id}/approval", "签发 Approve (head)", "ir_approval")
def approve(request: HttpRequest, request_id: int, payload: ApprovalIn) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.info_request_approve(info_request=ir, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@step_endpoint("/{request_id}/service", "送达 Service record", "ir_service")
def serve(request: HttpRequest, request_id: int, payload: ServiceIn) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.info_request_serve(info_request=ir, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@step_endpoint("/{request_id}/withdraw", "申请人撤回 Withdrawal", "ir_withdraw")
def withdraw(request: HttpRequest, request_id: int, payload: WithdrawIn) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.info_request_withdraw(info_request=ir, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@step_endpoint("/{request_id}/archive", "归档 Archive", "ir_archive")
def archive(request: HttpRequest, request_id: int, payload: ArchiveIn) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.info_request_archive(info_request=ir, actor=request.user, **payload.dict())
    return detail_out(request, ir)


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


@step_endpoint(
    "/{request_id}/reconsiderations", "登记行政复议 Reconsideration", "ir_reconsideration"
)
def reconsideration_record(
    request: HttpRequest, request_id: int, payload: ReconsiderationIn
) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    services.reconsideration_record(info_request=ir, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@router.patch(
    "/{request_id}/reconsiderations/{remedy_id}",
    summary="更新复议结果 Reconsideration result",
    operation_id="ir_reconsideration_update",
    url_name="ir_reconsideration_update",
    response=STEP,
)
def reconsideration_update(
    request: HttpRequest, request_id: int, remedy_id: int, payload: RemedyResultIn
) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    row = get_object_or_404(ir.reconsiderations, pk=remedy_id)
    services.reconsideration_update(reconsideration=row, actor=request.user, **payload.dict())
    return detail_out(request, ir)


@step_endpoint("/{request_id}/litigations", "登记行政诉讼 Litigation", "ir_litigation")
def litigation_record(
    request: HttpRequest, request_id: int, payload: LitigationIn
) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    data = payload.dict(exclude={"reconsideration_id"})
    reconsideration = None
    if payload.reconsideration_id is not None:
        reconsideration = ir.reconsiderations.filter(pk=payload.reconsideration_id).first()
        if reconsideration is None:
            raise ValidationError({"reconsideration": "所选行政复议不属于本申请。"})
    services.litigation_record(
        info_request=ir, reconsideration=reconsideration, actor=request.user, **data
    )
    return detail_out(request, ir)


@router.patch(
    "/{request_id}/litigations/{remedy_id}",
    summary="更新诉讼结果 Litigation result",
    operation_id="ir_litigation_update",
    url_name="ir_litigation_update",
    response=STEP,
)
def litigation_update(
    request: HttpRequest, request_id: int, remedy_id: int, payload: RemedyResultIn
) -> dict[str, Any]:
    ir = visible_request(request, request_id)
    row = get_object_or_404(ir.litigations, pk=remedy_id)
    services.litigation_update(litigation=row, actor=request.user, **payload.dict())
    return detail_out(request, ir)
