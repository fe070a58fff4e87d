"""The 政府信息公开 pages: the site's section and directory of sections, an organisation's section,
a column's list (or single page), an item and its print view."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import condition, require_safe

from gongkai.catalog.models import Column, ColumnKind
from gongkai.organizations.selectors import public_organisations
from gongkai.publications.selectors import PublicItem, filter_items, public_item_detail
from gongkai.publications.urls_public import item_public_url

from . import content
from .a11y import COOKIE as A11Y_COOKIE
from .directory import group_directory
from .forms import ColumnFilterForm
from .http import public_page
from .pagecache import column_tag, item_tag, page_cache
from .views import current_site

PER_PAGE = 20
# Part of every item page's ETag: bump it when the item template changes, so browsers holding
# a validated copy fetch the new markup.
ITEM_PAGE_VERSION = "1"


# --- sections ----------------------------------------------------------------------------------


@require_safe
@public_page
def xxgk(request: HttpRequest) -> HttpResponse:
    """The site's 政府信息公开: the county government's section, the site's own columns and the
    directory of every unit's section."""
    site = current_site(request)
    government = site.government if site.government and site.government.is_active else None
    return render(
        request,
        "portal/xxgk.html",
        {
            "org": government,
            "tree": content.section(site, government) if government else None,
            "site_tree": content.section(site, None),
            "groups": group_directory(public_organisations(site)),
        },
    )


@require_safe
@public_page
def section(request: HttpRequest, code: str) -> HttpResponse:
    """One organisation's 政府信息公开: its four first-level columns and the catalog tree."""
    site = current_site(request)
    org = content.public_org(site, code)
    if org is None:
        raise Http404("no such organisation")
    return render(
        request,
        "portal/section.html",
        {"org": org, "tree": content.section(site, org)},
    )


# --- columns -----------------------------------------------------------------------------------


def _column_context(request: HttpRequest, column: Column) -> dict[str, Any]:
    site = current_site(request)
    tree = content.section(site, column.organisation)
    node = tree.nodes.get(column.pk)
    return {
        "column": column,
        "org": column.organisation,
        "ancestors": tree.ancestors(column.pk),
        "children": [child.column for child in node.children] if node else [],
    }


def _column_tags(kwargs: dict[str, Any]) -> list[str]:
    return [column_tag(kwargs["column_id"])]


@page_cache(_column_tags)
@require_safe
@public_page
def column(request: HttpRequest, column_id: int) -> HttpResponse:
    site = current_site(request)
    found = content.public_column(site, column_id)
    if found is None:
        raise Http404("no such column")
    if found.kind == ColumnKind.LINK:
        return HttpResponseRedirect(found.external_url)
    context = _column_context(request, found)
    if found.kind == ColumnKind.PAGE:
        page_item = content.page_item(site, found)
        detail = public_item_detail(site, page_item.pk) if page_item is not None else None
        return render(request, "portal/column_page.html", {**context, "detail": detail})

    form = ColumnFilterForm(request.GET)
    filters = form.filters()
    year = filters.get("year")
    date_from, date_to = content.year_bounds(year) if year else (None, None)
    items = filter_items(
        content.column_items(site, found, bool(context["children"])),
        subject_category=filters.get("subject", ""),
        validity=filters.get("validity", ""),
        keyword=filters.get("q", ""),
        date_from=date_from,
        date_to=date_to,
    ).only(
        "pk",
        "title",
        "index_number",
        "document_number",
        "published_at",
        "validity",
        "is_normative",
    )
    paginator = Paginator(items.order_by("-published_at", "-pk"), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "portal/column.html",
        {**context, "form": form, "page_obj": page, "filtered": bool(filters)},
    )


# --- items -------------------------------------------------------------------------------------

_UNSET: Any = object()


def _detail(request: HttpRequest, pk: int) -> PublicItem | None:
    """The item once per request: the conditional-GET checks and the view share it."""
    found = getattr(request, "_portal_item", _UNSET)
    if found is _UNSET:
        found = public_item_detail(current_site(request), pk)
        request._portal_item = found  # type: ignore[attr-defined]
    return found


def _related(detail: PublicItem) -> list[Any]:
    linked = [*detail.interpretations, *detail.interprets]
    if detail.successor is not None:
        linked.append(detail.successor)
    return linked


def _last_modified(request: HttpRequest, pk: int) -> dt.datetime | None:
    """The newest change among the item and the items its page links to (a new
    interpretation changes the policy's page without touching the policy)."""
    detail = _detail(request, pk)
    if detail is None:
        return None
    return max(i.updated_at for i in (detail.item, *_related(detail)))


def _etag(request: HttpRequest, pk: int) -> str | None:
    detail = _detail(request, pk)
    if detail is None:
        return None
    parts = [
        ITEM_PAGE_VERSION,
        str(request.path),
        # Every service write bumps the version; not all of them save updated_at.
        f"v{detail.item.version}",
        detail.item.updated_at.isoformat(),
        *(f"{i.pk}@{i.updated_at.isoformat()}" for i in _related(detail)),
        # The page differs by the accessibility classes and by signed-in state (Vary: Cookie).
        request.COOKIES.get(A11Y_COOKIE, ""),
        "u" if request.user.is_authenticated else "a",
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def _item_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    detail = _detail(request, pk)
    if detail is None:
        raise Http404("no such item")
    columns = list(
        detail.item.columns.filter(is_retired=False)
        .select_related("organisation")
        .order_by("sort_order", "pk")
    )
    return {
        "detail": detail,
        "item": detail.item,
        "columns": columns,
        "item_url": request.build_absolute_uri(item_public_url(detail.item)),
    }


def _item_tags(kwargs: dict[str, Any]) -> list[str]:
    return [item_tag(kwargs["pk"])]


@page_cache(_item_tags)
@require_safe
@public_page
@condition(etag_func=_etag, last_modified_func=_last_modified)
def item(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "portal/item.html", _item_context(request, pk))


@page_cache(_item_tags)
@require_safe
@public_page
@condition(etag_func=_etag, last_modified_func=_last_modified)
def item_print(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "portal/item_print.html", _item_context(request, pk))
