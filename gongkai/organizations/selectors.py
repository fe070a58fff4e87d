"""Reads with rules: visibility of organisations, staff and audit events; the AB-gap list."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from gongkai.core.models import AuditEvent

from .access import staff_of
from .models import CLERK_ROLES, SITE_ROLES, Organisation, Role, Site, SiteHost, Staff
from .validators import normalise_host


def site_for_host(host: str) -> Site | None:
    """The site serving `host` (any case, with or without port), else the default site, else
    None."""
    match = SiteHost.objects.select_related("site").filter(host=normalise_host(host)).first()
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
    """Staff of the organisations the user may see (active or not: managers reactivate)."""
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
    return AuditEvent.objects.filter(
        site_id=staff.organisation.site_id, organisation_id__in=list(org_ids)
    )


def organisation_depth(org: Organisation) -> int:
    """0 for a root ("/1/"), 1 for its children, and so on."""
    return max(org.path.count("/") - 2, 0)


def tree_sorted(orgs: Iterable[Organisation]) -> list[Organisation]:
    """`orgs` in tree order: each unit followed by its subtree, siblings by (sort_order, id).

    Sorting the path string in the database would be shorter, but PostgreSQL's locale collations
    ignore the "/" separators and would interleave subtrees."""
    orgs = list(orgs)
    keys = {org.pk: (org.sort_order, org.pk) for org in orgs}
    # Ancestors outside `orgs` (a clerk's tree starts at the clerk's unit) are looked up once.
    missing = {pk for org in orgs for pk in _path_ids(org) if pk not in keys}
    if missing:
        for pk, sort_order in Organisation.objects.filter(pk__in=missing).values_list(
            "pk", "sort_order"
        ):
            keys[pk] = (sort_order, pk)
    return sorted(orgs, key=lambda org: [keys.get(pk, (0, pk)) for pk in _path_ids(org)])


def _path_ids(org: Organisation) -> list[int]:
    return [int(part) for part in org.path.strip("/").split("/") if part]


def organisation_tree(
    user: Any, *, kind: str = "", query: str = ""
) -> list[tuple[Organisation, int]]:
    """The organisations visible to `user` in tree order (each unit followed by its subtree,
    siblings by sort order), with their depth; optionally only one kind, or only units whose
    name, short name, code or credit code contains `query`."""
    visible = tree_sorted(organisations_visible_to(user))
    query = query.strip().lower()
    rows = []
    for org in visible:
        if kind and org.kind != kind:
            continue
        if query and not any(
            query in value.lower()
            for value in (org.full_name, org.short_name, org.code, org.credit_code)
        ):
            continue
        rows.append((org, organisation_depth(org)))
    return rows


def public_organisations(site: Site) -> QuerySet[Organisation]:
    """What the portal lists: the site's active units (their contacts are public by Art. 20(2))."""
    return Organisation.objects.filter(site=site, is_active=True)


def ab_gaps(site: Site) -> QuerySet[Organisation]:
    """Units without an active A角 and an active B角 (AB角缺位), annotated with their counts.

    Two A角 and no B角 is a gap too: the pair exists so that the B角 stands in for the A角.

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
        .filter(Q(clerk_count__lt=2) | Q(clerk_a_count=0) | Q(clerk_b_count=0))
        .order_by("kind", "sort_order", "id")
    )
