"""What the endpoints share: the site, lookups through visibility, and the answers."""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja.errors import HttpError

from gongkai.organizations.api import ErrorOut
from gongkai.organizations.models import Organisation, Site

from ..actions import available_actions
from ..forms import ADDRESSABLE_KINDS
from ..models import InfoRequest
from ..outcomes import OUTCOMES, Outcome
from ..selectors import (
    info_requests_visible_to,
    reply_suggestions,
    timeline,
)
from ..services.intake import INTAKE_FIELDS
from ..states import Status
from ..worklist import clock_view
from .schemas import (
    ApplicationIn,
    DetailOut,
)

PUBLIC_ERRORS: dict[int, Any] = {404: ErrorOut, 422: ErrorOut, 429: ErrorOut, 503: ErrorOut}
STAFF_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}

# --- helpers --------------------------------------------------------------------------------


def site_of(request: HttpRequest) -> Site:
    site = getattr(request, "site", None)
    if site is None:
        raise HttpError(503, "本平台尚未配置站点。")
    return site


def organ_of(site: Site, code: str | None) -> Organisation | None:
    if not code:
        return None
    organ = Organisation.objects.filter(
        site=site, code=code, is_active=True, kind__in=ADDRESSABLE_KINDS
    ).first()
    if organ is None:
        raise ValidationError({"organisation": "未找到该受理机关。"})
    return organ


def unit_of(info_request: InfoRequest, code: str) -> Organisation:
    unit = Organisation.objects.filter(site_id=info_request.site_id, code=code).first()
    if unit is None:
        raise ValidationError({"unit": "未找到该单位。"})
    return unit


def application_fields(payload: ApplicationIn) -> dict[str, Any]:
    data = payload.dict(exclude={"organisation"})
    return {
        name: str(value.value) if hasattr(value, "value") else value
        for name, value in data.items()
        if name in INTAKE_FIELDS
    }


def _org_out(org: Organisation | None) -> dict[str, str] | None:
    return {"code": org.code, "name": org.full_name} if org is not None else None


def visible_request(request: HttpRequest, request_id: int) -> InfoRequest:
    return get_object_or_404(
        info_requests_visible_to(request.user).select_related("site", "organisation", "unit"),
        pk=request_id,
    )


def _one(info_request: InfoRequest, name: str) -> Any:
    try:
        return getattr(info_request, name)
    except ObjectDoesNotExist:  # a one-to-one step that has not happened
        return None


def _events(info_request: InfoRequest) -> list[dict[str, Any]]:
    return [
        {
            "action": e.action,
            "action_label": e.get_action_display(),
            "from_status": e.from_status,
            "to_status": e.to_status,
            "on_date": e.on_date,
            "actor_name": e.actor_name,
            "note": e.note,
            "created_at": e.created_at,
        }
        for e in timeline(info_request)
    ]


def row_out(row: Any) -> dict[str, Any]:
    ir = row.info_request
    return {
        "id": ir.pk,
        "tracking_number": ir.tracking_number,
        "status": ir.status,
        "status_label": ir.get_status_display(),
        "channel": ir.channel,
        "applicant_type": ir.applicant_type,
        "applicant_name": ir.applicant_name,
        "organisation": _org_out(ir.organisation),
        "unit": _org_out(ir.unit),
        "submitted_on": ir.submitted_on,
        "received_on": ir.received_on,
        "due_on": ir.due_on,
        "days_left": row.days_left,
        "overdue": row.overdue,
        "warning": row.warning,
        "provisional": row.provisional,
        "closed_on": ir.closed_on,
    }


def detail_out(request: HttpRequest, info_request: InfoRequest) -> dict[str, Any]:
    ir = (
        InfoRequest.objects.select_related("site", "organisation", "unit")
        .prefetch_related("withheld_parts", "consultations", "fee_notices")
        .get(pk=info_request.pk)
    )
    today = timezone.localdate()
    clock = clock_view(ir, today=today)
    correction, extension, service = (
        _one(ir, "correction"),
        _one(ir, "extension"),
        _one(ir, "service"),
    )
    remedies = [
        {
            "id": r.pk,
            "kind": "reconsideration",
            "organ": r.organ,
            "case_number": r.case_number,
            "filed_on": r.filed_on,
            "result": r.result,
            "decided_on": r.decided_on,
        }
        for r in ir.reconsiderations.all()
    ] + [
        {
            "id": s.pk,
            "kind": s.kind,
            "organ": s.court,
            "case_number": s.case_number,
            "filed_on": s.filed_on,
            "result": s.result,
            "decided_on": s.decided_on,
        }
        for s in ir.litigations.all()
    ]
    return {
        "id": ir.pk,
        "tracking_number": ir.tracking_number,
        "status": ir.status,
        "status_label": ir.get_status_display(),
        "channel": ir.channel,
        "organisation": _org_out(ir.organisation),
        "unit": _org_out(ir.unit),
        "submitted_on": ir.submitted_on,
        "received_on": ir.received_on,
        "due_on": ir.due_on,
        "days_left": clock.days_left,
        "overdue": clock.overdue,
        "warning": clock.warning,
        "provisional": clock.provisional,
        "closed_on": ir.closed_on,
        **{
            name: getattr(ir, name)
            for name in (
                "applicant_type",
                "applicant_name",
                "id_type",
                "id_number",
                "legal_representative",
                "contact_person",
                "phone",
                "email",
                "address",
                "postcode",
                "description",
                "document_number",
                "provision_form",
                "delivery_method",
                "due_provisional",
                "custom_due_on",
                "legal_basis",
                "reply_content",
                "responsible_organ",
                "approved_by_name",
                "approved_on",
                "archived_on",
            )
        },
        "provisional_warning": clock.provisional_text,
        "at_the_latest": clock.at_the_latest,
        "outcome": ir.outcome or None,
        "outcome_label": OUTCOMES[Outcome(ir.outcome)].row_label if ir.outcome else "",
        "withheld_parts": [
            {"description": p.description, "reason": p.reason, "legal_basis": p.legal_basis}
            for p in ir.withheld_parts.all()
        ],
        "correction": correction,
        "extension": extension,
        "consultations": list(ir.consultations.all()),
        "fee_notices": list(ir.fee_notices.all()),
        "service": service,
        "remedies": remedies,
        "available_actions": [a.key for a in available_actions(ir, request.user, today)],
        "suggestions": [
            {"outcome": s.outcome, "message": s.message}
            for s in (reply_suggestions(ir) if ir.status == Status.DRAFTING else [])
        ],
        "events": _events(ir),
    }


STEP: dict[int, Any] = {200: DetailOut, **STAFF_ERRORS}
