"""Staff pages of letters: the disclosure office edits the templates (with a preview on sample
data) and the letter settings of each organ; staff open the letters of the applications they
see and download them as .docx or PDF. Every write goes through letters.services."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.organizations.access import staff_required
from gongkai.organizations.models import Organisation, Role, Site, Staff
from gongkai.organizations.org_forms import add_service_errors

from ..selectors import info_requests_visible_to
from . import services
from .defaults import REQUIRED, placeholders_for, sample_values
from .files import FORMATS, letter_file
from .forms import LetterSettingsForm, LetterTemplateForm
from .kinds import CONSULTATION_KINDS, LetterKind
from .numbering import effective_settings
from .selectors import (
    ISSUING_KINDS,
    is_public,
    letters_of,
    letters_visible_to,
    settings_rows,
    settings_warnings,
    template_rows,
)
from .wording import LetterText, Wording, compose, default_wording, wording_for

SETTINGS_ROLES = (Role.OFFICE, Role.ADMIN)
SAMPLE_DATE = dt.date(2025, 10, 20)


def _staff(request: HttpRequest) -> Staff:
    return request.staff  # type: ignore[attr-defined]


def _site(request: HttpRequest) -> Site:
    return _staff(request).organisation.site


def _kind(value: str) -> LetterKind:
    try:
        return LetterKind(value)
    except ValueError:
        raise Http404("没有这种文书。") from None


def _preview(kind: LetterKind, title: str, body: str) -> LetterText:
    """The template filled with sample data, as a letter would read."""
    values = sample_values(kind)
    recipient = "示例县某某有限公司" if kind in CONSULTATION_KINDS else values["申请人"]
    return compose(
        Wording(kind, title, body, custom=True),
        values,
        number=values["文号"],
        recipient=recipient,
        organ_name=values["受理机关"],
        issued_on=SAMPLE_DATE,
    )


# --- templates ------------------------------------------------------------------------------


@staff_required(Role.OFFICE)
@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    return render(
        request,
        "info_requests/letters/template_list.html",
        {"rows": template_rows(site), "warnings": settings_warnings(site)},
    )


@staff_required(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, kind: str) -> HttpResponse:
    letter_kind = _kind(kind)
    site = _site(request)
    current = wording_for(site, letter_kind)
    preview: LetterText | None = None
    if request.method == "POST":
        form = LetterTemplateForm(request.POST, kind=letter_kind)
        if form.is_valid():
            data = form.cleaned_data
            if "preview" in request.POST:
                preview = _preview(letter_kind, data["title"], data["body"])
            else:
                try:
                    services.letter_template_update(
                        site=site,
                        kind=letter_kind,
                        title=data["title"],
                        body=data["body"],
                        actor=request.user,
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request,
                        f"已保存“{letter_kind.label}”模板。此后出具的文书使用新模板，"
                        "已出具的文书不变。",
                    )
                    return HttpResponseRedirect(reverse("letters:templates"))
    else:
        form = LetterTemplateForm(
            initial={"title": current.title, "body": current.body}, kind=letter_kind
        )
        preview = _preview(letter_kind, current.title, current.body)
    return render(
        request,
        "info_requests/letters/template_edit.html",
        {
            "kind": letter_kind,
            "form": form,
            "custom": current.custom,
            "default": default_wording(letter_kind),
            "preview": preview,
            "placeholders": placeholders_for(letter_kind),
            "required": REQUIRED[letter_kind],
        },
    )


@staff_required(Role.OFFICE)
@require_POST
def template_reset(request: HttpRequest, kind: str) -> HttpResponse:
    letter_kind = _kind(kind)
    if services.letter_template_reset(site=_site(request), kind=letter_kind, actor=request.user):
        messages.success(request, f"“{letter_kind.label}”已恢复为默认模板。")
    else:
        messages.info(request, f"“{letter_kind.label}”本来就在使用默认模板。")
    return HttpResponseRedirect(reverse("letters:template_edit", args=[letter_kind.value]))


# --- settings -------------------------------------------------------------------------------


@staff_required(*SETTINGS_ROLES)
@require_GET
def settings_list(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    return render(
        request,
        "info_requests/letters/settings_list.html",
        {"rows": settings_rows(site), "warnings": settings_warnings(site)},
    )


@staff_required(*SETTINGS_ROLES)
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.select_related("site", "site__government"),
        site=_site(request),
        kind__in=ISSUING_KINDS,
        pk=pk,
    )
    effective = effective_settings(organisation)
    row = effective.row
    if request.method == "POST":
        form = LetterSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.letter_settings_update(
                    organisation=organisation, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"已保存{organisation.full_name}的文书设置。")
                return HttpResponseRedirect(reverse("letters:settings"))
    else:
        initial: dict[str, Any] = {}
        if row is not None:
            initial = {
                "reply_prefix": row.reply_prefix,
                "notice_prefix": row.notice_prefix,
                "reconsideration_organ": row.reconsideration_organ,
                "payment_method": row.payment_method,
            }
        form = LetterSettingsForm(initial=initial)
    return render(
        request,
        "info_requests/letters/settings_edit.html",
        {"organisation": organisation, "form": form, "effective": effective},
    )


# --- letters --------------------------------------------------------------------------------


@staff_required()
@require_GET
def request_letters(request: HttpRequest, pk: int) -> HttpResponse:
    info_request = get_object_or_404(
        info_requests_visible_to(request.user).select_related("organisation", "unit"), pk=pk
    )
    letters = [(letter, is_public(letter)) for letter in letters_of(info_request)]
    return render(
        request,
        "info_requests/letters/request_letters.html",
        {
            "info_request": info_request,
            "letters": letters,
            "service": getattr(info_request, "service", None),
        },
    )


@staff_required()
@require_GET
def letter_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("没有这种文件格式。")
    letter = get_object_or_404(letters_visible_to(request.user), pk=pk)
    path, name, content_type = letter_file(letter, fmt)
    # A letter is tens of kilobytes: read it whole (the SHA-256 check just did).
    response = HttpResponse(Path(path).read_bytes(), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    return response
