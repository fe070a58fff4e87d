"""One `authorise()` for every case-handling service, over rules that name who may act.

A step names its rules (the site's disclosure office; the staff of the handling unit; the named
head of the organ that signs), and `authorise` decides the same way for every app:

* the system (None) may do anything a service offers;
* a platform operator (a superuser without a Staff row) may act, except for personal acts that
  the law ties to a named office-holder (签发, approving an extension);
* the applicant may act only where a rule names the applicant;
* anyone else needs an active Staff row on the case's site, and one rule that allows them.

The refusal names the first rule's reason, in Chinese.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import PermissionDenied

from .actors import Actor, ActorKind, actor_of
from .models import SITE_ROLES, UNIT_ROLES, Organisation, Role

NO_STAFF = "此账号没有在岗的工作人员身份，请联系系统管理员。"
OTHER_SITE = "不能办理其他站点的事务。"
NOT_PLATFORM = "平台管理员不能以本机关负责人的名义签批，请由负责人本人办理。"


class Rule(Protocol):
    @property
    def personal(self) -> bool:
        """A personal act (签发, approving an extension) is the named person's own."""

    def refusal(self, actor: Actor) -> str | None:
        """None when the rule lets `actor` act, else the reason in Chinese."""


class Inherit(enum.Enum):
    """Whether staff of a unit above the case's unit may act for it."""

    NONE = "none"  # the unit's own staff only
    SUBTREE = "subtree"  # any unit above (a township for its villages)
    CONFIGURED = "configured"  # units above that are set to act for their subunits


def _ancestor_may_act(staff_org: Organisation, unit: Organisation, inherit: Inherit) -> bool:
    if staff_org.pk == unit.pk:
        return True
    if inherit == Inherit.NONE or not unit.path.startswith(staff_org.path):
        return False
    if inherit == Inherit.SUBTREE:
        return True
    return bool(getattr(staff_org, "acts_for_subunits", False))


@dataclass(frozen=True)
class SiteRole:
    """Staff of the site with one of `roles` (by default the disclosure office)."""

    roles: frozenset[str] = frozenset({Role.OFFICE})
    message: str = "只有政务公开办公室可以进行此操作。"
    personal: bool = False

    def refusal(self, actor: Actor) -> str | None:
        return None if actor.role in self.roles else self.message


OFFICE = SiteRole()
# The disclosure office or an administrator of the site (settings, imports).
SITE_STAFF = SiteRole(frozenset(SITE_ROLES), "您的角色无权进行此操作。")


@dataclass(frozen=True)
class UnitStaff:
    """Staff of `unit` with one of `roles` (and of the units above it, by `inherit`)."""

    unit: Organisation | None
    roles: frozenset[str] = frozenset(UNIT_ROLES)
    inherit: Inherit = Inherit.SUBTREE
    message: str = "这不是本单位办理的事项。"
    role_message: str = "您的角色无权进行此操作。"
    personal: bool = False

    def refusal(self, actor: Actor) -> str | None:
        org = actor.organisation
        if self.unit is None or org is None:
            return self.message
        if not _ancestor_may_act(org, self.unit, self.inherit):
            return self.message
        if actor.role not in self.roles:
            return self.role_message
        return None


@dataclass(frozen=True)
class NamedPeople:
    """One of the named users (a head of disclosure work), and none of `excluded` (the drafter
    may not sign their own draft, the requester not approve their own extension)."""

    user_ids: frozenset[int]
    message: str
    excluded: frozenset[int] = frozenset()
    excluded_message: str = ""
    personal: bool = True

    def refusal(self, actor: Actor) -> str | None:
        if actor.pk is None or actor.pk not in self.user_ids:
            return self.message
        if actor.pk in self.excluded:
            return self.excluded_message or self.message
        return None


@dataclass(frozen=True)
class TheApplicant:
    """The applicant of the case, acting in a lookup session the caller has opened."""

    personal: bool = False
    message: str = "只有申请人本人可以进行此操作。"

    def refusal(self, actor: Actor) -> str | None:
        return None if actor.kind == ActorKind.APPLICANT else self.message


@dataclass(frozen=True)
class Nobody:
    """No one may (a step closed to everyone in this configuration), with the reason."""

    message: str
    personal: bool = field(default=False)

    def refusal(self, actor: Actor) -> str | None:
        return self.message


def authorise(actor: Any, rules: Iterable[Rule], *, site_id: int | None) -> Actor:
    """The acting Actor if one of `rules` lets them act on a case of `site_id`; PermissionDenied
    with the reason otherwise."""
    actor = actor_of(actor)
    rules = list(rules)
    if actor.kind == ActorKind.SYSTEM:
        return actor
    if actor.kind == ActorKind.PLATFORM:
        if any(not rule.personal and not isinstance(rule, Nobody) for rule in rules):
            return actor
        raise PermissionDenied(NOT_PLATFORM if rules else NO_STAFF)
    if actor.kind == ActorKind.APPLICANT:
        if any(isinstance(rule, TheApplicant) for rule in rules):
            return actor
        raise PermissionDenied(NO_STAFF)
    if actor.kind != ActorKind.STAFF:
        raise PermissionDenied(NO_STAFF)
    if site_id is not None and actor.site_id != site_id:
        raise PermissionDenied(OTHER_SITE)
    reasons = []
    for rule in rules:
        reason = rule.refusal(actor)
        if reason is None:
            return actor
        reasons.append(reason)
    raise PermissionDenied(reasons[0] if reasons else "您无权进行此操作。")


def permitted(actor: Any, rules: Iterable[Rule], *, site_id: int | None) -> bool:
    try:
        authorise(actor, rules, site_id=site_id)
    except PermissionDenied:
        return False
    return True
