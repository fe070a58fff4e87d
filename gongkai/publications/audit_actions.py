"""The audit actions of government information items (see core.audit_actions). An item's action
makes its own pages and the lists that show it stale; a bulk import (no single item) every
page; the settings none."""

from gongkai.core.audit_actions import Stale, declare

PUBLICATION = declare(
    "publication",
    "政府信息",
    {
        "create": "起草",
        "update": "修改草稿",
        "submit": "提交审核",
        "approve": "审核通过",
        "reject": "退回修改",
        "publish": "发布",
        "unschedule": "撤销定时发布",
        "revise": "修改已发布信息",
        "withdraw": "撤回",
        "attachment_add": "上传附件",
        "attachment_remove": "删除附件",
        "mask_pii": "个人信息脱敏",
        "clear_pii": "确认无需脱敏",
        "scan_pii": "个人信息复查",
        "import": "批量导入",
        "settings": "修改发布设置",
    },
    stale=Stale.OBJECT,
    stale_verbs={"import": Stale.ALL, "settings": Stale.NONE},
)
