"""Placeholder, replaced by the module's owner."""

from typing import Any

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return HttpResponse("")


home = a11y = organisations = organisation_detail = report_error = _todo


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponse("请求无效", status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponse(str(exception) or "无权访问", status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponse("页面不存在", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponse("服务器错误", status=500)
