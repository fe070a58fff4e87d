"""Request-wide concerns of the shared kernel."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.storage import default_storage
from django.contrib.messages.storage.base import BaseStorage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url

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
    write per request. An API request after the limit is simply handled as anonymous (its client
    gets the API's 401); a page request is sent to the login page with a message saying why.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(SESSION_LAST_SEEN)
            idle_minutes = settings.GONGKAI_STAFF_IDLE_MINUTES
            if last_seen is not None and now - int(last_seen) > idle_minutes * 60:
                # Read by the logout audit receiver, so the log says why the session ended.
                request.gongkai_logout_reason = "idle"  # type: ignore[attr-defined]
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return self._back_to_login(request, idle_minutes)
            if last_seen is None or now - int(last_seen) >= 60:
                request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)

    def _back_to_login(self, request: HttpRequest, idle_minutes: int) -> HttpResponse:
        response: HttpResponse
        if request.headers.get("HX-Request"):
            # htmx follows a 302 inside its XHR and would swap the login page into a fragment;
            # HX-Redirect makes it load the login page as a whole page instead.
            response = HttpResponse()
            response["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
        else:
            response = redirect_to_login(request.get_full_path())
        # This middleware may run before MessageMiddleware has attached its storage, and the
        # redirect short-circuits the inner middleware, so the message is stored here directly.
        attached: BaseStorage | None = getattr(request, "_messages", None)
        storage = attached if attached is not None else default_storage(request)
        message = f"您已超过 {idle_minutes} 分钟未操作，为保障账号安全已自动退出，请重新登录。"
        storage.add(messages.INFO, message)
        if attached is None:
            storage.update(response)
        return response
