"""The audit actions of information requests, their letters and the register import (see
core.audit_actions). Applications show on no public page."""

from gongkai.core.audit_actions import declare

INFO_REQUEST = declare(
    "info_request",
    "依申请公开",
    {
        "register": "收件登记",
        "confirm_receipt": "确认收到申请",
        "log_unreachable": "记录无法联系申请人",
        "attachment_add": "添加申请材料",
        "reset_query_code": "重置查询码",
        "dispatch": "交办",
        "accept": "签收",
        "transfer": "转办",
        "issue_correction": "告知补正",
        "receive_correction": "收到补正",
        "start_consultation": "征求意见",
        "answer_consultation": "收到征求意见答复",
        "issue_fee_notice": "发出收费通知",
        "fee_notice_delivered": "收费通知送达",
        "record_payment": "确认缴费",
        "cancel_fee_notice": "撤销收费通知",
        "grant_extension": "延期答复",
        "mass_review": "大量反复申请审查",
        "draft_reply": "撰写答复",
        "submit_reply": "提交审核",
        "review": "审核",
        "approve": "签发",
        "serve": "送达",
        "answer_on_the_spot": "当场答复",
        "withdraw": "申请人撤回",
        "close_no_correction": "逾期未补正终止办理",
        "close_fee_unpaid": "逾期未缴费终止办理",
        "archive": "归档",
        "recompute_due": "重算答复期限",
        "record_reconsideration": "登记行政复议",
        "update_reconsideration": "更新行政复议结果",
        "record_litigation": "登记行政诉讼",
        "update_litigation": "更新行政诉讼结果",
        "settings": "修改设置",
        "letter_issue": "出具文书",
    },
)
LETTERS = declare("letter_template", "", {"update": "修改文书模板", "reset": "恢复默认文书模板"})
LETTER_SETTINGS = declare("letter_settings", "", {"update": "修改文书设置"})
REGISTER = declare("register", "依申请公开", {"import": "导入台账"})
