"""What every service of this app shares: who may act on an item, locking, the event, version and
audit rows every write leaves behind."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.casework.events import EventLog
from gongkai.core import audit
from gongkai.core.pii import mask_text
from gongkai.organizations.actors import actor_name, actor_user
from gongkai.organizations.authority import OFFICE, Rule, UnitStaff
from gongkai.organizations.authority import authorise as kit_authorise
from gongkai.organizations.models import UNIT_ROLES, Organisation, Role

from ..audit_actions import PUBLICATION
from ..models import Item, ItemEvent, ItemVersion, PublicationSettings
from ..states import WORKFLOW, Status

LEADER_ONLY = frozenset({Role.LEADER})
# Fields copied into the audit log. The body is left out (the log is read by more people than
# the item, and a draft's body may still hold personal data): a change of it is noted by size.
AUDIT_FIELDS = (
    "title",
    "organisation",
    "index_number",
    "document_number",
    "written_on",
    "published_at",
    "scheduled_at",
    "subject_category",
    "genre",
    "interpretation_kind",
    "keywords",
    "is_normative",
    "validity",
    "effective_on",
    "expires_on",
    "repealed_on",
    "disclosure_attribute",
    "attribute_reason",
    "standard_item",
    "status",
    "successor",
)
SNAPSHOT_FIELDS = (*AUDIT_FIELDS, "summary", "body_html", "withdrawal_reason", "withdrawn_at")


def authorise(
    actor: Any,
    organisation: Organisation,
    roles: Collection[str] = UNIT_ROLES,
    *,
    office: bool = False,
) -> None:
    """`actor` may act for `organisation` with one of `roles` (staff of it or of a unit above
    it: a township acts for its villages). `office=True` lets the disclosure office act too.
    The system (None) and a platform operator always may (casework.authority)."""
    leader_only = set(roles) == LEADER_ONLY
    rules: list[Rule] = [
        UnitStaff(
            organisation,
            roles=frozenset(roles),
            message="这不是本单位的信息。",
            role_message=(
                "只有本单位分管领导可以进行此操作。" if leader_only else "您的角色无权进行此操作。"
            ),
        )
    ]
    if office:
        rules.append(OFFICE)
    kit_authorise(actor, rules, site_id=organisation.site_id)


def lock(item: Item) -> Item:
    return (
        Item.objects.select_for_update(of=("self",))
        .select_related("organisation", "site")
        .get(pk=item.pk)
    )


def require_status(item: Item, *statuses: str) -> None:
    if item.status not in statuses:
        shown = "、".join(Status(s).label for s in statuses)
        raise ValidationError(
            f"此信息当前为“{item.get_status_display()}”，只有{shown}的信息可以进行此操作。",
            code="status",
        )


def settings_for(site_id: int) -> PublicationSettings:
    """The site's settings row, or the defaults (unsaved) when the office never changed them."""
    row = PublicationSettings.objects.filter(site_id=site_id).first()
    return row if row is not None else PublicationSettings(site_id=site_id)


def snapshot(item: Item) -> dict[str, Any]:
    """Everything a version keeps: the fields, the columns, the links and the attachments."""
    data = audit.snapshot(item, SNAPSHOT_FIELDS)
    data["columns"] = sorted(item.columns.values_list("pk", flat=True))
    data["interprets"] = sorted(item.interprets.values_list("pk", flat=True))
    data["attachments"] = [
        {"id": a.pk, "name": a.original_name, "kind": a.kind, "size": a.size, "sha256": a.sha256}
        for a in item.attachments.filter(removed_at__isnull=True).order_by("sort_order", "id")
    ]
    return data


def audit_view(data: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a snapshot the audit log may hold: no body, personal data in the title
    masked."""
    view = {name: data.get(name) for name in AUDIT_FIELDS if name in data}
    title = view.get("title")
    if isinstance(title, str):
        view["title"] = mask_text(title)
    for name in ("columns", "interprets"):
        if name in data:
            view[name] = data[name]
    if "attachments" in data:
        view["attachments"] = [a["name"] for a in data["attachments"]]
    if "body_html" in data:
        view["body_html"] = f"{len(data['body_html'] or '')} 字符"
    return view


def write_version(item: Item, action: str, actor: Any) -> ItemVersion:
    """Bump the item's version counter and keep a snapshot under the new number."""
    item.version += 1
    Item.objects.filter(pk=item.pk).update(version=item.version)
    return ItemVersion.objects.create(
        item=item,
        number=item.version,
        data=snapshot(item),
        action=action,
        actor=actor_user(actor),
        actor_name=actor_name(actor),
    )


__all__ = ["actor_name", "actor_user"]


def first_version(item: Item, action: str, actor: Any) -> ItemVersion:
    return ItemVersion.objects.create(
        item=item,
        number=item.version,
        data=snapshot(item),
        action=action,
        actor=actor_user(actor),
        actor_name=actor_name(actor),
    )


# Every move and step of an item leaves an ItemEvent (casework.events).
LOG = EventLog(ItemEvent, "item", WORKFLOW)


def created(item: Item, actor: Any) -> ItemEvent:
    """The first event of a new item (from nothing to its first status)."""
    return LOG.event(item, "create", actor=actor, from_status="")


def move(item: Item, target: str, action: str, actor: Any, note: str = "") -> str:
    """Check and record a transition; the caller saves the item's fields. Returns the status
    it came from."""
    before = item.status
    LOG.move(item, target, action, actor=actor, note=note)
    return before


def record(
    item: Item,
    action: str,
    actor: Any,
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    note: str = "",
) -> None:
    changes = audit.diff(audit_view(before or {}), audit_view(after or {}))
    audit.record(
        actor=actor,
        action=PUBLICATION.key(action),
        obj=item,
        organisation=item.organisation,
        site_id=item.site_id,
        changes=changes,
        note=note,
        object_repr=mask_text(item.title)[:300],
    )


def now() -> Any:
    return timezone.now()
