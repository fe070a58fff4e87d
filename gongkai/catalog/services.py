"""Every write to the disclosure catalog: columns, claims, mappings to standard items, and the
denormalised publication counters that the publications app keeps through this module.

Catalog management belongs to the disclosure office (and the administrators) of the column's
site. `actor=None` is the system itself (commands, the demo, another app's service).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.catalog.audit_actions import CATALOG
from gongkai.core import audit
from gongkai.organizations.authority import SiteRole, authorise
from gongkai.organizations.models import SITE_ROLES, Organisation, Site

from .models import (
    Claim,
    Column,
    ColumnKind,
    StandardItem,
    StandardKey,
    UpdateCategory,
)

COLUMN_FIELDS = (
    "parent",
    "organisation",
    "name",
    "kind",
    "external_url",
    "update_category",
    "update_interval_days",
    "requirements",
    "format",
    "sort_order",
)
EDITABLE_FIELDS = frozenset(
    {
        "parent",
        "name",
        "kind",
        "external_url",
        "update_category",
        "update_interval_days",
        "requirements",
        "format",
    }
)
NAME_MAX = 100
MAX_INTERVAL_DAYS = 3660
SORT_STEP = 10
STANDARD_FIXED = "标准栏目的名称、类型和位置由国办公开办函〔2019〕61号统一规定，不能修改。"

# The four columns every organisation's 政府信息公开 section starts with (国办公开办函〔2019〕61号):
# (key, kind, requirements). The guide is one page kept current; the annual reports of all
# years stay online.
STANDARD_COLUMNS: tuple[tuple[StandardKey, ColumnKind, str], ...] = (
    (
        StandardKey.GUIDE,
        ColumnKind.PAGE,
        "条例第十二条规定的内容：信息分类、编排体系、获取方式，工作机构名称、办公地址、办公时间、"
        "联系电话、传真号码、互联网联系方式、邮政编码；依申请公开的渠道和流程。联系方式或渠道变化时"
        "及时更新。",
    ),
    (StandardKey.RULES, ColumnKind.LIST, "本单位政府信息公开工作制度。"),
    (
        StandardKey.MANDATED,
        ColumnKind.LIST,
        "条例第二十条、第二十一条规定主动公开的内容及试点领域标准目录事项，按子栏目发布。",
    ),
    (
        StandardKey.ANNUAL_REPORT,
        ColumnKind.LIST,
        "政府信息公开工作年度报告，保留历年报告。部门和乡镇每年1月31日前、县政府每年3月31日前发布。",
    ),
)


# --- authorisation ----------------------------------------------------------------------------


CATALOG_MANAGERS = SiteRole(frozenset(SITE_ROLES), "只有政务公开办公室可以管理公开目录。")


def authorise_manager(actor: Any, site_id: int) -> None:
    """The disclosure office or an administrator of `site_id` (or the system, or a platform
    operator)."""
    authorise(actor, (CATALOG_MANAGERS,), site_id=site_id)


def _locked(column: Column) -> Column:
    return (
        Column.objects.select_for_update(of=("self",))
        .select_related("parent", "organisation")
        .get(pk=column.pk)
    )


# --- validation -------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "请填写栏目名称。"})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": f"栏目名称不能超过 {NAME_MAX} 个字。"})
    return name


def _check_sibling_name(
    site: Site, parent: Column | None, organisation: Organisation | None, name: str, pk: Any
) -> None:
    # Retired columns keep their names: restoring one checks again.
    siblings = Column.objects.filter(site=site, parent=parent, name=name, is_retired=False)
    if parent is None:
        siblings = siblings.filter(organisation=organisation)
    if pk is not None:
        siblings = siblings.exclude(pk=pk)
    if siblings.exists():
        raise ValidationError({"name": f"同一上级栏目下已有名为“{name}”的栏目。"})


def _clean_rule(category: str, interval: int | None) -> tuple[str, int | None]:
    if category not in UpdateCategory.values:
        raise ValidationError({"update_category": "请选择有效的更新类别。"})
    if interval is not None:
        if isinstance(interval, bool) or not isinstance(interval, int):
            raise ValidationError({"update_interval_days": "更新周期应为整数天数。"})
        if not 1 <= interval <= MAX_INTERVAL_DAYS:
            raise ValidationError(
                {"update_interval_days": f"更新周期应在 1 到 {MAX_INTERVAL_DAYS} 天之间。"}
            )
    return category, interval


def _clean_kind(kind: str, url: str) -> tuple[str, str]:
    if kind not in ColumnKind.values:
        raise ValidationError({"kind": "请选择有效的栏目类型。"})
    url = (url or "").strip()
    if kind != ColumnKind.LINK:
        # A list or page holds its own content; a stale address would only confuse.
        return kind, ""
    if not url:
        raise ValidationError({"external_url": "外部链接栏目必须填写链接地址。"})
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            {"external_url": "链接地址格式不正确，应以 http:// 或 https:// 开头。"}
        ) from None
    return kind, url


def _check_parent(
    site: Site, parent: Column | None, organisation: Organisation | None
) -> Organisation | None:
    """The section a column under `parent` belongs to; raises when `parent` cannot hold it."""
    if organisation is not None and organisation.site_id != site.pk:
        raise ValidationError({"organisation": "所选单位不属于本站点。"})
    if parent is None:
        return organisation
    if parent.site_id != site.pk:
        raise ValidationError({"parent": "上级栏目不属于本站点。"})
    if parent.is_retired:
        raise ValidationError({"parent": "上级栏目已停用，不能在其下新增或移入栏目。"})
    if parent.kind == ColumnKind.LINK:
        raise ValidationError({"parent": "外部链接栏目不能有下级栏目。"})
    if organisation is not None and parent.organisation_id != organisation.pk:
        raise ValidationError({"organisation": "下级栏目必须与上级栏目属于同一单位。"})
    return parent.organisation


def _next_sort_order(site: Site, parent: Column | None, organisation: Organisation | None) -> int:
    siblings = Column.objects.filter(site=site, parent=parent)
    if parent is None:
        siblings = siblings.filter(organisation=organisation)
    highest = siblings.aggregate(m=Max("sort_order"))["m"]
    return (highest or 0) + SORT_STEP


def _set_path(column: Column) -> None:
    prefix = column.parent.path if column.parent_id and column.parent else "/"
    column.path = f"{prefix}{column.pk}/"
    Column.objects.filter(pk=column.pk).update(path=column.path)


# --- columns ----------------------------------------------------------------------------------


@transaction.atomic
def column_create(
    *,
    site: Site,
    name: str,
    actor: Any,
    parent: Column | None = None,
    organisation: Organisation | None = None,
    kind: str = ColumnKind.LIST,
    external_url: str = "",
    update_category: str = UpdateCategory.NONE,
    update_interval_days: int | None = None,
    requirements: str = "",
    format: str = "",  # the catalogue's own word (格式要求), shadowing the builtin here only
    sort_order: int | None = None,
) -> Column:
    """A new column under `parent` (or at the top of `organisation`'s section, or of the site's
    own catalog when both are None). A child belongs to its parent's section."""
    authorise_manager(actor, site.pk)
    if parent is not None:
        parent = _locked(parent)
    name = _clean_name(name)
    section = _check_parent(site, parent, organisation)
    kind, external_url = _clean_kind(kind, external_url)
    update_category, update_interval_days = _clean_rule(update_category, update_interval_days)
    _check_sibling_name(site, parent, section, name, None)
    column = Column(
        site=site,
        parent=parent,
        organisation=section,
        name=name,
        kind=kind,
        external_url=external_url,
        update_category=update_category,
        update_interval_days=update_interval_days,
        requirements=(requirements or "").strip(),
        format=(format or "").strip(),
        sort_order=(
            sort_order if sort_order is not None else _next_sort_order(site, parent, section)
        ),
    )
    column.full_clean(exclude=["path", "standard_key"])
    column.save()
    _set_path(column)
    audit.record(
        actor=actor,
        action=CATALOG.key("column_create"),
        obj=column,
        site_id=site.pk,
        organisation=section,
        changes=audit.diff({}, audit.snapshot(column, COLUMN_FIELDS)),
    )
    return column


@transaction.atomic
def column_update(*, column: Column, actor: Any, **fields: Any) -> Column:
    """Rename a column, change its kind, rule or requirements, or move it under another parent of
    the same section. The four standard columns keep their names, kinds and places: 61号 fixes
    them for every organisation."""
    column = _locked(column)
    authorise_manager(actor, column.site_id)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"unknown column fields: {sorted(unknown)}")
    if column.is_retired:
        raise ValidationError("栏目已停用，请先恢复再修改。")
    before = audit.snapshot(column, COLUMN_FIELDS)
    if column.is_standard:
        for field in ("name", "kind", "parent"):
            if field in fields and fields[field] != getattr(column, field):
                raise ValidationError({field: STANDARD_FIXED})
    if "name" in fields:
        column.name = _clean_name(fields["name"])
    kind, url = _clean_kind(
        fields.get("kind", column.kind), fields.get("external_url", column.external_url)
    )
    if kind == ColumnKind.LINK and column.children.filter(is_retired=False).exists():
        raise ValidationError({"kind": "该栏目有下级栏目，不能改为外部链接。"})
    column.kind, column.external_url = kind, url
    column.update_category, column.update_interval_days = _clean_rule(
        fields.get("update_category", column.update_category),
        fields.get("update_interval_days", column.update_interval_days),
    )
    for text_field in ("requirements", "format"):
        if text_field in fields:
            setattr(column, text_field, (fields[text_field] or "").strip())
    moved = False
    if "parent" in fields and fields["parent"] != column.parent:
        parent = fields["parent"]
        if parent is not None:
            parent = _locked(parent)
            if parent.path.startswith(column.path):
                raise ValidationError({"parent": "不能把栏目移到它自己或它的下级栏目之下。"})
        if parent is not None and parent.organisation_id != column.organisation_id:
            raise ValidationError({"parent": "只能移到同一单位的政府信息公开栏目之下。"})
        _check_parent(column.site, parent, column.organisation)
        column.parent = parent
        column.sort_order = _next_sort_order(column.site, parent, column.organisation)
        moved = True
    _check_sibling_name(column.site, column.parent, column.organisation, column.name, column.pk)
    column.full_clean(exclude=["path"])
    column.save()
    if moved:
        old_path = column.path
        _set_path(column)
        for child in Column.objects.filter(path__startswith=old_path).exclude(pk=column.pk):
            Column.objects.filter(pk=child.pk).update(
                path=column.path + child.path[len(old_path) :]
            )
    changes = audit.diff(before, audit.snapshot(column, COLUMN_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action=CATALOG.key("column_update"),
            obj=column,
            organisation=column.organisation,
            site_id=column.site_id,
            changes=changes,
        )
    return column


def _siblings(column: Column) -> list[Column]:
    qs = Column.objects.select_for_update().filter(site_id=column.site_id, parent=column.parent_id)
    if column.parent_id is None:
        qs = qs.filter(organisation=column.organisation_id)
    return list(qs.order_by("sort_order", "id"))


@transaction.atomic
def column_move(*, column: Column, direction: str, actor: Any) -> Column:
    """Move a column one place up or down among its siblings (retired siblings keep their
    places, so restoring one puts it back where it was)."""
    column = _locked(column)
    authorise_manager(actor, column.site_id)
    if direction not in ("up", "down"):
        raise ValidationError("移动方向只能是上移或下移。")
    siblings = _siblings(column)
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == column.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(siblings):
        raise ValidationError("已经是第一个栏目。" if direction == "up" else "已经是最后一个栏目。")
    siblings[index], siblings[target] = siblings[target], siblings[index]
    before = column.sort_order
    # Renumbering every sibling makes equal sort orders (imported or hand-made) move too.
    for position, sibling in enumerate(siblings, start=1):
        order = position * SORT_STEP
        if sibling.sort_order != order:
            Column.objects.filter(pk=sibling.pk).update(sort_order=order)
        if sibling.pk == column.pk:
            column.sort_order = order
    audit.record(
        actor=actor,
        action=CATALOG.key("column_move"),
        obj=column,
        organisation=column.organisation,
        site_id=column.site_id,
        changes={"sort_order": [before, column.sort_order]},
        note="上移" if direction == "up" else "下移",
    )
    return column


@transaction.atomic
def column_retire(*, column: Column, actor: Any, note: str = "") -> Column:
    """Retire a column and its subtree. Nothing is deleted: its items stay where they are and
    come back with it when it is restored; it no longer shows on the portal or takes new items.
    """
    column = _locked(column)
    authorise_manager(actor, column.site_id)
    if column.is_standard:
        raise ValidationError("标准栏目是国办公开办函〔2019〕61号规定的必设栏目，不能停用。")
    if column.is_retired:
        raise ValidationError("该栏目已经停用。")
    now = timezone.now()
    subtree = Column.objects.select_for_update().filter(
        site_id=column.site_id, path__startswith=column.path, is_retired=False
    )
    count = subtree.update(is_retired=True, retired_at=now)
    column.is_retired, column.retired_at = True, now
    audit.record(
        actor=actor,
        action=CATALOG.key("column_retire"),
        obj=column,
        organisation=column.organisation,
        site_id=column.site_id,
        changes={"is_retired": [False, True]},
        note=(note.strip() + (f"（连同 {count - 1} 个下级栏目）" if count > 1 else "")).strip(),
    )
    return column


@transaction.atomic
def column_restore(*, column: Column, actor: Any) -> Column:
    """Bring a retired column back, with the sub-columns that were retired together with it."""
    column = _locked(column)
    authorise_manager(actor, column.site_id)
    if not column.is_retired:
        raise ValidationError("该栏目未停用。")
    if column.parent is not None and column.parent.is_retired:
        raise ValidationError(f"上级栏目“{column.parent.name}”已停用，请先恢复上级栏目。")
    _check_sibling_name(column.site, column.parent, column.organisation, column.name, column.pk)
    retired_at = column.retired_at
    subtree = Column.objects.select_for_update().filter(
        site_id=column.site_id, path__startswith=column.path, retired_at=retired_at
    )
    count = subtree.update(is_retired=False, retired_at=None)
    column.is_retired, column.retired_at = False, None
    audit.record(
        actor=actor,
        action=CATALOG.key("column_restore"),
        obj=column,
        organisation=column.organisation,
        site_id=column.site_id,
        changes={"is_retired": [True, False]},
        note=f"连同 {count - 1} 个下级栏目" if count > 1 else "",
    )
    return column


# --- claims -----------------------------------------------------------------------------------


def _check_claimant(column: Column, organisation: Organisation) -> None:
    if organisation.site_id != column.site_id:
        raise ValidationError({"organisation": "所选单位不属于本站点。"})
    if not organisation.is_active:
        raise ValidationError({"organisation": f"“{organisation.full_name}”已停用，不能认领栏目。"})
    section = column.organisation
    # A unit's own section is claimed within its subtree (a township and its villages); the
    # government's section and the site's own columns by any unit of the site.
    if section is not None and not organisation.path.startswith(section.path):
        raise ValidationError(
            {
                "organisation": (
                    f"该栏目属于“{section.full_name}”的政府信息公开栏目，只能由该单位或其下属单位认领。"
                )
            }
        )


@transaction.atomic
def column_claim(*, column: Column, organisation: Organisation, actor: Any) -> Claim:
    """Let `organisation` publish into `column` (认领)."""
    column = _locked(column)
    authorise_manager(actor, column.site_id)
    if column.is_retired:
        raise ValidationError("栏目已停用，不能认领。")
    if column.kind == ColumnKind.LINK:
        raise ValidationError("外部链接栏目不发布信息，无需认领。")
    _check_claimant(column, organisation)
    if Claim.objects.filter(column=column, organisation=organisation).exists():
        raise ValidationError({"organisation": f"“{organisation.full_name}”已认领此栏目。"})
    claim = Claim.objects.create(
        column=column,
        organisation=organisation,
        claimed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor,
        action=CATALOG.key("claim"),
        obj=column,
        organisation=organisation,
        site_id=column.site_id,
        changes={"claims": [None, organisation.full_name]},
    )
    return claim


@transaction.atomic
def column_unclaim(*, column: Column, organisation: Organisation, actor: Any) -> None:
    """Withdraw `organisation`'s claim. What it published stays in the column."""
    column = _locked(column)
    authorise_manager(actor, column.site_id)
    claim = Claim.objects.select_for_update().filter(column=column, organisation=organisation)
    if not claim.exists():
        raise ValidationError({"organisation": f"“{organisation.full_name}”未认领此栏目。"})
    if column.is_standard and column.organisation_id == organisation.pk:
        raise ValidationError("本单位的标准栏目只能由本单位发布，不能取消认领。")
    claim.delete()
    audit.record(
        actor=actor,
        action=CATALOG.key("unclaim"),
        obj=column,
        organisation=organisation,
        site_id=column.site_id,
        changes={"claims": [organisation.full_name, None]},
    )


@transaction.atomic
def column_set_standard_items(
    *, column: Column, items: Iterable[StandardItem], actor: Any
) -> Column:
    """Say which standard catalogue items this column is the home of (replaces the mapping)."""
    column = _locked(column)
    authorise_manager(actor, column.site_id)
    items = list(items)
    if any(item.site_id != column.site_id for item in items):
        raise ValidationError({"standard_items": "所选标准目录事项不属于本站点。"})
    if column.is_retired:
        raise ValidationError("栏目已停用，请先恢复再关联标准目录事项。")
    if column.kind == ColumnKind.LINK and items:
        raise ValidationError("外部链接栏目不发布信息，不能作为标准目录事项的发布栏目。")
    before = sorted(column.standard_items.values_list("pk", flat=True))
    after = sorted({item.pk for item in items})
    if before != after:
        column.standard_items.set(after)
        audit.record(
            actor=actor,
            action=CATALOG.key("column_map"),
            obj=column,
            organisation=column.organisation,
            site_id=column.site_id,
            changes={"standard_items": [before, after]},
        )
    return column


# --- the four standard columns ----------------------------------------------------------------


@transaction.atomic
def catalog_ensure_standard_columns(*, organisation: Organisation, actor: Any) -> list[Column]:
    """Give `organisation` the four first-level columns of its 政府信息公开 section, each claimed
    by the organisation itself; returns the columns it created.

    Safe to run again: an existing standard column is kept as it is (only a missing self-claim is
    added back), and a top-level column of the section that already carries a standard name is
    adopted rather than duplicated.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    authorise_manager(actor, organisation.site_id)
    created: list[Column] = []
    claimed: list[str] = []
    for order, (key, kind, requirements) in enumerate(STANDARD_COLUMNS, start=1):
        column = Column.objects.filter(organisation=organisation, standard_key=key).first()
        if column is None:
            column = Column.objects.filter(
                organisation=organisation, parent=None, name=key.label, standard_key=""
            ).first()
            if column is not None:
                Column.objects.filter(pk=column.pk).update(standard_key=key)
                column.standard_key = key
        if column is None:
            column = Column(
                site_id=organisation.site_id,
                organisation=organisation,
                name=key.label,
                kind=kind,
                standard_key=key,
                update_category=UpdateCategory.NONE,
                requirements=requirements,
                sort_order=order * SORT_STEP,
            )
            column.save()
            _set_path(column)
            created.append(column)
        if not Claim.objects.filter(column=column, organisation=organisation).exists():
            Claim.objects.create(
                column=column,
                organisation=organisation,
                claimed_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            claimed.append(column.name)
    if created or claimed:
        audit.record(
            actor=actor,
            action=CATALOG.key("ensure_standard"),
            organisation=organisation,
            site_id=organisation.site_id,
            object_repr=f"{organisation.full_name}政府信息公开栏目",
            changes={"standard_columns": [None, [c.name for c in created]]} if created else {},
            note=f"补齐认领：{'、'.join(claimed)}" if claimed else "",
        )
    return created


def catalog_ensure_all(*, site: Site, actor: Any) -> int:
    """The four standard columns for every active organisation of `site`; returns how many
    columns were created."""
    authorise_manager(actor, site.pk)
    total = 0
    for organisation in Organisation.objects.filter(site=site, is_active=True).order_by("path"):
        total += len(catalog_ensure_standard_columns(organisation=organisation, actor=actor))
    return total


# --- counters kept by the publications app ----------------------------------------------------


def _aware(value: dt.datetime, what: str) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise TypeError(f"{what} must be a datetime, not {type(value).__name__}")
    if timezone.is_naive(value):
        raise ValueError(f"{what} must be timezone-aware")
    return value


@transaction.atomic
def column_record_publication(*, column: Column, published_at: dt.datetime) -> Column:
    """One more item was published into `column` at `published_at`.

    Called by the publications services inside their own transaction (their audit event covers
    the publication, so none is written here). The column is locked, so two items published at
    once both count; an item back-dated before the last one does not make the column look older.
    """
    _aware(published_at, "published_at")
    column = Column.objects.select_for_update().get(pk=column.pk)
    column.item_count += 1
    if column.last_published_at is None or published_at > column.last_published_at:
        column.last_published_at = published_at
    Column.objects.filter(pk=column.pk).update(
        item_count=column.item_count, last_published_at=column.last_published_at
    )
    return column


@transaction.atomic
def column_recount(
    *, column: Column, item_count: int, last_published_at: dt.datetime | None
) -> Column:
    """Set the counters from the publications app's own count, after an item was withdrawn,
    moved to another column or re-dated (catalog cannot count items: they live above it)."""
    if isinstance(item_count, bool) or not isinstance(item_count, int) or item_count < 0:
        raise ValueError("item_count must be a non-negative int")
    if last_published_at is not None:
        _aware(last_published_at, "last_published_at")
    if (item_count == 0) != (last_published_at is None):
        raise ValueError("an empty column has no last publication, and only an empty one")
    column = Column.objects.select_for_update().get(pk=column.pk)
    column.item_count, column.last_published_at = item_count, last_published_at
    Column.objects.filter(pk=column.pk).update(
        item_count=item_count, last_published_at=last_published_at
    )
    return column
