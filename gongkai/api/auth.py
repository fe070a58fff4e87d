"""Who may call the staff endpoints: a bearer token (`Authorization: Bearer gk_...`) or the
Django session of a signed-in staff member. Either way the user must be active staff of the
site the request's host belongs to (`check_staff`), which raises PermissionDenied → 403.

A token user is also set as `request.user`, so services and selectors see one actor however the
request authenticated. `request.staff` is set as in `staff_required`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth
from ninja.utils import check_csrf

from gongkai.organizations.access import check_staff
from gongkai.organizations.services import api_token_user

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class TokenAuth(HttpBearer):
    """A personal API token created on the workbench's API token page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token.strip())
        if user is None:
            return None
        request.user = user
        request.staff = check_staff(request)  # type: ignore[attr-defined]
        return user


class StaffSessionAuth(SessionAuth):
    """The workbench's own session. Unsafe methods need the CSRF token, as any form would: a
    cookie is sent by the browser on its own, a bearer header is not."""

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        unsafe = request.method not in SAFE_METHODS
        if unsafe and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "CSRF 校验失败，请刷新页面后重试。")
        request.staff = check_staff(request)  # type: ignore[attr-defined]
        return user


# Tried in this order; the first that returns a user wins, none → 401.
staff_auth = [TokenAuth(), StaffSessionAuth()]
