"""Issuing a letter: the step of the workflow that needs one calls `letter_issue` inside its own
transaction, so the letter and its number commit or roll back with the step.

The workflow services (services/*.py) call it after they have authorised the actor and locked
the application; it is not a door of its own, and it refuses to run outside a transaction.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.core import audit
from gongkai.info_requests.audit_actions import INFO_REQUEST

from ..choices import ConsultationKind
from ..models import Consultation, FeeNotice, InfoRequest, Letter
from .context import letter_values
from .kinds import (
    CONSULTATION_KINDS,
    REPLY_KINDS,
    LetterKind,
    reply_kind,
    series_of,
)
from .numbering import effective_settings, format_number, next_serial
from .tasks import schedule_render
from .wording import compose, wording_for, zh_date

_CONSULTATION_LETTER = {
    ConsultationKind.THIRD_PARTY: LetterKind.CONSULTATION_THIRD_PARTY,
    ConsultationKind.CO_MAKER: LetterKind.CONSULTATION_CO_MAKER,
}


def _actor_name(actor: Any) -> str:
    if actor is None:
        return "系统"
    if not getattr(actor, "is_authenticated", False):
        return "申请人"
    return str(actor.get_full_name() or actor.get_username())[:150]


def _check_subject(
    info_request: InfoRequest,
    kind: LetterKind,
    consultation: Consultation | None,
    fee_notice: FeeNotice | None,
) -> None:
    # Programming errors of a hook, not user input: plain exceptions.
    if info_request.received_on is None:
        raise ValueError("a letter needs a received application")
    needs_consultation = (
        kind in CONSULTATION_KINDS or kind == LetterKind.CONSULTATION_APPLICANT_NOTICE
    )
    if needs_consultation != (consultation is not None):
        raise ValueError(f"{kind}: consultation given or missing")
    if consultation is not None and consultation.info_request_id != info_request.pk:
        raise ValueError("the consultation belongs to another application")
    if (kind == LetterKind.FEE_NOTICE) != (fee_notice is not None):
        raise ValueError(f"{kind}: fee notice given or missing")
    if fee_notice is not None and fee_notice.info_request_id != info_request.pk:
        raise ValueError("the fee notice belongs to another application")
    if kind in REPLY_KINDS and kind != reply_kind(info_request.outcome):
        raise ValueError(f"{kind} does not fit the outcome {info_request.outcome}")


def letter_issue(
    *,
    info_request: InfoRequest,
    kind: LetterKind | str,
    actor: Any,
    issued_on: dt.date | None = None,
    consultation: Consultation | None = None,
    fee_notice: FeeNotice | None = None,
) -> Letter:
    """Number, compose and store one letter of `info_request`, audit it, and have its files
    rendered once the transaction commits. `issued_on` is the letter's date (the legal date of
    the step: the receipt, the notice sent, the signature), today by default; its year picks
    the number sequence."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("letter_issue must run inside the step's transaction")
    kind = LetterKind(kind)
    _check_subject(info_request, kind, consultation, fee_notice)
    day = issued_on or timezone.localdate()
    organisation = info_request.organisation
    settings = effective_settings(organisation)
    series = series_of(kind)
    serial = next_serial(organisation, series, day.year)
    number = format_number(settings.prefix(series), organisation, day.year, serial)
    wording = wording_for(info_request.site_id, kind)
    values = letter_values(
        info_request,
        kind,
        number=number,
        issued_on_text=zh_date(day),
        settings=settings,
        consultation=consultation,
        fee_notice=fee_notice,
    )
    recipient = consultation.party if kind in CONSULTATION_KINDS and consultation else ""
    text = compose(
        wording,
        values,
        number=number,
        recipient=(recipient or info_request.applicant_name).strip(),
        organ_name=organisation.full_name,
        issued_on=day,
    )
    letter = Letter.objects.create(
        info_request=info_request,
        organisation=organisation,
        kind=kind,
        series=series,
        year=day.year,
        serial=serial,
        number=text.number,
        title=text.title[:200],
        recipient=text.recipient[:200],
        body="\n".join(text.paragraphs),
        organ_name=text.organ_name,
        issued_on=day,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        issued_by_name=_actor_name(actor),
        consultation=consultation,
        fee_notice=fee_notice,
        custom_template=wording.custom,
    )
    audit.record(
        actor=actor,
        action=INFO_REQUEST.key("letter_issue"),
        obj=letter,
        organisation=info_request.unit or organisation,
        changes={"number": [None, letter.number], "kind": [None, kind.value]},
        note=f"{info_request.tracking_number} {kind.label}",
    )
    transaction.on_commit(partial(schedule_render, letter.pk), robust=True)
    return letter


def letter_issue_reply(
    *, info_request: InfoRequest, actor: Any, issued_on: dt.date | None = None
) -> Letter:
    """The reply letter of the application's outcome (one template per group of Table 三)."""
    return letter_issue(
        info_request=info_request,
        kind=reply_kind(info_request.outcome),
        actor=actor,
        issued_on=issued_on,
    )


def letter_issue_consultation(
    *, info_request: InfoRequest, consultation: Consultation, actor: Any
) -> tuple[Letter, Letter]:
    """The letter to the consulted party (Art. 32 or 34) and the notice to the applicant that
    the clock stops while it is out (Art. 33 para. 3)."""
    kind = _CONSULTATION_LETTER[ConsultationKind(consultation.kind)]
    to_party = letter_issue(
        info_request=info_request,
        kind=kind,
        actor=actor,
        issued_on=consultation.sent_on,
        consultation=consultation,
    )
    to_applicant = letter_issue(
        info_request=info_request,
        kind=LetterKind.CONSULTATION_APPLICANT_NOTICE,
        actor=actor,
        issued_on=consultation.sent_on,
        consultation=consultation,
    )
    return to_party, to_applicant


def letter_reply_ensure(*, info_request: InfoRequest, actor: Any) -> Letter:
    """The application's reply letter, issued now (dated the sign-off day) if an application
    approved before letters existed has none: a reply is never served without its letter."""
    existing = Letter.objects.filter(info_request=info_request, kind__in=REPLY_KINDS).first()
    if existing is not None:
        return existing
    return letter_issue_reply(
        info_request=info_request, actor=actor, issued_on=info_request.approved_on
    )
