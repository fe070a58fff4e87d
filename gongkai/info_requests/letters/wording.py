"""A letter's wording: the site's template or the default, its checks, and the composed text.

`LetterText` is what a letter says, in the structure every letter has: title, number, recipient
(the salutation), body paragraphs, issuing organ, date and the seal area. The renderers
(docx.py, pdf.py) lay it out; the Letter row stores it as issued.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass

from gongkai.organizations.models import Site

from ..models import LetterTemplate
from . import placeholders
from .defaults import DEFAULTS, RECONSIDERATION_FIRST, REFUSAL_KINDS, REQUIRED, placeholders_for
from .kinds import LetterKind

logger = logging.getLogger(__name__)

SEAL = "（印章）"
MAX_TITLE = 200
MAX_BODY = 5000
_SPACE = re.compile(r"\s+")


def zh_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


@dataclass(frozen=True)
class LetterText:
    title: str
    number: str
    recipient: str
    paragraphs: tuple[str, ...]
    organ_name: str
    date_text: str
    seal: str = SEAL

    @property
    def salutation(self) -> str:
        return f"{self.recipient}："

    def lines(self) -> list[str]:
        """The whole letter as plain text, one line per block, in reading order."""
        return [
            self.title,
            self.number,
            self.salutation,
            *self.paragraphs,
            self.organ_name,
            self.date_text,
            self.seal,
        ]


@dataclass(frozen=True)
class Wording:
    kind: LetterKind
    title: str
    body: str
    custom: bool  # the site's own template (not the built-in default)


def check_wording(kind: LetterKind | str, title: str, body: str) -> dict[str, list[str]]:
    """Chinese errors per field ("title", "body") for a template of `kind`; empty when fine."""
    kind = LetterKind(kind)
    allowed = [p.name for p in placeholders_for(kind)]
    errors: dict[str, list[str]] = {}
    title = title or ""
    body = body or ""
    if not title.strip():
        errors.setdefault("title", []).append("请填写标题。")
    elif "\n" in title or len(title) > MAX_TITLE:
        errors.setdefault("title", []).append(f"标题应为一行，最多{MAX_TITLE}个字。")
    else:
        found = placeholders.check(title, allowed=allowed, what="标题")
        if found:
            errors.setdefault("title", []).extend(found)
    if not body.strip():
        errors.setdefault("body", []).append("请填写正文。")
    elif len(body) > MAX_BODY:
        errors.setdefault("body", []).append(f"正文最多{MAX_BODY}个字。")
    else:
        found = placeholders.check(body, allowed=allowed, required=REQUIRED[kind])
        if found:
            errors.setdefault("body", []).extend(found)
        elif kind in REFUSAL_KINDS and RECONSIDERATION_FIRST not in _SPACE.sub("", body):
            errors.setdefault("body", []).append(
                "不予公开（含部分公开）的答复书须写明复议前置：“"
                + RECONSIDERATION_FIRST
                + "”（《中华人民共和国行政复议法》第二十三条第一款第（四）项）。"
            )
    return errors


def default_wording(kind: LetterKind | str) -> Wording:
    kind = LetterKind(kind)
    text = DEFAULTS[kind]
    return Wording(kind, text.title, text.body, custom=False)


def wording_for(site: Site | int, kind: LetterKind | str) -> Wording:
    """The site's template of `kind`, or the default. A stored template that no longer passes
    the checks (a placeholder retired by an upgrade) is skipped with a logged warning: a legal
    step must not fail because of a template."""
    kind = LetterKind(kind)
    site_id = site if isinstance(site, int) else site.pk
    row = LetterTemplate.objects.filter(site_id=site_id, kind=kind).first()
    if row is None:
        return default_wording(kind)
    if check_wording(kind, row.title, row.body):
        logger.warning("letter template %s of site %s is invalid; using the default", kind, site_id)
        return default_wording(kind)
    return Wording(kind, row.title, row.body, custom=True)


def _names_in(line: str) -> list[str]:
    return [p.name for p in placeholders.parse(line) if isinstance(p, placeholders.Placeholder)]


def compose_body(body: str, values: Mapping[str, str]) -> tuple[str, ...]:
    """The paragraphs of a body: one per line, a line whose placeholder is empty left out, a
    multi-line value (the reply content, the withheld parts) split into paragraphs."""
    paragraphs: list[str] = []
    for line in body.split("\n"):
        if any(not values[name].strip() for name in _names_in(line)):
            continue
        for part in placeholders.fill(line, values).split("\n"):
            part = part.strip()
            if part:
                paragraphs.append(part)
    return tuple(paragraphs)


def compose_title(title: str, values: Mapping[str, str]) -> str:
    return _SPACE.sub(" ", placeholders.fill(title, values)).strip()


def compose(
    wording: Wording,
    values: Mapping[str, str],
    *,
    number: str,
    recipient: str,
    organ_name: str,
    issued_on: dt.date,
) -> LetterText:
    return LetterText(
        title=compose_title(wording.title, values),
        number=number,
        recipient=recipient,
        paragraphs=compose_body(wording.body, values),
        organ_name=organ_name,
        date_text=zh_date(issued_on),
    )
