"""Shaping items into the API's responses."""

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError

from gongkai.organizations.models import Site

from ..models import Attachment, Item
from ..selectors import local_date, public_item_detail
from ..urls_public import attachment_url, item_public_url


def site_of(request: HttpRequest) -> Site:
    site = getattr(request, "site", None)
    if site is None:
        raise HttpError(503, "本平台尚未配置站点。")
    return site


def link(item: Item) -> dict[str, Any]:
    return {
        "id": item.pk,
        "title": item.title,
        "index_number": item.index_number,
        "url": item_public_url(item),
    }


def summary(item: Item) -> dict[str, Any]:
    return {
        "id": item.pk,
        "index_number": item.index_number,
        "title": item.title,
        "organisation": {"code": item.organisation.code, "full_name": item.organisation.full_name},
        "document_number": item.document_number,
        "written_on": item.written_on,
        "published_on": local_date(item.published_at),
        "subject_category": item.subject_category,
        "subject_category_label": item.get_subject_category_display(),
        "genre": item.genre,
        "genre_label": item.get_genre_display(),
        "is_normative": item.is_normative,
        "validity": item.validity,
        "status": item.status,
        "url": item_public_url(item),
    }


def public_out(site: Site, pk: int) -> dict[str, Any]:
    detail = public_item_detail(site, pk)
    if detail is None:
        raise HttpError(404, "未找到请求的对象。")
    item = detail.item
    return {
        **summary(item),
        "keywords": item.keywords,
        "summary": item.summary,
        "effective_on": item.effective_on,
        "expires_on": item.expires_on,
        "repealed_on": item.repealed_on,
        "interpretation_kind": item.interpretation_kind,
        "columns": [] if detail.withdrawn else list(item.columns.values_list("pk", flat=True)),
        "body_html": detail.body_html,
        "attachments": [attachment_out(a) for a in detail.attachments],
        "interpretations": [link(i) for i in detail.interpretations],
        "interprets": [link(i) for i in detail.interprets],
        "withdrawn": detail.withdrawn,
        "withdrawal_reason": item.withdrawal_reason if detail.withdrawn else "",
        "withdrawn_at": item.withdrawn_at if detail.withdrawn else None,
        "successor": link(detail.successor) if detail.successor else None,
    }


def attachment_out(a: Attachment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "name": a.original_name,
        "kind": a.kind,
        "size": a.size,
        "is_media": a.is_media,
        "url": attachment_url(a),
    }
