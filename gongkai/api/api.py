"""The one NinjaAPI object; each app contributes a router from <app>/api.py.

Every endpoint requires staff authentication unless it says `auth=None`: a router added by a
later capability is closed until its author opens an endpoint on purpose.
Errors are JSON `{"detail": "<Chinese message>"}` (validation errors add `errors`).
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from gongkai.catalog.api import router as catalog_router
from gongkai.info_requests.api import router as info_requests_router
from gongkai.organizations.api import router as organisations_router
from gongkai.publications.api import router as publications_router
from gongkai.reports.api import router as reports_router

from .auth import staff_auth

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="政务公开平台接口 gongkai API",
    version="1",
    description=(
        "县级政务公开平台的数据接口。公开接口无需登录；工作人员接口使用个人 API 令牌"
        "（`Authorization: Bearer gk_...`，在工作台“API 令牌”页创建）或工作台登录会话。"
        '错误响应为 JSON：`{"detail": "中文说明"}`。\n\n'
        "Data API of the county government information disclosure platform. Public endpoints "
        "need no authentication; staff endpoints take a personal API token (bearer) or the "
        "workbench session. Every request is scoped to the site of its host name."
    ),
    urls_namespace="api",
    auth=staff_auth,
)


def _detail(request: HttpRequest, message: str, status: int, **extra: object) -> HttpResponse:
    return api.create_response(request, {"detail": message, **extra}, status=status)


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type", "")}
        for err in exc.errors
    ]
    return _detail(request, "请求参数不符合要求。", 422, errors=errors)


@api.exception_handler(DjangoValidationError)
def _service_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    # Services raise Django's ValidationError with Chinese messages; pass them on by field.
    if hasattr(exc, "error_dict"):
        fields = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        first = next((msgs[0] for msgs in fields.values() if msgs), "数据不符合要求。")
        return _detail(request, first, 422, errors=fields)
    messages = [str(m) for m in exc.messages]
    return _detail(request, messages[0] if messages else "数据不符合要求。", 422, errors=messages)


@api.exception_handler(PermissionDenied)
def _permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _detail(request, str(exc) or "您无权进行此操作。", 403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _detail(request, "未找到请求的对象。", 404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _detail(request, "需要登录或有效的 API 令牌。", 401)
    response["WWW-Authenticate"] = 'Bearer realm="gongkai"'
    return response


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return _detail(request, "请求过于频繁，请稍后重试。", 429)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _detail(request, str(exc), exc.status_code)


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s", request.path, exc_info=exc)
    return _detail(request, "服务器内部错误，请稍后重试。", 500)


api.add_router("", organisations_router)
api.add_router("/catalog", catalog_router)
api.add_router("/publications", publications_router)
# routers: search
api.add_router("/requests", info_requests_router)
api.add_router("/reports", reports_router)
