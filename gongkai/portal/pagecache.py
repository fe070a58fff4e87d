"""A server-side cache of rendered item pages for anonymous visitors.

Rendering an item page costs five queries and a template; a policy that goes viral is read by
thousands of people in the same minute. The rendered page is kept for PAGE_TTL seconds (the
pages' public max-age) and served again only while the item's own version is unchanged,
checked with one single-row query by primary key on every request. So the item's own changes (a
revision, a withdrawal, a change of attribute) show at once, through the full rendering path
and its visibility rules; what only its links show (a newly published interpretation, a
renamed column or unit) shows within PAGE_TTL, like a proxy's copy would.

Only requests that carry nothing personal are served from or stored in the cache: no signed-in
user, no session, no pending messages. The key includes the accessibility classes (the only
cookie that changes the page).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from gongkai.publications.selectors import public_items

from .a11y import COOKIE as A11Y_COOKIE
from .a11y import modes_from_cookie

PAGE_TTL = 60
MESSAGES_COOKIE = "messages"

View = Callable[..., HttpResponse]


def cacheable(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
    )


def _stamp(site_id: int, pk: int) -> str | None:
    """The item's own version, or None when it is not on the portal (the full path then
    answers 404). Every service write bumps `version` (an attachment added to a published item
    leaves `updated_at` alone); `updated_at` covers a save that does not."""
    row = public_items(site_id).filter(pk=pk).values_list("version", "updated_at").first()
    return f"{row[0]}@{row[1].isoformat()}" if row is not None else None


def item_page_cache(kind: str) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, pk: int) -> HttpResponse:
            site = getattr(request, "site", None)
            if site is None or not cacheable(request):
                return view(request, pk)
            stamp = _stamp(site.pk, pk)
            if stamp is None:
                return view(request, pk)
            modes = "-".join(modes_from_cookie(request.COOKIES.get(A11Y_COOKIE)))
            key = f"portal:page:{site.pk}:{kind}:{pk}:{modes}"
            hit = cache.get(key)
            if isinstance(hit, tuple) and len(hit) == 4 and hit[0] == stamp:
                _, etag, last_modified, content = hit
                response = get_conditional_response(request, etag=etag, last_modified=last_modified)
                if response is None:
                    response = HttpResponse(content, content_type="text/html; charset=utf-8")
                if etag:
                    response["ETag"] = etag
                if last_modified:
                    response["Last-Modified"] = http_date(last_modified)
                return response
            response = view(request, pk)
            if response.status_code == 200 and not response.streaming:
                last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
                cache.set(
                    key, (stamp, response.get("ETag"), last_modified, response.content), PAGE_TTL
                )
            return response

        return wrapped

    return decorate
