"""The public search page: a query box, filters, sorting, highlighted results, hot searches.

Every search with a query is logged for the hot list through `log_search`, which keeps the
normalised text, the site and the time only: no IP address, user or session.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gongkai.organizations.selectors import public_organisations
from gongkai.search.index import MAX_PAGE, SearchQuery, log_search, search

from . import content
from .forms import SearchForm
from .http import public_page
from .views import current_site

PER_PAGE = 20


@dataclass(frozen=True)
class _Paginator:
    num_pages: int
    count: int


@dataclass(frozen=True)
class ResultPage:
    """What _pagination.html needs of a page of search results."""

    number: int
    paginator: _Paginator

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.paginator.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(MAX_PAGE, int(raw or 1)))
    except ValueError:
        return 1


@require_safe
@public_page
def search_page(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    orgs = list(public_organisations(site).only("pk", "code", "full_name").order_by("path"))
    form = SearchForm(request.GET, organisations=[(o.code, o.full_name) for o in orgs])
    values = form.values()
    text = values.get("q") or ""
    column = content.public_column(site, values["lanmu"]) if values.get("lanmu") else None
    org = next((o for o in orgs if o.code == values.get("org")), None)
    context: dict[str, Any] = {
        "form": form,
        "query": text,
        "column": column,
        "hot": content.hot(site),
        "results": None,
    }
    if text:
        number = _page_number(request.GET.get("page"))
        results = search(
            SearchQuery(
                site_id=site.pk,
                text=text,
                organisation_id=org.pk if org else None,
                column_id=column.pk if column else None,
                subject_category=values.get("subject") or "",
                validity=values.get("validity") or "",
                date_from=values.get("date_from"),
                date_to=values.get("date_to"),
                sort=values.get("sort") or "relevance",
                page=number,
                per_page=PER_PAGE,
            )
        )
        if number == 1:
            log_search(site.pk, text, total=results.total)
        pages = min(MAX_PAGE, max(1, math.ceil(results.total / PER_PAGE)))
        context["results"] = results
        context["page_obj"] = ResultPage(number, _Paginator(pages, results.total))
    return render(request, "portal/search.html", context)
