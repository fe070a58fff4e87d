"""Reads with rules: who sees which application, the applicant's public lookup, the workbench
list by days left, the facts the annual report counts, fees, and reply suggestions."""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from gongkai.core.calendar import load_calendar
from gongkai.organizations.access import staff_of
from gongkai.organizations.models import SITE_ROLES, UNIT_ROLES, Organisation, Site

from . import deadlines, query_codes
from .choices import SUIT_REMEDY_KIND, RemedyKind, RemedyResult, SuitKind
from .models import (
    FeeNotice,
    InfoRequest,
    InfoRequestEvent,
    Litigation,
    Reconsideration,
)
from .outcomes import OUTCOMES, ApplicantType, Outcome, OutcomeGroup
from .states import OPEN_STATUSES, Status

# --- visibility -----------------------------------------------------------------------------


def info_requests_visible_to(user: Any) -> QuerySet[InfoRequest]:
    """The disclosure office and administrators see every application of their site; a unit's
    staff see the applications currently dispatched to their unit or a unit below it; nobody
    sees another site's."""
    staff = staff_of(user)
    if staff is None:
        return InfoRequest.objects.none()
    org = staff.organisation
    qs = InfoRequest.objects.filter(site_id=org.site_id)
    if staff.role in SITE_ROLES:
        return qs
    if staff.role in UNIT_ROLES:
        return qs.filter(unit__path__startswith=org.path)
    return InfoRequest.objects.none()


def timeline(info_request: InfoRequest) -> QuerySet[InfoRequestEvent]:
    return info_request.events.order_by("created_at", "id")


# --- the applicant's lookup -----------------------------------------------------------------

# Checked against when the number is unknown, so a miss costs the same as a wrong code.
_NO_SUCH_APPLICATION = "hmac_sha256$0000000000000000$" + "0" * 64


def _normal(text: Any) -> str:
    if not isinstance(text, str):
        return ""
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def info_request_for_applicant(
    site: Site, tracking_number: str, query_code: str
) -> InfoRequest | None:
    """The application with this tracking number on this site, if the query code matches.

    The code is compared with its stored hash (constant time); an unknown tracking number
    costs the same hash check, so the answer's timing does not tell which numbers exist."""
    number = _normal(tracking_number)
    info_request = (
        InfoRequest.objects.select_related("organisation", "unit")
        .filter(site=site, tracking_number=number)
        .first()
        if number
        else None
    )
    stored = info_request.query_code_hash if info_request is not None else _NO_SUCH_APPLICATION
    matched = query_codes.check_code(query_code, stored)
    return info_request if info_request is not None and matched else None


@dataclass(frozen=True)
class PublicLetter:
    title: str
    on: dt.date


@dataclass(frozen=True)
class PublicStatus:
    """What an applicant may see about their application: no identity number, no contact
    details, no reply text (the letter itself goes to them by the chosen route)."""

    tracking_number: str
    status: str
    status_label: str
    submitted_on: dt.date
    received_on: dt.date | None
    due_on: dt.date | None
    due_provisional: bool
    closed_on: dt.date | None
    organisation_name: str
    unit_name: str
    letters: tuple[PublicLetter, ...] = field(default_factory=tuple)


def _letters(info_request: InfoRequest) -> tuple[PublicLetter, ...]:
    letters: list[PublicLetter] = []
    if info_request.received_on is not None:
        letters.append(PublicLetter("政府信息公开申请登记回执", info_request.received_on))
    correction = getattr(info_request, "correction", None)
    if correction is not None:
        letters.append(PublicLetter("补正申请告知书", correction.issued_on))
    extension = getattr(info_request, "extension", None)
    if extension is not None:
        letters.append(PublicLetter("延期答复告知书", extension.notified_on))
    for notice in info_request.fee_notices.filter(cancelled_on__isnull=True):
        letters.append(PublicLetter("收费通知书", notice.sent_on))
    service = getattr(info_request, "service", None)
    if service is not None:
        letters.append(PublicLetter("政府信息公开申请答复书", service.served_on))
    return tuple(sorted(letters, key=lambda letter: letter.on))


def public_status(info_request: InfoRequest) -> PublicStatus:
    unit = info_request.unit
    return PublicStatus(
        tracking_number=info_request.tracking_number,
        status=info_request.status,
        status_label=str(Status(info_request.status).label),
        submitted_on=info_request.submitted_on,
        received_on=info_request.received_on,
        due_on=info_request.due_on,
        due_provisional=info_request.due_provisional,
        closed_on=info_request.closed_on,
        organisation_name=info_request.organisation.full_name,
        unit_name=unit.full_name if unit is not None else "",
        letters=_letters(info_request),
    )


# --- the workbench --------------------------------------------------------------------------


def overdue_requests(qs: QuerySet[InfoRequest], today: dt.date) -> QuerySet[InfoRequest]:
    """Open applications past their due date. Computed, never stored as a status."""
    return qs.filter(closed_on__isnull=True, due_on__lt=today)


@dataclass(frozen=True)
class OpenRequestRow:
    info_request: InfoRequest
    days_left: int | None  # working days to the due date; negative once overdue
    overdue: bool
    warning: bool  # 5 working days or fewer left, or overdue
    provisional: bool


def open_requests_by_days_left(user: Any, *, today: dt.date | None = None) -> list[OpenRequestRow]:
    """The user's open applications, the most urgent first; those without a running clock
    (awaiting confirmation or correction) last."""
    today = today or timezone.localdate()
    calendar = load_calendar()
    rows: list[OpenRequestRow] = []
    qs = info_requests_visible_to(user).filter(status__in=OPEN_STATUSES)
    for info_request in qs.select_related("organisation", "unit"):
        due = info_request.due_on
        if due is None:
            rows.append(OpenRequestRow(info_request, None, False, False, False))
            continue
        left = deadlines.days_left(today, due, calendar)
        overdue = today > due
        rows.append(
            OpenRequestRow(
                info_request,
                left.count,
                overdue,
                overdue or deadlines.needs_warning(left.count),
                info_request.due_provisional or left.provisional,
            )
        )
    rows.sort(
        key=lambda r: (
            r.days_left is None,
            r.days_left if r.days_left is not None else 0,
            r.info_request.due_on or dt.date.max,
            r.info_request.pk,
        )
    )
    return rows


# --- fees -----------------------------------------------------------------------------------


def _month(day: dt.date) -> tuple[dt.date, dt.date]:
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def applicant_month_position(info_request: InfoRequest) -> int:
    """Which of the applicant's applications received in that calendar month (across the site,
    matched by the applicant key) this one is: the n of the per-application fee."""
    received = info_request.received_on
    if received is None:
        raise ValueError("the application has not been received")
    first, last = _month(received)
    earlier = InfoRequest.objects.filter(
        site_id=info_request.site_id,
        applicant_key=info_request.applicant_key,
        received_on__gte=first,
        received_on__lte=last,
    ).filter(Q(received_on__lt=received) | Q(received_on=received, pk__lt=info_request.pk))
    return earlier.count() + 1


def fees_total(organisation: Organisation, year: int) -> Decimal:
    """Information processing fees paid in `year` for the organ's applications (section 六)."""
    total = FeeNotice.objects.filter(
        info_request__organisation=organisation,
        paid_on__gte=dt.date(year, 1, 1),
        paid_on__lte=dt.date(year, 12, 31),
    ).aggregate(total=Sum("amount"))["total"]
    return total if total is not None else Decimal("0.00")


# --- the annual report ----------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationRecord:
    """An application as Table 三 counts it: the same fields as reports.annual.ApplicationFact
    (this layer may not import reports; `ApplicationFact(**dataclasses.asdict(r))` converts).
    `received_on` is the ORIGINAL receipt date, also after a correction."""

    applicant_type: ApplicantType
    received_on: dt.date
    closed_on: dt.date | None
    outcome: Outcome | None


@dataclass(frozen=True)
class RemedyRecord:
    """A reconsideration or suit as Table 四 counts it (fields of reports.annual.RemedyFact)."""

    kind: RemedyKind
    filed_on: dt.date
    result: RemedyResult


def application_facts(organisation: Organisation, year: int) -> list[ApplicationRecord]:
    """The organ's applications that Table 三 of `year` counts: received by 31 Dec and not
    closed before 1 Jan."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = (
        InfoRequest.objects.filter(
            organisation=organisation, received_on__isnull=False, received_on__lte=last
        )
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=first))
        .order_by("received_on", "pk")
        .values_list("applicant_type", "received_on", "closed_on", "outcome")
    )
    return [
        ApplicationRecord(
            ApplicantType(applicant_type),
            received_on,
            closed_on,
            Outcome(outcome) if closed_on is not None else None,
        )
        for applicant_type, received_on, closed_on, outcome in rows
        if received_on is not None
    ]


def remedy_facts(organisation: Organisation, year: int) -> list[RemedyRecord]:
    """The reconsiderations and suits about the organ's applications filed in `year`."""
    span = {"filed_on__gte": dt.date(year, 1, 1), "filed_on__lte": dt.date(year, 12, 31)}
    records = [
        RemedyRecord(RemedyKind.RECONSIDERATION, filed_on, RemedyResult(result))
        for filed_on, result in Reconsideration.objects.filter(
            info_request__organisation=organisation, **span
        ).values_list("filed_on", "result")
    ]
    records += [
        RemedyRecord(SUIT_REMEDY_KIND[SuitKind(kind)], filed_on, RemedyResult(result))
        for kind, filed_on, result in Litigation.objects.filter(
            info_request__organisation=organisation, **span
        ).values_list("kind", "filed_on", "result")
    ]
    return sorted(records, key=lambda r: (r.filed_on, r.kind))


# --- suggestions for the reply (never blocks) -----------------------------------------------

PETITION_KEYWORDS = ("投诉", "举报", "信访", "控告", "检举", "要求查处", "查处", "申诉")
REPEAT_SIMILARITY = 0.8
REPEAT_CANDIDATES = 50


@dataclass(frozen=True)
class Suggestion:
    outcome: Outcome
    message: str
    related: tuple[InfoRequest, ...] = ()


def _squash(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in ("P", "Z", "S"))


def similar_descriptions(a: str, b: str) -> bool:
    a, b = _squash(a), _squash(b)
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= 10 and shorter in longer:
        return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= REPEAT_SIMILARITY


def reply_suggestions(info_request: InfoRequest) -> list[Suggestion]:
    """Hints for the unit drafting the reply: an earlier answered application of the same
    applicant asking for the same information (Art. 36 (6) 重复申请), and petition-like
    wording (Art. 39 para. 1). The drafter decides."""
    suggestions: list[Suggestion] = []
    answered = (
        InfoRequest.objects.filter(
            site_id=info_request.site_id,
            applicant_key=info_request.applicant_key,
            closed_on__isnull=False,
        )
        .exclude(pk=info_request.pk)
        .exclude(outcome__in=[o for o, i in OUTCOMES.items() if i.group == OutcomeGroup.OTHER])
        .order_by("-received_on", "-pk")[:REPEAT_CANDIDATES]
    )
    number = _squash(info_request.document_number)
    earlier = tuple(
        other
        for other in answered
        if (number and number == _squash(other.document_number))
        or similar_descriptions(info_request.description, other.description)
    )
    if info_request.applicant_key and earlier:
        numbers = "、".join(other.tracking_number for other in earlier)
        suggestions.append(
            Suggestion(
                Outcome.NP_REPEAT,
                f"该申请人此前已就相同信息提出申请并已答复（{numbers}），可考虑按重复申请处理。",
                earlier,
            )
        )
    found = [word for word in PETITION_KEYWORDS if word in info_request.description]
    # "要求查处" also contains "查处": name the longer word only.
    found = [w for w in found if not any(w != other and w in other for other in found)]
    if found:
        suggestions.append(
            Suggestion(
                Outcome.NP_PETITION,
                f"申请内容含有“{'、'.join(found)}”等字样，如实为信访、投诉、举报，"
                "可考虑告知申请人通过相应渠道提出。",
            )
        )
    return suggestions
