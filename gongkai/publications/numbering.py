"""索引号 templates: checking a site's template and formatting a number. Pure; the sequence that
feeds `seq` is taken under a lock in services.numbers.

A template is a Python format string over these fields (decisions table default
`{org_code}/{year}-{seq:05d}`, the gov.cn pattern):

    org_code     the organisation's code (机构代码)
    credit_code  its unified social credit code (统一社会信用代码), or the code when it has none
    year, month  of the publication date
    seq          the serial within the organisation and year

A number must stay unique per site and year, so a template needs {year}, {seq} and one of the
organisation fields.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from django.core.exceptions import ValidationError

FIELDS = frozenset({"org_code", "credit_code", "year", "month", "seq"})
MAX_LENGTH = 100


@dataclass(frozen=True)
class NumberParts:
    org_code: str
    credit_code: str
    year: int
    month: int
    seq: int


def validate_template(template: str) -> str:
    template = (template or "").strip()
    if not template:
        raise ValidationError({"index_template": "请填写索引号格式。"})
    try:
        names = {
            name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(template)
            if name is not None
        }
    except ValueError as exc:
        raise ValidationError({"index_template": f"索引号格式有误：{exc}"}) from exc
    unknown = names - FIELDS
    if unknown or "" in names:
        shown = "、".join(sorted(n or "{}" for n in unknown | ({""} & names)))
        raise ValidationError({"index_template": f"索引号格式中有不认识的字段：{shown}。"})
    if "year" not in names or "seq" not in names:
        raise ValidationError({"index_template": "索引号格式必须包含 {year} 和 {seq}。"})
    if not names & {"org_code", "credit_code"}:
        raise ValidationError(
            {"index_template": "索引号格式必须包含 {org_code} 或 {credit_code}。"}
        )
    try:
        sample = format_number(template, NumberParts("ORG", "ORG", 2025, 1, 1))
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise ValidationError({"index_template": f"索引号格式有误：{exc}"}) from exc
    if not sample or len(sample) > MAX_LENGTH:
        raise ValidationError({"index_template": "按此格式生成的索引号过长。"})
    return template


def format_number(template: str, parts: NumberParts) -> str:
    return template.format(
        org_code=parts.org_code,
        credit_code=parts.credit_code or parts.org_code,
        year=parts.year,
        month=parts.month,
        seq=parts.seq,
    )


def template_pattern(template: str, parts: NumberParts) -> re.Pattern[str] | None:
    """A regex matching the numbers `template` gives for this organisation with any year, month
    and serial; groups `year` and `seq`. Used by the import to recognise an old number in our
    own format, so the sequence is moved past it and never hands it out again."""
    pattern = ""
    seen: set[str] = set()
    for literal, name, _spec, _ in string.Formatter().parse(template):
        pattern += re.escape(literal)
        if name is None:
            continue
        if name == "org_code":
            pattern += re.escape(parts.org_code)
        elif name == "credit_code":
            pattern += re.escape(parts.credit_code or parts.org_code)
        elif name in ("year", "seq", "month"):
            group = f"(?P<{name}>\\d+)" if name not in seen else "\\d+"
            pattern += group
            seen.add(name)
        else:
            return None
    try:
        return re.compile(f"^{pattern}$")
    except re.error:
        return None
