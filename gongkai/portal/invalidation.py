"""What makes stored portal pages stale (ADR 0013).

Every write in gongkai is audited, so the audit log is the one place that sees them all: a
receiver on each new AuditEvent turns it into page-cache bumps.

* An item's event (create, edit, submit, publish, withdraw, attachment, PII, ...): the item's own
  page, the pages that show its title — the documents it interprets and the interpretations of
  it, before and after the change, and the withdrawn items it replaced —, the lists of its
  columns and their ancestors (a single-page column shows its item in full), and the site-wide
  lists (the home page).
* A publications event about no single item (a bulk import may link interpretations): every page.
* Anything about the catalog, a unit or a site (breadcrumbs, names, the footer): every page.
* The rest (information requests, reports, calendar, accounts) shows on no cached page.

Which of these an action is, is declared once with the action (`Stale` in core.audit_actions).

The bumps are written at once — so a reader inside the same transaction, or a test, sees them —
and again after commit, so that a page rendered meanwhile from the old data is not kept.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save

from gongkai.catalog.models import Column
from gongkai.core import audit_actions
from gongkai.core.audit_actions import Stale
from gongkai.core.models import AuditEvent
from gongkai.publications.models import Interpretation, Item

from .pagecache import LISTS, bump_all, bump_tags, column_tag, item_tag

ITEM_TYPE = Item._meta.label_lower


def _ids(value: Any) -> set[int]:
    """Item ids out of an audit diff value (a list of ids, or a [before, after] pair of them)."""
    found: set[int] = set()
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, list | tuple):
            stack.extend(current)
        elif isinstance(current, int) and not isinstance(current, bool):
            found.add(current)
    return found


def item_pages(pk: int, changes: dict[str, Any] | None = None) -> set[int]:
    """The items whose public page shows item `pk`: itself, its interpretation links both ways
    (now, and as the change's diff had them before), and the items it succeeded."""
    linked = Interpretation.objects.filter(Q(policy_id=pk) | Q(interpretation_id=pk))
    pages = {pk}
    for policy_id, interpretation_id in linked.values_list("policy_id", "interpretation_id"):
        pages.update((policy_id, interpretation_id))
    pages.update(Item.objects.filter(successor_id=pk).values_list("pk", flat=True))
    pages.update(_ids((changes or {}).get("interprets")))
    return pages


def list_pages(pks: set[int], changes: dict[str, Any] | None = None) -> set[int]:
    """The columns whose list (or single page) shows one of the items `pks`: their columns
    (now, and before the change) and the ancestors (a container lists its sub-columns' items)."""
    through = Item.columns.through.objects.filter(item_id__in=pks)
    ids = set(through.values_list("column_id", flat=True)) | _ids((changes or {}).get("columns"))
    columns: set[int] = set(ids)
    for path in Column.objects.filter(pk__in=ids).values_list("path", flat=True):
        columns.update(int(part) for part in path.split("/") if part.isdigit())
    return columns


def _bump(tags: list[str] | None) -> None:
    def apply() -> None:
        if tags is None:
            bump_all()
        else:
            bump_tags(tags)

    apply()
    transaction.on_commit(apply, robust=True)


def stale_pages(event: AuditEvent) -> list[str] | None:
    """The tags an event makes stale: a list (possibly empty), or None for every page. What an
    action can touch is declared with the action (core.audit_actions); an undeclared one (an
    event from an older release) is taken to touch every page."""
    declared = audit_actions.lookup(event.action)
    stale = declared.stale if declared is not None else Stale.ALL
    if stale == Stale.NONE:
        return []
    if stale == Stale.OBJECT and event.object_type == ITEM_TYPE and event.object_id.isdigit():
        pk, changes = int(event.object_id), event.changes
        return [
            *(item_tag(other) for other in sorted(item_pages(pk, changes))),
            *(column_tag(column) for column in sorted(list_pages({pk}, changes))),
            LISTS,
        ]
    # Every page: a site-wide change, or an object whose pages this module cannot name.
    return None


def _on_audit_event(sender: Any, instance: AuditEvent, created: bool, **kwargs: Any) -> None:
    if not created:
        return
    tags = stale_pages(instance)
    if tags is None or tags:
        _bump(tags)


def connect() -> None:
    post_save.connect(_on_audit_event, sender=AuditEvent, dispatch_uid="portal_page_cache")
