"""The accessibility and elderly-friendly switch (无障碍/适老化).

The chosen modes live in the `gk_a11y` cookie as space-separated `<html>` classes. The cookie is
read back through `modes_from_cookie`, which keeps only known classes: the value is client input
and ends up inside a `class` attribute on every page.
"""

from __future__ import annotations

MODES = {"large": "a11y-large", "contrast": "a11y-contrast"}
COOKIE = "gk_a11y"
# One year: an elderly visitor should not have to find the switch again on the next visit.
COOKIE_MAX_AGE = 365 * 24 * 3600


def modes_from_cookie(value: str | None) -> list[str]:
    """The known `<html>` classes in a cookie value, in canonical order."""
    tokens = set((value or "").replace('"', " ").split())
    return [cls for cls in MODES.values() if cls in tokens]


def toggle(current: list[str], mode: str) -> list[str]:
    """The classes after switching `mode` ("large", "contrast" or "off")."""
    if mode == "off":
        return []
    cls = MODES[mode]
    chosen = set(current) ^ {cls}
    return [c for c in MODES.values() if c in chosen]
