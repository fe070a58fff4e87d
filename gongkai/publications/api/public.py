"""The public endpoints (auth=None): what the portal shows, as JSON."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import PageNumberPagination, paginate

from gongkai.organizations.api import ErrorOut
from gongkai.organizations.models import Organisation

from ..models import Item
from ..selectors import filter_items, published_items
from .output import public_out, site_of
from .schemas import ItemPublicOut, ItemSummaryOut

router = Router(tags=["政府信息 publications"])


@router.get(
    "/items",
    auth=None,
    response=list[ItemSummaryOut],
    summary="信息列表 Items",
    operation_id="publications_items",
    url_name="publications_items",
)
@paginate(PageNumberPagination, page_size=20, max_page_size=100)
def list_items(
    request: HttpRequest,
    organisation: str | None = None,
    column: int | None = None,
    subject_category: str = "",
    genre: str = "",
    validity: str = "",
    is_normative: bool | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    keyword: str = "",
) -> QuerySet[Item]:
    """Published items of the site serving this host, newest first, with the portal's filters
    (organisation code, column id, 主题分类 code, 体裁, 有效性, publication dates, keyword in
    title, 文号, keywords or 索引号)."""
    site = site_of(request)
    org = get_object_or_404(Organisation, site=site, code=organisation) if organisation else None
    return filter_items(
        published_items(site).select_related("organisation"),
        organisation=org,
        column=column,
        subject_category=subject_category,
        genre=genre,
        validity=validity,
        is_normative=is_normative,
        date_from=date_from,
        date_to=date_to,
        keyword=keyword,
    ).order_by("-published_at", "-pk")


@router.get(
    "/items/{item_id}",
    auth=None,
    response={200: ItemPublicOut, 404: ErrorOut},
    summary="信息详情 Item detail",
    operation_id="publications_item",
    url_name="publications_item",
)
def get_item(request: HttpRequest, item_id: int) -> dict[str, Any]:
    """A public item; a withdrawn one without its body and attachments but with the withdrawal
    notice and its successor."""
    return public_out(site_of(request), item_id)
