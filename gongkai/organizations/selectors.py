"""Reads with rules: visibility of organisations, staff and audit events; the AB-gap list."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from gongkai.core.models import AuditEvent

from .access import staff_of
from .models import CLERK_ROLES, SITE_ROLES, Organisation, Role, Site, SiteHost, Staff


def site_for_host(host: str) -> Site | None:
    """The site serving `host` (without port), else the default site, else None."""
    host = host.split(":", 1)[0].strip().lower().rstrip(".")
    match = SiteHost.objects.select_related("site").filter(host=host).first()
    if match is not None:
        return match.site
    return Site.objects.filter(is_default=True).first()


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    """Organisations a staff member may manage: the whole site for the disclosure office and
    administrators, the own unit and its subtree (a township's villages) for everyone else."""
    staff = staff_of(user)
    if staff is None:
        return Organisation.objects.none()
    org = staff.organisation
    qs = Organisation.objects.filter(site_id=org.site_id)
    if staff.role in SITE_ROLES:
        return qs
    return qs.filter(path__startswith=org.path)


def staff_visible_to(user: Any) -> QuerySet[Staff]:
    return Staff.objects.filter(organisation__in=organisations_visible_to(user)).select_related(
        "user", "organisation"
    )


def audit_events_visible_to(user: Any) -> QuerySet[AuditEvent]:
    """The disclosure office and administrators read the whole site's log; a unit's staff read
    the events of the organisations they manage."""
    staff = staff_of(user)
    if staff is None:
        return AuditEvent.objects.none()
    if staff.role in SITE_ROLES:
        return AuditEvent.objects.filter(site_id=staff.organisation.site_id)
    org_ids = organisations_visible_to(user).values_list("pk", flat=True)
    return AuditEvent.objects.filter(organisation_id__in=list(org_ids))


def public_organisations(site: Site) -> QuerySet[Organisation]:
    """What the portal lists: the site's active units (their contacts are public by Art. 20(2))."""
    return Organisation.objects.filter(site=site, is_active=True)


def ab_gaps(site: Site) -> QuerySet[Organisation]:
    """Units with fewer than two active A/B staff (AB角缺位), annotated with their counts.

    Which kinds must keep an A/B pair is GONGKAI_AB_KINDS (villages publish through their
    township by default)."""
    active_clerk = Q(staff__is_active=True, staff__user__is_active=True)
    return (
        Organisation.objects.filter(site=site, is_active=True, kind__in=settings.GONGKAI_AB_KINDS)
        .annotate(
            clerk_a_count=Count(
                "staff", filter=active_clerk & Q(staff__role=Role.CLERK_A), distinct=True
            ),
            clerk_b_count=Count(
                "staff", filter=active_clerk & Q(staff__role=Role.CLERK_B), distinct=True
            ),
            clerk_count=Count(
                "staff", filter=active_clerk & Q(staff__role__in=CLERK_ROLES), distinct=True
            ),
        )
        .filter(clerk_count__lt=2)
        .order_by("kind", "sort_order", "id")
    )
