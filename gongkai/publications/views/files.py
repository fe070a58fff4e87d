"""Serving attachments: to anyone while the item is published and actively disclosed, to staff
who may see the item always. Files live outside MEDIA_ROOT (storage.py), so this is the only
way to them."""

from __future__ import annotations

import mimetypes
from typing import cast

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from gongkai.organizations.access import staff_required

from ..models import Attachment
from ..selectors import items_visible_to, public_attachment

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "ofd": "application/ofd",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "png": "image/png",
    "mp3": "audio/mpeg",
    "mp4": "video/mp4",
}
# Shown in the page (an image in the body, a video player); everything else downloads.
INLINE_KINDS = frozenset({"jpg", "png", "mp3", "mp4", "pdf"})


def _serve(attachment: Attachment) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("文件不存在。") from exc
    content_type = CONTENT_TYPES.get(attachment.kind) or (
        mimetypes.guess_type(attachment.original_name)[0] or "application/octet-stream"
    )
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=attachment.kind not in INLINE_KINDS,
        filename=attachment.original_name,
    )
    # A file of ours must never run as a page (an HTML/SVG disguised as an image).
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _as_response(response: FileResponse) -> HttpResponse:
    # The view decorators are typed for HttpResponse; a streaming FileResponse is served by
    # Django the same way.
    return cast(HttpResponse, response)


@require_GET
def public_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The address images in a body point to: public once the item is published; before that
    (the draft's preview) only for staff who may see the item."""
    attachment = public_attachment(pk)
    site = getattr(request, "site", None)
    if attachment is not None and site is not None and attachment.item.site_id == site.pk:
        response = _serve(attachment)
        response["Cache-Control"] = "public, max-age=3600"
        return _as_response(response)
    staff_copy = (
        Attachment.objects.filter(
            pk=pk, removed_at__isnull=True, item__in=items_visible_to(request.user)
        ).first()
        if request.user.is_authenticated
        else None
    )
    if staff_copy is None:
        raise Http404("附件不存在或已撤回。")
    response = _serve(staff_copy)
    response["Cache-Control"] = "private, no-store"
    return _as_response(response)


@staff_required()
@require_GET
def staff_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(
        Attachment.objects.select_related("item"),
        pk=pk,
        item__in=items_visible_to(request.user),
    )
    response = _serve(attachment)
    response["Cache-Control"] = "private, no-store"
    return _as_response(response)
