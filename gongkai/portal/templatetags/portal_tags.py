"""Small display helpers of the public pages: file sizes, file kinds, lazy images, page ranges."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django import template
from django.utils.safestring import SafeString, mark_safe

from gongkai.core.files import KINDS
from gongkai.publications.urls_public import attachment_url

register = template.Library()

# In a body sanitised by nh3 every "<img" is a real tag (text "<" is stored as "&lt;"), so adding
# the attribute here cannot open a tag inside text.
_IMG = re.compile(r"<img(?=[\s/>])", re.IGNORECASE)


@register.filter
def filesize(size: Any) -> str:
    """Bytes as 1.2 MB / 35 KB (the units people see on every government site)."""
    try:
        n = int(size)
    except (TypeError, ValueError):
        return ""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{max(1, round(n / 1024))} KB"


@register.filter
def filekind(kind: Any) -> str:
    return KINDS.get(str(kind or "").lower(), str(kind or "").upper())


@register.filter
def attachment_href(attachment: Any) -> str:
    """Where an attachment is downloaded (publications serves it, checking the item is public)."""
    return attachment_url(attachment)


@register.filter
def lazy_images(html: Any) -> SafeString:
    """A sanitised body with its images loaded lazily (only when scrolled near)."""
    return mark_safe(_IMG.sub('<img loading="lazy"', str(html or "")))  # noqa: S308


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, page: int) -> str:
    """The current query string with `page` replaced (filters kept)."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else {}
    params = {k: v for k, v in params.items() if k != "page" and v != ""}
    if page > 1:
        params["page"] = str(page)
    return "?" + urlencode(params) if params else "?"


@register.simple_tag
def page_window(current: int, last: int, radius: int = 2) -> list[int | None]:
    """Page numbers around the current page, with None for a gap: 1 … 4 5 [6] 7 8 … 20."""
    shown = {1, last, *range(max(1, current - radius), min(last, current + radius) + 1)}
    result: list[int | None] = []
    previous = 0
    for number in sorted(shown):
        if number - previous > 1:
            result.append(None)
        result.append(number)
        previous = number
    return result
