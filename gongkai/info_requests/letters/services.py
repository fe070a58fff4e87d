"""Writes of the letters' configuration: a site's templates and an organisation's letter
settings. Issuing a letter is in issue.py (called by the workflow's own services)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core import audit
from gongkai.info_requests.audit_actions import LETTER_SETTINGS, LETTERS
from gongkai.organizations.authority import OFFICE, SITE_STAFF, authorise
from gongkai.organizations.models import Organisation, Site

from ..models import LetterSettings, LetterTemplate
from .kinds import LetterKind
from .numbering import DEFAULT_NOTICE_PREFIX, DEFAULT_REPLY_PREFIX, check_number_pattern
from .wording import check_wording

TEMPLATE_FIELDS = ("title", "body")
SETTINGS_FIELDS = ("reply_prefix", "notice_prefix", "reconsideration_organ", "payment_method")


def _name(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "系统"
    return str(actor.get_full_name() or actor.get_username())[:150]


def _kind(kind: Any) -> LetterKind:
    try:
        return LetterKind(kind)
    except ValueError:
        raise ValidationError("未知的文书类型。") from None


@transaction.atomic
def letter_template_update(
    *, site: Site, kind: LetterKind | str, title: str, body: str, actor: Any
) -> LetterTemplate:
    """The disclosure office words a kind of letter its own way. Checked as the edit form
    checks it: known placeholders only, the required ones present, the refusal clause kept.
    Letters already issued keep their text; the next letter uses the new wording."""
    authorise(actor, (OFFICE,), site_id=site.pk)
    kind = _kind(kind)
    title = (title or "").strip()
    body = (body or "").replace("\r\n", "\n").strip()
    errors = check_wording(kind, title, body)
    if errors:
        raise ValidationError(errors)
    row = LetterTemplate.objects.select_for_update().filter(site=site, kind=kind).first()
    before = audit.snapshot(row, TEMPLATE_FIELDS) if row is not None else {}
    if row is None:
        row = LetterTemplate(site=site, kind=kind)
    row.title, row.body = title, body
    row.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    row.updated_by_name = _name(actor)
    row.save()
    changes = audit.diff(before, audit.snapshot(row, TEMPLATE_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action=LETTERS.key("update"),
            obj=row,
            site_id=site.pk,
            changes=changes,
            object_repr=str(kind.label),
        )
    return row


@transaction.atomic
def letter_template_reset(*, site: Site, kind: LetterKind | str, actor: Any) -> bool:
    """Back to the built-in wording (the site's row is deleted). False when there was none."""
    authorise(actor, (OFFICE,), site_id=site.pk)
    kind = _kind(kind)
    row = LetterTemplate.objects.select_for_update().filter(site=site, kind=kind).first()
    if row is None:
        return False
    before = audit.snapshot(row, TEMPLATE_FIELDS)
    audit.record(
        actor=actor,
        action=LETTERS.key("reset"),
        obj=row,
        site_id=site.pk,
        changes={key: [value, None] for key, value in before.items()},
        object_repr=str(kind.label),
    )
    row.delete()
    return True


@transaction.atomic
def letter_settings_update(
    *,
    organisation: Organisation,
    actor: Any,
    reply_prefix: str = "",
    notice_prefix: str = "",
    reconsideration_organ: str = "",
    payment_method: str = "",
) -> LetterSettings:
    """An organisation's number formats, reconsideration organ and fee payment method; a
    blank value means the default. The disclosure office and administrators may."""
    authorise(actor, (SITE_STAFF,), site_id=organisation.site_id)
    values = {
        "reply_prefix": (reply_prefix or "").strip(),
        "notice_prefix": (notice_prefix or "").strip(),
        "reconsideration_organ": (reconsideration_organ or "").strip(),
        "payment_method": " ".join((payment_method or "").split()),
    }
    errors: dict[str, list[str]] = {}
    for field in ("reply_prefix", "notice_prefix"):
        if values[field]:
            found = check_number_pattern(values[field])
            if found:
                errors[field] = found
    limits = {
        "reply_prefix": 80,
        "notice_prefix": 80,
        "reconsideration_organ": 200,
        "payment_method": 500,
    }
    for field, limit in limits.items():
        if len(values[field]) > limit:
            errors.setdefault(field, []).append(f"最多{limit}个字。")
    # Two series with one format would give two letters the same number.
    reply = values["reply_prefix"] or DEFAULT_REPLY_PREFIX
    if reply == (values["notice_prefix"] or DEFAULT_NOTICE_PREFIX):
        errors.setdefault("notice_prefix", []).append("告知书的文号格式不能与答复书相同。")
    if errors:
        raise ValidationError(errors)
    row = LetterSettings.objects.select_for_update().filter(organisation=organisation).first()
    before = audit.snapshot(row, SETTINGS_FIELDS) if row is not None else {}
    if row is None:
        row = LetterSettings(organisation=organisation)
    for field, value in values.items():
        setattr(row, field, value)
    row.save()
    changes = audit.diff(before, audit.snapshot(row, SETTINGS_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action=LETTER_SETTINGS.key("update"),
            obj=row,
            organisation=organisation,
            changes=changes,
        )
    return row
