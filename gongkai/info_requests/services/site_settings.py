"""The per-site settings of the workflow: who the head of the disclosure work organ is."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core import audit
from gongkai.info_requests.audit_actions import INFO_REQUEST
from gongkai.organizations.access import staff_of
from gongkai.organizations.authority import SITE_STAFF, authorise
from gongkai.organizations.models import Role, Site

from ..models import RequestSettings


@transaction.atomic
def request_settings_update(
    *, site: Site, actor: Any, head_user: Any = None, tracking_prefix: str | None = None
) -> RequestSettings:
    """Name the head (an active disclosure-office member or leader of the site), or clear it
    (then any disclosure-office member approves). Administrators and the office may."""
    authorise(actor, (SITE_STAFF,), site_id=site.pk)
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
            actor=actor,
            action=INFO_REQUEST.key("settings"),
            obj=row,
            site_id=site.pk,
            changes=changes,
        )
    return row
