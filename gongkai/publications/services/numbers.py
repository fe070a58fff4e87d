"""Taking 索引号 serials, and the per-site publication settings.

A serial is taken from IndexSequence(organisation, year) under a row lock (select_for_update on
PostgreSQL; SQLite's IMMEDIATE transactions serialise writers), inside the publishing
transaction: if the publication rolls back, so does the serial. The sequence only moves
forward, so a number once given is never given again, even after a withdrawal.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core import audit
from gongkai.organizations.authority import SiteRole, authorise
from gongkai.organizations.models import SITE_ROLES, Organisation, Site
from gongkai.publications.audit_actions import PUBLICATION

from ..models import IndexSequence, Item, PublicationSettings
from ..numbering import NumberParts, format_number, template_pattern, validate_template
from ._base import settings_for

# A sequence is skipped past numbers that an import kept from an old site in our own format;
# this bounds the search for a free one.
MAX_SKIPS = 10_000


def _locked_sequence(organisation: Organisation, year: int) -> IndexSequence:
    IndexSequence.objects.bulk_create(
        [IndexSequence(organisation=organisation, year=year, last=0)], ignore_conflicts=True
    )
    return IndexSequence.objects.select_for_update().get(organisation=organisation, year=year)


def _parts(organisation: Organisation, when: dt.datetime, seq: int) -> NumberParts:
    local = timezone.localtime(when)
    return NumberParts(
        org_code=organisation.code,
        credit_code=organisation.credit_code,
        year=local.year,
        month=local.month,
        seq=seq,
    )


def assign_index_number(item: Item, published_at: dt.datetime) -> None:
    """Give `item` the next number of its organisation for the year of `published_at`. Sets the
    fields; the caller saves. An item that has a number keeps it."""
    if item.index_number:
        return
    template = settings_for(item.site_id).index_template
    organisation = item.organisation
    year = timezone.localtime(published_at).year
    sequence = _locked_sequence(organisation, year)
    for _ in range(MAX_SKIPS):
        sequence.last += 1
        number = format_number(template, _parts(organisation, published_at, sequence.last))
        if not Item.objects.filter(site_id=item.site_id, index_number=number).exists():
            break
    else:  # pragma: no cover - would need 10,000 foreign numbers in our format
        raise ValidationError("无法生成未被占用的索引号，请联系系统管理员。")
    IndexSequence.objects.filter(pk=sequence.pk).update(last=sequence.last)
    item.index_number, item.index_year, item.index_seq = number, year, sequence.last


def reserve_serials(organisation: Organisation, year: int, count: int) -> int:
    """Take `count` consecutive serials at once (the import); returns the first."""
    sequence = _locked_sequence(organisation, year)
    first = sequence.last + 1
    IndexSequence.objects.filter(pk=sequence.pk).update(last=sequence.last + count)
    return first


def advance_past(organisation: Organisation, year: int, seq: int) -> None:
    """Make sure the sequence never hands out `seq` (an imported number in our format)."""
    sequence = _locked_sequence(organisation, year)
    if sequence.last < seq:
        IndexSequence.objects.filter(pk=sequence.pk).update(last=seq)


def recognise_number(
    template: str, organisation: Organisation, number: str
) -> tuple[int, int] | None:
    """(year, seq) when `number` is one our template would give `organisation`, else None."""
    pattern = template_pattern(template, _parts(organisation, timezone.now(), 0))
    match = pattern.match(number) if pattern is not None else None
    if match is None:
        return None
    return int(match.group("year")), int(match.group("seq"))


@transaction.atomic
def publication_settings_update(
    *,
    site: Site,
    actor: Any,
    index_template: str,
    interpretation_lag_days: int,
    publication_deadline_days: int,
) -> PublicationSettings:
    """The disclosure office or an administrator changes the site's rules. Numbers already
    given keep their form: a template change applies to the next publication."""
    authorise(
        actor,
        (SiteRole(frozenset(SITE_ROLES), "只有政务公开办公室可以修改信息发布设置。"),),
        site_id=site.pk,
    )
    errors: dict[str, str] = {}
    try:
        index_template = validate_template(index_template)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if not isinstance(interpretation_lag_days, int) or not 0 <= interpretation_lag_days <= 60:
        errors["interpretation_lag_days"] = "政策解读时限应为0至60个工作日。"
    if not isinstance(publication_deadline_days, int) or not 1 <= publication_deadline_days <= 60:
        errors["publication_deadline_days"] = "主动公开时限应为1至60个工作日。"
    if errors:
        raise ValidationError(errors)
    row, _ = PublicationSettings.objects.select_for_update().get_or_create(site=site)
    fields = ("index_template", "interpretation_lag_days", "publication_deadline_days")
    before = audit.snapshot(row, fields)
    row.index_template = index_template
    row.interpretation_lag_days = interpretation_lag_days
    row.publication_deadline_days = publication_deadline_days
    row.save()
    changes = audit.diff(before, audit.snapshot(row, fields))
    if changes:
        audit.record(
            actor=actor,
            action=PUBLICATION.key("settings"),
            obj=row,
            site_id=site.pk,
            changes=changes,
        )
    return row
