"""The public portal: home, the organisation directory, the accessibility switch, and the error
pages every part of the site falls back on."""

from __future__ import annotations

import logging
from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from gongkai.organizations.models import OrganisationKind, Site
from gongkai.organizations.selectors import public_organisations

from . import a11y as a11y_modes
from . import content
from .directory import group_directory
from .http import public_page
from .pagecache import LISTS, page_cache

logger = logging.getLogger(__name__)

# The four first-level columns every 政府信息公开 platform has (国办公开办函〔2019〕61号).
FIRST_LEVEL_COLUMNS = (
    ("政府信息公开指南", "公开的范围、方式、申请渠道和办理程序"),
    ("政府信息公开制度", "本级政府信息公开的规章制度"),
    ("法定主动公开内容", "条例第二十条、第二十一条规定主动公开的内容"),
    ("政府信息公开年报", "历年政府信息公开工作年度报告"),
)
NATIONAL_ERROR_PLATFORM = "https://zfwzzc.www.gov.cn/"


def current_site(request: HttpRequest) -> Site:
    """The request's site; only called behind `public_page`, which has checked it is set."""
    return cast(Site, request.site)


# The home page also shows the hot searches, which change with every search: a minute at most.
@page_cache(lambda kwargs: [LISTS], seconds=60)
@require_safe
@public_page
def home(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    government = site.government if site.government and site.government.is_active else None
    tree = content.section(site, government) if government is not None else None
    columns = []
    for key, (title, summary) in zip(content.STANDARD_ORDER, FIRST_LEVEL_COLUMNS, strict=True):
        node = tree.standard(key) if tree is not None else None
        columns.append((title, summary, node.column.pk if node is not None else None))
    return render(
        request,
        "portal/home.html",
        {
            "columns": columns,
            "blocks": content.home_blocks(site),
            "hot": content.hot(site),
            "groups": group_directory(public_organisations(site)),
        },
    )


@require_safe
def a11y(request: HttpRequest) -> HttpResponse:
    """Switches one accessibility mode on or off (or all off) and returns to `next`."""
    mode = request.GET.get("mode", "")
    if mode not in (*a11y_modes.MODES, "off"):
        return bad_request(request, ValueError("无效的显示模式。"))
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    classes = a11y_modes.toggle(
        a11y_modes.modes_from_cookie(request.COOKIES.get(a11y_modes.COOKIE)), mode
    )
    if classes:
        # Not HttpOnly: nothing secret, and a future script may read it to restyle in place.
        response.set_cookie(
            a11y_modes.COOKIE,
            " ".join(classes),
            max_age=a11y_modes.COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=False,
        )
    else:
        response.delete_cookie(a11y_modes.COOKIE, samesite="Lax")
    add_never_cache_headers(response)
    return response


@require_safe
@public_page
def organisations(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    return render(
        request,
        "portal/organisations.html",
        {"groups": group_directory(public_organisations(site))},
    )


@require_safe
@public_page
def organisation_detail(request: HttpRequest, code: str) -> HttpResponse:
    site = current_site(request)
    visible = public_organisations(site)
    org = get_object_or_404(visible.select_related("parent"), code=code)
    children = (
        list(visible.filter(parent=org, kind=OrganisationKind.VILLAGE))
        if org.kind == OrganisationKind.TOWNSHIP
        else []
    )
    parent = org.parent if org.parent is not None and org.parent.is_active else None
    return render(
        request,
        "portal/organisation_detail.html",
        {"org": org, "parent": parent, "children": children},
    )


@require_safe
@public_page
def report_error(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/report_error.html", {"national_platform": NATIONAL_ERROR_PLATFORM}
    )


# --- Error pages -------------------------------------------------------------------------------


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _error_page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": message}, status=status)
    # A signed-in staff member who hits an error inside the workbench stays in the workbench shell.
    in_workbench = request.path.startswith("/manage/") and request.user.is_authenticated
    context: dict[str, Any] = {
        "error_base": "manage_base.html" if in_workbench else "portal_base.html",
        "status": status,
        "title": title,
        "message": message,
    }
    response = render(request, "portal/errors/error.html", context, status=status)
    add_never_cache_headers(response)
    return response


def _message(exception: Exception | None, default: str) -> str:
    """The exception's own message when it is one of ours (Chinese), else `default`."""
    text = str(exception.args[0]) if exception is not None and exception.args else ""
    if text and any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return text
    return default


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(
        request, 400, "请求无效", _message(exception, "请求的内容无法识别，请检查后重试。")
    )


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, 403, "无权访问", _message(exception, "您无权访问此页面。"))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(
        request, 404, "页面不存在", "您访问的页面不存在或已被移除，请检查网址是否正确。"
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request context: the database or a context processor may be the very
    thing that failed."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "服务器内部错误，请稍后重试。"}, status=500)
    try:
        from django.templatetags.static import static

        css = str(static("css/gongkai.css"))
    except Exception:  # a missing static manifest must not turn the 500 page into another 500
        css = f"{settings.STATIC_URL}css/gongkai.css"
    html: str
    try:
        html = render_to_string("portal/errors/500.html", {"css": css})
    except Exception:
        logger.exception("500 template failed")
        html = (
            "<!DOCTYPE html><html lang='zh-CN'><title>服务器错误</title>"
            "<p>服务器错误，请稍后重试。</p></html>"
        )
    response = HttpResponse(html, status=500)
    add_never_cache_headers(response)
    return response
