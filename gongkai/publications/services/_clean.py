"""Checking an item's metadata before it is written. Every error is a Chinese message on the field
it concerns (the form and the API show it there)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.catalog.models import Column, StandardItem
from gongkai.catalog.selectors import can_publish_into
from gongkai.organizations.models import Organisation

from ..choices import DisclosureAttribute, Genre, InterpretationKind, SubjectCategory, Validity
from ..models import Item
from ..richtext import sanitise

SCALAR_FIELDS = (
    "title",
    "document_number",
    "written_on",
    "scheduled_at",
    "subject_category",
    "genre",
    "interpretation_kind",
    "keywords",
    "summary",
    "is_normative",
    "validity",
    "effective_on",
    "expires_on",
    "repealed_on",
    "disclosure_attribute",
    "attribute_reason",
    "standard_item",
    "body_html",
)
RELATION_FIELDS = ("columns", "interprets")
ALL_FIELDS = (*SCALAR_FIELDS, *RELATION_FIELDS)
# What a clerk may change on a published item without the leader: its validity (a normative
# document expires or is repealed long after publication) and how it is found.
CLERK_REVISABLE = frozenset(
    {"validity", "effective_on", "expires_on", "repealed_on", "keywords", "columns"}
)
LENGTHS = {
    "title": ("标题", 300),
    "document_number": ("文号", 100),
    "keywords": ("关键词", 200),
    "summary": ("内容概述", 1000),
    "attribute_reason": ("不公开理由", 1000),
}
BODY_MAX = 2_000_000


@dataclass
class Cleaned:
    values: dict[str, Any] = field(default_factory=dict)
    columns: list[Column] | None = None
    interprets: list[Item] | None = None


def _text(value: Any) -> str:
    return " ".join(str(value or "").split()) if value is not None else ""


def _date(value: Any, label: str, errors: dict[str, str], name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        errors[name] = f"{label}格式不正确。"
        return None
    return value


def _choice(value: Any, choices: type[Any], label: str, errors: dict[str, str], name: str) -> str:
    value = value or ""
    if value and value not in choices.values:
        errors[name] = f"请选择有效的{label}。"
    return str(value)


def clean_fields(
    organisation: Organisation,
    data: Mapping[str, Any],
    current: Item | None = None,
) -> Cleaned:
    """The values of `data` (a subset of ALL_FIELDS) checked and normalised, merged over
    `current` for the cross-field rules. Raises ValidationError with per-field messages."""
    unknown = set(data) - set(ALL_FIELDS)
    if unknown:
        raise ValueError(f"unknown item fields: {sorted(unknown)}")
    merged: dict[str, Any] = dict.fromkeys(SCALAR_FIELDS)
    if current is not None:
        merged = {name: getattr(current, name) for name in SCALAR_FIELDS}
    merged.update({k: v for k, v in data.items() if k in SCALAR_FIELDS})
    errors: dict[str, str] = {}
    out = Cleaned()
    for name, (label, length) in LENGTHS.items():
        raw = merged.get(name) or ""
        value = _text(raw) if name != "summary" else str(raw).strip()
        if len(value) > length:
            errors[name] = f"{label}不能超过 {length} 字。"
        merged[name] = value
    if not merged.get("title"):
        errors["title"] = "请填写标题。"
    today = timezone.localdate()
    for name, label in (
        ("written_on", "成文日期"),
        ("effective_on", "生效日期"),
        ("expires_on", "失效日期"),
        ("repealed_on", "废止日期"),
    ):
        merged[name] = _date(merged.get(name), label, errors, name)
    if merged["written_on"] and merged["written_on"] > today:
        errors["written_on"] = "成文日期不能晚于今天。"
    scheduled = merged.get("scheduled_at")
    if scheduled in ("", None):
        merged["scheduled_at"] = None
    elif not isinstance(scheduled, dt.datetime) or timezone.is_naive(scheduled):
        errors["scheduled_at"] = "定时发布时间格式不正确。"
    merged["subject_category"] = _choice(
        merged.get("subject_category"), SubjectCategory, "主题分类", errors, "subject_category"
    )
    merged["genre"] = _choice(merged.get("genre"), Genre, "体裁", errors, "genre")
    kind = _choice(
        merged.get("interpretation_kind"),
        InterpretationKind,
        "解读形式",
        errors,
        "interpretation_kind",
    )
    if merged["genre"] == Genre.INTERPRETATION:
        merged["interpretation_kind"] = kind or InterpretationKind.TEXT
    else:
        merged["interpretation_kind"] = ""
    _clean_validity(merged, errors)
    attribute = _choice(
        merged.get("disclosure_attribute") or DisclosureAttribute.ACTIVE,
        DisclosureAttribute,
        "公开属性",
        errors,
        "disclosure_attribute",
    )
    merged["disclosure_attribute"] = attribute
    if attribute == DisclosureAttribute.ACTIVE:
        merged["attribute_reason"] = ""
    elif not merged["attribute_reason"]:
        errors["attribute_reason"] = "依申请公开或不予公开的信息必须填写理由（法律依据）。"
    standard = merged.get("standard_item")
    if standard is not None and (
        not isinstance(standard, StandardItem) or standard.site_id != organisation.site_id
    ):
        errors["standard_item"] = "所选标准目录事项不属于本站点。"
    body = merged.get("body_html") or ""
    if len(body) > BODY_MAX:
        errors["body_html"] = "正文过长。"
    merged["body_html"] = sanitise(body)
    merged["is_normative"] = bool(merged.get("is_normative"))
    if "columns" in data:
        out.columns = _clean_columns(organisation, data["columns"] or [], errors)
    if "interprets" in data:
        out.interprets = _clean_interprets(
            organisation, data["interprets"] or [], merged["genre"], current, errors
        )
    if errors:
        raise ValidationError(errors)
    out.values = {name: merged[name] for name in SCALAR_FIELDS}
    return out


def _clean_validity(merged: dict[str, Any], errors: dict[str, str]) -> None:
    validity = _choice(merged.get("validity"), Validity, "有效性", errors, "validity")
    if merged.get("is_normative") and not validity:
        validity = Validity.VALID
    merged["validity"] = validity
    if validity == Validity.REPEALED and not merged["repealed_on"]:
        errors["repealed_on"] = "已废止的文件请填写废止日期。"
    if validity == Validity.EXPIRED and not merged["expires_on"]:
        errors["expires_on"] = "已失效的文件请填写失效日期。"
    start, end = merged["effective_on"], merged["expires_on"]
    if start and end and end < start:
        errors["expires_on"] = "失效日期不能早于生效日期。"


def _clean_columns(
    organisation: Organisation, columns: Iterable[Any], errors: dict[str, str]
) -> list[Column]:
    result: list[Column] = []
    for column in columns:
        if not isinstance(column, Column):
            column = Column.objects.filter(pk=column).first()
        if column is None or column.site_id != organisation.site_id:
            errors["columns"] = "所选栏目不存在。"
            continue
        if not can_publish_into(organisation, column):
            errors["columns"] = (
                f"“{column.name}”不是{organisation.full_name}认领的栏目，不能发布到该栏目。"
            )
            continue
        if column not in result:
            result.append(column)
    return result


def _clean_interprets(
    organisation: Organisation,
    policies: Iterable[Any],
    genre: str,
    current: Item | None,
    errors: dict[str, str],
) -> list[Item]:
    result: list[Item] = []
    policies = list(policies)
    if policies and genre != Genre.INTERPRETATION:
        errors["interprets"] = "只有体裁为“解读”的信息才能关联被解读的文件。"
        return result
    for policy in policies:
        if not isinstance(policy, Item):
            policy = Item.objects.filter(pk=policy).first()
        if policy is None or policy.site_id != organisation.site_id:
            errors["interprets"] = "被解读的文件不存在。"
            continue
        if current is not None and policy.pk == current.pk:
            errors["interprets"] = "解读不能关联自身。"
            continue
        if policy.is_interpretation:
            errors["interprets"] = f"“{policy.title}”本身是解读，不能作为被解读的文件。"
            continue
        if policy not in result:
            result.append(policy)
    return result


def missing_for_submission(item: Item) -> list[str]:
    """What an item still lacks before it may go to the leader (目录数据项, Art. 12)."""
    missing = []
    if not item.written_on:
        missing.append("成文日期")
    if not item.subject_category:
        missing.append("主题分类")
    if not item.genre:
        missing.append("体裁")
    has_body = bool(item.body_html.strip())
    if not has_body and not item.attachments.filter(removed_at__isnull=True).exists():
        missing.append("正文或附件")
    if item.disclosure_attribute == DisclosureAttribute.ACTIVE and not item.columns.exists():
        missing.append("发布栏目")
    return missing
