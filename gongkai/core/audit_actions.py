"""The audit actions of every app, declared once.

A service records `organisation.update` or `info_request.dispatch`; the log page shows "修改机构"
and "依申请公开：交办", and the portal's page cache must know whether the change can show on a
public page. Both read the declaration here, never the action's spelling:

    ACTIONS = declare("info_request", "依申请公开", {"dispatch": "交办", ...})
    audit.record(action=ACTIONS.key("dispatch"), ...)

`audit.record` refuses an action nobody declared, so a label can never be missing and a new
action that changes public pages cannot forget to say so.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass


class Stale(enum.Enum):
    """Which stored public pages an action can make stale (ADR 0013)."""

    NONE = "none"  # shows on no public page (requests, reports, accounts, the calendar)
    OBJECT = "object"  # the audited object's own pages and the lists that show it
    ALL = "all"  # names, trees or the footer: every page


@dataclass(frozen=True)
class AuditAction:
    key: str  # "<prefix>.<verb>", stored in AuditEvent.action
    label: str  # how the log page shows it
    stale: Stale = Stale.NONE


_REGISTRY: dict[str, AuditAction] = {}


@dataclass(frozen=True)
class ActionGroup:
    """One app's declared actions."""

    prefix: str
    actions: Mapping[str, AuditAction]

    def key(self, verb: str) -> str:
        """The stored key of `verb`; KeyError for an undeclared one (a bug, not bad input)."""
        return self.actions[verb].key

    def __contains__(self, verb: object) -> bool:
        return verb in self.actions


def declare(
    prefix: str,
    group_label: str,
    verbs: Mapping[str, str],
    *,
    stale: Stale = Stale.NONE,
    stale_verbs: Mapping[str, Stale] | None = None,
) -> ActionGroup:
    """Declare `prefix.<verb>` for each verb, labelled "<group_label>：<label>" (or just the label
    when `group_label` is empty). `stale` is the default page effect, `stale_verbs` overrides it
    per verb. Declaring the same key twice with another meaning is an error."""
    actions: dict[str, AuditAction] = {}
    for verb, label in verbs.items():
        key = f"{prefix}.{verb}"
        effect = (stale_verbs or {}).get(verb, stale)
        action = AuditAction(key, f"{group_label}：{label}" if group_label else label, effect)
        known = _REGISTRY.get(key)
        if known is not None and known != action:
            raise ValueError(f"audit action {key!r} declared twice differently")
        _REGISTRY[key] = actions[verb] = action
    return ActionGroup(prefix, actions)


def lookup(key: str) -> AuditAction | None:
    return _REGISTRY.get(key)


def declared() -> dict[str, AuditAction]:
    return dict(_REGISTRY)


def label(key: str) -> str:
    """The action's label; an event written before its action was renamed shows as recorded."""
    action = _REGISTRY.get(key)
    return action.label if action is not None else key


# The kernel's own actions.
CORE = declare(
    "audit",
    "",
    {"purge": "清理过期操作日志"},
)
AUTH = declare(
    "auth",
    "",
    {"login": "登录", "logout": "退出登录", "lockout": "账号锁定", "password_change": "修改密码"},
)
CALENDAR = declare(
    "calendar",
    "",
    {"day_set": "修改工作日历", "import": "导入工作日历", "seed": "生成工作日历"},
)
