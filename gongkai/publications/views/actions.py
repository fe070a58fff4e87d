"""The POST actions of the detail page: workflow steps, PII decisions, attachments. Each calls one
service; a refusal comes back as a message on the detail page, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from gongkai.organizations.access import staff_required

from .. import services as svc
from ..forms import ApproveForm, AttachmentForm, ClearForm, NoteForm, RejectForm, WithdrawForm
from ..models import Attachment, Item, PiiHit
from ..selectors import lateness
from ._common import back_to, service_error, visible_item


def _run(request: HttpRequest, item: Item, call: Callable[[], Any], done: str) -> HttpResponse:
    try:
        call()
    except (ValidationError, PermissionDenied) as error:
        service_error(request, error)
    else:
        messages.success(request, done)
    return back_to(item)


def _form_errors(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@staff_required()
@require_POST
def item_submit(request: HttpRequest, pk: int) -> HttpResponse:
    item = visible_item(request, pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _run(
        request,
        item,
        lambda: svc.item_submit(item=item, actor=request.user, note=note),
        "已提交分管领导审核。",
    )


@staff_required()
@require_POST
def item_approve(request: HttpRequest, pk: int) -> HttpResponse:
    item = visible_item(request, pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return back_to(item)
    try:
        item = svc.item_approve(
            item=item,
            actor=request.user,
            secrecy_confirmed=form.cleaned_data["secrecy_confirmed"],
            scheduled_at=form.cleaned_data["scheduled_at"],
            note=form.cleaned_data["note"],
        )
    except (ValidationError, PermissionDenied) as error:
        service_error(request, error)
        return back_to(item)
    if item.published_at:
        messages.success(request, f"已审核通过并发布，索引号 {item.index_number}。")
        late = lateness(item)
        if late is not None and late.late:
            messages.warning(
                request,
                f"提醒：该信息自成文之日起 {late.working_days} 个工作日才公开，"
                f"超过《条例》第二十六条规定的期限 {late.late_by} 个工作日。",
            )
    else:
        messages.success(request, f"已审核通过，将于 {item.scheduled_at:%Y-%m-%d %H:%M} 发布。")
    return back_to(item)


@staff_required()
@require_POST
def item_reject(request: HttpRequest, pk: int) -> HttpResponse:
    item = visible_item(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return back_to(item)
    note = form.cleaned_data["note"]
    return _run(
        request,
        item,
        lambda: svc.item_reject(item=item, actor=request.user, note=note),
        "已退回起草人修改。",
    )


@staff_required()
@require_POST
def item_publish_now(request: HttpRequest, pk: int) -> HttpResponse:
    item = visible_item(request, pk)
    return _run(
        request, item, lambda: svc.item_publish_now(item=item, actor=request.user), "已发布。"
    )


@staff_required()
@require_POST
def item_unschedule(request: HttpRequest, pk: int) -> HttpResponse:
    item = visible_item(request, pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _run(
        request,
        item,
        lambda: svc.item_unschedule(item=item, actor=request.user, note=note),
        "已撤销定时发布，信息退回草稿。",
    )


@staff_required()
@require_POST
def item_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    item = visible_item(request, pk)
    form = WithdrawForm(request.POST, site_id=item.site_id)
    if not form.is_valid():
        _form_errors(request, form)
        return back_to(item)
    return _run(
        request,
        item,
        lambda: svc.item_withdraw(
            item=item,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            successor=form.cleaned_data["successor"],
        ),
        "已撤回。公众页面保留撤回说明。",
    )


def _hit(request: HttpRequest, pk: int, hit_pk: int) -> tuple[Item, PiiHit]:
    item = visible_item(request, pk)
    return item, get_object_or_404(PiiHit, pk=hit_pk, item=item)


@staff_required()
@require_POST
def pii_mask(request: HttpRequest, pk: int, hit_pk: int) -> HttpResponse:
    item, hit = _hit(request, pk, hit_pk)
    return _run(
        request,
        item,
        lambda: svc.item_mask_pii(hit=hit, actor=request.user),
        f"已脱敏为 {hit.masked}。",
    )


@staff_required()
@require_POST
def pii_clear(request: HttpRequest, pk: int, hit_pk: int) -> HttpResponse:
    item, hit = _hit(request, pk, hit_pk)
    form = ClearForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写无需脱敏的理由（不超过300字）。")
        return back_to(item)
    return _run(
        request,
        item,
        lambda: svc.item_clear_pii(hit=hit, reason=form.cleaned_data["reason"], actor=request.user),
        "已确认无需脱敏。",
    )


@staff_required()
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = visible_item(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件。")
        return back_to(item)
    uploaded = form.cleaned_data["file"]
    return _run(
        request,
        item,
        lambda: svc.item_attachment_add(item=item, uploaded=uploaded, actor=request.user),
        f"已上传附件“{uploaded.name}”。",
    )


@staff_required()
@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    item = visible_item(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, item=item)
    return _run(
        request,
        item,
        lambda: svc.item_attachment_remove(attachment=attachment, actor=request.user),
        f"已删除附件“{attachment.original_name}”。",
    )
