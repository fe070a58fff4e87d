"""The review workflow: submit → approve (or reject) → publish (now or at a set time) →
withdraw. See states.py for the transitions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.catalog.services import column_record_publication

from ..models import Item
from ..states import Status
from ._base import (
    LEADER_ONLY,
    actor_user,
    authorise,
    lock,
    move,
    now,
    record,
    require_status,
    snapshot,
    write_version,
)
from ._clean import missing_for_submission
from .indexing import recount_columns, reindex, searchable
from .numbers import assign_index_number
from .pii import require_no_open_hits

NOTE_MAX = 1000


def _note(note: str, *, required: str = "") -> str:
    note = (note or "").strip()
    if required and not note:
        raise ValidationError({"note": required})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": f"说明不能超过 {NOTE_MAX} 字。"})
    return note


@transaction.atomic
def item_submit(*, item: Item, actor: Any, note: str = "") -> Item:
    """A clerk (A角 or B角) or the leader sends a complete, PII-free draft for review."""
    item = lock(item)
    authorise(actor, item.organisation)
    require_status(item, Status.DRAFT)
    missing = missing_for_submission(item)
    if missing:
        raise ValidationError(f"提交审核前请补充：{'、'.join(missing)}。", code="incomplete")
    require_no_open_hits(item)
    move(item, Status.PENDING, "submit", actor, _note(note))
    item.save(update_fields=["status", "updated_at"])
    write_version(item, "submit", actor)
    record(item, "submit", actor, before={"status": Status.DRAFT}, after={"status": item.status})
    return item


@transaction.atomic
def item_reject(*, item: Item, actor: Any, note: str) -> Item:
    """The leader sends the item back to draft with the reason."""
    item = lock(item)
    authorise(actor, item.organisation, LEADER_ONLY)
    require_status(item, Status.PENDING)
    move(item, Status.DRAFT, "reject", actor, _note(note, required="请填写退回理由。"))
    item.save(update_fields=["status", "updated_at"])
    write_version(item, "reject", actor)
    record(item, "reject", actor, before={"status": Status.PENDING}, after={"status": "draft"})
    return item


@transaction.atomic
def item_approve(
    *,
    item: Item,
    actor: Any,
    secrecy_confirmed: bool,
    scheduled_at: dt.datetime | None = None,
    note: str = "",
) -> Item:
    """The leader approves, confirming the 保密审查. Published at once, or at `scheduled_at`
    (or the time the clerk proposed) when that is still ahead."""
    item = lock(item)
    authorise(actor, item.organisation, LEADER_ONLY)
    require_status(item, Status.PENDING)
    if not secrecy_confirmed:
        raise ValidationError({"secrecy_confirmed": "请确认已完成保密审查。"})
    if scheduled_at is not None and (
        not isinstance(scheduled_at, dt.datetime) or timezone.is_naive(scheduled_at)
    ):
        raise ValidationError({"scheduled_at": "定时发布时间格式不正确。"})
    require_no_open_hits(item)
    current = now()
    when = scheduled_at or item.scheduled_at
    item.secrecy_reviewed = True
    item.approved_by = actor_user(actor)
    item.approved_at = current
    note = _note(note)
    if when is not None and when > current:
        item.scheduled_at = when
        move(item, Status.SCHEDULED, "approve", actor, note)
        item.save()
        write_version(item, "approve", actor)
        record(item, "approve", actor, before={"status": Status.PENDING}, after=snapshot(item))
        return item
    move(item, Status.PUBLISHED, "approve", actor, note)
    record(item, "approve", actor, before={"status": Status.PENDING}, after={"status": item.status})
    _publish(item, current, actor)
    return item


def _publish(item: Item, published_at: dt.datetime, actor: Any) -> None:
    """Number, date, index and count the item; the status is already set by the caller."""
    assign_index_number(item, published_at)
    item.published_at = published_at
    item.save()
    write_version(item, "publish", actor)
    if searchable(item):
        reindex(item)
        for column in item.columns.all():
            column_record_publication(column=column, published_at=published_at)
    record(item, "publish", actor, after=snapshot(item))


@transaction.atomic
def item_publish_now(*, item: Item, actor: Any) -> Item:
    """The leader publishes an approved item before its set time."""
    item = lock(item)
    authorise(actor, item.organisation, LEADER_ONLY)
    require_status(item, Status.SCHEDULED)
    require_no_open_hits(item)
    move(item, Status.PUBLISHED, "publish", actor, "提前发布")
    _publish(item, now(), actor)
    return item


@transaction.atomic
def item_unschedule(*, item: Item, actor: Any, note: str = "") -> Item:
    """The leader takes back an approval before the set time: the item is a draft again."""
    item = lock(item)
    authorise(actor, item.organisation, LEADER_ONLY)
    require_status(item, Status.SCHEDULED)
    move(item, Status.DRAFT, "unschedule", actor, _note(note))
    item.secrecy_reviewed = False
    item.approved_by = None
    item.approved_at = None
    item.save()
    write_version(item, "unschedule", actor)
    record(item, "unschedule", actor, before={"status": Status.SCHEDULED}, after=snapshot(item))
    return item


def items_publish_due(*, at: dt.datetime | None = None) -> int:
    """Publish every approved item whose time has come (the sweep; Celery beat and `gongkai
    publish_due_items`). Safe to run twice or in parallel: each item is re-read under its lock
    and published only if it is still scheduled and due (compare-and-set). Returns how many."""
    at = at or now()
    due = list(
        Item.objects.filter(status=Status.SCHEDULED, scheduled_at__lte=at)
        .order_by("scheduled_at", "pk")
        .values_list("pk", flat=True)
    )
    published = 0
    for pk in due:
        with transaction.atomic():
            item = Item.objects.select_for_update(of=("self",)).filter(pk=pk).first()
            if item is None or item.status != Status.SCHEDULED:
                continue
            if item.scheduled_at is None or item.scheduled_at > at:
                continue
            try:
                require_no_open_hits(item)
            except ValidationError:
                # Cannot happen through the services (content is frozen once approved); if it
                # does, the item waits for a person rather than going out with personal data.
                continue
            move(item, Status.PUBLISHED, "publish", None, "定时发布")
            _publish(item, now(), None)
            published += 1
    return published


@transaction.atomic
def item_withdraw(*, item: Item, actor: Any, reason: str, successor: Item | None = None) -> Item:
    """Take a published item off the portal (撤回). Its page stays with a public notice and the
    reason, linking to the successor that replaces it; it keeps its 索引号 for good."""
    item = lock(item)
    authorise(actor, item.organisation, LEADER_ONLY)
    require_status(item, Status.PUBLISHED)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": "请填写撤回理由（将向公众公示）。"})
    if len(reason) > NOTE_MAX:
        raise ValidationError({"reason": f"撤回理由不能超过 {NOTE_MAX} 字。"})
    if successor is not None:
        if successor.pk == item.pk or successor.site_id != item.site_id:
            raise ValidationError({"successor": "替代信息必须是本站点的另一条信息。"})
        if successor.status != Status.PUBLISHED:
            raise ValidationError({"successor": "替代信息必须是已发布的信息。"})
    before = snapshot(item)
    move(item, Status.WITHDRAWN, "withdraw", actor, reason)
    item.withdrawal_reason = reason
    item.withdrawn_at = now()
    item.successor = successor
    item.save()
    write_version(item, "withdraw", actor)
    reindex(item)
    recount_columns(before["columns"])
    record(item, "withdraw", actor, before=before, after=snapshot(item), note=reason)
    return item
