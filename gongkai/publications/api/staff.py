"""The staff endpoints: the same services as the workbench pages."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from gongkai.catalog.models import Column, StandardItem
from gongkai.organizations.models import Organisation, Staff

from .. import services as svc
from ..choices import PiiStatus
from ..models import Item, PiiHit
from ..selectors import filter_items, items_visible_to, published_items
from .output import attachment_out, link, summary
from .schemas import (
    ERRORS,
    ApproveIn,
    ClearIn,
    ItemIn,
    ItemPatch,
    ItemStaffOut,
    ItemSummaryOut,
    NoteIn,
    WithdrawIn,
)

router = Router(tags=["政府信息 publications"])


def _staff_item(request: HttpRequest, item_id: int) -> Item:
    return get_object_or_404(
        items_visible_to(request.user).select_related("organisation"), pk=item_id
    )


def _staff_out(item: Item) -> dict[str, Any]:
    item.refresh_from_db()
    data = summary(item)
    data.update(
        {
            "keywords": item.keywords,
            "summary": item.summary,
            "effective_on": item.effective_on,
            "expires_on": item.expires_on,
            "repealed_on": item.repealed_on,
            "interpretation_kind": item.interpretation_kind,
            "columns": list(item.columns.values_list("pk", flat=True)),
            "body_html": item.body_html,
            "attachments": [
                attachment_out(a) for a in item.attachments.filter(removed_at__isnull=True)
            ],
            "interpretations": [link(i) for i in item.interpreted_by.all()],
            "interprets": [link(i) for i in item.interprets.all()],
            "withdrawn": item.status == "withdrawn",
            "withdrawal_reason": item.withdrawal_reason,
            "withdrawn_at": item.withdrawn_at,
            "successor": link(item.successor) if item.successor else None,
            "disclosure_attribute": item.disclosure_attribute,
            "attribute_reason": item.attribute_reason,
            "scheduled_at": item.scheduled_at,
            "secrecy_reviewed": item.secrecy_reviewed,
            "version": item.version,
            "pii_hits": list(item.pii_hits.exclude(status=PiiStatus.GONE)),
        }
    )
    return data


def _relations(site_id: int, data: dict[str, Any], user: Any) -> dict[str, Any]:
    if data.get("standard_item") is not None:
        data["standard_item"] = get_object_or_404(
            StandardItem, site_id=site_id, pk=data["standard_item"]
        )
    if data.get("columns") is not None:
        found = list(Column.objects.filter(site_id=site_id, pk__in=data["columns"]))
        if len(found) != len(set(data["columns"])):
            raise ValidationError({"columns": "所选栏目不存在。"})
        data["columns"] = found
    if data.get("interprets") is not None:
        pool = items_visible_to(user) | published_items(site_id)
        found_items = list(pool.filter(pk__in=data["interprets"]).distinct())
        if len(found_items) != len(set(data["interprets"])):
            raise ValidationError({"interprets": "被解读的文件不存在。"})
        data["interprets"] = found_items
    return data


@router.get(
    "/items",
    response={200: list[ItemSummaryOut], **ERRORS},
    summary="本单位信息 Items visible to me",
    operation_id="publications_manage_items",
    url_name="publications_manage_items",
)
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def manage_items(request: HttpRequest, status: str = "", keyword: str = "") -> QuerySet[Item]:
    qs = items_visible_to(request.user).select_related("organisation")
    return filter_items(qs, status=status, keyword=keyword).order_by("-updated_at", "-pk")


@router.post(
    "/items",
    response={201: ItemStaffOut, **ERRORS},
    summary="起草信息 Create a draft",
    operation_id="publications_create",
    url_name="publications_create",
)
def create_item(request: HttpRequest, payload: ItemIn) -> Status[dict[str, Any]]:
    staff: Staff = request.staff  # type: ignore[attr-defined]
    data = payload.dict()
    code = data.pop("organisation")
    org = (
        get_object_or_404(Organisation, site_id=staff.organisation.site_id, code=code)
        if code
        else staff.organisation
    )
    data = _relations(org.site_id, data, request.user)
    item = svc.item_create_draft(organisation=org, actor=request.user, **data)
    return Status(201, _staff_out(item))


@router.get(
    "/items/{item_id}",
    response={200: ItemStaffOut, **ERRORS},
    summary="信息详情（工作人员） Item for staff",
    operation_id="publications_manage_item",
    url_name="publications_manage_item",
)
def manage_item(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return _staff_out(_staff_item(request, item_id))


@router.patch(
    "/items/{item_id}",
    response={200: ItemStaffOut, **ERRORS},
    summary="修改信息 Update a draft or revise a published item",
    operation_id="publications_update",
)
def update_item(request: HttpRequest, item_id: int, payload: ItemPatch) -> dict[str, Any]:
    item = _staff_item(request, item_id)
    data = payload.dict(exclude_unset=True)
    secrecy = bool(data.pop("secrecy_confirmed", False))
    data = _relations(item.site_id, data, request.user)
    if item.status == "published":
        data.pop("scheduled_at", None)
        svc.item_revise(item=item, actor=request.user, secrecy_confirmed=secrecy, **data)
    else:
        svc.item_update(item=item, actor=request.user, **data)
    return _staff_out(item)


@router.post(
    "/items/{item_id}/submit",
    response={200: ItemStaffOut, **ERRORS},
    summary="提交审核 Submit",
    operation_id="publications_submit",
)
def submit_item(request: HttpRequest, item_id: int, payload: NoteIn) -> dict[str, Any]:
    item = _staff_item(request, item_id)
    svc.item_submit(item=item, actor=request.user, note=payload.note)
    return _staff_out(item)


@router.post(
    "/items/{item_id}/approve",
    response={200: ItemStaffOut, **ERRORS},
    summary="审核通过 Approve",
    operation_id="publications_approve",
)
def approve_item(request: HttpRequest, item_id: int, payload: ApproveIn) -> dict[str, Any]:
    item = _staff_item(request, item_id)
    svc.item_approve(
        item=item,
        actor=request.user,
        secrecy_confirmed=payload.secrecy_confirmed,
        scheduled_at=payload.scheduled_at,
        note=payload.note,
    )
    return _staff_out(item)


@router.post(
    "/items/{item_id}/reject",
    response={200: ItemStaffOut, **ERRORS},
    summary="退回修改 Reject",
    operation_id="publications_reject",
)
def reject_item(request: HttpRequest, item_id: int, payload: NoteIn) -> dict[str, Any]:
    item = _staff_item(request, item_id)
    svc.item_reject(item=item, actor=request.user, note=payload.note)
    return _staff_out(item)


@router.post(
    "/items/{item_id}/publish",
    response={200: ItemStaffOut, **ERRORS},
    summary="立即发布 Publish a scheduled item now",
    operation_id="publications_publish",
)
def publish_item(request: HttpRequest, item_id: int) -> dict[str, Any]:
    item = _staff_item(request, item_id)
    svc.item_publish_now(item=item, actor=request.user)
    return _staff_out(item)


@router.post(
    "/items/{item_id}/withdraw",
    response={200: ItemStaffOut, **ERRORS},
    summary="撤回 Withdraw",
    operation_id="publications_withdraw",
)
def withdraw_item(request: HttpRequest, item_id: int, payload: WithdrawIn) -> dict[str, Any]:
    item = _staff_item(request, item_id)
    successor = (
        get_object_or_404(Item, site_id=item.site_id, pk=payload.successor)
        if payload.successor
        else None
    )
    svc.item_withdraw(item=item, actor=request.user, reason=payload.reason, successor=successor)
    return _staff_out(item)


def _hit(request: HttpRequest, item_id: int, hit_id: int) -> PiiHit:
    return get_object_or_404(PiiHit, pk=hit_id, item=_staff_item(request, item_id))


@router.post(
    "/items/{item_id}/pii/{hit_id}/mask",
    response={200: ItemStaffOut, **ERRORS},
    summary="一键脱敏 Mask a PII hit",
    operation_id="publications_pii_mask",
)
def mask_hit(request: HttpRequest, item_id: int, hit_id: int) -> dict[str, Any]:
    hit = _hit(request, item_id, hit_id)
    svc.item_mask_pii(hit=hit, actor=request.user)
    return _staff_out(hit.item)


@router.post(
    "/items/{item_id}/pii/{hit_id}/clear",
    response={200: ItemStaffOut, **ERRORS},
    summary="确认无需脱敏 Clear a PII hit",
    operation_id="publications_pii_clear",
)
def clear_hit(request: HttpRequest, item_id: int, hit_id: int, payload: ClearIn) -> dict[str, Any]:
    hit = _hit(request, item_id, hit_id)
    svc.item_clear_pii(hit=hit, reason=payload.reason, actor=request.user)
    return _staff_out(hit.item)


@router.post(
    "/items/{item_id}/attachments",
    response={201: ItemStaffOut, **ERRORS},
    summary="上传附件 Add an attachment",
    operation_id="publications_attachment_add",
)
def add_attachment(
    request: HttpRequest,
    item_id: int,
    file: UploadedFile = File(...),  # noqa: B008
) -> Status[dict[str, Any]]:
    item = _staff_item(request, item_id)
    svc.item_attachment_add(item=item, uploaded=file, actor=request.user)
    return Status(201, _staff_out(item))
