"""How audit events read in Chinese: action names, object types, changed fields and values.

Services record machine names ("organisation.update", {"full_name": [before, after]}); the log
page and its export show them to the office in words. A capability that records a new action
adds its label here; an action without a label is shown as recorded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from gongkai.core.models import AuditEvent

ACTION_LABELS: dict[str, str] = {
    "auth.login": "登录",
    "auth.logout": "退出登录",
    "auth.lockout": "账号锁定",
    "auth.password_change": "修改密码",
    "site.create": "新建站点",
    "site.update": "修改站点",
    "organisation.create": "新建机构",
    "organisation.update": "修改机构",
    "staff.create": "新增工作人员",
    "staff.update": "修改工作人员",
    "api_token.create": "创建 API 令牌",
    "api_token.revoke": "吊销 API 令牌",
    "calendar.day_set": "修改工作日历",
    "calendar.import": "导入工作日历",
    "calendar.seed": "生成工作日历",
    "audit.purge": "清理过期操作日志",
    "publication.create": "政府信息：起草",
    "publication.update": "政府信息：修改草稿",
    "publication.submit": "政府信息：提交审核",
    "publication.approve": "政府信息：审核通过",
    "publication.reject": "政府信息：退回修改",
    "publication.publish": "政府信息：发布",
    "publication.unschedule": "政府信息：撤销定时发布",
    "publication.revise": "政府信息：修改已发布信息",
    "publication.withdraw": "政府信息：撤回",
    "publication.attachment_add": "政府信息：上传附件",
    "publication.attachment_remove": "政府信息：删除附件",
    "publication.mask_pii": "政府信息：个人信息脱敏",
    "publication.clear_pii": "政府信息：确认无需脱敏",
    "publication.scan_pii": "政府信息：个人信息复查",
    "publication.import": "政府信息：批量导入",
    "publication.settings": "政府信息：修改发布设置",
    "catalog.column_create": "新增栏目",
    "catalog.column_update": "修改栏目",
    "catalog.column_move": "调整栏目顺序",
    "catalog.column_retire": "停用栏目",
    "catalog.column_restore": "恢复栏目",
    "catalog.claim": "认领栏目",
    "catalog.unclaim": "取消栏目认领",
    "catalog.column_map": "关联标准目录事项",
    "catalog.ensure_standard": "补齐标准栏目",
    "catalog.standard_load": "载入内置标准目录",
    "catalog.standard_import": "导入标准目录",
    "info_request.register": "依申请公开：收件登记",
    "info_request.confirm_receipt": "依申请公开：确认收到申请",
    "info_request.log_unreachable": "依申请公开：记录无法联系申请人",
    "info_request.attachment_add": "依申请公开：添加申请材料",
    "info_request.reset_query_code": "依申请公开：重置查询码",
    "info_request.dispatch": "依申请公开：交办",
    "info_request.accept": "依申请公开：签收",
    "info_request.transfer": "依申请公开：转办",
    "info_request.issue_correction": "依申请公开：告知补正",
    "info_request.receive_correction": "依申请公开：收到补正",
    "info_request.start_consultation": "依申请公开：征求意见",
    "info_request.answer_consultation": "依申请公开：收到征求意见答复",
    "info_request.issue_fee_notice": "依申请公开：发出收费通知",
    "info_request.fee_notice_delivered": "依申请公开：收费通知送达",
    "info_request.record_payment": "依申请公开：确认缴费",
    "info_request.cancel_fee_notice": "依申请公开：撤销收费通知",
    "info_request.grant_extension": "依申请公开：延期答复",
    "info_request.mass_review": "依申请公开：大量反复申请审查",
    "info_request.draft_reply": "依申请公开：撰写答复",
    "info_request.submit_reply": "依申请公开：提交审核",
    "info_request.review": "依申请公开：审核",
    "info_request.approve": "依申请公开：签发",
    "info_request.serve": "依申请公开：送达",
    "info_request.answer_on_the_spot": "依申请公开：当场答复",
    "info_request.withdraw": "依申请公开：申请人撤回",
    "info_request.close_no_correction": "依申请公开：逾期未补正终止办理",
    "info_request.close_fee_unpaid": "依申请公开：逾期未缴费终止办理",
    "info_request.archive": "依申请公开：归档",
    "info_request.recompute_due": "依申请公开：重算答复期限",
    "info_request.record_reconsideration": "依申请公开：登记行政复议",
    "info_request.update_reconsideration": "依申请公开：更新行政复议结果",
    "info_request.record_litigation": "依申请公开：登记行政诉讼",
    "info_request.update_litigation": "依申请公开：更新行政诉讼结果",
    "info_request.settings": "依申请公开：修改设置",
    "info_request.letter_issue": "依申请公开：出具文书",
    "letter_template.update": "修改文书模板",
    "letter_template.reset": "恢复默认文书模板",
    "letter_settings.update": "修改文书设置",
    "register.import": "依申请公开：导入台账",
    "report.create": "年度报告：创建",
    "report.update_sections": "年度报告：编辑正文",
    "report.update_table2": "年度报告：填写表二",
    "report.fill_normative": "年度报告：自动统计规范性文件",
    "report.refresh": "年度报告：重新核算",
    "report.submit": "年度报告：锁定并报送",
    "report.return": "年度报告：退回修改",
    "report.publish": "年度报告：提交发布审核",
    "report.republish": "年度报告：重新提交发布审核",
    "report.published": "年度报告：已发布",
    "report.reminder": "年度报告：发布期限提醒",
}

# Keys that services put into `changes` without being a field of the object's model.
EXTRA_FIELD_LABELS: dict[str, str] = {
    "username": "登录名",
    "attachments": "附件",
    "password": "密码",
    "hosts": "域名",
    "claims": "认领单位",
    "standard_columns": "新建的标准栏目",
    "items_created": "新增事项数",
    "items_updated": "更新事项数",
    "items_deleted": "删除事项数",
    "withheld_parts": "不予公开部分",
    "attachment": "申请材料",
    "reconsideration": "行政复议",
    "litigation": "行政诉讼",
}

EMPTY = "（空）"


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def _model(object_type: str) -> type[models.Model] | None:
    if not object_type:
        return None
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        # A model renamed or removed since the event was written: the raw label still says what
        # it was.
        return None


def object_type_label(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


def _field(object_type: str, name: str) -> models.Field[Any, Any] | None:
    model = _model(object_type)
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def format_value(value: Any, field: models.Field[Any, Any] | None = None) -> str:
    """A recorded value as a person reads it: choices by their label, booleans as 是/否."""
    if value is None or value == "":
        return EMPTY
    if field is not None and field.choices and not isinstance(value, list | dict):
        choices = {str(k): v for k, v in field.flatchoices}
        if str(value) in choices:
            return str(choices[str(value)])
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(format_value(v) for v in value) or EMPTY
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


@dataclass(frozen=True)
class ChangeLine:
    label: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.label}：{self.before} → {self.after}"


def change_lines(event: AuditEvent) -> list[ChangeLine]:
    """One line per changed field, in the order the service recorded them."""
    changes = event.changes if isinstance(event.changes, dict) else {}
    lines = []
    for name, pair in changes.items():
        if isinstance(pair, list) and len(pair) == 2:
            before, after = pair
        else:
            # Not the {field: [before, after]} shape: show what was recorded as the new value.
            before, after = None, pair
        field = _field(event.object_type, name)
        label = str(field.verbose_name) if field else EXTRA_FIELD_LABELS.get(name, name)
        lines.append(ChangeLine(label, format_value(before, field), format_value(after, field)))
    return lines
