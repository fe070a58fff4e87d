"""Staff endpoints: the list by days left, intake, and an application's detail."""

from typing import Any

import ninja
from django.http import HttpRequest
from django.utils import timezone
from ninja.pagination import PageNumberPagination, paginate

from gongkai.organizations.models import Organisation

from .. import services
from ..choices import (
    Channel,
)
from ..selectors import (
    info_requests_visible_to,
    overdue_requests,
)
from ..states import OPEN_STATUSES, Status
from ..worklist import request_rows
from ._common import (
    STAFF_ERRORS,
    application_fields,
    detail_out,
    organ_of,
    row_out,
    site_of,
    visible_request,
)
from ._router import router
from .schemas import (
    DetailOut,
    OnTheSpotIn,
    RegisteredOut,
    RegisterIn,
    RowOut,
)

# --- staff: lists and intake ----------------------------------------------------------------


@router.get(
    "",
    response={200: list[RowOut], **STAFF_ERRORS},
    summary="申请列表（按剩余工作日）Applications by days left",
    operation_id="info_requests_list",
    url_name="info_requests",
)
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def list_requests(
    request: HttpRequest,
    status: Status | None = None,
    include_closed: bool = False,
    unit: str | None = None,
    channel: Channel | None = None,
    year: int | None = None,
    overdue: bool = False,
    due_soon: bool = False,
) -> list[dict[str, Any]]:
    """The applications the caller sees, the fewest working days left first. Open ones only
    unless `status` or `include_closed` says otherwise; `due_soon`: 5 working days or fewer
    left (or overdue)."""
    today = timezone.localdate()
    qs = info_requests_visible_to(request.user)
    if status is not None:
        qs = qs.filter(status=status)
    elif not include_closed:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if unit:
        parent = Organisation.objects.filter(site=site_of(request), code=unit).first()
        qs = qs.filter(unit__path__startswith=parent.path) if parent else qs.none()
    if channel is not None:
        qs = qs.filter(channel=channel)
    if year is not None:
        qs = qs.filter(submitted_on__year=year)
    if overdue:
        qs = overdue_requests(qs, today)
    rows = request_rows(request.user, qs, today=today)
    if due_soon:
        rows = [r for r in rows if r.warning]
    return [row_out(r) for r in rows]


@router.post(
    "",
    response={201: RegisteredOut, **STAFF_ERRORS},
    summary="登记申请 Register an application",
    operation_id="info_request_register",
    url_name="info_request_register",
)
def register(request: HttpRequest, payload: RegisterIn) -> ninja.Status:
    """收件登记 by the disclosure office (in person, post, fax, e-mail, other)."""
    site = site_of(request)
    registration = services.info_request_register(
        site=site,
        channel=payload.channel,
        submitted_on=payload.submitted_on,
        signed_on=payload.signed_on,
        organisation=organ_of(site, payload.organisation),
        actor=request.user,
        **application_fields(payload),
    )
    ir = registration.info_request
    return ninja.Status(
        201,
        {
            "id": ir.pk,
            "tracking_number": ir.tracking_number,
            "query_code": registration.query_code,
            "status": ir.status,
        },
    )


@router.post(
    "/on-the-spot",
    response={201: RegisteredOut, **STAFF_ERRORS},
    summary="当场答复 Answer on the spot",
    operation_id="info_request_on_the_spot",
    url_name="info_request_on_the_spot",
)
def on_the_spot(request: HttpRequest, payload: OnTheSpotIn) -> ninja.Status:
    site = site_of(request)
    registration = services.info_request_answer_on_the_spot(
        site=site,
        outcome=payload.outcome,
        reply_content=payload.reply_content,
        legal_basis=payload.legal_basis,
        organisation=organ_of(site, payload.organisation),
        actor=request.user,
        **application_fields(payload),
    )
    ir = registration.info_request
    return ninja.Status(
        201,
        {
            "id": ir.pk,
            "tracking_number": ir.tracking_number,
            "query_code": registration.query_code,
            "status": ir.status,
        },
    )


@router.get(
    "/{request_id}",
    response={200: DetailOut, **STAFF_ERRORS},
    summary="申请详情 Application",
    operation_id="info_request_get",
    url_name="info_request",
)
def get_request(request: HttpRequest, request_id: int) -> dict[str, Any]:
    return detail_out(request, visible_request(request, request_id))
