"""What the workbench pages of this app share."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from gongkai.organizations.models import Site, Staff

from ..models import InfoRequest
from ..selectors import info_requests_visible_to


def acting(request: HttpRequest) -> Staff:
    return request.staff  # type: ignore[attr-defined]


def site_of(request: HttpRequest) -> Site:
    return acting(request).organisation.site


def visible(request: HttpRequest) -> QuerySet[InfoRequest]:
    return info_requests_visible_to(request.user).select_related("site", "organisation", "unit")


def visible_request(request: HttpRequest, pk: int) -> InfoRequest:
    """The application, if this user may see it; a 404 otherwise (never "exists but hidden")."""
    return get_object_or_404(visible(request), pk=pk)


def detail_url(info_request: InfoRequest) -> str:
    return reverse("info_requests:detail", args=[info_request.pk])


def private[ResponseT: HttpResponseBase](response: ResponseT) -> ResponseT:
    """Case files hold identity numbers and contacts: never stored by a cache or a proxy."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "private, no-store"
    return response


def posted(request: HttpRequest) -> Any:
    """The POST data of a POST (even an empty one, so a bare submit shows "required" errors)."""
    return request.POST if request.method == "POST" else None
