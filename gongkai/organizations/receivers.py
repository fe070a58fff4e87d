"""Audit of authentication events raised by Django and django-axes.

These are the only signal receivers in the project: login, logout and lockout happen inside
third-party code, so a signal is the one place to observe them.
"""

from __future__ import annotations

import time
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from gongkai.core import audit
from gongkai.core.audit_actions import AUTH
from gongkai.core.middleware import SESSION_LAST_SEEN

from .models import Organisation, Staff

LOGOUT_NOTES = {"idle": "空闲超时，系统自动退出"}


def organisation_of(user: Any) -> Organisation | None:
    """The unit a user's audit events belong to (also for a Staff row no longer active)."""
    if user is None or user.pk is None:
        return None
    staff = Staff.objects.select_related("organisation").filter(user=user).first()
    return staff.organisation if staff else None


@receiver(user_logged_in, dispatch_uid="gongkai_audit_login")
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(actor=user, action=AUTH.key("login"), obj=user, organisation=organisation_of(user))
    session = getattr(request, "session", None)
    if session is not None:
        # The idle clock starts at sign-in, not at the next page the user happens to open.
        session[SESSION_LAST_SEEN] = int(time.time())


@receiver(user_logged_out, dispatch_uid="gongkai_audit_logout")
def audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        reason = getattr(request, "gongkai_logout_reason", "")
        audit.record(
            actor=user,
            action=AUTH.key("logout"),
            obj=user,
            organisation=organisation_of(user),
            note=LOGOUT_NOTES.get(reason, ""),
        )


@receiver(user_locked_out, dispatch_uid="gongkai_audit_lockout")
def audit_lockout(
    sender: Any,
    request: Any,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    """One event per lockout, when the failure that crosses the limit is recorded.

    Axes sends the signal again for every attempt refused while the lock holds; axes leaves
    `axes_failures_since_start` unset for those (None). Logging each of them would let anyone
    with a script fill the append-only log, so only the transition is audited.
    """
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None or failures > settings.AXES_FAILURE_LIMIT:
        return
    user = get_user_model().objects.filter(username=username).first() if username else None
    org = organisation_of(user)
    site = getattr(request, "site", None)
    audit.record(
        actor=None,
        action=AUTH.key("lockout"),
        obj=user,
        organisation=org,
        site_id=None if org is not None else getattr(site, "pk", None),
        object_repr=username or "",
        note=f"连续 {failures} 次登录失败，账号已被临时锁定（IP {ip_address or '未知'}）",
    )
