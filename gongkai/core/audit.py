"""Writing and expiring audit events. Every service calls `record` inside its transaction, so the
event and the change it describes commit or roll back together.

The request's IP address reaches services through a context variable set by
`AuditContextMiddleware`, so service signatures stay free of HTTP details.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count
from django.utils import timezone

from . import audit_actions
from .models import AuditEvent

_request_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_ip", default=None)


@contextmanager
def request_context(ip: str | None) -> Iterator[None]:
    token = _request_ip.set(ip)
    try:
        yield
    finally:
        _request_ip.reset(token)


def current_ip() -> str | None:
    return _request_ip.get()


def _plain(value: Any) -> Any:
    """A JSON-safe copy of a field value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields` (attribute names; FKs by their `_id`)."""
    result = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        result[name] = _plain(getattr(obj, attname))
    return result


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value changed (or that exist on one side)."""
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return {
        key: [before.get(key), after.get(key)] for key in keys if before.get(key) != after.get(key)
    }


def _actor_fields(actor: Any) -> tuple[int | None, str]:
    # A casework Actor knows its own name (the applicant acting in a lookup session is
    # "申请人" in the case's timeline and here alike).
    identity = getattr(actor, "audit_identity", None)
    if identity is not None:
        return identity()
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, "系统" if actor is None else "匿名访客"
    name = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return actor.pk, (name or actor.get_username())


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    site_id: int | None = None,
    organisation: Any = None,
    changes: Mapping[str, Any] | None = None,
    note: str = "",
    object_repr: str | None = None,
) -> AuditEvent:
    """Append one audit event.

    `actor` is a user (None for the system, an anonymous user for a citizen); `organisation` is
    the unit the change belongs to (any object with pk, site_id and full_name), which decides who
    may read the event.
    """
    if audit_actions.lookup(action) is None:
        # Every action is declared with its label and its effect on public pages.
        raise ValueError(f"undeclared audit action {action!r} (see core.audit_actions)")
    actor_id, actor_name = _actor_fields(actor)
    if organisation is not None and site_id is None:
        site_id = getattr(organisation, "site_id", None)
    return AuditEvent.objects.create(
        site_id=site_id,
        organisation_id=getattr(organisation, "pk", None),
        organisation_name=getattr(organisation, "full_name", "") or "",
        actor_id=actor_id,
        actor_name=actor_name[:150],
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(object_repr if object_repr is not None else (str(obj) if obj else ""))[:300],
        changes=_plain(dict(changes or {})),
        ip=current_ip(),
        note=note[:500],
    )


def retention_days() -> int:
    """How many days audit events are kept.

    settings.py already clamps to 180; clamping again keeps an override_settings or a
    hand-edited settings module from going below the minimum the requirement sets.
    """
    return max(180, int(settings.GONGKAI_AUDIT_RETENTION_DAYS))


def audit_events_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the events older than GONGKAI_AUDIT_RETENTION_DAYS; returns how many went.

    Safe to run twice: a second run finds nothing older than the cut-off. Each site whose rows
    were removed gets one `audit.purge` event, so the office can see when and how much of its
    log expired (the log of the purge is itself subject to retention later).
    """
    days = retention_days()
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    with transaction.atomic():
        expired = AuditEvent.objects.filter(created_at__lt=cutoff)
        per_site = list(
            expired.order_by().values_list("site_id").annotate(n=Count("id")).order_by("site_id")
        )
        deleted, _ = expired.delete()
        if deleted:
            local_cutoff = timezone.localtime(cutoff)
            for site_id, count in per_site:
                record(
                    actor=None,
                    action=audit_actions.CORE.key("purge"),
                    site_id=site_id,
                    object_repr="操作日志",
                    note=(
                        f"按保存期限 {days} 天清理 {local_cutoff:%Y-%m-%d %H:%M} 之前的"
                        f"操作日志 {count} 条"
                    ),
                )
    return deleted
