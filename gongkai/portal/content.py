"""What the public pages read, composed from the catalog, publications and search selectors.

Nothing here decides visibility: `public_items`/`published_items` (publications) and
`public_columns` (catalog) do. This module adds the portal's shapes (a section's tree with an
index by id, the items of a column's subtree, the home page's blocks) and short caches for what
every page reads but rarely changes (the column trees, the hot searches).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.catalog.models import Column, ColumnKind, StandardKey
from gongkai.catalog.selectors import ColumnNode, public_column_tree
from gongkai.organizations.models import Organisation, Site
from gongkai.organizations.selectors import public_organisations
from gongkai.publications.models import Item
from gongkai.publications.selectors import published_items
from gongkai.search.index import hot_searches

from .pagecache import generation

# The same minute as the pages' public max-age: a column added or renamed shows up on every page
# within the time a proxy may serve the old page anyway.
TREE_TTL = 60
HOT_TTL = 60
HOME_ITEMS = 8
FEED_ITEMS = 30
STANDARD_ORDER = (
    StandardKey.GUIDE,
    StandardKey.RULES,
    StandardKey.MANDATED,
    StandardKey.ANNUAL_REPORT,
)


@dataclass
class Section:
    """One 政府信息公开 section (an organisation's, or the site's own columns when `org_id` is
    None): its public tree, and each column's node and ancestors by id."""

    org_id: int | None
    roots: list[ColumnNode] = field(default_factory=list)
    nodes: dict[int, ColumnNode] = field(default_factory=dict)
    parents: dict[int, int | None] = field(default_factory=dict)

    def standard(self, key: str) -> ColumnNode | None:
        for node in self.roots:
            if node.column.standard_key == key:
                return node
        return None

    @property
    def standard_nodes(self) -> list[ColumnNode]:
        """The four first-level columns in their prescribed order (those that exist)."""
        found = [self.standard(key) for key in STANDARD_ORDER]
        return [node for node in found if node is not None]

    @property
    def mandated(self) -> ColumnNode | None:
        return self.standard(StandardKey.MANDATED)

    @property
    def other_roots(self) -> list[ColumnNode]:
        return [node for node in self.roots if not node.column.standard_key]

    def ancestors(self, column_id: int) -> list[Column]:
        """The column's ancestors in this section, root first (the column itself excluded)."""
        chain: list[Column] = []
        parent = self.parents.get(column_id)
        while parent is not None and parent in self.nodes:
            chain.append(self.nodes[parent].column)
            parent = self.parents.get(parent)
        return list(reversed(chain))

    def subtree_ids(self, column_id: int) -> list[int]:
        node = self.nodes.get(column_id)
        if node is None:
            return [column_id]
        return [n.column.pk for n in walk([node])]


def walk(nodes: list[ColumnNode]) -> Iterator[ColumnNode]:
    for node in nodes:
        yield node
        yield from walk(node.children)


def _build_section(site: Site, organisation: Organisation | None) -> Section:
    roots = public_column_tree(site, organisation)
    section = Section(org_id=organisation.pk if organisation is not None else None, roots=roots)

    def index(nodes: list[ColumnNode], parent: int | None) -> None:
        for node in nodes:
            section.nodes[node.column.pk] = node
            section.parents[node.column.pk] = parent
            index(node.children, node.column.pk)

    index(roots, None)
    return section


def section(site: Site, organisation: Organisation | None) -> Section:
    """The public tree of one section, cached for a minute (item counts and dates may lag by
    that much); a catalog, unit or site write starts a new copy at once (the page cache's
    generation is in the key)."""
    org_id = organisation.pk if organisation is not None else 0
    key = f"portal:section:{generation()}:{site.pk}:{org_id}"
    found = cache.get(key)
    if isinstance(found, Section):
        return found
    built = _build_section(site, organisation)
    cache.set(key, built, TREE_TTL)
    return built


def hot(site: Site) -> list[tuple[str, int]]:
    """The site's hot searches, cached for a minute (a GROUP BY over the month's log)."""
    key = f"portal:hot:{site.pk}"
    found = cache.get(key)
    if isinstance(found, list):
        return found
    rows = hot_searches(site.pk)
    cache.set(key, rows, HOT_TTL)
    return rows


# --- columns -------------------------------------------------------------------------------------


def public_column(site: Site, pk: int) -> Column | None:
    """A column the portal shows: of this site, not retired, of an active unit (or the site's
    own)."""
    return (
        Column.objects.select_related("organisation")
        .filter(site=site, pk=pk, is_retired=False)
        .filter(Q(organisation__isnull=True) | Q(organisation__is_active=True))
        .first()
    )


def public_org(site: Site, code: str) -> Organisation | None:
    return public_organisations(site).filter(code=code).first()


def column_items(site: Site, column: Column, children: bool) -> QuerySet[Item]:
    """Published items of a column; of its whole subtree when it has live sub-columns (a
    container such as 法定主动公开内容 shows what its sub-columns hold)."""
    qs = published_items(site)
    if not children:
        return qs.filter(columns=column)
    tree = section(site, column.organisation)
    ids = tree.subtree_ids(column.pk)
    through = Item.columns.through.objects.filter(column_id__in=ids).values("item_id")
    return qs.filter(pk__in=through)


def page_item(site: Site, column: Column) -> Item | None:
    """The current text of a single-page column (the 指南): its newest published item."""
    return (
        published_items(site)
        .filter(columns=column)
        .select_related("organisation")
        .order_by("-published_at", "-pk")
        .first()
    )


# --- home ----------------------------------------------------------------------------------------


@dataclass
class Block:
    """A home-page block: one of the site's own columns with its newest items."""

    column: Column
    items: list[Item]


def home_blocks(site: Site) -> list[Block]:
    """The site's own top-level list columns (政务动态, 通知公告, 政策文件 in the demo), each
    with its newest items (of its subtree)."""
    tree = section(site, None)
    blocks = []
    for node in tree.roots:
        if node.column.kind == ColumnKind.LINK:
            continue
        items = list(
            column_items(site, node.column, bool(node.children))
            .only("pk", "title", "published_at")
            .order_by("-published_at", "-pk")[:HOME_ITEMS]
        )
        blocks.append(Block(node.column, items))
    return blocks


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def recent_years(start: int = 2008) -> list[int]:
    """Years offered by the list filters, newest first (imported archives go back to 2008,
    when the 条例 took effect)."""
    return list(range(timezone.localdate().year, start - 1, -1))
