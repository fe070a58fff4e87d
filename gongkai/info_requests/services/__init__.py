"""Every write of the 依申请公开 capability. One module per step of the loop; import from here."""

from ._base import recompute_due
from .clock import (
    consultation_answer,
    consultation_start,
    correction_issue,
    correction_receive,
    recompute_open_due_dates,
)
from .closing import (
    info_request_answer_on_the_spot,
    info_request_archive,
    info_request_close_fee_unpaid,
    info_request_close_no_correction,
    info_request_serve,
    info_request_withdraw,
    info_request_withdraw_online,
)
from .dispatch import info_request_accept, info_request_dispatch, info_request_transfer
from .extension import extension_grant, mass_review_decide, mass_review_request_reasons
from .fees import fee_notice_cancel, fee_notice_delivered, fee_notice_issue, fee_notice_paid
from .intake import (
    Registration,
    attachment_add,
    info_request_confirm_receipt,
    info_request_log_unreachable,
    info_request_register,
    info_request_reset_query_code,
    next_tracking_number,
)
from .remedies import (
    litigation_record,
    litigation_update,
    reconsideration_record,
    reconsideration_update,
)
from .reply import (
    WithheldPartInput,
    info_request_approve,
    info_request_draft_reply,
    info_request_review,
    info_request_submit_reply,
)
from .site_settings import request_settings_update

__all__ = [
    "Registration",
    "WithheldPartInput",
    "attachment_add",
    "consultation_answer",
    "consultation_start",
    "correction_issue",
    "correction_receive",
    "extension_grant",
    "fee_notice_cancel",
    "fee_notice_delivered",
    "fee_notice_issue",
    "fee_notice_paid",
    "info_request_accept",
    "info_request_answer_on_the_spot",
    "info_request_approve",
    "info_request_archive",
    "info_request_close_fee_unpaid",
    "info_request_close_no_correction",
    "info_request_confirm_receipt",
    "info_request_dispatch",
    "info_request_draft_reply",
    "info_request_log_unreachable",
    "info_request_register",
    "info_request_reset_query_code",
    "info_request_review",
    "info_request_serve",
    "info_request_submit_reply",
    "info_request_transfer",
    "info_request_withdraw",
    "info_request_withdraw_online",
    "litigation_record",
    "litigation_update",
    "mass_review_decide",
    "mass_review_request_reasons",
    "next_tracking_number",
    "recompute_due",
    "recompute_open_due_dates",
    "reconsideration_record",
    "reconsideration_update",
    "request_settings_update",
]
