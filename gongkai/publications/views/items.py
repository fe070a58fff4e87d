"""The item pages: the list, the form (draft or revision), the detail page, versions and diffs."""

from __future__ import annotations

import difflib
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.core.pii import mask_text
from gongkai.organizations.access import staff_required
from gongkai.organizations.org_forms import add_service_errors

from .. import services as svc
from ..choices import PiiStatus
from ..forms import (
    ApproveForm,
    AttachmentForm,
    ClearForm,
    ItemForm,
    ListFilterForm,
    NoteForm,
    RejectForm,
    WithdrawForm,
)
from ..models import ItemVersion
from ..richtext import html_to_text
from ..selectors import filter_items, items_visible_to, lateness, local_date
from ..states import ACTION_LABELS, Status, status_label
from ..urls_public import attachment_url, item_public_url
from ._common import UNIT, actions_for, detail_url, staff, visible_item

PER_PAGE = 30


@staff_required()
@require_GET
def item_list(request: HttpRequest) -> HttpResponse:
    form = ListFilterForm(request.GET or None)
    qs = items_visible_to(request.user).select_related("organisation")
    if form.is_valid():
        qs = filter_items(
            qs, status=form.cleaned_data["status"], keyword=form.cleaned_data["keyword"]
        )
    qs = qs.order_by("-updated_at", "-pk")
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "publications/item_list.html",
        {"form": form, "page": page, "can_create": staff(request).role in UNIT},
    )


@staff_required(*UNIT)
@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest) -> HttpResponse:
    organisation = staff(request).organisation
    form = ItemForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        viewer=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = svc.item_create_draft(
                organisation=organisation, actor=request.user, **form.service_fields()
            )
        except (ValidationError, PermissionDenied) as error:
            _form_error(form, error)
        else:
            messages.success(request, "草稿已保存。")
            return HttpResponseRedirect(detail_url(item))
    return render(
        request, "publications/item_form.html", {"form": form, "organisation": organisation}
    )


def _form_error(form: ItemForm, error: ValidationError | PermissionDenied) -> None:
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error))
    else:
        add_service_errors(form, error)


@staff_required(*UNIT)
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = visible_item(request, pk)
    if item.status not in (Status.DRAFT, Status.PUBLISHED):
        messages.error(request, f"此信息当前为“{item.get_status_display()}”，不能修改。")
        return HttpResponseRedirect(detail_url(item))
    form = ItemForm(
        request.POST if request.method == "POST" else None,
        organisation=item.organisation,
        viewer=request.user,
        item=item,
        initial=ItemForm.initial_for(item),
    )
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            if item.status == Status.PUBLISHED:
                fields.pop("scheduled_at", None)
                svc.item_revise(
                    item=item,
                    actor=request.user,
                    secrecy_confirmed=form.cleaned_data.get("secrecy_confirmed", False),
                    **fields,
                )
            else:
                svc.item_update(item=item, actor=request.user, **fields)
        except (ValidationError, PermissionDenied) as error:
            _form_error(form, error)
        else:
            messages.success(request, "已保存。")
            return HttpResponseRedirect(detail_url(item))
    return render(
        request,
        "publications/item_form.html",
        {"form": form, "item": item, "organisation": item.organisation},
    )


@staff_required()
@require_GET
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = visible_item(request, pk)
    late = lateness(item)
    attachments = list(item.attachments.filter(removed_at__isnull=True))
    context: dict[str, Any] = {
        "item": item,
        "actions": actions_for(request.user, item),
        "hits": item.pii_hits.exclude(status=PiiStatus.GONE).select_related("attachment"),
        "open_hits": item.pii_hits.filter(status=PiiStatus.OPEN).count(),
        "attachments": [(a, attachment_url(a)) for a in attachments],
        "columns": item.columns.select_related("parent"),
        "interprets": item.interprets.all(),
        "interpreted_by": item.interpreted_by.all(),
        "events": [
            (e, status_label(e.from_status), status_label(e.to_status), _action(e.action))
            for e in item.events.all()
        ],
        "lateness": late,
        "public_url": item_public_url(item) if item.is_public else "",
        "approve_form": ApproveForm(),
        "reject_form": RejectForm(),
        "note_form": NoteForm(),
        "withdraw_form": WithdrawForm(site_id=item.site_id),
        "clear_form": ClearForm(),
        "attachment_form": AttachmentForm(),
        "body_preview": item.body_html,
        "published_on": local_date(item.published_at),
    }
    return render(request, "publications/item_detail.html", context)


def _action(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def _masked_lines(text: str) -> list[str]:
    return mask_text(text).splitlines()


@staff_required()
@require_GET
def item_versions(request: HttpRequest, pk: int) -> HttpResponse:
    item = visible_item(request, pk)
    versions = list(ItemVersion.objects.filter(item=item).order_by("-number"))
    numbers = [v.number for v in versions]
    a = _int(request.GET.get("a"), numbers[1] if len(numbers) > 1 else None)
    b = _int(request.GET.get("b"), numbers[0] if numbers else None)
    diff: dict[str, Any] | None = None
    if a is not None and b is not None and a != b:
        old = get_object_or_404(ItemVersion, item=item, number=a)
        new = get_object_or_404(ItemVersion, item=item, number=b)
        diff = _diff(old.data, new.data)
    return render(
        request,
        "publications/item_versions.html",
        {
            "item": item,
            "versions": [(v, _action(v.action)) for v in versions],
            "a": a,
            "b": b,
            "diff": diff,
        },
    )


def _int(value: Any, default: int | None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


LABELS = {
    "title": "标题", "organisation": "发布机构", "index_number": "索引号",
    "document_number": "文号",
    "written_on": "成文日期", "published_at": "发布时间", "scheduled_at": "定时发布时间",
    "subject_category": "主题分类", "genre": "体裁", "interpretation_kind": "解读形式",
    "keywords": "关键词", "is_normative": "规范性文件", "validity": "有效性",
    "effective_on": "生效日期", "expires_on": "失效日期", "repealed_on": "废止日期",
    "disclosure_attribute": "公开属性", "attribute_reason": "不公开理由",
    "standard_item": "标准目录事项", "status": "状态", "successor": "替代信息",
    "summary": "内容概述", "withdrawal_reason": "撤回理由", "withdrawn_at": "撤回时间",
    "columns": "栏目", "interprets": "被解读文件", "attachments": "附件",
}  # fmt: skip


def _diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Changed fields side by side, and the body as a line diff; personal data masked on
    display (versions keep the text as it was written)."""
    fields = []
    for key, label in LABELS.items():
        before, after = old.get(key), new.get(key)
        if before != after:
            if key == "attachments":
                before = "、".join(a["name"] for a in before or []) or "（无）"
                after = "、".join(a["name"] for a in after or []) or "（无）"
            fields.append((label, mask_text(str(before)), mask_text(str(after))))
    body = list(
        difflib.unified_diff(
            _masked_lines(html_to_text(old.get("body_html") or "")),
            _masked_lines(html_to_text(new.get("body_html") or "")),
            lineterm="",
            n=1,
        )
    )[2:]
    lines = [(line[:1], line[1:]) for line in body if not line.startswith("@@")]
    return {"fields": fields, "body": lines}
