"""The workbench lists: the publishing desk (my columns, drafts, approvals, PII hits, missing
interpretations), the leader's approval queue, the PII list, the missing-interpretation list, the
bulk import and the site's publication settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.catalog.selectors import my_columns
from gongkai.core.files import check_upload
from gongkai.organizations.access import staff_required
from gongkai.organizations.models import SITE_ROLES, Role
from gongkai.organizations.org_forms import add_service_errors

from .. import services as svc
from ..forms import ImportForm, SettingsForm
from ..selectors import (
    items_awaiting_approval,
    missing_interpretations_for,
    my_drafts,
    my_pii_hits,
    site_settings,
)
from ..services.import_rows import HEADERS
from ._common import staff

DESK_ROWS = 10
IMPORT_MAX_BYTES = 200 * 1024 * 1024
MANAGERS = (Role.OFFICE, Role.ADMIN)


@staff_required()
@require_GET
def desk(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    states = my_columns(request.user, today)
    missing = missing_interpretations_for(request.user, today)
    return render(
        request,
        "publications/desk.html",
        {
            "states": states,
            "problems": sum(1 for s in states if s.freshness.status in ("overdue", "empty")),
            "drafts": my_drafts(request.user).select_related("organisation")[:DESK_ROWS],
            "awaiting": items_awaiting_approval(request.user)[:DESK_ROWS],
            "hits": my_pii_hits(request.user)[:DESK_ROWS],
            "hit_count": my_pii_hits(request.user).count(),
            "missing": missing[:DESK_ROWS],
            "missing_count": len(missing),
            "site_wide": staff(request).role in SITE_ROLES,
        },
    )


@staff_required(Role.LEADER)
@require_GET
def awaiting(request: HttpRequest) -> HttpResponse:
    return render(
        request, "publications/awaiting.html", {"items": items_awaiting_approval(request.user)}
    )


@staff_required()
@require_GET
def pii_hits(request: HttpRequest) -> HttpResponse:
    return render(request, "publications/pii_hits.html", {"hits": my_pii_hits(request.user)})


@staff_required()
@require_GET
def missing(request: HttpRequest) -> HttpResponse:
    rows = missing_interpretations_for(request.user, timezone.localdate())
    lag = site_settings(staff(request).organisation.site_id).interpretation_lag_days
    return render(request, "publications/missing.html", {"rows": rows, "lag": lag})


@staff_required(Role.OFFICE, Role.ADMIN, Role.LEADER)
@require_http_methods(["GET", "POST"])
def bulk_import(request: HttpRequest) -> HttpResponse:
    site = staff(request).organisation.site
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            check_upload(uploaded, allowed={"xlsx"}, max_bytes=IMPORT_MAX_BYTES)
            result = svc.items_import_file(site=site, file=uploaded, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            if result.ok:
                messages.success(request, f"已导入并发布 {result.created} 条信息。")
                return HttpResponseRedirect(reverse("publications:list"))
    return render(
        request,
        "publications/import.html",
        {"form": form, "result": result, "headers": HEADERS},
    )


@staff_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    site = staff(request).organisation.site
    current = site_settings(site.pk)
    initial = {
        "index_template": current.index_template,
        "interpretation_lag_days": current.interpretation_lag_days,
        "publication_deadline_days": current.publication_deadline_days,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.publication_settings_update(site=site, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "信息发布设置已保存。")
            return HttpResponseRedirect(reverse("publications:settings"))
    return render(request, "publications/settings.html", {"form": form})
