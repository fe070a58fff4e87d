"""Reads with rules: who sees and who may publish into which column, the column tree, freshness,
the inspection thresholds (catalog health) and the standard-catalogue coverage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from gongkai.organizations.access import staff_of
from gongkai.organizations.models import SITE_ROLES, Organisation, OrganisationKind, Site

from .freshness import EMPTY, NOT_APPLICABLE, OVERDUE, Freshness, freshness, has_rule
from .models import Claim, Column, ColumnKind, StandardDomain, StandardItem, UpdateCategory

PUBLISHABLE_KINDS = (ColumnKind.LIST, ColumnKind.PAGE)


# --- visibility and permission ----------------------------------------------------------------


def columns_visible_to(user: Any) -> QuerySet[Column]:
    """Columns a staff member may look at in the workbench, retired ones included.

    The disclosure office and administrators see the whole site's catalog. A unit's staff see
    the sections of their unit and its subtree, the site's own columns, and every column their
    unit (or a unit below it) has claimed, wherever it sits."""
    staff = staff_of(user)
    if staff is None:
        return Column.objects.none()
    org = staff.organisation
    qs = Column.objects.filter(site_id=org.site_id)
    if staff.role in SITE_ROLES:
        return qs
    claimed = Claim.objects.filter(organisation__path__startswith=org.path).values("column_id")
    return qs.filter(
        Q(organisation__path__startswith=org.path)
        | Q(organisation__isnull=True)
        | Q(pk__in=claimed)
    )


def columns_publishable_by(organisation: Organisation) -> QuerySet[Column]:
    """The columns `organisation` may publish into: claimed by it, not retired, holding content
    (a list or a single page; an external link holds nothing)."""
    return Column.objects.filter(
        site_id=organisation.site_id,
        claims__organisation=organisation,
        is_retired=False,
        kind__in=PUBLISHABLE_KINDS,
    ).distinct()


def can_publish_into(organisation: Organisation, column: Column) -> bool:
    """Whether `organisation` may publish into `column` (publications refuses otherwise)."""
    if organisation is None or column is None or not organisation.is_active:
        return False
    return columns_publishable_by(organisation).filter(pk=column.pk).exists()


# --- the tree ---------------------------------------------------------------------------------


def _path_ids(column: Column) -> list[int]:
    return [int(part) for part in column.path.strip("/").split("/") if part]


def tree_sorted(columns: Iterable[Column]) -> list[Column]:
    """`columns` in tree order: each column followed by its subtree, siblings by (sort_order,
    id). Sorting the path string in the database would interleave subtrees under PostgreSQL's
    locale collations, as with organisations."""
    columns = list(columns)
    keys = {c.pk: (c.sort_order, c.pk) for c in columns}
    missing = {pk for c in columns for pk in _path_ids(c) if pk not in keys}
    if missing:
        for pk, order in Column.objects.filter(pk__in=missing).values_list("pk", "sort_order"):
            keys[pk] = (order, pk)
    return sorted(columns, key=lambda c: [keys.get(pk, (0, pk)) for pk in _path_ids(c)])


def section_columns(site: Site, organisation: Organisation | None) -> QuerySet[Column]:
    """One section of the catalog: `organisation`'s 政府信息公开 columns, or the site's own
    columns when `organisation` is None."""
    qs = Column.objects.filter(site=site)
    if organisation is None:
        return qs.filter(organisation__isnull=True)
    return qs.filter(organisation=organisation)


def public_columns(site: Site, organisation: Organisation | None = None) -> QuerySet[Column]:
    """What the portal shows of one section: columns that are not retired, of an active unit."""
    qs = section_columns(site, organisation).filter(is_retired=False)
    if organisation is not None and not organisation.is_active:
        return qs.none()
    return qs


@dataclass
class ColumnNode:
    column: Column
    children: list[ColumnNode] = field(default_factory=list)


def build_tree(columns: Iterable[Column]) -> list[ColumnNode]:
    """Nested nodes from a flat set of columns. A column whose parent is not in the set (a
    retired parent's live child cannot exist, but a filtered set may cut a branch) is a root."""
    ordered = tree_sorted(columns)
    nodes = {c.pk: ColumnNode(c) for c in ordered}
    roots: list[ColumnNode] = []
    for column in ordered:
        parent = nodes.get(column.parent_id) if column.parent_id else None
        (parent.children if parent is not None else roots).append(nodes[column.pk])
    return roots


def public_column_tree(site: Site, organisation: Organisation | None = None) -> list[ColumnNode]:
    """The public tree of one section (an organisation's, or the site's own when None)."""
    return build_tree(public_columns(site, organisation).select_related("organisation"))


# --- freshness --------------------------------------------------------------------------------


def local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(value).date() if value is not None else None


def parents_with_live_children(columns: Iterable[Column]) -> set[int]:
    ids = [c.pk for c in columns]
    return set(
        Column.objects.filter(parent_id__in=ids, is_retired=False)
        .values_list("parent_id", flat=True)
        .distinct()
    )


def column_freshness(column: Column, today: dt.date, *, has_children: bool = False) -> Freshness:
    """Freshness of one column. An external link and a container (sub-columns, nothing of its
    own) are judged by nothing and their children respectively: not applicable."""
    if column.kind == ColumnKind.LINK or (has_children and column.item_count == 0):
        return Freshness(NOT_APPLICABLE)
    return freshness(
        local_date(column.last_published_at),
        column.update_category,
        column.update_interval_days,
        today,
    )


@dataclass(frozen=True)
class ColumnState:
    column: Column
    freshness: Freshness
    first_level: bool = False


def with_freshness(columns: Iterable[Column], today: dt.date) -> list[ColumnState]:
    columns = list(columns)
    containers = parents_with_live_children(columns)
    return [
        ColumnState(
            c, column_freshness(c, today, has_children=c.pk in containers), is_first_level(c)
        )
        for c in columns
    ]


def is_first_level(column: Column) -> bool:
    """A first-level column (一级栏目) in the inspectors' sense: at the top of its section, or
    directly under one of the four standard columns (they are the frame 61号 prescribes; the
    content columns an inspector opens first hang in them)."""
    if column.parent_id is None:
        return True
    parent = column.parent
    return parent is not None and bool(parent.standard_key)


def my_columns(user: Any, today: dt.date) -> list[ColumnState]:
    """The columns the user's unit has claimed and may publish into, in tree order."""
    staff = staff_of(user)
    if staff is None:
        return []
    columns = columns_publishable_by(staff.organisation).select_related("parent", "organisation")
    return with_freshness(tree_sorted(columns), today)


# --- inspection thresholds (检查指标 国办秘函〔2019〕19号) ----------------------------------------


def _threshold(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


@dataclass(frozen=True)
class HealthRule:
    """One single-veto indicator: how many columns hit it, and whether that vetoes the site."""

    key: str
    label: str
    threshold: int
    columns: list[ColumnState]

    @property
    def count(self) -> int:
        return len(self.columns)

    @property
    def vetoed(self) -> bool:
        return self.count >= self.threshold


@dataclass(frozen=True)
class CatalogHealth:
    today: dt.date
    checked: int
    stale_news: list[ColumnState]
    stale_notice_policy: list[ColumnState]
    unupdated: list[ColumnState]
    empty: list[ColumnState]
    rules: list[HealthRule]

    @property
    def vetoed(self) -> bool:
        return any(rule.vetoed for rule in self.rules)

    @property
    def verdicts(self) -> dict[str, bool]:
        return {rule.key: rule.vetoed for rule in self.rules}


def catalog_health(
    site: Site, today: dt.date, organisation: Organisation | None = None
) -> CatalogHealth:
    """The column-related single-veto indicators for `site` (or one section of it):

    * stale key columns: news columns not updated for 2 weeks plus first-level notice/policy
      columns not updated for 6 months; ≥ 5 vetoes;
    * columns that should update but have not (any column with an update rule, overdue);
      ≥ 10 vetoes;
    * empty columns (a list or page with nothing published and no live sub-columns); ≥ 5
      vetoes.

    Empty columns are counted only as empty, not also as overdue: the inspectors list them
    under their own indicator. Thresholds are settings (GONGKAI_CATALOG_VETO_*).
    """
    qs = Column.objects.filter(site=site, is_retired=False, kind__in=PUBLISHABLE_KINDS).filter(
        Q(organisation__isnull=True) | Q(organisation__is_active=True)
    )
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    states = with_freshness(tree_sorted(qs.select_related("parent", "organisation")), today)
    overdue = [s for s in states if s.freshness.status == OVERDUE]
    stale_news = [s for s in overdue if s.column.update_category == UpdateCategory.NEWS]
    stale_notice = [
        s
        for s in overdue
        if s.column.update_category == UpdateCategory.NOTICE_POLICY and s.first_level
    ]
    unupdated = [
        s for s in overdue if has_rule(s.column.update_category, s.column.update_interval_days)
    ]
    empty = [s for s in states if s.freshness.status == EMPTY]
    rules = [
        HealthRule(
            "stale_key",
            "动态要闻类栏目超过2周未更新、通知公告和政策文件类一级栏目超过6个月未更新",
            _threshold("GONGKAI_CATALOG_VETO_STALE_KEY", 5),
            stale_news + stale_notice,
        ),
        HealthRule(
            "unupdated",
            "应更新但长期未更新的栏目",
            _threshold("GONGKAI_CATALOG_VETO_UNUPDATED", 10),
            unupdated,
        ),
        HealthRule("empty", "空白栏目", _threshold("GONGKAI_CATALOG_VETO_EMPTY", 5), empty),
    ]
    return CatalogHealth(
        today=today,
        checked=len(states),
        stale_news=stale_news,
        stale_notice_policy=stale_notice,
        unupdated=unupdated,
        empty=empty,
        rules=rules,
    )


# --- standard catalogue -----------------------------------------------------------------------


def standard_domains_with_counts(site: Site) -> list[tuple[StandardDomain, int, int]]:
    """Every domain with the site's item count and how many of those are unconfirmed."""
    counts: dict[int, list[int]] = {}
    for domain_id, confirmed in StandardItem.objects.filter(site=site).values_list(
        "domain_id", "confirmed"
    ):
        entry = counts.setdefault(domain_id, [0, 0])
        entry[0] += 1
        entry[1] += 0 if confirmed else 1
    return [
        (domain, *counts.get(domain.pk, [0, 0]))  # type: ignore[misc]
        for domain in StandardDomain.objects.order_by("number")
    ]


def standard_items_of(site: Site, domain: StandardDomain | None = None) -> QuerySet[StandardItem]:
    qs = StandardItem.objects.filter(site=site).select_related("domain")
    if domain is not None:
        qs = qs.filter(domain=domain)
    return qs.order_by("domain__number", "sort_order", "id")


@dataclass(frozen=True)
class CoverageRow:
    item: StandardItem
    columns: list[Column]

    @property
    def has_home(self) -> bool:
        return bool(self.columns)

    @property
    def has_content(self) -> bool:
        return any(column.item_count > 0 for column in self.columns)


@dataclass(frozen=True)
class Coverage:
    rows: list[CoverageRow]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def with_home(self) -> int:
        return sum(1 for row in self.rows if row.has_home)

    @property
    def with_content(self) -> int:
        return sum(1 for row in self.rows if row.has_content)

    @property
    def without_home(self) -> list[StandardItem]:
        return [row.item for row in self.rows if not row.has_home]

    @property
    def home_without_content(self) -> list[StandardItem]:
        return [row.item for row in self.rows if row.has_home and not row.has_content]

    @staticmethod
    def _percent(part: int, whole: int) -> int:
        return round(100 * part / whole) if whole else 0

    @property
    def home_percent(self) -> int:
        return self._percent(self.with_home, self.total)

    @property
    def content_percent(self) -> int:
        return self._percent(self.with_content, self.total)


def coverage(
    site: Site,
    organisation: Organisation | None = None,
    domain: StandardDomain | None = None,
) -> Coverage:
    """For each standard item of the site: its homes (live columns mapped to it) and whether one
    of them has content.

    For one organisation, only the items of its level count (a township's catalogue is the
    乡级 items, anyone else's the 县级 ones) and only the columns it has claimed are its homes.
    Which department an item concerns is prose (公开主体), so narrowing to the organisation's
    own domains is left to the `domain` filter."""
    items = standard_items_of(site, domain)
    homes = Column.objects.filter(site=site, is_retired=False).exclude(kind=ColumnKind.LINK)
    if organisation is not None:
        township = organisation.kind in (OrganisationKind.TOWNSHIP, OrganisationKind.VILLAGE)
        items = items.filter(level_township=True) if township else items.filter(level_county=True)
        homes = homes.filter(
            pk__in=Claim.objects.filter(organisation=organisation).values("column_id")
        )
    items = items.prefetch_related(
        Prefetch("columns", queryset=homes.order_by("path"), to_attr="homes")
    )
    return Coverage(rows=[CoverageRow(item, list(getattr(item, "homes", []))) for item in items])
