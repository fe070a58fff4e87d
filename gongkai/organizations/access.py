"""Who the signed-in user is in the organisation tree, and the view guards built on it.

Every staff page and endpoint starts here: a user acts only on the site their organisation
belongs to, with the role of their one Staff row.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import SITE_ROLES, Role, Staff

_UNSET = object()


def staff_of(user: Any) -> Staff | None:
    """The active Staff row of a signed-in user, or None (cached on the user object)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    cached = getattr(user, "_gongkai_staff", _UNSET)
    if cached is not _UNSET:
        return cast(Staff | None, cached)
    staff = (
        Staff.objects.select_related("organisation", "organisation__site")
        .filter(user=user, is_active=True, organisation__is_active=True)
        .first()
    )
    user._gongkai_staff = staff
    return staff


def is_site_wide(user: Any) -> bool:
    staff = staff_of(user)
    return staff is not None and staff.role in SITE_ROLES


def has_role(user: Any, *roles: Role) -> bool:
    staff = staff_of(user)
    return staff is not None and staff.role in roles


def check_staff(request: HttpRequest, roles: tuple[Role, ...] = ()) -> Staff:
    """The acting Staff of a request, or PermissionDenied with a message in Chinese."""
    staff = staff_of(request.user)
    if staff is None:
        raise PermissionDenied("此账号没有在岗的工作人员身份，请联系系统管理员。")
    site = getattr(request, "site", None)
    if site is None or staff.organisation.site_id != site.pk:
        raise PermissionDenied("此账号不属于本站点，请在所属站点登录。")
    if roles and staff.role not in roles:
        raise PermissionDenied("您的角色无权进行此操作。")
    return staff


def staff_required(
    *roles: Role,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: a signed-in staff member of this site, optionally with one of `roles`.

    Sets `request.staff`.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            request.staff = check_staff(request, roles)  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
