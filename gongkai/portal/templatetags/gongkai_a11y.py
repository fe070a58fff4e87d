"""Template access to the accessibility modes, for base.html and the portal's switch."""

from __future__ import annotations

from django import template
from django.http import HttpRequest

from gongkai.portal.a11y import COOKIE, MODES, modes_from_cookie

register = template.Library()


def _modes(request: HttpRequest | None) -> list[str]:
    if request is None:
        return []
    return modes_from_cookie(request.COOKIES.get(COOKIE))


@register.simple_tag(takes_context=True)
def a11y_classes(context: template.Context) -> str:
    """The `<html>` classes of the visitor's accessibility modes ("" when none)."""
    return " ".join(_modes(context.get("request")))


@register.simple_tag(takes_context=True)
def a11y_on(context: template.Context, mode: str) -> bool:
    """Whether `mode` ("large", "contrast") is switched on, for the switch's state."""
    if mode == "any":
        return bool(_modes(context.get("request")))
    return MODES.get(mode, "") in _modes(context.get("request"))
