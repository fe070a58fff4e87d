"""The audit actions of the disclosure catalog (see core.audit_actions). Columns name every
page's breadcrumbs and the section trees: every action makes every page stale."""

from gongkai.core.audit_actions import Stale, declare

CATALOG = declare(
    "catalog",
    "",
    {
        "column_create": "新增栏目",
        "column_update": "修改栏目",
        "column_move": "调整栏目顺序",
        "column_retire": "停用栏目",
        "column_restore": "恢复栏目",
        "claim": "认领栏目",
        "unclaim": "取消栏目认领",
        "column_map": "关联标准目录事项",
        "ensure_standard": "补齐标准栏目",
        "standard_load": "载入内置标准目录",
        "standard_import": "导入标准目录",
    },
    stale=Stale.ALL,
)
