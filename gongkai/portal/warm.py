"""Rendering pages into the page cache ahead of visitors (ADR 0013).

After a deploy, a cache flush or a bulk import, the first visitor of each page would pay for its
rendering. `warm_item_pages` requests every public item page of a site through the real WSGI
handler — the whole middleware stack, as a visitor's request would go — so what is stored is
byte for byte what a visitor would have been given.
"""

from __future__ import annotations

import io
import multiprocessing
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connections

from gongkai.organizations import sitecache
from gongkai.organizations.models import Site
from gongkai.publications.selectors import public_items
from gongkai.publications.urls_public import item_public_url

from .pagecache import HEADER


def parse_base_url(url: str) -> tuple[str, str]:
    """(scheme, host[:port]) of a base address such as https://gk.example.gov.cn."""
    parts = urlsplit(url if "://" in url else f"https://{url}")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"“{url}”不是有效的网址（例如 https://gk.example.gov.cn）。")
    return parts.scheme, parts.netloc.lower()


def site_of(host: str) -> Site | None:
    return sitecache.get(host.split(":", 1)[0])


def _environ(scheme: str, host: str, path: str) -> dict[str, Any]:
    name, _, port = host.partition(":")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": name,
        "SERVER_PORT": port or ("443" if scheme == "https" else "80"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }


class _Seen:
    """The status and page-cache header of one response (a WSGI start_response)."""

    def __init__(self) -> None:
        self.status = "?"
        self.cache = ""

    def __call__(self, status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
        self.status = status.split(" ", 1)[0]
        self.cache = dict(headers).get(HEADER, "")
        return lambda data: None


def _render(scheme: str, host: str, pks: list[int]) -> Counter[str]:
    """Request each item's page; count what the page cache said (miss = stored now, hit = was
    already there) and any other outcome by status."""
    handler = WSGIHandler()
    outcome: Counter[str] = Counter()
    with _one_connection():
        for pk in pks:
            outcome[_render_one(handler, scheme, host, pk)] += 1
    return outcome


@contextmanager
def _one_connection() -> Iterator[None]:
    """Keep the database connection for the whole run, as Django's test client does: a request
    normally closes an old connection when it starts and ends, which in a batch of thousands
    only reconnects for nothing — and inside a transaction (a test, a caller's atomic block)
    would close it under the caller's feet."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _render_one(handler: WSGIHandler, scheme: str, host: str, pk: int) -> str:
    """ "miss" (rendered and stored now), "hit" (already stored) or "status <code>"."""
    seen = _Seen()
    result = handler(_environ(scheme, host, item_public_url(pk)), seen)
    try:
        for _chunk in result:
            pass
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return seen.cache if seen.status == "200" and seen.cache else f"status {seen.status}"


def _render_share(args: tuple[str, str, list[int]]) -> Counter[str]:
    return _render(*args)


def warm_item_pages(site: Site, *, scheme: str, host: str, jobs: int = 1) -> Counter[str]:
    """Render every public item page of `site` at scheme://host into the page cache, with
    `jobs` processes (forked; each opens its own connections)."""
    pks = list(public_items(site).order_by("-published_at", "-pk").values_list("pk", flat=True))
    if jobs <= 1 or len(pks) < 2:
        return _render(scheme, host, pks)
    shares = [(scheme, host, pks[i::jobs]) for i in range(jobs)]
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        counts = pool.map(_render_share, shares)
    return sum(counts, Counter())
