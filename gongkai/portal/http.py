"""Decorators shared by the public pages: a configured site, and short public caching."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers

View = Callable[..., HttpResponse]

# A minute keeps a traffic spike (a policy going viral) off the database while a correction still
# reaches visitors quickly; the inspection rules punish stale pages, not short caches.
PUBLIC_MAX_AGE = 60


def not_configured(request: HttpRequest) -> HttpResponse:
    """The portal of an installation whose first site has not been created yet."""
    response = render(request, "portal/not_configured.html", status=503)
    patch_cache_control(response, no_store=True)
    return response


def public_page(view: View) -> View:
    """A portal page: needs a site (else the "not configured" page), and anonymous GETs may be
    cached by browsers and proxies for a minute.

    `Vary: Cookie` because the page differs by the accessibility cookie (the `<html>` class) and
    by the session (a signed-in staff member must not receive, or leave behind, a shared copy).
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "site", None) is None:
            return not_configured(request)
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ("Cookie",))
        if (
            request.method in ("GET", "HEAD")
            # A 304 carries the same caching rules as the 200 it stands for (RFC 9111 4.3.4).
            and response.status_code in (200, 304)
            and not request.user.is_authenticated
        ):
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        return response

    return wrapped
