"""One page per step of the loop (except the reply, reply.py): a form, one service call, back to
the application. The pages are data (casework.pages.StepPage: which form, which service, which
form fields it takes); whether the user may take the step now comes from the step table
(actions.STEPS), which the service enforces again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gongkai.casework.pages import StepPage, step_page
from gongkai.core.calendar import load_calendar
from gongkai.organizations.access import staff_required

from .. import deadlines, forms, services
from ..actions import STEPS as TABLE
from ..fees import FREE_APPLICATIONS_PER_MONTH, payment_due, per_application_fee
from ..models import InfoRequest
from ..selectors import applicant_month_position
from ..services._base import zh_date
from ._common import detail_url, visible_request

# The old name of a page's description, kept for the modules that register their own pages.
Step = StepPage
RowLoader = Callable[[InfoRequest, int], Any]


def rows_of(related: str) -> RowLoader:
    def load(info_request: InfoRequest, row_id: int) -> Any:
        try:
            return getattr(info_request, related).get(pk=row_id)
        except ObjectDoesNotExist:
            raise Http404("未找到该记录。") from None

    return load


def _decision(name: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def convert(data: dict[str, Any]) -> dict[str, Any]:
        data = dict(data)
        data[name] = data.pop("decision") == "pass"
        return data

    return convert


# --- hints shown above a step's form ----------------------------------------------------------


def _correction_hints(ir: InfoRequest) -> list[str]:
    if ir.received_on is None:
        return []
    limit = deadlines.correction_deadline(ir.received_on, load_calendar())
    return [
        f"收到申请之日为{zh_date(ir.received_on)}，应在{zh_date(limit.due)}前一次性告知需要补正的"
        "全部事项；补正只能告知一次。",
        "告知补正后答复期限暂停计算，自收到补正材料之日起重新计算20个工作日。",
    ]


def _correction_period(ir: InfoRequest) -> list[str]:
    correction = ir.correction
    return [
        f"补正期限为{zh_date(correction.correct_by)}，期满后申请人无正当理由未补正的，可终止办理。"
    ]


def _consultation_hints(ir: InfoRequest) -> list[str]:
    return [
        "第三方（条例第三十二条）或其他机关（第三十四条）自收到征求意见书之日起15个工作日内提出意见；"
        "征求意见期间不计入答复期限。",
    ]


def _fee_hints(ir: InfoRequest) -> list[str]:
    hints = []
    if ir.received_on is not None:
        n = applicant_month_position(ir)
        fee = per_application_fee(n)
        hints.append(
            f"按件计收：本申请是该申请人本月第 {n} 件申请，应收 {fee} 元"
            f"（每人每月前 {FREE_APPLICATIONS_PER_MONTH} 件免费）。"
        )
    hints.append(
        "按量计收：30页以内免费；31–100页每页10元；101–200页每页20元；201页以上每页40元（超额累进）。"
        "同一申请只能选择一种方式；金额由系统按《政府信息公开信息处理费管理办法》计算。"
    )
    hints.append("收费通知发出至缴费期间不计入答复期限；申请人应自收到通知次日起20个工作日内缴费。")
    return hints


def _unpaid_hints(ir: InfoRequest) -> list[str]:
    notice = ir.fee_notices.filter(paid_on__isnull=True, cancelled_on__isnull=True).first()
    if notice is None:
        return []
    last = payment_due(notice.notice_received_on or notice.sent_on, load_calendar()).due
    return [f"缴费期限为{zh_date(last)}，期满未缴费的，可终止办理。"]


def _extension_hints(ir: InfoRequest) -> list[str]:
    hints = ["延期答复只能一次，最长20个工作日，须经政务公开工作机构负责人同意并告知申请人。"]
    if ir.due_on is not None:
        hints.insert(0, f"当前答复期限为{zh_date(ir.due_on)}，须在此日期前告知申请人延期。")
    return hints


def _serve_hints(ir: InfoRequest) -> list[str]:
    return [
        "邮寄送达只能通过中国邮政，须填写邮件号码，以申请人签收日期为送达日期（国办公开办函〔2019〕235号）。",
    ]


STEPS: dict[str, Step] = {
    "confirm_receipt": Step(
        forms.ConfirmReceiptForm,
        services.info_request_confirm_receipt,
        ("received_on", "note"),
        done="已确认收到申请，答复期限开始计算。",
    ),
    "log_unreachable": Step(
        forms.LogUnreachableForm,
        services.info_request_log_unreachable,
        ("on", "note"),
        done="已记录无法联系申请人。",
    ),
    "dispatch": Step(
        forms.DispatchForm,
        services.info_request_dispatch,
        ("unit", "note", "dispatched_on"),
        done="已交办。",
    ),
    "accept": Step(
        forms.AcceptForm, services.info_request_accept, ("accepted_on",), done="已签收。"
    ),
    "transfer": Step(
        forms.TransferForm,
        services.info_request_transfer,
        ("unit", "reason", "transferred_on"),
        done="已转办。",
    ),
    "correction_issue": Step(
        forms.CorrectionIssueForm,
        services.correction_issue,
        ("issued_on", "items", "correct_by"),
        done="已登记补正告知，答复期限暂停计算。",
        hints=_correction_hints,
    ),
    "correction_receive": Step(
        forms.CorrectionReceiveForm,
        services.correction_receive,
        ("corrected_on", "note"),
        done="已登记补正材料，答复期限重新计算。",
    ),
    "close_no_correction": Step(
        forms.ClosingForm,
        services.info_request_close_no_correction,
        ("closed_on", "note"),
        done="已按逾期未补正终止办理。",
        hints=_correction_period,
    ),
    "consultation_start": Step(
        forms.ConsultationStartForm,
        services.consultation_start,
        ("kind", "party", "sent_on", "note"),
        done="已登记征求意见，征求意见期间不计入答复期限。",
        hints=_consultation_hints,
    ),
    "consultation_answer": Step(
        forms.ConsultationAnswerForm,
        services.consultation_answer,
        ("answered_on", "answer", "note"),
        row_kwarg="consultation",
        row=rows_of("consultations"),
        done="已登记征求意见答复。",
    ),
    "fee_notice_issue": Step(
        forms.FeeNoticeIssueForm,
        services.fee_notice_issue,
        ("method", "pages", "sent_on", "notice_received_on"),
        done="已登记收费通知。",
        hints=_fee_hints,
    ),
    "fee_notice_delivered": Step(
        forms.FeeDeliveredForm,
        services.fee_notice_delivered,
        ("notice_received_on",),
        row_kwarg="fee_notice",
        row=rows_of("fee_notices"),
    ),
    "fee_notice_paid": Step(
        forms.FeePaidForm,
        services.fee_notice_paid,
        ("paid_on", "receipt_number"),
        row_kwarg="fee_notice",
        row=rows_of("fee_notices"),
        done="已确认缴费，答复期限继续计算。",
    ),
    "fee_notice_cancel": Step(
        forms.FeeCancelForm,
        services.fee_notice_cancel,
        ("cancelled_on", "reason"),
        row_kwarg="fee_notice",
        row=rows_of("fee_notices"),
        done="已撤销收费通知。",
    ),
    "close_fee_unpaid": Step(
        forms.ClosingForm,
        services.info_request_close_fee_unpaid,
        ("closed_on", "note"),
        done="已按逾期未缴费终止办理。",
        hints=_unpaid_hints,
    ),
    "extension_grant": Step(
        forms.ExtensionForm,
        services.extension_grant,
        ("days", "reason", "notified_on", "approver", "approved_on"),
        done="已登记延期答复。",
        hints=_extension_hints,
    ),
    "mass_review_request": Step(
        forms.MassReviewRequestForm,
        services.mass_review_request_reasons,
        ("requested_on", "note"),
        done="已登记要求申请人说明理由。",
    ),
    "mass_review_decide": Step(
        forms.MassReviewDecideForm,
        services.mass_review_decide,
        ("decision", "decided_on", "reasons", "reasons_received_on", "custom_due_on"),
    ),
    "submit_reply": Step(
        forms.NoteForm, services.info_request_submit_reply, ("note",), done="已提交审核。"
    ),
    "review": Step(
        forms.ReviewForm,
        services.info_request_review,
        ("decision", "note"),
        convert=_decision("passed"),
        done="已保存审核意见。",
    ),
    "approve": Step(
        forms.ApproveForm,
        services.info_request_approve,
        ("decision", "note", "approved_on"),
        convert=_decision("approved"),
        done="已保存签发意见。",
    ),
    "serve": Step(
        forms.ServeForm,
        services.info_request_serve,
        ("method", "served_on", "sent_on", "tracking_number", "note"),
        done="已登记送达，申请办结。",
        hints=_serve_hints,
    ),
    "withdraw": Step(
        forms.WithdrawForm,
        services.info_request_withdraw,
        ("withdrawn_on", "note"),
        done="已登记申请人撤回申请。",
    ),
    "archive": Step(
        forms.ArchiveForm, services.info_request_archive, ("archived_on",), done="已归档。"
    ),
    "attachment_add": Step(
        forms.AttachmentForm,
        services.attachment_add,
        ("kind", "file"),
        done="已添加材料。",
        multipart=True,
    ),
    "reset_query_code": Step(
        forms.ConfirmForm,
        services.info_request_reset_query_code,
        result_template="info_requests/manage/query_code.html",
    ),
}


def register_steps(steps: dict[str, Step]) -> None:
    """Other modules of this package (remedies) add their steps here."""
    STEPS.update(steps)


@staff_required()
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, pk: int, action: str, row_id: int | None = None) -> HttpResponse:
    info_request = visible_request(request, pk)
    subtitle = [info_request.get_status_display()]
    if info_request.due_on and not info_request.closed_on:
        subtitle.append(f"答复期限 {info_request.due_on:%Y-%m-%d}")
    return step_page(
        request,
        case=info_request,
        key=action,
        row_id=row_id,
        table=TABLE,
        pages=STEPS,
        case_kwarg="info_request",
        back_url=detail_url(info_request),
        context={
            "crumbs": [
                ("依申请公开", reverse("info_requests:list")),
                (info_request.tracking_number, detail_url(info_request)),
            ],
            "case_title": info_request.tracking_number,
            "subtitle": subtitle,
            "stylesheets": ["info_requests/info_requests.css"],
        },
    )
