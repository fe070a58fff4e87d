"""The whole-page cache of public pages for anonymous visitors (ADR 0013).

A rendered item page costs a handful of queries and a template, about 25 ms of CPU; a county
portal is read far more than it is written, and a policy that goes viral is read by thousands of
people in the same minute. So the finished response of an opted-in page — body and every header
the middleware stack added (CSP, HSTS, Vary, Cache-Control, ETag) — is kept in the cache and
replayed by `PageCacheMiddleware`, which sits first in the stack: a hit costs one cache round
trip and no query.

Freshness comes from invalidation, not from a short lifetime. A page is stored with a *stamp*:
the values of the global generation key and of the page's tag keys (an item page's tag is its
item), read before the view ran. A hit needs the stamp to equal the keys' current values. Every
audited write (every write is audited) bumps what it touches through `invalidation.py`: an item's
own tag and the tags of the items whose pages show it; a column, unit or site change bumps the
generation (every page). Bumps are written at once and again after commit, so a page rendered from
data a transaction was about to replace is never served once it commits. A page rendered in the
first seconds after the generation changed lives only until they are over (`SETTLE_SECONDS`):
other processes may still hold the old site object that long (organizations.sitecache). The
keys' lifetime (`GONGKAI_PAGE_CACHE_TTL`, a day by default) only bounds how long a page lives
unread.

Only requests that carry nothing personal are served or stored: GET, no query string, no
Authorization header, and no cookie but the accessibility switch's and the CSRF cookie; a
response is stored only when it is a 200 that sets no cookie. The key holds the scheme, the host,
the path, the accessibility classes and a release digest of the templates and static manifest, so
a deploy never serves old markup.
"""

from __future__ import annotations

import hashlib
import time
import uuid
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from .a11y import COOKIE as A11Y_COOKIE
from .a11y import modes_from_cookie

GEN_KEY = "portal:pc:gen"
TAG_KEY = "portal:pc:tag:"
PAGE_KEY = "portal:pc:page:"
HEADER = "X-Page-Cache"
# Headers never replayed: the length is recomputed, cookies are never stored.
_SKIP_HEADERS = {"content-length", "set-cookie", HEADER.lower()}

TagsFunc = Callable[[dict[str, Any]], list[str]]
View = Callable[..., HttpResponseBase]


def _cache() -> Any:
    """The `pages` cache: shared by every process (settings)."""
    return caches["pages"]


def ttl() -> int:
    return int(getattr(settings, "GONGKAI_PAGE_CACHE_TTL", 86400))


def page_cache(tags: TagsFunc, *, seconds: int | None = None) -> Callable[[View], View]:
    """Opt a view in: `tags(url_kwargs)` names what its page shows (`item_tag`, `column_tag`,
    `LISTS`); `seconds` caps the life of a page that also shows something no audited write
    changes (the home page's hot searches). Apply it outermost, so the function the URL resolves
    to carries it."""

    def decorate(view: View) -> View:
        view.page_cache_tags = tags  # type: ignore[attr-defined]
        view.page_cache_seconds = seconds  # type: ignore[attr-defined]
        return view

    return decorate


def item_tag(pk: int) -> str:
    return f"item:{pk}"


def column_tag(pk: int) -> str:
    """A column's list (its own items and, for a container, its sub-columns')."""
    return f"column:{pk}"


# The pages listing the latest items of a whole site (the home page).
LISTS = "lists"


# --- invalidation -------------------------------------------------------------------------------


def _token() -> str:
    """A fresh key value: random, with the time it was made (the settling window below)."""
    return f"{uuid.uuid4().hex[:16]}@{int(time.time())}"


# Processes keep a site for up to sitecache.TTL seconds (30) after a site write elsewhere. A page
# rendered that soon after the generation changed may show the old one, so it is kept only until
# the window has passed: then every process reads the site afresh.
SETTLE_SECONDS = 35


def _settling(generation: str, now: float | None = None) -> int | None:
    """Seconds left in the window after the generation changed, or None once it has passed."""
    _, _, made = generation.partition("@")
    if not made.isdigit():
        return None
    left = int(made) + SETTLE_SECONDS - int(now if now is not None else time.time())
    return left if left > 0 else None


def bump_tags(tags: Iterable[str]) -> None:
    """Make every stored page showing one of `tags` stale."""
    keys = {f"{TAG_KEY}{tag}": _token() for tag in tags}
    if keys:
        _cache().set_many(keys, ttl())


def generation() -> str:
    """The current generation token: changes with every catalog, unit or site write. Caches of
    things those writes change (the section trees) put it in their keys, so a page rendered
    after such a write never picks up an older copy."""
    found = _cache().get(GEN_KEY)
    if found is None:
        _cache().add(GEN_KEY, _token(), ttl())
        found = _cache().get(GEN_KEY)
    return str(found)


def bump_all() -> None:
    """Make every stored page stale (a column, unit or site changed; or an operator asked)."""
    _cache().set(GEN_KEY, _token(), ttl())


# --- release ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def release() -> str:
    """A digest of what shapes the markup besides the data: every template, the static manifest
    (hashed asset names) and the operator's GONGKAI_RELEASE. Computed once per process."""
    digest = hashlib.sha256(str(getattr(settings, "GONGKAI_RELEASE", "")).encode())
    engines: list[dict[str, Any]] = settings.TEMPLATES
    roots = [Path(d) for engine in engines for d in engine.get("DIRS", [])]
    roots += [Path(app.path) / "templates" for app in apps.get_app_configs()]
    for root in roots:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT or "") / "staticfiles.json"
    if settings.STATIC_ROOT and manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:12]


# --- the middleware -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    page_key: str
    stamp_keys: list[str]
    seconds: int


def _anonymous(request: HttpRequest) -> bool:
    allowed = {A11Y_COOKIE, settings.CSRF_COOKIE_NAME}
    return "HTTP_AUTHORIZATION" not in request.META and all(
        name in allowed for name in request.COOKIES
    )


def plan(request: HttpRequest) -> Plan | None:
    """The keys of this request's page, or None when it must go through the whole stack."""
    if request.method != "GET" or request.META.get("QUERY_STRING") or not _anonymous(request):
        return None
    if request.path_info.startswith(
        (settings.STATIC_URL or "/static/", settings.MEDIA_URL or "/media/")
    ):
        return None  # static and uploaded files: no view to resolve
    try:
        match = resolve(request.path_info)
        host = request.get_host()
    except (Resolver404, DisallowedHost):
        return None
    tags_of = getattr(match.func, "page_cache_tags", None)
    if tags_of is None:
        return None
    modes = "-".join(modes_from_cookie(request.COOKIES.get(A11Y_COOKIE)))
    page_key = f"{PAGE_KEY}{release()}:{request.scheme}://{host}{request.path}:{modes}"
    stamp_keys = [GEN_KEY, *(f"{TAG_KEY}{t}" for t in tags_of(match.kwargs))]
    seconds = getattr(match.func, "page_cache_seconds", None)
    return Plan(page_key, stamp_keys, min(seconds or ttl(), ttl()))


def _current_stamp(keys: list[str], found: dict[str, Any]) -> tuple[str, ...]:
    """The stamp keys' values; a missing key (never set, expired, evicted) gets a fresh token,
    which no stored page can carry."""
    missing = [k for k in keys if k not in found]
    for key in missing:
        _cache().add(key, _token(), ttl())
    if missing:
        found = {**found, **_cache().get_many(missing)}
    return tuple(str(found.get(k, "")) for k in keys)


def _replay(request: HttpRequest, entry: tuple[Any, ...]) -> HttpResponse:
    _, status, headers, body = entry
    etag = headers.get("ETag")
    last_modified = parse_http_date_safe(headers.get("Last-Modified", ""))
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(zlib.decompress(body), status=status)
        response["Content-Length"] = str(len(response.content))
        skip = _SKIP_HEADERS
    else:
        skip = _SKIP_HEADERS | {"content-type"}
    for name, value in headers.items():
        if name.lower() not in skip:
            response[name] = value
    response[HEADER] = "hit"
    return response


def _storable(response: HttpResponseBase) -> bool:
    return (
        response.status_code == 200
        and isinstance(response, HttpResponse)
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
    )


class PageCacheMiddleware:
    """First in MIDDLEWARE: serves stored pages before the rest of the stack runs, and stores
    the finished response of a miss after the whole stack has shaped it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        keys = plan(request)
        if keys is None:
            return self.get_response(request)
        found = _cache().get_many([*keys.stamp_keys, keys.page_key])
        entry = found.get(keys.page_key)
        stamp = _current_stamp(keys.stamp_keys, found)
        if isinstance(entry, tuple) and len(entry) == 4 and entry[0] == stamp:
            return _replay(request, entry)
        response = self.get_response(request)
        if _storable(response):
            assert isinstance(response, HttpResponse)
            headers = {k: v for k, v in response.items() if k.lower() not in _SKIP_HEADERS}
            body = zlib.compress(response.content, 6)
            seconds = min(keys.seconds, _settling(stamp[0]) or keys.seconds)
            _cache().set(keys.page_key, (stamp, response.status_code, headers, body), seconds)
            response[HEADER] = "miss"
        return response
