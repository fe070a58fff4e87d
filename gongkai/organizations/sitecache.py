"""A per-process cache of host name → site, so a portal page costs no site query.

Site changes clear this process's cache on commit; other processes see them within TTL seconds.
"""

from __future__ import annotations

import threading
import time

from .models import Site

TTL = 30.0
_lock = threading.Lock()
_cache: dict[str, tuple[float, Site | None]] = {}


def get(host: str) -> Site | None:
    from .selectors import site_for_host

    now = time.monotonic()
    hit = _cache.get(host)
    if hit is not None and hit[0] > now:
        return hit[1]
    site = site_for_host(host)
    with _lock:
        _cache[host] = (now + TTL, site)
    return site


def clear() -> None:
    with _lock:
        _cache.clear()
