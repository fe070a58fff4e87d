"""How audit events read in Chinese: action names, object types, changed fields and values.

Services record machine names ("organisation.update", {"full_name": [before, after]}); the log
page and its export show them to the office in words. Action labels come from each app's
declaration (core.audit_actions); an action recorded before it was renamed shows as recorded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from gongkai.core import audit_actions
from gongkai.core.models import AuditEvent

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
    return audit_actions.label(action)


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
