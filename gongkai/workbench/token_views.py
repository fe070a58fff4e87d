"""A staff member's own API tokens: list, create (the raw key is shown once), revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.organizations.access import staff_required
from gongkai.organizations.models import ApiToken
from gongkai.organizations.services import api_token_create, api_token_revoke


class TokenForm(forms.Form):
    name = forms.CharField(
        label="令牌名称",
        max_length=60,
        help_text="用于区分不同的接口客户端，例如“台账同步脚本”。",
        error_messages={"required": "请填写令牌名称。", "max_length": "名称最多60个字。"},
    )


def _own_tokens(request: HttpRequest) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=request.user).order_by("revoked_at", "-created_at"))


@staff_required()
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    new_key = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                _token, new_key = api_token_create(
                    user=request.user, name=form.cleaned_data["name"], actor=request.user
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                form = TokenForm()
    else:
        form = TokenForm()
    # The raw key is rendered in this one response and never stored: no redirect through the
    # session or a message cookie, and no caching anywhere on the way.
    response = render(
        request,
        "workbench/api_tokens.html",
        {"form": form, "tokens": _own_tokens(request), "new_key": new_key},
        status=400 if request.method == "POST" and form.errors else 200,
    )
    add_never_cache_headers(response)
    return response


@staff_required()
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Another user's token is "not found", not "forbidden": its existence is not their business.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if token.revoked_at is not None:
        messages.info(request, f"令牌“{token.name}”此前已被吊销。")
    else:
        api_token_revoke(token=token, actor=request.user)
        messages.success(request, f"令牌“{token.name}”已吊销，使用它的客户端将无法再访问接口。")
    return redirect("workbench:api_tokens")
