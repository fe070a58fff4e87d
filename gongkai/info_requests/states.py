"""The workflow of an application (依申请公开办理流程) as data: statuses and allowed transitions.

Three steps close the loop (三步闭环): ① 收件登记 → 下发调度, ② 汇总撰写答复书 → 审核 → 签发,
③ 送达 → 分类整理归档. Statuses say where the application is in that loop and nothing else:

* Legal clocks are not statuses. A consultation or an unpaid fee stops the clock (a row with
  start and end), an extension adds days (a row), and "overdue" is computed from the stored due
  date. None of them moves the application out of the step it is in.
* How an application ended is its Outcome (one leaf of Table 三), not a status. A withdrawn,
  abandoned or fee-unpaid application is `closed` with outcome other_other, other_no_correction
  or other_fee_unpaid; a replied one is `served`. Both are archived afterwards.

Every service moves an application through `check_transition`, so a transition missing from
ALLOWED cannot happen, whichever view, import or command asks for it.
"""

from __future__ import annotations

from django.db import models

from gongkai.casework.workflow import Workflow


class Status(models.TextChoices):
    # Arrived by a channel whose receipt date is the day both sides confirm (online, fax,
    # e-mail, an unsigned letter), or the applicant could not be reached (207号): no clock yet.
    SUBMITTED = "submitted", "待确认"
    RECEIVED = "received", "已登记"  # the clock runs; the office has not dispatched it yet
    DISPATCHED = "dispatched", "已交办"  # with the responsible unit, not yet signed for
    AWAITING_CORRECTION = "awaiting_correction", "待补正"  # the single correction notice is out
    DRAFTING = "drafting", "办理中"  # the unit drafts the reply
    UNDER_REVIEW = "under_review", "待审核"  # the disclosure office reviews the draft
    AWAITING_APPROVAL = "awaiting_approval", "待签发"  # the office head approves
    APPROVED = "approved", "已签发"
    SERVED = "served", "已送达"  # closed: the reply reached the applicant
    CLOSED = "closed", "已终止办理"  # closed without a reply: withdrawn, abandoned, fee unpaid
    ARCHIVED = "archived", "已归档"


S = Status

# Closed = the outcome and the closing date are recorded; nothing about the reply changes any
# more (remedies may still be recorded against it).
CLOSED_STATUSES: frozenset[Status] = frozenset({S.SERVED, S.CLOSED, S.ARCHIVED})
OPEN_STATUSES: frozenset[Status] = frozenset(set(Status) - CLOSED_STATUSES)
# Statuses in which the reply clock runs and a due date exists (awaiting correction: the clock
# restarts from zero when the corrected application arrives, so there is no due date meanwhile).
CLOCK_STATUSES: frozenset[Status] = frozenset(
    {S.RECEIVED, S.DISPATCHED, S.DRAFTING, S.UNDER_REVIEW, S.AWAITING_APPROVAL, S.APPROVED}
)
# Where a unit (or the office) is still working the case: corrections, consultations and fee
# notices are issued here.
HANDLING_STATUSES: frozenset[Status] = frozenset({S.RECEIVED, S.DISPATCHED, S.DRAFTING})

# from → the statuses it may move to. Self-loops are real transitions (a transfer re-dispatches
# a dispatched application to another unit).
ALLOWED: dict[Status, frozenset[Status]] = {
    S.SUBMITTED: frozenset({S.RECEIVED, S.CLOSED}),
    S.RECEIVED: frozenset({S.DISPATCHED, S.AWAITING_CORRECTION, S.SERVED, S.CLOSED}),
    S.DISPATCHED: frozenset({S.DRAFTING, S.DISPATCHED, S.AWAITING_CORRECTION, S.CLOSED}),
    S.AWAITING_CORRECTION: frozenset({S.RECEIVED, S.DRAFTING, S.CLOSED}),
    S.DRAFTING: frozenset({S.UNDER_REVIEW, S.DISPATCHED, S.AWAITING_CORRECTION, S.CLOSED}),
    S.UNDER_REVIEW: frozenset({S.AWAITING_APPROVAL, S.DRAFTING, S.CLOSED}),
    S.AWAITING_APPROVAL: frozenset({S.APPROVED, S.DRAFTING, S.CLOSED}),
    S.APPROVED: frozenset({S.SERVED, S.CLOSED}),
    S.SERVED: frozenset({S.ARCHIVED}),
    S.CLOSED: frozenset({S.ARCHIVED}),
    S.ARCHIVED: frozenset(),
}

ALLOWED_PAIRS: frozenset[tuple[Status, Status]] = frozenset(
    (source, target) for source, targets in ALLOWED.items() for target in targets
)


class Action(models.TextChoices):
    """What an event row records: a transition, or a step that leaves the status as it is."""

    REGISTER = "register", "收件登记"
    LOG_UNREACHABLE = "log_unreachable", "记录无法联系申请人"
    CONFIRM_RECEIPT = "confirm_receipt", "确认收到申请"
    DISPATCH = "dispatch", "交办"
    TRANSFER = "transfer", "转办"
    ACCEPT = "accept", "签收"
    ISSUE_CORRECTION = "issue_correction", "发出补正告知"
    RECEIVE_CORRECTION = "receive_correction", "收到补正材料"
    START_CONSULTATION = "start_consultation", "发出征求意见函"
    ANSWER_CONSULTATION = "answer_consultation", "收到征求意见答复"
    ISSUE_FEE_NOTICE = "issue_fee_notice", "发出收费通知"
    RECORD_PAYMENT = "record_payment", "确认缴费"
    CANCEL_FEE_NOTICE = "cancel_fee_notice", "撤销收费通知"
    GRANT_EXTENSION = "grant_extension", "延期答复"
    MASS_REVIEW = "mass_review", "大量反复申请说明理由"
    DRAFT_REPLY = "draft_reply", "撰写答复"
    SUBMIT_REPLY = "submit_reply", "提交审核"
    PASS_REVIEW = "pass_review", "审核通过"
    RETURN_REVIEW = "return_review", "退回修改"
    APPROVE = "approve", "签发"
    RETURN_APPROVAL = "return_approval", "签发退回"
    ANSWER_ON_THE_SPOT = "answer_on_the_spot", "当场答复"
    SERVE = "serve", "送达"
    WITHDRAW = "withdraw", "申请人撤回"
    CLOSE_NO_CORRECTION = "close_no_correction", "逾期未补正终止办理"
    CLOSE_FEE_UNPAID = "close_fee_unpaid", "逾期未缴费终止办理"
    ARCHIVE = "archive", "归档"
    RESET_QUERY_CODE = "reset_query_code", "重置查询码"
    RECORD_REMEDY = "record_remedy", "登记复议诉讼"


# Actions that record a step without changing the status (their event's from equals its to).
STEP_ACTIONS: frozenset[Action] = frozenset(
    {
        Action.REGISTER,
        Action.LOG_UNREACHABLE,
        Action.START_CONSULTATION,
        Action.ANSWER_CONSULTATION,
        Action.ISSUE_FEE_NOTICE,
        Action.RECORD_PAYMENT,
        Action.CANCEL_FEE_NOTICE,
        Action.GRANT_EXTENSION,
        Action.MASS_REVIEW,
        Action.DRAFT_REPLY,
        Action.RESET_QUERY_CODE,
        Action.RECORD_REMEDY,
    }
)


WORKFLOW = Workflow(Status, ALLOWED)
# Raise a Chinese ValidationError unless ALLOWED has source → target.
check_transition = WORKFLOW.check


def is_open(status: Status | str) -> bool:
    return Status(status) in OPEN_STATUSES
