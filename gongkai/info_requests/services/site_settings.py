"""The per-site settings of the workflow: who the head of the disclosure work organ is."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.core import audit
from gongkai.organizations.access import staff_of
from gongkai.organizations.models import Role, Site

from ..models import RequestSettings
from ._base import platform_user


@transaction.atomic
def request_settings_update(
    *, site: Site, actor: Any, head_user: Any = None, tracking_prefix: str | None = None
) -> RequestSettings:
    """Name the head (an active disclosure-office member or leader of the site), or clear it
    (then any disclosure-office member approves). Administrators and the office may."""
    if actor is not None and not platform_user(actor):
        staff = staff_of(actor)
        if staff is None or staff.organisation.site_id != site.pk:
            raise PermissionDenied("不能管理其他站点的设置。")
        if staff.role not in (Role.ADMIN, Role.OFFICE):
            raise PermissionDenied("您的角色无权进行此操作。")
    if head_user is not None:
        head = staff_of(head_user)
        if head is None or head.organisation.site_id != site.pk:
            raise ValidationError({"head_user": "负责人须是本站点的在岗工作人员。"})
        if head.role not in (Role.OFFICE, Role.LEADER):
            raise ValidationError({"head_user": "负责人须是政务公开办公室人员或分管领导。"})
    row, _ = RequestSettings.objects.select_for_update().get_or_create(site=site)
    before = audit.snapshot(row, ("head_user", "tracking_prefix"))
    row.head_user = head_user
    if tracking_prefix is not None:
        row.tracking_prefix = tracking_prefix.strip().upper()
    row.full_clean(exclude=["site", "head_user"])
    row.save()
    changes = audit.diff(before, audit.snapshot(row, ("head_user", "tracking_prefix")))
    if changes:
        audit.record(
            actor=actor, action="info_request.settings", obj=row, site_id=site.pk, changes=changes
        )
    return row
