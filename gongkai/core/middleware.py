"""Request-wide concerns of the shared kernel."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from . import audit

SESSION_LAST_SEEN = "gongkai_last_seen"


def client_ip(request: HttpRequest) -> str | None:
    """The client address as seen behind GONGKAI_PROXY_COUNT trusted proxies."""
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0)
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    """Makes the client IP available to `audit.record` for the duration of the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with audit.request_context(client_ip(request)):
            return self.get_response(request)


class IdleTimeoutMiddleware:
    """Logs a signed-in user out after GONGKAI_STAFF_IDLE_MINUTES without a request.

    The timestamp is written at most once a minute, so an active clerk does not cost a session
    write per request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(SESSION_LAST_SEEN)
            idle_limit = settings.GONGKAI_STAFF_IDLE_MINUTES * 60
            if last_seen is not None and now - int(last_seen) > idle_limit:
                logout(request)
                messages.info(request, "您已超过 %d 分钟未操作，请重新登录。" % (idle_limit // 60))
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - int(last_seen) >= 60:
                request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)
