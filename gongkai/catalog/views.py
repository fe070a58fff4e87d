"""Catalog pages of the workbench: the column tree for the disclosure office (create, rename,
reorder, retire/restore, claims, mappings), "my columns" for a unit's staff, the standard
catalogue with its .xlsx import and export, coverage and catalog health.

Columns are looked up through `columns_visible_to`, so another site's column is a 404. Every
write goes through `catalog.services` / `catalog.standard`; a ValidationError comes back as a
form error or a message, never a 500."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.organizations.access import staff_required
from gongkai.organizations.models import Organisation, Role, Site, Staff
from gongkai.organizations.org_forms import add_service_errors

from . import services, standard
from .forms import (
    SITE_SECTION,
    ClaimForm,
    ColumnForm,
    CoverageFilterForm,
    HealthFilterForm,
    ImportForm,
    MoveForm,
    SectionForm,
    StandardItemsForm,
)
from .models import Claim, Column, ColumnKind, StandardDomain
from .selectors import (
    catalog_health,
    columns_visible_to,
    coverage,
    my_columns,
    section_columns,
    standard_domains_with_counts,
    standard_items_of,
    tree_sorted,
    with_freshness,
)

MANAGERS = (Role.OFFICE, Role.ADMIN)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _staff(request: HttpRequest) -> Staff:
    return request.staff  # type: ignore[attr-defined]


def _site(request: HttpRequest) -> Site:
    return _staff(request).organisation.site


def _section(request: HttpRequest, site: Site) -> tuple[Organisation | None, str]:
    """The section a page works on: ?section=<organisation id> or "site"; by default the county
    government's, whose 法定主动公开内容 holds the county's columns."""
    value = (request.POST.get("section") or request.GET.get("section") or "").strip()
    if value == SITE_SECTION:
        return None, SITE_SECTION
    if value.isdigit():
        org = get_object_or_404(Organisation, site=site, pk=int(value))
        return org, str(org.pk)
    if site.government_id:
        return site.government, str(site.government_id)
    return None, SITE_SECTION


def _section_of(column: Column) -> str:
    return str(column.organisation_id) if column.organisation_id else SITE_SECTION


def _tree_url(section: str) -> str:
    return f"{reverse('catalog:tree')}?{urlencode({'section': section})}"


def _column(request: HttpRequest, pk: int) -> Column:
    return get_object_or_404(
        columns_visible_to(request.user).select_related("parent", "organisation"), pk=pk
    )


def _posted(request: HttpRequest) -> Any:
    """The POST data of a POST (even an empty one, so a bare submit shows "required" errors)."""
    return request.POST if request.method == "POST" else None


def _service_message(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- the tree ---------------------------------------------------------------------------------


@staff_required(*MANAGERS)
@require_GET
def catalog_tree(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    organisation, section = _section(request, site)
    form = SectionForm(initial={"section": section}, site=site)
    columns = (
        section_columns(site, organisation)
        .select_related("parent", "organisation")
        .annotate(mapped=Count("standard_items", distinct=True))
    )
    states = with_freshness(tree_sorted(columns), timezone.localdate())
    claims: dict[int, list[str]] = {}
    for claim in Claim.objects.filter(column__in=[s.column for s in states]).select_related(
        "organisation"
    ):
        claims.setdefault(claim.column_id, []).append(claim.organisation.display_name)
    rows = [
        {
            "state": state,
            "column": state.column,
            "indent": "\u3000" * state.column.depth,
            "claims": _claims_text(claims.get(state.column.pk, [])),
        }
        for state in states
    ]
    missing_standard = organisation is not None and not any(
        state.column.standard_key for state in states
    )
    return render(
        request,
        "catalog/tree.html",
        {
            "form": form,
            "organisation": organisation,
            "section": section,
            "rows": rows,
            "missing_standard": missing_standard,
        },
    )


def _claims_text(names: list[str], shown: int = 3) -> str:
    """ "县民政局、城关街道" or, for a column every department claims, "县财政局、县民政局、
    县发展改革局等 48 个单位"."""
    if len(names) <= shown + 1:
        return "、".join(names)
    return f"{'、'.join(names[:shown])}等 {len(names)} 个单位"


def _parents(site: Site, organisation: Organisation | None, exclude: Column | None = None) -> Any:
    qs = section_columns(site, organisation).filter(is_retired=False).exclude(kind=ColumnKind.LINK)
    if exclude is not None:
        qs = qs.exclude(path__startswith=exclude.path)
    return qs


@staff_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def column_create(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    organisation, section = _section(request, site)
    parents = _parents(site, organisation)
    initial: dict[str, Any] = {"kind": ColumnKind.LIST}
    if request.GET.get("parent", "").isdigit():
        initial["parent"] = int(request.GET["parent"])
    form = ColumnForm(_posted(request), parents=parents, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            column = services.column_create(
                site=site,
                organisation=organisation,
                parent=data["parent"],
                name=data["name"],
                kind=data["kind"],
                external_url=data["external_url"],
                update_category=data["update_category"],
                update_interval_days=data["update_interval_days"],
                requirements=data["requirements"],
                format=data["format"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已新增栏目“{column.name}”。")
            return HttpResponseRedirect(_tree_url(section))
    return render(
        request,
        "catalog/column_form.html",
        {"form": form, "column": None, "organisation": organisation, "section": section},
    )


@staff_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def column_edit(request: HttpRequest, pk: int) -> HttpResponse:
    column = _column(request, pk)
    site = _site(request)
    section = _section_of(column)
    initial = {
        "parent": column.parent_id,
        "name": column.name,
        "kind": column.kind,
        "external_url": column.external_url,
        "update_category": column.update_category,
        "update_interval_days": column.update_interval_days,
        "requirements": column.requirements,
        "format": column.format,
    }
    form = ColumnForm(
        _posted(request),
        parents=_parents(site, column.organisation, exclude=column),
        standard=column.is_standard,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.column_update(column=column, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已保存栏目“{form.cleaned_data['name']}”。")
            return HttpResponseRedirect(_tree_url(section))
    return render(
        request,
        "catalog/column_form.html",
        {
            "form": form,
            "column": column,
            "organisation": column.organisation,
            "section": section,
        },
    )


@staff_required(*MANAGERS)
@require_POST
def column_move(request: HttpRequest, pk: int) -> HttpResponse:
    column = _column(request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "移动方向只能是上移或下移。")
    else:
        try:
            services.column_move(
                column=column, direction=form.cleaned_data["direction"], actor=request.user
            )
        except ValidationError as error:
            _service_message(request, error)
    return HttpResponseRedirect(_tree_url(_section_of(column)))


@staff_required(*MANAGERS)
@require_POST
def column_retire(request: HttpRequest, pk: int) -> HttpResponse:
    column = _column(request, pk)
    try:
        services.column_retire(column=column, actor=request.user)
    except ValidationError as error:
        _service_message(request, error)
    else:
        messages.success(request, f"已停用栏目“{column.name}”，其中的信息保留，恢复后重新显示。")
    return HttpResponseRedirect(_tree_url(_section_of(column)))


@staff_required(*MANAGERS)
@require_POST
def column_restore(request: HttpRequest, pk: int) -> HttpResponse:
    column = _column(request, pk)
    try:
        services.column_restore(column=column, actor=request.user)
    except ValidationError as error:
        _service_message(request, error)
    else:
        messages.success(request, f"已恢复栏目“{column.name}”。")
    return HttpResponseRedirect(_tree_url(_section_of(column)))


# --- claims and mappings ----------------------------------------------------------------------


def _claimants(column: Column) -> Any:
    qs = Organisation.objects.filter(site_id=column.site_id, is_active=True)
    if column.organisation is not None:
        qs = qs.filter(path__startswith=column.organisation.path)
    return qs.exclude(pk__in=column.claims.values("organisation_id"))


@staff_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def column_claims(request: HttpRequest, pk: int) -> HttpResponse:
    column = _column(request, pk)
    form = ClaimForm(_posted(request), organisations=_claimants(column))
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            services.column_claim(column=column, organisation=organisation, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{organisation.full_name}”已认领栏目“{column.name}”。")
            return HttpResponseRedirect(reverse("catalog:claims", args=[column.pk]))
    claims = column.claims.select_related("organisation", "claimed_by").order_by(
        "organisation__path"
    )
    return render(
        request,
        "catalog/claims.html",
        {"column": column, "claims": claims, "form": form, "section": _section_of(column)},
    )


@staff_required(*MANAGERS)
@require_POST
def column_unclaim(request: HttpRequest, pk: int, organisation_pk: int) -> HttpResponse:
    column = _column(request, pk)
    organisation = get_object_or_404(Organisation, site_id=column.site_id, pk=organisation_pk)
    try:
        services.column_unclaim(column=column, organisation=organisation, actor=request.user)
    except ValidationError as error:
        _service_message(request, error)
    else:
        messages.success(request, f"已取消“{organisation.full_name}”对栏目“{column.name}”的认领。")
    return HttpResponseRedirect(reverse("catalog:claims", args=[column.pk]))


@staff_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def column_items(request: HttpRequest, pk: int) -> HttpResponse:
    column = _column(request, pk)
    site = _site(request)
    domain = None
    number = (request.POST.get("domain") or request.GET.get("domain") or "").strip()
    if number.isdigit():
        domain = StandardDomain.objects.filter(number=int(number)).first()
    shown = standard_items_of(site, domain)
    current = list(column.standard_items.all())
    form = StandardItemsForm(
        _posted(request),
        items=shown,
        initial={"items": [item.pk for item in current]},
    )
    if request.method == "POST" and form.is_valid():
        shown_ids = set(shown.values_list("pk", flat=True))
        # Items of other domains are not on the page; keep them as they are.
        kept = [item for item in current if item.pk not in shown_ids]
        try:
            services.column_set_standard_items(
                column=column, items=kept + list(form.cleaned_data["items"]), actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已保存栏目“{column.name}”对应的标准目录事项。")
            return HttpResponseRedirect(_tree_url(_section_of(column)))
    return render(
        request,
        "catalog/column_items.html",
        {
            "column": column,
            "form": form,
            "domain": domain,
            "domains": standard_domains_with_counts(site),
            "current": current,
            "section": _section_of(column),
        },
    )


@staff_required(*MANAGERS)
@require_POST
def catalog_ensure(request: HttpRequest) -> HttpResponse:
    """补齐标准栏目: the four standard columns for one unit, or for every unit of the site."""
    site = _site(request)
    if request.POST.get("scope") == "all":
        created = services.catalog_ensure_all(site=site, actor=request.user)
        section = request.POST.get("section") or SITE_SECTION
    else:
        organisation, section = _section(request, site)
        if organisation is None:
            messages.error(request, "本站栏目不属于任何单位，没有标准栏目。")
            return HttpResponseRedirect(_tree_url(section))
        created = len(
            services.catalog_ensure_standard_columns(organisation=organisation, actor=request.user)
        )
    if created:
        messages.success(request, f"已补齐标准栏目 {created} 个。")
    else:
        messages.success(request, "标准栏目齐全，无需补齐。")
    return HttpResponseRedirect(_tree_url(section))


# --- unit staff -------------------------------------------------------------------------------


@staff_required()
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    states = my_columns(request.user, timezone.localdate())
    problems = sum(1 for state in states if state.freshness.is_problem)
    return render(
        request,
        "catalog/mine.html",
        {"states": states, "problems": problems, "organisation": _staff(request).organisation},
    )


# --- standard catalogue -----------------------------------------------------------------------


def _domain(number: int) -> StandardDomain:
    return get_object_or_404(StandardDomain, number=number)


@staff_required()
@require_GET
def standard_domains(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "catalog/standard_domains.html",
        {
            "domains": standard_domains_with_counts(_site(request)),
            "can_manage": _staff(request).role in MANAGERS,
        },
    )


@staff_required(*MANAGERS)
@require_POST
def standard_load(request: HttpRequest) -> HttpResponse:
    result = standard.standard_catalog_load(site=_site(request), actor=request.user)
    messages.success(
        request, f"已载入内置标准目录事项 {result.created} 条，已有 {result.existing} 条未改动。"
    )
    return HttpResponseRedirect(reverse("catalog:standard"))


@staff_required()
@require_GET
def standard_domain(request: HttpRequest, number: int) -> HttpResponse:
    domain = _domain(number)
    items = standard_items_of(_site(request), domain).annotate(
        homes=Count("columns", distinct=True)
    )
    return render(
        request,
        "catalog/standard_domain.html",
        {
            "domain": domain,
            "items": items,
            "can_manage": _staff(request).role in MANAGERS,
        },
    )


@staff_required()
@require_GET
def standard_export(request: HttpRequest, number: int) -> HttpResponse:
    domain = _domain(number)
    data = standard.standard_domain_export(site=_site(request), domain=domain)
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{standard.export_title(domain)}.xlsx"
    )
    return response


@staff_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def standard_import(request: HttpRequest, number: int) -> HttpResponse:
    domain = _domain(number)
    form = ImportForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            result = standard.standard_items_import(
                site=_site(request),
                domain=domain,
                uploaded_file=form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file" if len(error.messages) == 1 else None, message)
        else:
            messages.success(request, f"已导入“{domain.name}”标准目录：{result.summary}")
            return HttpResponseRedirect(reverse("catalog:standard_domain", args=[domain.number]))
    return render(request, "catalog/standard_import.html", {"domain": domain, "form": form})


# --- reports ----------------------------------------------------------------------------------


@staff_required(*MANAGERS)
@require_GET
def coverage_report(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    form = CoverageFilterForm(request.GET or None, site=site)
    organisation = domain = None
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        domain = form.cleaned_data["domain"]
    return render(
        request,
        "catalog/coverage.html",
        {
            "form": form,
            "report": coverage(site, organisation, domain),
            "organisation": organisation,
            "domain": domain,
        },
    )


@staff_required(*MANAGERS)
@require_GET
def health_report(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    form = HealthFilterForm(request.GET or None, site=site)
    organisation = form.cleaned_data["organisation"] if form.is_valid() else None
    return render(
        request,
        "catalog/health.html",
        {
            "form": form,
            "health": catalog_health(site, timezone.localdate(), organisation),
            "organisation": organisation,
        },
    )
