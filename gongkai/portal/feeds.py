"""Atom feeds of a column and of an organisation (Django's syndication framework).

Entries are published items only: a withdrawn item leaves the feed (its page keeps the notice).
The author of an entry is the 发布机构.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.views.decorators.http import require_safe

from gongkai.publications.models import Item
from gongkai.publications.selectors import published_items
from gongkai.publications.urls_public import item_public_url

from . import content
from .http import public_page
from .views import current_site


@dataclass
class Source:
    title: str
    subtitle: str
    link: str
    items: QuerySet[Item]


class _ItemFeed(Feed):
    feed_type = Atom1Feed
    language = "zh-CN"

    def title(self, obj: Source) -> str:
        return obj.title

    def subtitle(self, obj: Source) -> str:
        return obj.subtitle

    def link(self, obj: Source) -> str:
        return obj.link

    def items(self, obj: Source) -> list[Item]:
        return list(
            obj.items.select_related("organisation")
            .defer("body_html")
            .order_by("-published_at", "-pk")[: content.FEED_ITEMS]
        )

    def item_title(self, item: Item) -> str:
        # An Atom <title> is plain text (the writer escapes it); Django's default escapes once
        # more for RSS readers that treat titles as HTML.
        return item.title

    def item_description(self, item: Item) -> str:
        # <summary type="html">: escaped text.
        return escape(item.summary or item.title)

    def item_link(self, item: Item) -> str:
        return item_public_url(item)

    def item_author_name(self, item: Item) -> str:
        return item.organisation.full_name

    def item_pubdate(self, item: Item) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Item) -> dt.datetime:
        return item.updated_at


class ColumnFeed(_ItemFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Source:
        site = current_site(request)
        column = content.public_column(site, kwargs["column_id"])
        if column is None or column.kind == "link":
            raise Http404("no such column")
        tree = content.section(site, column.organisation)
        node = tree.nodes.get(column.pk)
        owner = column.organisation.full_name if column.organisation else site.name
        return Source(
            title=f"{column.name} - {owner}",
            subtitle=f"{site.name}政府信息公开·{column.name}栏目最新信息",
            link=reverse("portal:column", args=[column.pk]),
            items=content.column_items(site, column, bool(node and node.children)),
        )


class OrganisationFeed(_ItemFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Source:
        site = current_site(request)
        org = content.public_org(site, kwargs["code"])
        if org is None:
            raise Http404("no such organisation")
        return Source(
            title=f"{org.full_name}政府信息公开",
            subtitle=f"{org.full_name}主动公开的最新政府信息",
            link=reverse("portal:section", args=[org.code]),
            items=published_items(site).filter(organisation=org),
        )


# Public caching like every portal page; a feed reader polls, a minute is plenty.
column_feed = require_safe(public_page(ColumnFeed()))
organisation_feed = require_safe(public_page(OrganisationFeed()))
