"""An application's page (all its data, the timeline, the clock, the steps the user may take
now) and its private files."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongkai.organizations.access import staff_required

from ..actions import ACTIONS, available_actions
from ..models import RequestAttachment
from ..outcomes import OUTCOMES, Outcome
from ..selectors import reply_suggestions, timeline
from ..states import Status
from ..worklist import clock_view
from ._common import private, visible_request

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "ofd": "application/ofd",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@staff_required()
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    info_request = visible_request(request, pk)
    today = timezone.localdate()
    actions = available_actions(info_request, request.user, today)
    keys = {action.key for action in actions}
    outcome = OUTCOMES[Outcome(info_request.outcome)] if info_request.outcome else None
    response = render(
        request,
        "info_requests/manage/detail.html",
        {
            "ir": info_request,
            "clock": clock_view(info_request, today=today),
            "events": timeline(info_request),
            "page_actions": [a for a in actions if not a.per_row],
            "row_actions": keys,
            "all_actions": ACTIONS,
            "outcome_info": outcome,
            "withheld_parts": info_request.withheld_parts.all(),
            "attachments": info_request.attachments.order_by("uploaded_at", "id"),
            "consultations": info_request.consultations.all(),
            "fee_notices": info_request.fee_notices.all(),
            "correction": _one(info_request, "correction"),
            "extension": _one(info_request, "extension"),
            "mass_review": _one(info_request, "mass_review"),
            "service": _one(info_request, "service"),
            "reconsiderations": info_request.reconsiderations.all(),
            "litigations": info_request.litigations.select_related("reconsideration"),
            "suggestions": (
                reply_suggestions(info_request) if info_request.status == Status.DRAFTING else []
            ),
        },
    )
    return private(response)


def _one(info_request: object, name: str) -> object | None:
    try:
        return getattr(info_request, name)
    except ObjectDoesNotExist:  # a one-to-one step that has not happened
        return None


@staff_required()
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """An applicant's file, only for staff who can see the application (no public URL)."""
    info_request = visible_request(request, pk)
    attachment = get_object_or_404(RequestAttachment, pk=attachment_pk, info_request=info_request)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件不存在。") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name or f"attachment.{attachment.content_kind}",
        content_type=CONTENT_TYPES.get(attachment.content_kind, "application/octet-stream"),
    )
    # staff_required is typed for HttpResponse; a FileResponse streams, and Django serves both.
    return cast(HttpResponse, private(response))
