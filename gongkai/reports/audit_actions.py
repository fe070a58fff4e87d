"""The audit actions of annual reports (see core.audit_actions). A report reaches the portal as
an item, whose own actions make the pages stale."""

from gongkai.core.audit_actions import declare

REPORT = declare(
    "report",
    "年度报告",
    {
        "create": "创建",
        "update_sections": "编辑正文",
        "update_table2": "填写表二",
        "fill_normative": "自动统计规范性文件",
        "refresh": "重新核算",
        "submit": "锁定并报送",
        "return": "退回修改",
        "publish": "提交发布审核",
        "republish": "重新提交发布审核",
        "published": "已发布",
        "reminder": "发布期限提醒",
    },
)
