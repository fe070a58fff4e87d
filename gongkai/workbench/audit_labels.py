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
}

# Keys that services put into `changes` without being a field of the object's model.
EXTRA_FIELD_LABELS: dict[str, str] = {
    "username": "登录名",
    "password": "密码",
    "hosts": "域名",
    "claims": "认领单位",
    "standard_columns": "新建的标准栏目",
    "items_created": "新增事项数",
    "items_updated": "更新事项数",
    "items_deleted": "删除事项数",
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
