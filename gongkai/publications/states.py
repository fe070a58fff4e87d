"""The review workflow of an item (先审后发) as data: statuses and allowed transitions.

草稿 → 待审核 (the unit's leader reviews, including the 保密审查) → 已发布, or 待发布 when the
approval names a later time → 已撤回. A rejected item goes back to 草稿. A published item may be
revised in place (a new version; it stays published and keeps its 索引号). Withdrawal is final:
a corrected text is a new item linked as the successor.
"""

from __future__ import annotations

from django.db import models

from gongkai.casework.workflow import Workflow


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    PENDING = "pending", "待审核"
    SCHEDULED = "scheduled", "待发布"  # approved, to be published at scheduled_at
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


S = Status

ALLOWED: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.PENDING}),
    S.PENDING: frozenset({S.DRAFT, S.SCHEDULED, S.PUBLISHED}),
    # The leader may take back an approval before the time comes (back to draft).
    S.SCHEDULED: frozenset({S.PUBLISHED, S.DRAFT}),
    # published → published is a revision (new version, same 索引号).
    S.PUBLISHED: frozenset({S.PUBLISHED, S.WITHDRAWN}),
    S.WITHDRAWN: frozenset(),
}

# Statuses whose content may still change without a leader (the unit's own drafts).
EDITABLE = frozenset({S.DRAFT})
# Statuses that have been through approval and carry a 索引号 (or will at publication).
RELEASED = frozenset({S.PUBLISHED, S.WITHDRAWN})


WORKFLOW = Workflow(Status, ALLOWED)
check_transition = WORKFLOW.check


# How the workflow steps (ItemEvent.action, ItemVersion.action) read in the workbench.
ACTION_LABELS = {
    "create": "起草",
    "update": "修改草稿",
    "submit": "提交审核",
    "approve": "审核通过",
    "reject": "退回修改",
    "publish": "发布",
    "unschedule": "撤销定时发布",
    "revise": "修改已发布信息",
    "withdraw": "撤回",
    "import": "批量导入",
    "mask_pii": "脱敏",
    "attachment_add": "上传附件",
    "attachment_remove": "删除附件",
}


def status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value
