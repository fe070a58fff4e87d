"""API router for the disclosure catalog: the public column tree and columns (auth=None), and
staff endpoints for claims, "my columns", catalog health and coverage, calling the same
services and selectors as the pages."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from gongkai.organizations.api import ErrorOut
from gongkai.organizations.models import SITE_ROLES, Organisation, Site, Staff

from . import services
from .models import Column, ColumnKind, StandardDomain, UpdateCategory
from .selectors import (
    ColumnNode,
    catalog_health,
    column_freshness,
    columns_visible_to,
    coverage,
    my_columns,
    parents_with_live_children,
    public_column_tree,
    public_columns,
    tree_sorted,
)

router = Router(tags=["公开目录 catalog"])


class FreshnessOut(Schema):
    status: str
    label: str
    due_on: dt.date | None
    days_overdue: int


class ColumnOut(Schema):
    id: int
    name: str
    kind: ColumnKind
    external_url: str
    parent_id: int | None
    organisation_code: str | None
    standard_key: str
    update_category: UpdateCategory
    update_interval_days: int | None
    last_published_at: dt.datetime | None
    item_count: int
    freshness: FreshnessOut


class ColumnDetailOut(ColumnOut):
    requirements: str
    format: str
    claimed_by: list[str]


class ColumnNodeOut(Schema):
    id: int
    name: str
    kind: ColumnKind
    external_url: str
    standard_key: str
    children: list["ColumnNodeOut"]


ColumnNodeOut.model_rebuild()


class ClaimIn(Schema):
    organisation: str  # the organisation's code


class ClaimOut(Schema):
    column_id: int
    organisation: str
    claimed_at: dt.datetime


class HealthRuleOut(Schema):
    key: str
    label: str
    count: int
    threshold: int
    vetoed: bool
    column_ids: list[int]


class HealthOut(Schema):
    today: dt.date
    checked: int
    vetoed: bool
    rules: list[HealthRuleOut]


class CoverageItemOut(Schema):
    id: int
    domain: int
    level1: str
    level2: str
    level3: str
    has_home: bool
    has_content: bool
    column_ids: list[int]


class CoverageOut(Schema):
    total: int
    with_home: int
    with_content: int
    items: list[CoverageItemOut]


def _site(request: HttpRequest) -> Site:
    site = getattr(request, "site", None)
    if site is None:
        raise HttpError(503, "本平台尚未配置站点。")
    return site


def _organisation(site: Site, code: str | None) -> Organisation | None:
    if not code:
        return None
    return get_object_or_404(Organisation, site=site, code=code, is_active=True)


def _column_out(column: Column, today: dt.date, has_children: bool) -> dict[str, Any]:
    state = column_freshness(column, today, has_children=has_children)
    return {
        "id": column.pk,
        "name": column.name,
        "kind": column.kind,
        "external_url": column.external_url,
        "parent_id": column.parent_id,
        "organisation_code": column.organisation.code if column.organisation else None,
        "standard_key": column.standard_key,
        "update_category": column.update_category,
        "update_interval_days": column.update_interval_days,
        "last_published_at": column.last_published_at,
        "item_count": column.item_count,
        "freshness": {
            "status": state.status,
            "label": state.label,
            "due_on": state.due_on,
            "days_overdue": state.days_overdue,
        },
    }


def _node_out(node: ColumnNode) -> dict[str, Any]:
    c = node.column
    return {
        "id": c.pk,
        "name": c.name,
        "kind": c.kind,
        "external_url": c.external_url,
        "standard_key": c.standard_key,
        "children": [_node_out(child) for child in node.children],
    }


@router.get(
    "/tree",
    auth=None,
    response={200: list[ColumnNodeOut], 404: ErrorOut},
    summary="栏目树 Column tree",
    operation_id="catalog_tree",
    url_name="catalog_tree",
)
def tree(request: HttpRequest, organisation: str | None = None) -> list[dict[str, Any]]:
    """The public column tree of one organisation's 政府信息公开 section (by organisation code),
    or of the site's own columns when no organisation is given. Retired columns are left out."""
    site = _site(request)
    return [_node_out(node) for node in public_column_tree(site, _organisation(site, organisation))]


@router.get(
    "/columns",
    auth=None,
    response={200: list[ColumnOut], 404: ErrorOut},
    summary="栏目列表 Columns",
    operation_id="catalog_columns",
    url_name="catalog_columns",
)
def list_columns(request: HttpRequest, organisation: str | None = None) -> list[dict[str, Any]]:
    """The public columns of one section in tree order, with their freshness."""
    site = _site(request)
    columns = tree_sorted(
        public_columns(site, _organisation(site, organisation)).select_related("organisation")
    )
    containers = parents_with_live_children(columns)
    today = timezone.localdate()
    return [_column_out(c, today, c.pk in containers) for c in columns]


def _public_column(request: HttpRequest, column_id: int) -> Column:
    site = _site(request)
    column = get_object_or_404(
        Column.objects.select_related("organisation").filter(site=site, is_retired=False),
        pk=column_id,
    )
    if column.organisation is not None and not column.organisation.is_active:
        raise HttpError(404, "未找到请求的对象。")
    return column


@router.get(
    "/columns/{column_id}",
    auth=None,
    response={200: ColumnDetailOut, 404: ErrorOut},
    summary="栏目详情 Column detail",
    operation_id="catalog_column_get",
    url_name="catalog_column",
)
def get_column(request: HttpRequest, column_id: int) -> dict[str, Any]:
    column = _public_column(request, column_id)
    has_children = column.children.filter(is_retired=False).exists()
    data = _column_out(column, timezone.localdate(), has_children)
    data["requirements"] = column.requirements
    data["format"] = column.format
    data["claimed_by"] = list(
        column.claims.order_by("organisation__path").values_list("organisation__code", flat=True)
    )
    return data


def _staff_column(request: HttpRequest, column_id: int) -> Column:
    return get_object_or_404(
        columns_visible_to(request.user).select_related("organisation"), pk=column_id
    )


@router.post(
    "/columns/{column_id}/claims",
    response={201: ClaimOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="认领栏目 Claim a column",
    operation_id="catalog_claim",
    url_name="catalog_claims",
)
def claim(request: HttpRequest, column_id: int, payload: ClaimIn) -> tuple[int, dict[str, Any]]:
    """The disclosure office lets an organisation (by code) publish into a column."""
    column = _staff_column(request, column_id)
    organisation = get_object_or_404(
        Organisation, site_id=column.site_id, code=payload.organisation
    )
    created = services.column_claim(column=column, organisation=organisation, actor=request.user)
    return 201, {
        "column_id": column.pk,
        "organisation": organisation.code,
        "claimed_at": created.claimed_at,
    }


@router.delete(
    "/columns/{column_id}/claims/{code}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="取消认领 Withdraw a claim",
    operation_id="catalog_unclaim",
    url_name="catalog_claim",
)
def unclaim(request: HttpRequest, column_id: int, code: str) -> tuple[int, None]:
    column = _staff_column(request, column_id)
    organisation = get_object_or_404(Organisation, site_id=column.site_id, code=code)
    services.column_unclaim(column=column, organisation=organisation, actor=request.user)
    return 204, None


@router.get(
    "/mine",
    response={200: list[ColumnOut], 401: ErrorOut, 403: ErrorOut},
    summary="本单位栏目 My unit's columns",
    operation_id="catalog_mine",
    url_name="catalog_mine",
)
def mine(request: HttpRequest) -> list[dict[str, Any]]:
    """The columns the caller's unit has claimed and may publish into, with freshness."""
    today = timezone.localdate()
    states = my_columns(request.user, today)
    containers = parents_with_live_children([s.column for s in states])
    return [_column_out(s.column, today, s.column.pk in containers) for s in states]


def _manager_site(request: HttpRequest) -> Site:
    staff: Staff = request.staff  # type: ignore[attr-defined]
    if staff.role not in SITE_ROLES:
        raise HttpError(403, "只有政务公开办公室可以查看此统计。")
    return _site(request)


@router.get(
    "/health",
    response={200: HealthOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="栏目健康 Catalog health",
    operation_id="catalog_health",
    url_name="catalog_health",
)
def health(request: HttpRequest, organisation: str | None = None) -> dict[str, Any]:
    """The column single-veto indicators of the inspection (国办秘函〔2019〕19号)."""
    site = _manager_site(request)
    result = catalog_health(site, timezone.localdate(), _organisation(site, organisation))
    return {
        "today": result.today,
        "checked": result.checked,
        "vetoed": result.vetoed,
        "rules": [
            {
                "key": rule.key,
                "label": rule.label,
                "count": rule.count,
                "threshold": rule.threshold,
                "vetoed": rule.vetoed,
                "column_ids": [s.column.pk for s in rule.columns],
            }
            for rule in result.rules
        ],
    }


@router.get(
    "/coverage",
    response={200: CoverageOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="标准目录覆盖 Standard catalogue coverage",
    operation_id="catalog_coverage",
    url_name="catalog_coverage",
)
def coverage_report(
    request: HttpRequest, organisation: str | None = None, domain: int | None = None
) -> dict[str, Any]:
    site = _manager_site(request)
    domain_obj = get_object_or_404(StandardDomain, number=domain) if domain else None
    report = coverage(site, _organisation(site, organisation), domain_obj)
    return {
        "total": report.total,
        "with_home": report.with_home,
        "with_content": report.with_content,
        "items": [
            {
                "id": row.item.pk,
                "domain": row.item.domain.number,
                "level1": row.item.level1,
                "level2": row.item.level2,
                "level3": row.item.level3,
                "has_home": row.has_home,
                "has_content": row.has_content,
                "column_ids": [c.pk for c in row.columns],
            }
            for row in report.rows
        ],
    }
