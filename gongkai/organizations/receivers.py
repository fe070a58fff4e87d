"""Audit of authentication events raised by Django and django-axes.

These are the only signal receivers in the project: login, logout and lockout happen inside
third-party code, so a signal is the one place to observe them.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from gongkai.core import audit

from .models import Staff


def _org_of(user: Any) -> Any:
    staff = Staff.objects.select_related("organisation").filter(user=user).first()
    return staff.organisation if staff else None


@receiver(user_logged_in, dispatch_uid="gongkai_audit_login")
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(actor=user, action="auth.login", obj=user, organisation=_org_of(user))


@receiver(user_logged_out, dispatch_uid="gongkai_audit_logout")
def audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(actor=user, action="auth.logout", obj=user, organisation=_org_of(user))


@receiver(user_locked_out, dispatch_uid="gongkai_audit_lockout")
def audit_lockout(
    sender: Any,
    request: Any,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    user = get_user_model().objects.filter(username=username).first() if username else None
    org = _org_of(user) if user else None
    audit.record(
        actor=None,
        action="auth.lockout",
        obj=user,
        organisation=org,
        site_id=getattr(getattr(request, "site", None), "pk", None) if org is None else None,
        object_repr=username or "",
        note=f"连续登录失败，账号已被临时锁定（IP {ip_address or '未知'}）",
    )
