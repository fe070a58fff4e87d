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
    NavItem("工作日历", "workbench:calendar", frozenset({Role.ADMIN, Role.OFFICE})),
    NavItem("操作日志", "workbench:audit", ALL),
    NavItem("API 令牌", "workbench:api_tokens", ALL),
)
