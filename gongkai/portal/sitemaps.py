"""sitemap.xml (an index of per-section sitemaps, each paginated at 50,000 URLs) and robots.txt,
both for the site of the request's host only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from gongkai.catalog.models import Column, ColumnKind
from gongkai.organizations.models import Organisation, Site
from gongkai.organizations.selectors import public_organisations
from gongkai.publications.models import Item
from gongkai.publications.selectors import published_items
from gongkai.publications.urls_public import item_public_url

from .http import public_page
from .views import current_site

# Crawlers have no business in the workbench, the API or the sign-in pages.
DISALLOWED = ("/manage/", "/api/", "/accounts/")


class ItemSitemap(Sitemap):
    changefreq = "monthly"

    def __init__(self, site: Site) -> None:
        self.site = site

    def items(self) -> QuerySet[Item]:
        return published_items(self.site).only("pk", "updated_at").order_by("pk")

    def location(self, item: Item) -> str:
        return item_public_url(item)

    def lastmod(self, item: Item) -> dt.datetime:
        return item.updated_at

    def get_latest_lastmod(self) -> dt.datetime | None:
        # One aggregate, not a max() over every item in Python (the default).
        return published_items(self.site).aggregate(last=Max("updated_at"))["last"]


class ColumnSitemap(Sitemap):
    changefreq = "weekly"

    def __init__(self, site: Site) -> None:
        self.site = site

    def items(self) -> QuerySet[Column]:
        return (
            Column.objects.filter(site=self.site, is_retired=False)
            .exclude(kind=ColumnKind.LINK)
            .filter(Q(organisation__isnull=True) | Q(organisation__is_active=True))
            .only("pk", "last_published_at", "updated_at")
            .order_by("pk")
        )

    def location(self, column: Column) -> str:
        return reverse("portal:column", args=[column.pk])

    def lastmod(self, column: Column) -> dt.datetime:
        return column.last_published_at or column.updated_at

    def get_latest_lastmod(self) -> dt.datetime | None:
        return None


class SectionSitemap(Sitemap):
    """The home page, the site's 政府信息公开 and each unit's section."""

    changefreq = "daily"

    def __init__(self, site: Site) -> None:
        self.site = site

    def items(self) -> list[str | Organisation]:
        orgs: list[str | Organisation] = list(
            public_organisations(self.site).only("pk", "code").order_by("sort_order", "pk")
        )
        return ["home", "xxgk", *orgs]

    def location(self, entry: Any) -> str:
        if isinstance(entry, Organisation):
            return reverse("portal:section", args=[entry.code])
        return reverse(f"portal:{entry}")

    def get_latest_lastmod(self) -> dt.datetime | None:
        return None


def sitemaps_for(site: Site) -> dict[str, type[Sitemap[Any]] | Sitemap[Any]]:
    return {
        "sections": SectionSitemap(site),
        "columns": ColumnSitemap(site),
        "items": ItemSitemap(site),
    }


@require_safe
@public_page
def sitemap_index(request: HttpRequest) -> HttpResponse:
    response = sitemap_views.index(
        request,
        sitemaps=sitemaps_for(current_site(request)),
        sitemap_url_name="portal:sitemap_section",
    )
    response.render()
    return response


@require_safe
@public_page
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    response = sitemap_views.sitemap(
        request, sitemaps=sitemaps_for(current_site(request)), section=section
    )
    response.render()
    return response


@require_safe
@public_page
def robots(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in DISALLOWED]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('portal:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
