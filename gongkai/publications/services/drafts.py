"""Writing an item's content: drafting, editing a draft, revising a published item, attachments.

Any of the unit's staff (A角, B角, the leader) may draft and edit; a published item's content is
revised only by the leader with a renewed 保密审查 (a clerk may update its validity, keywords
and columns). Every write rescans for personal data and keeps a version.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core.files import DOCUMENT_KINDS, IMAGE_KINDS, MEDIA_KINDS, check_upload
from gongkai.organizations.models import Organisation

from ..choices import ExtractionStatus
from ..extract import extract_text
from ..models import Attachment, Item
from ..states import Status
from ._base import (
    LEADER_ONLY,
    actor_user,
    authorise,
    created,
    first_version,
    lock,
    move,
    now,
    record,
    require_status,
    snapshot,
    write_version,
)
from ._clean import CLERK_REVISABLE, Cleaned, clean_fields
from .indexing import recount_columns, reindex
from .pii import attachment_findings, scan_item

ATTACHMENT_KINDS = DOCUMENT_KINDS | IMAGE_KINDS | MEDIA_KINDS
NAME_MAX = 200


def attachment_limits() -> tuple[int, int]:
    """(documents, media) upload ceilings in bytes (GONGKAI_ATTACHMENT_MAX_MB, ..._MEDIA_MAX_MB)."""
    mb = 1024 * 1024
    return (
        int(getattr(settings, "GONGKAI_ATTACHMENT_MAX_MB", 50)) * mb,
        int(getattr(settings, "GONGKAI_ATTACHMENT_MEDIA_MAX_MB", 500)) * mb,
    )


def _apply(item: Item, cleaned: Cleaned) -> None:
    for name, value in cleaned.values.items():
        setattr(item, name, value)
    item.save()
    if cleaned.columns is not None:
        item.columns.set(cleaned.columns)
    if cleaned.interprets is not None:
        item.interprets.set(cleaned.interprets)


@transaction.atomic
def item_create_draft(*, organisation: Organisation, actor: Any, **fields: Any) -> Item:
    """A new draft of `organisation` (发布机构)."""
    authorise(actor, organisation)
    if not organisation.is_active:
        raise ValidationError({"organisation": f"“{organisation.full_name}”已停用。"})
    cleaned = clean_fields(organisation, fields)
    item = Item(
        site_id=organisation.site_id,
        organisation=organisation,
        created_by=actor_user(actor),
        status=Status.DRAFT,
    )
    _apply(item, cleaned)
    scan_item(item)
    created(item, actor)
    first_version(item, "create", actor)
    record(item, "create", actor, after=snapshot(item))
    return item


@transaction.atomic
def item_update(*, item: Item, actor: Any, **fields: Any) -> Item:
    """Edit a draft. A pending item goes back to draft first (reject); a published one is
    revised (item_revise)."""
    item = lock(item)
    authorise(actor, item.organisation)
    require_status(item, Status.DRAFT)
    before = snapshot(item)
    _apply(item, clean_fields(item.organisation, fields, current=item))
    scan_item(item)
    after = snapshot(item)
    if after != before:
        write_version(item, "update", actor)
        record(item, "update", actor, before=before, after=after)
    return item


@transaction.atomic
def item_revise(
    *, item: Item, actor: Any, secrecy_confirmed: bool = False, note: str = "", **fields: Any
) -> Item:
    """Change a published item in place: a new version, the same 索引号. Content changes need
    the leader and a renewed 保密审查; the new text must be free of open PII hits."""
    item = lock(item)
    authorise(actor, item.organisation)
    require_status(item, Status.PUBLISHED)
    before = snapshot(item)
    _apply(item, clean_fields(item.organisation, fields, current=item))
    after = snapshot(item)
    changed = {k for k in after if after[k] != before.get(k)}
    if not changed:
        return item
    if changed - CLERK_REVISABLE:
        authorise(actor, item.organisation, LEADER_ONLY)
        if not secrecy_confirmed:
            raise ValidationError(
                {"secrecy_confirmed": "修改已发布信息的内容，须确认已通过保密审查。"}
            )
    if scan_item(item):
        raise ValidationError(
            "修改后的内容含有敏感个人信息，请先在正文中脱敏后再保存。", code="pii"
        )
    move(item, Status.PUBLISHED, "revise", actor, note)
    item.save(update_fields=["status", "updated_at"])
    write_version(item, "revise", actor)
    reindex(item)
    recount_columns({*before["columns"], *after["columns"]})
    record(item, "revise", actor, before=before, after=after, note=note)
    return item


def _clean_name(name: str) -> str:
    name = PurePath((name or "").replace("\\", "/")).name.strip() or "附件"
    if len(name) > NAME_MAX:
        suffix = PurePath(name).suffix[:10]
        name = name[: NAME_MAX - len(suffix)] + suffix
    return name


def _authorise_content(actor: Any, item: Item) -> None:
    if item.status == Status.DRAFT:
        authorise(actor, item.organisation)
    elif item.status == Status.PUBLISHED:
        authorise(actor, item.organisation, LEADER_ONLY)
    else:
        require_status(item, Status.DRAFT, Status.PUBLISHED)


def _sha256(uploaded: Any) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


@transaction.atomic
def item_attachment_add(*, item: Item, uploaded: Any, actor: Any) -> Attachment:
    """Attach a file, judged by its content; its text is read and scanned at once. A published
    item (leader only) refuses a file the guard objects to."""
    item = lock(item)
    _authorise_content(actor, item)
    documents_max, media_max = attachment_limits()
    kind = check_upload(uploaded, allowed=set(ATTACHMENT_KINDS), max_bytes=media_max)
    is_media = kind in IMAGE_KINDS | MEDIA_KINDS
    if not is_media and uploaded.size > documents_max:
        raise ValidationError(
            f"文档类附件不能超过 {documents_max // (1024 * 1024)} MB，请压缩或拆分后再上传。",
            code="too_large",
        )
    text = None if is_media else extract_text(uploaded, kind)
    name = _clean_name(uploaded.name)
    attachment = Attachment(
        item=item,
        original_name=name,
        kind=kind,
        size=uploaded.size,
        sha256=_sha256(uploaded),
        is_media=is_media,
        extraction=(
            ExtractionStatus.NOT_APPLICABLE
            if is_media
            else ExtractionStatus.EXTRACTED
            if text is not None
            else ExtractionStatus.FAILED
        ),
        extracted_text=text or "",
        sort_order=item.attachments.count() + 1,
        uploaded_by=actor_user(actor),
    )
    if item.status == Status.PUBLISHED and attachment_findings(attachment):
        raise ValidationError(
            "该附件含有敏感个人信息或无法识别文字，不能直接添加到已发布的信息；"
            "请上传脱敏后的文件。",
            code="pii",
        )
    before = snapshot(item)
    attachment.file.save(name, uploaded, save=False)
    stored = str(attachment.file.name)
    try:
        attachment.save()
        scan_item(item)
        write_version(item, "attachment_add", actor)
        if item.status == Status.PUBLISHED:
            reindex(item)
        record(item, "attachment_add", actor, before=before, after=snapshot(item), note=name)
    except BaseException:
        attachment.file.storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def item_attachment_remove(*, attachment: Attachment, actor: Any) -> Attachment:
    """Take an attachment off the item. A draft's file is deleted (it was never public); a
    published item's file is kept with the versions that list it."""
    item = lock(attachment.item)
    _authorise_content(actor, item)
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
    if attachment.item_id != item.pk or attachment.removed_at is not None:
        raise ValidationError("该附件已删除。")
    before = snapshot(item)
    attachment.removed_at = now()
    attachment.save(update_fields=["removed_at"])
    scan_item(item)
    write_version(item, "attachment_remove", actor)
    if item.status == Status.PUBLISHED:
        reindex(item)
    elif not item.published_at:
        storage, name = attachment.file.storage, str(attachment.file.name)
        transaction.on_commit(lambda: storage.delete(name))
    record(
        item,
        "attachment_remove",
        actor,
        before=before,
        after=snapshot(item),
        note=attachment.original_name,
    )
    return attachment
