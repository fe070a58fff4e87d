"""Account pages where gongkai differs from Django's auth views: logout asks before it acts,
a password change is audited, and a refused CSRF check explains itself in Chinese."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware import csrf
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from gongkai.core import audit
from gongkai.core.audit_actions import AUTH

from .forms import LoginForm
from .receivers import organisation_of


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            # Django's LoginView puts a contrib.sites RequestSite under "site", shadowing the
            # gongkai Site that every template expects there.
            "site": getattr(self.request, "site", None),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        }


class LogoutView(auth_views.LogoutView):
    """Signing out happens only on POST (a link or an image tag must not end a session); a GET
    shows a page with the button, so a bookmarked or typed address still leads somewhere."""

    http_method_names = ["get", "post", "options"]
    template_name = "accounts/logout.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect("accounts:login")
        return render(request, self.template_name)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        was_signed_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_signed_in:
            messages.success(request, "您已安全退出。")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        # The new hash and its audit event are one write: both or neither.
        with transaction.atomic():
            response = super().form_valid(form)
            user = self.request.user
            audit.record(
                actor=user,
                action=AUTH.key("password_change"),
                obj=user,  # type: ignore[arg-type]
                organisation=organisation_of(user),
            )
        return response


# Why a POST was refused, in terms a clerk or citizen can act on. Keys are the start of Django's
# reason strings (some carry the offending origin after a colon).
_CSRF_REASONS = (
    (
        csrf.REASON_NO_CSRF_COOKIE,
        "浏览器没有提供安全校验 Cookie。请确认浏览器允许本网站使用 Cookie。",
    ),
    (csrf.REASON_CSRF_TOKEN_MISSING, "页面缺少安全校验码。请回到原页面刷新后重新提交。"),
    ("CSRF token from", "页面已过期或已在其他窗口重新登录。请回到原页面刷新后重新提交。"),
    ("Origin checking failed", "请求来源校验未通过。请直接在本网站的页面上提交。"),
    ("Referer checking failed", "请求来源校验未通过。请直接在本网站的页面上提交。"),
)
_CSRF_DEFAULT = "页面已过期或请求来源无法确认。请回到原页面刷新后重新提交。"


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: Django's refusal, as a Chinese page with the same 403 status."""
    explanation = next(
        (text for prefix, text in _CSRF_REASONS if reason.startswith(prefix)), _CSRF_DEFAULT
    )
    return render(request, "accounts/csrf_failure.html", {"explanation": explanation}, status=403)
