from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import sitecache
from .validators import normalise_host


class SiteMiddleware:
    """Sets `request.site` from the Host header (the default site for an unknown host)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # get_host() checks the host against ALLOWED_HOSTS first (DisallowedHost → 400).
        request.site = sitecache.get(normalise_host(request.get_host()))  # type: ignore[assignment]
        return self.get_response(request)
