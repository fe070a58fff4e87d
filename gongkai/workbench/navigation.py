"""The workbench's navigation, by role. Later capabilities add their entries here."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.organizations.models import Role

ALL = frozenset(Role)
SITE_WIDE = frozenset({Role.OFFICE, Role.ADMIN})


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[Role]


NAV: tuple[NavItem, ...] = (
    NavItem("工作台首页", "workbench:home", ALL),
    NavItem("机构管理", "organizations:list", SITE_WIDE),
    NavItem("人员管理", "organizations:staff_list", SITE_WIDE),
    NavItem(
        "本单位人员", "organizations:my_unit", frozenset({Role.LEADER, Role.CLERK_A, Role.CLERK_B})
    ),
    NavItem("AB角缺位", "workbench:ab_gaps", SITE_WIDE),
    NavItem("公开目录", "catalog:tree", SITE_WIDE),
    NavItem("本单位栏目", "catalog:mine", ALL),
    NavItem("标准目录", "catalog:standard", ALL),
    NavItem("目录覆盖", "catalog:coverage", SITE_WIDE),
    NavItem("栏目健康", "catalog:health", SITE_WIDE),
    NavItem("台账导入", "register_import:upload", SITE_WIDE),
    NavItem("信息发布", "publications:desk", ALL),
    NavItem("政府信息", "publications:list", ALL),
    NavItem("待我审核", "publications:awaiting", frozenset({Role.LEADER})),
    NavItem("个人信息检查", "publications:pii", ALL),
    NavItem("缺少政策解读", "publications:missing", SITE_WIDE),
    NavItem(
        "批量导入信息",
        "publications:import",
        frozenset({Role.OFFICE, Role.ADMIN, Role.LEADER}),
    ),
    NavItem("信息发布设置", "publications:settings", SITE_WIDE),
    NavItem("依申请公开", "info_requests:list", ALL),
    NavItem("年度报告", "reports:list", ALL),
    NavItem("统计分析", "reports:statistics", ALL),
    NavItem("答复书模板", "letters:templates", frozenset({Role.OFFICE})),
    NavItem("工作日历", "workbench:calendar", frozenset({Role.ADMIN, Role.OFFICE})),
    NavItem("操作日志", "workbench:audit", ALL),
    NavItem("API 令牌", "workbench:api_tokens", ALL),
)
