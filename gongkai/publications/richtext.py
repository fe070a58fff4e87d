"""The body of an item: sanitised on every write (nh3), read as plain text for search and
excerpts.

Allowed: paragraphs, headings h2–h4, lists, tables, links, strong/em/u, line breaks, and images
whose source is one of our own attachment URLs (a foreign image would let a third party see who
reads the page and swap the picture after approval). No attributes beyond href, src, alt and
table spans: no style, no class, no scripts, no event handlers.
"""

from __future__ import annotations

import html
import re

import nh3

ATTACHMENT_URL_PREFIX = "/xxgk/fujian/"
_OWN_IMAGE = re.compile(rf"^{re.escape(ATTACHMENT_URL_PREFIX)}\d+/$")

TAGS = frozenset(
    {
        "p", "h2", "h3", "h4", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
        "a", "strong", "em", "u", "br", "img",
    }
)  # fmt: skip
ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if _OWN_IMAGE.match(value) else None
    if attribute in ("colspan", "rowspan"):
        return value if value.isdigit() and 0 < int(value) <= 100 else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    attributes={tag: set(attrs) for tag, attrs in ATTRIBUTES.items()},
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
    attribute_filter=_filter,
    strip_comments=True,
)


def sanitise(body: str) -> str:
    """The body as stored and published."""
    return _CLEANER.clean(body or "").strip()


# The body is nh3's output (well-formed, "<" in text escaped), so tags can be told apart with
# regular expressions; an HTMLParser was the slowest step of a large import.
_BREAK = re.compile(r"<(?:br|/p|/h[2-4]|/li|/tr|/table|/ul|/ol|li|tr)\b[^>]*>", re.IGNORECASE)
_CELL = re.compile(r"<t[dh]\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def html_to_text(body: str) -> str:
    """Plain text of a (sanitised) body: blocks on their own lines, cells apart, entities
    decoded."""
    if not body:
        return ""
    text = _TAG.sub("", _CELL.sub("\t", _BREAK.sub("\n", body)))
    lines = (" ".join(line.split()) for line in html.unescape(text).splitlines())
    return "\n".join(line for line in lines if line)


def excerpt(body: str, length: int = 120) -> str:
    text = " ".join(html_to_text(body).split())
    return text if len(text) <= length else text[: length - 1] + "…"


def text_to_html(text: str) -> str:
    """Plain text (an import's 正文 cell) as paragraphs."""
    paragraphs = [p.strip() for p in (text or "").splitlines() if p.strip()]
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(p|br|table|h[2-4]|ul|ol|div|span|strong|a)\b", text or "", re.I))
