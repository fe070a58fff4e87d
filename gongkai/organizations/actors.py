"""Who is acting on a case.

Services are called with whatever the caller has: a signed-in user (views, the API), None (a
command, a sweep, the demo), or an `Actor` built here (the applicant acting inside a lookup
session). `actor_of` turns each into one `Actor`, whose `name` is what the case's timeline and
the audit log both record, so the two never disagree about who did something.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from .access import staff_of
from .models import Organisation, Staff


class ActorKind(enum.StrEnum):
    SYSTEM = "system"  # a command, a sweep, an import run by an operator, the demo
    STAFF = "staff"  # a user with an active Staff row: acts within their site and role
    PLATFORM = "platform"  # a superuser without a Staff row: operates the whole platform
    APPLICANT = "applicant"  # a citizen who proved to own a case (tracking number + query code)
    VISITOR = "visitor"  # an anonymous visitor
    UNAFFILIATED = "unaffiliated"  # signed in, but without an active Staff row


NAMES = {
    ActorKind.SYSTEM: "系统",
    ActorKind.APPLICANT: "申请人",
    ActorKind.VISITOR: "匿名访客",
}


@dataclass(frozen=True, eq=False)
class Actor:
    kind: ActorKind
    name: str
    user: Any = None
    staff: Staff | None = None

    # What older callers ask of a user object, so an Actor can be passed on unchanged.
    @property
    def is_authenticated(self) -> bool:
        return self.user is not None and bool(getattr(self.user, "is_authenticated", False))

    @property
    def pk(self) -> int | None:
        return self.user.pk if self.is_authenticated else None

    @property
    def user_id(self) -> int | None:
        return self.pk

    @property
    def organisation(self) -> Organisation | None:
        return self.staff.organisation if self.staff is not None else None

    @property
    def site_id(self) -> int | None:
        return self.staff.organisation.site_id if self.staff is not None else None

    @property
    def role(self) -> str:
        return self.staff.role if self.staff is not None else ""

    def audit_identity(self) -> tuple[int | None, str]:
        """(user id, name) for core.audit, which cannot import this module."""
        return self.pk, self.name

    def __str__(self) -> str:
        return self.name


def _user_name(user: Any) -> str:
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return (full or user.get_username())[:150]


def actor_of(value: Any) -> Actor:
    """The Actor for a service's `actor` argument (a user, None, or an Actor already)."""
    if isinstance(value, Actor):
        return value
    if value is None:
        return SYSTEM
    if not getattr(value, "is_authenticated", False) or not getattr(value, "is_active", True):
        return Actor(ActorKind.VISITOR, NAMES[ActorKind.VISITOR])
    staff = staff_of(value)
    if staff is not None:
        return Actor(ActorKind.STAFF, _user_name(value), value, staff)
    if getattr(value, "is_superuser", False):
        return Actor(ActorKind.PLATFORM, _user_name(value), value)
    return Actor(ActorKind.UNAFFILIATED, _user_name(value), value)


def applicant(name: str = NAMES[ActorKind.APPLICANT]) -> Actor:
    """The applicant, acting on their own case inside a lookup session."""
    return Actor(ActorKind.APPLICANT, name)


def actor_name(value: Any) -> str:
    return actor_of(value).name


def actor_user(value: Any) -> Any:
    """The user to link a row to (None for the system or the applicant)."""
    actor = actor_of(value)
    return actor.user if actor.is_authenticated else None


SYSTEM = Actor(ActorKind.SYSTEM, NAMES[ActorKind.SYSTEM])
