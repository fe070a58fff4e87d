"""The placeholder language of letter templates: plain text with `{名称}` placeholders. Pure.

Why not the Django template engine: a template is written by the disclosure office and filled
with an application's data. Django's language has attribute lookups, filters and tags; even
with a plain-dict context it invites `{{ x.y }}`, `{% if %}` and escaping questions in text
that ends up in .docx and PDF. Here a template can do exactly one thing: insert a named string
from a fixed list. There is no expression, no attribute, no loop, no escaping mode; the values
are plain strings built by `letters.context`, and the renderers escape them for their format.

Syntax: `{申请人}` inserts a value; `{{` and `}}` write a literal brace; any other brace is an
error. Full-width braces (｛｝, which Chinese input methods type) are refused with a hint.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}|[{}]")
_NAME = re.compile(r"^[\w（）()·]{1,30}$")


class TemplateError(ValueError):
    """A template that cannot be used, with a message in Chinese."""


@dataclass(frozen=True)
class Placeholder:
    name: str


def _pieces(text: str) -> Iterator[str | Placeholder]:
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            yield text[position : match.start()]
        token = match.group(0)
        if token in ("{{", "}}"):
            yield token[0]
        elif token in ("{", "}"):
            raise TemplateError(
                f"第{text.count(chr(10), 0, match.start()) + 1}行有不成对的花括号“{token}”："
                "占位符应写作{名称}，如需输出花括号本身请写作{{或}}。"
            )
        else:
            name = (match.group(1) or "").strip()
            if not name:
                raise TemplateError("占位符不能为空：请在花括号中写明占位符名称，如{申请人}。")
            if not _NAME.match(name):
                raise TemplateError(f"占位符“{{{name}}}”的名称无效：名称只能由文字、数字组成。")
            yield Placeholder(name)
        position = match.end()
    if position < len(text):
        yield text[position:]


def parse(text: str) -> list[str | Placeholder]:
    """The literal runs and placeholders of `text`, or TemplateError."""
    if "｛" in text or "｝" in text:
        raise TemplateError("请使用半角花括号{}书写占位符，不要使用全角的｛｝。")
    return list(_pieces(text))


def names(text: str) -> list[str]:
    """The placeholder names `text` uses, in order of first use."""
    seen: dict[str, None] = {}
    for piece in parse(text):
        if isinstance(piece, Placeholder):
            seen.setdefault(piece.name, None)
    return list(seen)


def check(
    text: str,
    *,
    allowed: Collection[str],
    required: Collection[str] = (),
    what: str = "正文",
) -> list[str]:
    """Chinese error messages for `text` (empty when it is fine): bad syntax, placeholders not
    in `allowed`, placeholders of `required` missing."""
    try:
        used = names(text)
    except TemplateError as exc:
        return [f"{what}：{exc}"]
    errors: list[str] = []
    unknown = [name for name in used if name not in allowed]
    if unknown:
        listed = "、".join(f"{{{name}}}" for name in unknown)
        errors.append(f"{what}中有未知的占位符：{listed}。请从下方“可用占位符”中选择。")
    missing = [name for name in required if name not in used]
    if missing:
        listed = "、".join(f"{{{name}}}" for name in missing)
        errors.append(f"{what}须包含占位符：{listed}。")
    return errors


def fill(text: str, values: Mapping[str, str]) -> str:
    """`text` with every placeholder replaced by its value. A name missing from `values` is a
    programming error (templates are checked against the same names): KeyError."""
    out: list[str] = []
    for piece in parse(text):
        out.append(values[piece.name] if isinstance(piece, Placeholder) else piece)
    return "".join(out)
