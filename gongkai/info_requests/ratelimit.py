"""Per-address limits on the public endpoints, kept in Django's cache.

The applicant's lookup answers "does this tracking number and this query code match?". A code
has 31^8 values, but numbers are sequential, so without a limit a script could try codes
against known numbers for ever. Failures are counted per client address in a fixed window;
past the limit the lookup refuses to check anything, right or wrong, until the window ends.
Online submissions are limited the same way, so a script cannot fill the office's queue.

Fixed windows aligned to the clock (10:00–10:15, 10:15–10:30 ...) are coarse, but need only one
atomic counter per address and window, which every cache backend has (`add` + `incr`), and they
follow Django's clock rather than the cache server's (so a window can be tested by moving time).
At worst a guesser gets twice the limit across a window boundary.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest

from gongkai.core.middleware import client_ip


@dataclass(frozen=True)
class Limiter:
    name: str
    limit: int
    window_seconds: int

    def _key(self, request: HttpRequest) -> str:
        window = int(time.time() // self.window_seconds)
        return f"gongkai:ratelimit:{self.name}:{window}:{client_ip(request) or 'unknown'}"

    def blocked(self, request: HttpRequest) -> bool:
        return int(cache.get(self._key(request)) or 0) >= self.limit

    def hit(self, request: HttpRequest) -> int:
        """Count one event for the request's address; the count so far in this window."""
        key = self._key(request)
        if cache.add(key, 1, self.window_seconds):
            return 1
        try:
            return int(cache.incr(key))
        except ValueError:
            # The window ended between add and incr: this is the first event of a new one.
            cache.set(key, 1, self.window_seconds)
            return 1

    @property
    def window_minutes(self) -> int:
        return max(1, self.window_seconds // 60)


# 10 wrong lookups per address per 15 minutes (the brief's figure).
LOOKUP_FAILURES = Limiter("ysqgk-lookup", limit=10, window_seconds=15 * 60)
# A person files a handful of applications at a time; 20 an hour from one address is a script.
SUBMISSIONS = Limiter("ysqgk-submit", limit=20, window_seconds=60 * 60)

LOOKUP_BLOCKED_MESSAGE = (
    f"查询失败次数过多，为保护申请人信息，请 {LOOKUP_FAILURES.window_minutes} 分钟后再试。"
)
SUBMIT_BLOCKED_MESSAGE = "提交过于频繁，请稍后再试；如需大量申请，请与政务公开办公室联系。"
