"""Reads with rules: who sees which item in the workbench, what the public sees, the lists of the
workbench (awaiting approval, PII hits, missing interpretations) and the timeliness warnings.

The portal and the public API build on `public_items`, `filter_items` and
`public_item_detail`; nothing else decides what is public.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from gongkai.core.calendar import load_calendar
from gongkai.organizations.access import staff_of
from gongkai.organizations.models import SITE_ROLES, Organisation, OrganisationKind, Role, Site

from .choices import DisclosureAttribute, Genre, PiiStatus
from .models import Attachment, Interpretation, Item, PiiHit, PublicationSettings
from .states import Status
from .timeliness import InterpretationClock, Lateness, interpretation_clock, publication_lateness

PUBLIC_STATUSES = (Status.PUBLISHED, Status.WITHDRAWN)
# Normative documents "issued in the government's name" (以政府名义): by the county government
# or its office.
GOVERNMENT_KINDS = (OrganisationKind.GOVERNMENT, OrganisationKind.OFFICE)


def local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(value).date() if value is not None else None


def site_settings(site_id: int) -> PublicationSettings:
    row = PublicationSettings.objects.filter(site_id=site_id).first()
    return row if row is not None else PublicationSettings(site_id=site_id)


# --- visibility -------------------------------------------------------------------------------


def items_visible_to(user: Any) -> QuerySet[Item]:
    """Items a staff member may open in the workbench, in every status: the whole site for the
    disclosure office and administrators, the own unit and the units below it (a township's
    villages) for a unit's staff. Never another site's."""
    staff = staff_of(user)
    if staff is None:
        return Item.objects.none()
    org = staff.organisation
    qs = Item.objects.filter(site_id=org.site_id)
    if staff.role in SITE_ROLES:
        return qs
    return qs.filter(organisation__path__startswith=org.path)


def public_items(site: Site | int) -> QuerySet[Item]:
    """What the public may see: actively disclosed items that are published, or withdrawn (their
    page shows the withdrawal notice instead of the content). Drafts, pending and scheduled
    items and 依申请/不予公开 items never."""
    site_id = site if isinstance(site, int) else site.pk
    return Item.objects.filter(
        site_id=site_id,
        status__in=PUBLIC_STATUSES,
        disclosure_attribute=DisclosureAttribute.ACTIVE,
    )


def published_items(site: Site | int) -> QuerySet[Item]:
    """Public and not withdrawn: what lists, feeds and sitemaps carry."""
    return public_items(site).filter(status=Status.PUBLISHED)


def filter_items(
    qs: QuerySet[Item],
    *,
    organisation: Organisation | int | None = None,
    column: Any = None,
    subject_category: str = "",
    genre: str = "",
    validity: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    keyword: str = "",
    status: str = "",
    is_normative: bool | None = None,
) -> QuerySet[Item]:
    """The portal's list filters (also the API's and the workbench's). Dates are publication
    dates in the site's time zone, both ends included."""
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if column is not None:
        qs = qs.filter(columns=column)
    if subject_category:
        qs = qs.filter(subject_category=subject_category)
    if genre:
        qs = qs.filter(genre=genre)
    if validity:
        qs = qs.filter(validity=validity)
    if is_normative is not None:
        qs = qs.filter(is_normative=is_normative)
    if status:
        qs = qs.filter(status=status)
    tz = timezone.get_current_timezone()
    if date_from is not None:
        start = dt.datetime.combine(date_from, dt.time.min, tzinfo=tz)
        qs = qs.filter(published_at__gte=start)
    if date_to is not None:
        end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        qs = qs.filter(published_at__lt=end)
    keyword = " ".join((keyword or "").split())
    if keyword:
        qs = qs.filter(
            Q(title__icontains=keyword)
            | Q(document_number__icontains=keyword)
            | Q(keywords__icontains=keyword)
            | Q(index_number__icontains=keyword)
        )
    return qs.distinct() if column is not None else qs


@dataclass
class PublicItem:
    """An item as its public page shows it. A withdrawn item shows its metadata, the notice and
    the successor, but neither body nor attachments."""

    item: Item
    attachments: list[Attachment] = field(default_factory=list)
    interpretations: list[Item] = field(default_factory=list)  # items interpreting this one
    interprets: list[Item] = field(default_factory=list)  # documents this one interprets
    successor: Item | None = None

    @property
    def withdrawn(self) -> bool:
        return self.item.status == Status.WITHDRAWN

    @property
    def body_html(self) -> str:
        return "" if self.withdrawn else self.item.body_html


def public_item_detail(site: Site | int, pk: int) -> PublicItem | None:
    item = public_items(site).select_related("organisation").filter(pk=pk).first()
    if item is None:
        return None
    published = published_items(site)
    detail = PublicItem(item=item)
    if not detail.withdrawn:
        detail.attachments = list(item.attachments.filter(removed_at__isnull=True))
    detail.interpretations, detail.interprets = _linked(published, item.pk)
    if item.successor_id:
        detail.successor = public_items(site).filter(pk=item.successor_id).first()
    return detail


# What a page shows of a linked item (title, date, address) and what its validators need.
LINK_FIELDS = ("pk", "site_id", "title", "index_number", "published_at", "updated_at", "status")


def _linked(published: QuerySet[Item], pk: int) -> tuple[list[Item], list[Item]]:
    """(published interpretations of item `pk`, published documents it interprets), oldest
    first. One query on the link table; a second, for the linked items, only when there are
    links (most items have none)."""
    links = list(
        Interpretation.objects.filter(Q(policy_id=pk) | Q(interpretation_id=pk)).values_list(
            "policy_id", "interpretation_id"
        )
    )
    if not links:
        return [], []
    readers = {i for p, i in links if p == pk}
    documents = {p for p, i in links if i == pk}
    found = list(
        published.filter(pk__in=readers | documents)
        .only(*LINK_FIELDS)
        .order_by("published_at", "pk")
    )
    return [o for o in found if o.pk in readers], [o for o in found if o.pk in documents]


def public_attachment(pk: int) -> Attachment | None:
    """An attachment anyone may download: live, of a published, actively disclosed item."""
    return (
        Attachment.objects.select_related("item")
        .filter(
            pk=pk,
            removed_at__isnull=True,
            item__status=Status.PUBLISHED,
            item__disclosure_attribute=DisclosureAttribute.ACTIVE,
        )
        .first()
    )


# --- workbench lists --------------------------------------------------------------------------


def my_drafts(user: Any) -> QuerySet[Item]:
    return items_visible_to(user).filter(status=Status.DRAFT).order_by("-updated_at", "-pk")


def items_awaiting_approval(user: Any) -> QuerySet[Item]:
    """Pending items the user, as a leader, approves (their unit and the units below it)."""
    staff = staff_of(user)
    if staff is None or staff.role != Role.LEADER:
        return Item.objects.none()
    return (
        items_visible_to(user)
        .filter(status=Status.PENDING)
        .select_related("organisation")
        .order_by("updated_at", "pk")
    )


def my_pii_hits(user: Any) -> QuerySet[PiiHit]:
    """Open hits on the items the user may see."""
    return (
        PiiHit.objects.filter(status=PiiStatus.OPEN, item__in=items_visible_to(user))
        .select_related("item", "item__organisation", "attachment")
        .order_by("item__status", "item_id", "location", "start")
    )


@dataclass(frozen=True)
class MissingInterpretation:
    item: Item
    clock: InterpretationClock


def missing_interpretations(
    site: Site | int,
    today: dt.date | None = None,
    *,
    organisation: Organisation | None = None,
    include_not_yet_due: bool = False,
) -> list[MissingInterpretation]:
    """Normative documents issued in the government's name, published, with no published
    interpretation after the configured lag (3 working days by default). Imported items are
    left out: they are an old site's history, not this year's work."""
    site_id = site if isinstance(site, int) else site.pk
    today = today or timezone.localdate()
    lag = site_settings(site_id).interpretation_lag_days
    interpreted = Interpretation.objects.filter(
        policy=OuterRef("pk"), interpretation__status=Status.PUBLISHED
    )
    qs = (
        published_items(site_id)
        .filter(is_normative=True, organisation__kind__in=GOVERNMENT_KINDS, imported=False)
        .exclude(genre=Genre.INTERPRETATION)
        .exclude(Exists(interpreted))
        .select_related("organisation")
        .order_by("published_at", "pk")
    )
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    calendar = load_calendar()
    result = []
    for item in qs:
        published_on = local_date(item.published_at)
        if published_on is None:  # pragma: no cover - published items have a date
            continue
        clock = interpretation_clock(published_on, today, calendar, lag)
        if clock.overdue or include_not_yet_due:
            result.append(MissingInterpretation(item, clock))
    return result


def missing_interpretations_for(user: Any, today: dt.date | None = None) -> list[Any]:
    """The list as the user may see it: the office the whole site, the government's and the
    office's own staff their unit's documents, everyone else nothing."""
    staff = staff_of(user)
    if staff is None:
        return []
    site_id = staff.organisation.site_id
    if staff.role in SITE_ROLES:
        return missing_interpretations(site_id, today)
    if staff.organisation.kind in GOVERNMENT_KINDS:
        return missing_interpretations(site_id, today, organisation=staff.organisation)
    return []


def lateness(item: Item) -> Lateness | None:
    """Art. 26 for a published item (or, before publication, as of today)."""
    if item.written_on is None:
        return None
    published_on = local_date(item.published_at) or timezone.localdate()
    if published_on < item.written_on:
        return None
    deadline = site_settings(item.site_id).publication_deadline_days
    return publication_lateness(item.written_on, published_on, load_calendar(), deadline)
