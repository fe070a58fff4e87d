"""The PII guard (敏感个人信息检查): scanning an item, masking and clearing hits.

Every open hit blocks submission, approval and publication. A scan keeps the reviewers' past
decisions: a value cleared once stays cleared while it is still there; hits whose value has
disappeared (the clerk edited the text) become "gone". Title, summary and body are masked in
place (one click, the decisions table's format); an attachment cannot be masked (it is a binary
file), so it is replaced or cleared with a reason.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from gongkai.core.files import DOCUMENT_KINDS
from gongkai.core.pii import PiiMatch, find_pii, mask_text

from ..choices import ExtractionStatus, PiiKind, PiiLocation, PiiStatus
from ..models import Attachment, Item, PiiHit
from ..states import Status
from ._base import authorise, lock, now, record, snapshot, write_version
from .indexing import reindex

TEXT_LOCATIONS = (PiiLocation.TITLE, PiiLocation.SUMMARY, PiiLocation.BODY)
_FIELD = {
    PiiLocation.TITLE: "title",
    PiiLocation.SUMMARY: "summary",
    PiiLocation.BODY: "body_html",
}
UNSCANNED_HASH = "unscanned"
REASON_MAX = 300


def value_hash(kind: str, value: str) -> str:
    """A keyed hash of the value as written without separators: the same number is recognised
    on the next scan however it was spaced, and cannot be recovered from the hash."""
    norm = unicodedata.normalize("NFKC", value).replace(" ", "").replace("-", "").upper()
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{kind}:{norm}".encode(), hashlib.sha256).hexdigest()


@dataclass
class Found:
    kind: str
    masked: str
    start: int
    end: int
    occurrences: int = 1


def _group(matches: list[PiiMatch]) -> dict[str, Found]:
    found: dict[str, Found] = {}
    for m in matches:
        key = value_hash(m.kind, m.value)
        if key in found:
            found[key].occurrences += 1
        else:
            found[key] = Found(m.kind, m.masked[:120], m.start, m.end)
    return found


def _sync(
    item: Item, location: str, found: dict[str, Found], attachment: Attachment | None = None
) -> None:
    existing = PiiHit.objects.filter(item=item, location=location, attachment=attachment).exclude(
        status=PiiStatus.GONE
    )
    by_hash: dict[str, list[PiiHit]] = defaultdict(list)
    for hit in existing:
        by_hash[hit.value_hash].append(hit)
    for key, hits in by_hash.items():
        current = found.get(key)
        for hit in hits:
            if current is None:
                # Masked hits stay as history; an unresolved hit whose value vanished is gone.
                if hit.status in (PiiStatus.OPEN, PiiStatus.CLEARED):
                    hit.status = PiiStatus.GONE
                    hit.save(update_fields=["status"])
            elif hit.status in (PiiStatus.OPEN, PiiStatus.CLEARED):
                hit.start, hit.end, hit.occurrences = (
                    current.start,
                    current.end,
                    current.occurrences,
                )
                hit.save(update_fields=["start", "end", "occurrences"])
    new = [
        PiiHit(
            item=item,
            location=location,
            attachment=attachment,
            kind=f.kind,
            masked=f.masked,
            value_hash=key,
            start=f.start,
            end=f.end,
            occurrences=f.occurrences,
        )
        for key, f in found.items()
        if not any(h.status in (PiiStatus.OPEN, PiiStatus.CLEARED) for h in by_hash.get(key, []))
    ]
    PiiHit.objects.bulk_create(new)


def attachment_findings(attachment: Attachment) -> dict[str, Found]:
    if attachment.extraction == ExtractionStatus.EXTRACTED:
        return _group(find_pii(attachment.extracted_text))
    if attachment.kind in DOCUMENT_KINDS:
        return {UNSCANNED_HASH: Found(PiiKind.UNSCANNED, attachment.original_name[:120], 0, 0)}
    # Images, audio and video are reviewed by the leader with the 保密审查 at approval.
    return {}


def scan_item(item: Item) -> int:
    """Bring the item's hits up to date with its current text and attachments; returns the
    number of open hits. Runs inside the caller's transaction (no audit of its own)."""
    for location in TEXT_LOCATIONS:
        _sync(item, location, _group(find_pii(getattr(item, _FIELD[location]) or "")))
    live = list(item.attachments.filter(removed_at__isnull=True))
    for attachment in live:
        _sync(item, PiiLocation.ATTACHMENT, attachment_findings(attachment), attachment)
    PiiHit.objects.filter(
        item=item, attachment__removed_at__isnull=False, status=PiiStatus.OPEN
    ).update(status=PiiStatus.GONE)
    return open_hits(item).count()


def open_hits(item: Item) -> QuerySet[PiiHit]:
    return PiiHit.objects.filter(item=item, status=PiiStatus.OPEN)


def require_no_open_hits(item: Item) -> None:
    count = scan_item(item)
    if count:
        raise ValidationError(
            f"此信息含有 {count} 处待处理的敏感个人信息，请逐项脱敏或确认无需脱敏后再提交。",
            code="pii",
        )


def _locked_hit(hit: PiiHit) -> tuple[PiiHit, Item]:
    item = lock(hit.item)
    hit = PiiHit.objects.select_for_update().get(pk=hit.pk)
    if hit.status != PiiStatus.OPEN:
        raise ValidationError("该命中已处理。", code="resolved")
    return hit, item


def _content_editable(item: Item) -> None:
    if item.status not in (Status.DRAFT, Status.PUBLISHED):
        raise ValidationError(
            f"此信息当前为“{item.get_status_display()}”，请先退回草稿再修改内容。", code="status"
        )


@transaction.atomic
def item_mask_pii(*, hit: PiiHit, actor: Any) -> PiiHit:
    """Replace every occurrence of the hit's value in its text with the masked form."""
    hit, item = _locked_hit(hit)
    authorise(actor, item.organisation, office=True)
    if hit.location == PiiLocation.ATTACHMENT:
        raise ValidationError(
            "附件是文件，无法直接脱敏：请上传脱敏后的附件替换原附件，或填写理由确认无需脱敏。",
            code="attachment",
        )
    _content_editable(item)
    field = _FIELD[PiiLocation(hit.location)]
    text = getattr(item, field) or ""
    targets = [m for m in find_pii(text) if value_hash(m.kind, m.value) == hit.value_hash]
    before = snapshot(item)
    if targets:
        setattr(item, field, mask_text(text, targets))
        item.save(update_fields=[field, "updated_at"])
    hit.status = PiiStatus.MASKED
    hit.resolved_by = actor if getattr(actor, "is_authenticated", False) else None
    hit.resolved_at = now()
    hit.save(update_fields=["status", "resolved_by", "resolved_at"])
    scan_item(item)
    write_version(item, "mask_pii", actor)
    if item.status == Status.PUBLISHED:
        reindex(item)
    record(
        item,
        "mask_pii",
        actor,
        before=before,
        after=snapshot(item),
        note=f"{hit.get_location_display()}：{hit.get_kind_display()} {hit.masked}",
    )
    return hit


@transaction.atomic
def item_clear_pii(*, hit: PiiHit, reason: str, actor: Any) -> PiiHit:
    """A reviewer judges the value fit to publish (e.g. a unit's own public account), or has
    looked at an attachment the scanner could not read; the reason is kept."""
    hit, item = _locked_hit(hit)
    authorise(actor, item.organisation, office=True)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": "请填写无需脱敏的理由。"})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"理由不能超过 {REASON_MAX} 字。"})
    hit.status = PiiStatus.CLEARED
    hit.cleared_reason = reason
    hit.resolved_by = actor if getattr(actor, "is_authenticated", False) else None
    hit.resolved_at = now()
    hit.save(update_fields=["status", "cleared_reason", "resolved_by", "resolved_at"])
    record(
        item,
        "clear_pii",
        actor,
        note=f"{hit.get_location_display()}：{hit.get_kind_display()} {hit.masked}；理由：{reason}",
    )
    return hit


def pii_scan_published(*, site_id: int | None = None) -> dict[str, int]:
    """Scan everything already published (the `gongkai scan_pii` command). Idempotent: a second
    run finds the same hits and creates nothing new. One transaction per item."""
    qs = Item.objects.filter(status=Status.PUBLISHED).order_by("pk")
    if site_id is not None:
        qs = qs.filter(site_id=site_id)
    summary = {"items": 0, "items_with_hits": 0, "new_hits": 0, "open_hits": 0}
    for pk in qs.values_list("pk", flat=True).iterator(chunk_size=1000):
        with transaction.atomic():
            item = lock(Item(pk=pk))
            before = PiiHit.objects.filter(item=item).count()
            count = scan_item(item)
            created = PiiHit.objects.filter(item=item).count() - before
            if created:
                record(item, "scan_pii", None, note=f"发现 {created} 处新的敏感个人信息")
        summary["items"] += 1
        summary["new_hits"] += created
        summary["open_hits"] += count
        summary["items_with_hits"] += 1 if count else 0
    return summary
