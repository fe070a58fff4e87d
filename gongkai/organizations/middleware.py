from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import sitecache


class SiteMiddleware:
    """Sets `request.site` from the Host header (the default site for an unknown host)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.site = sitecache.get(request.get_host().split(":", 1)[0].lower())  # type: ignore[attr-defined]
        return self.get_response(request)
