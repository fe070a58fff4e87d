"""Public endpoints (auth=None): the online application and the status lookup. Their answers
never carry an identity number or contact details."""

from typing import Any

import ninja
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError

from gongkai.core.deadlines import provisional_warning

from .. import services
from ..choices import (
    Channel,
)
from ..ratelimit import LOOKUP_BLOCKED_MESSAGE, LOOKUP_FAILURES, SUBMISSIONS, SUBMIT_BLOCKED_MESSAGE
from ..selectors import (
    info_request_for_applicant,
    public_status,
)
from ._common import (
    PUBLIC_ERRORS,
    application_fields,
    organ_of,
    site_of,
)
from ._router import router
from .schemas import (
    LookupIn,
    OnlineApplicationIn,
    PublicStatusOut,
    SubmittedOut,
)

LOOKUP_FAILED = "受理编号或查询码不正确。"

# --- public ---------------------------------------------------------------------------------


@router.post(
    "/submit",
    auth=None,
    response={201: SubmittedOut, **PUBLIC_ERRORS},
    summary="网上提交申请 Submit an application online",
    operation_id="info_request_submit",
    url_name="info_request_submit",
)
def submit(request: HttpRequest, payload: OnlineApplicationIn) -> ninja.Status:
    """An online application (申请方式：网络). The answer carries the tracking number and the
    query code, shown this once; the office confirms the receipt with the applicant."""
    site = site_of(request)
    if SUBMISSIONS.blocked(request):
        raise HttpError(429, SUBMIT_BLOCKED_MESSAGE)
    if not payload.declaration:
        raise ValidationError({"declaration": "请确认所填信息真实准确（declaration 须为 true）。"})
    registration = services.info_request_register(
        site=site,
        channel=Channel.ONLINE,
        submitted_on=timezone.localdate(),
        organisation=organ_of(site, payload.organisation),
        actor=None,
        **application_fields(payload),
    )
    SUBMISSIONS.hit(request)
    ir = registration.info_request
    return ninja.Status(
        201,
        {
            "tracking_number": ir.tracking_number,
            "query_code": registration.query_code,
            "status": ir.status,
            "status_label": ir.get_status_display(),
            "message": "申请已提交。请保存受理编号和查询码，查询码只显示这一次。",
        },
    )


@router.post(
    "/status",
    auth=None,
    response={200: PublicStatusOut, **PUBLIC_ERRORS},
    summary="查询办理进度 Application status",
    operation_id="info_request_status",
    url_name="info_request_status",
)
def status(request: HttpRequest, payload: LookupIn) -> dict[str, Any]:
    """The status of an application by its tracking number and query code (POST, so the code
    stays out of URLs and logs). Repeated failures from one address are refused for a while."""
    site = site_of(request)
    if LOOKUP_FAILURES.blocked(request):
        raise HttpError(429, LOOKUP_BLOCKED_MESSAGE)
    info_request = info_request_for_applicant(site, payload.tracking_number, payload.query_code)
    if info_request is None:
        LOOKUP_FAILURES.hit(request)
        raise HttpError(404, LOOKUP_FAILED)
    shown = public_status(info_request)
    return {
        "tracking_number": shown.tracking_number,
        "status": shown.status,
        "status_label": shown.status_label,
        "submitted_on": shown.submitted_on,
        "received_on": shown.received_on,
        "due_on": shown.due_on,
        "due_provisional": shown.due_provisional,
        "provisional_warning": provisional_warning(info_request.due_missing_years or []),
        "closed_on": shown.closed_on,
        "organisation_name": shown.organisation_name,
        "unit_name": shown.unit_name,
        "letters": [{"title": x.title, "on": x.on} for x in shown.letters],
    }
