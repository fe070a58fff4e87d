"""Management pages for the organisation tree and staff (disclosure office and administrators),
and the read-only "my unit" page for a unit's own staff.

Objects are always looked up through the visibility selectors, so a unit of another site (or,
for a unit's staff, of another unit) is a 404, never a page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from . import services
from .access import staff_required
from .models import CLERK_ROLES, OrganisationKind, Role, Staff
from .org_forms import (
    INDENT,
    OrganisationFilterForm,
    OrganisationForm,
    StaffCreateForm,
    StaffEditForm,
    StaffFilterForm,
    add_service_errors,
)
from .selectors import organisation_tree, organisations_visible_to, staff_visible_to

MANAGERS = (Role.OFFICE, Role.ADMIN)
STAFF_PAGE_SIZE = 50


def _acting(request: HttpRequest) -> Staff:
    return request.staff  # type: ignore[attr-defined]


# --- organisations ----------------------------------------------------------------------------


@staff_required(*MANAGERS)
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    filters = OrganisationFilterForm(request.GET)
    kind = query = ""
    if filters.is_valid():
        kind = filters.cleaned_data["kind"]
        query = filters.cleaned_data["q"]
    rows = organisation_tree(request.user, kind=kind, query=query)
    counts = {
        row["organisation"]: row
        for row in Staff.objects.filter(
            organisation__in=[org for org, _ in rows], is_active=True, user__is_active=True
        )
        .values("organisation")
        .annotate(
            total=Count("pk"),
            clerks=Count("pk", filter=Q(role__in=CLERK_ROLES)),
        )
    }
    return render(
        request,
        "organizations/organisation_list.html",
        {
            "filters": filters,
            "rows": [
                {"org": org, "depth": depth, "indent": INDENT * depth, "staff": counts.get(org.pk)}
                for org, depth in rows
            ],
            "filtered": bool(kind or query),
        },
    )


def _organisation_data(form: OrganisationForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


@staff_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    site = _acting(request).organisation.site
    initial: dict[str, Any] = {"parent": site.government_id, "kind": OrganisationKind.DEPARTMENT}
    if request.GET.get("parent", "").isdigit():
        initial["parent"] = int(request.GET["parent"])
    form = OrganisationForm(request.POST or None, site=site, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = _organisation_data(form)
        try:
            org = services.organisation_create(
                site=site,
                kind=data.pop("kind"),
                code=data.pop("code"),
                full_name=data.pop("full_name"),
                parent=data.pop("parent"),
                actor=request.user,
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已新增机构“{org.full_name}”。")
            return redirect("organizations:list")
    return render(
        request, "organizations/organisation_form.html", {"form": form, "organisation": None}
    )


@staff_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(organisations_visible_to(request.user), pk=pk)
    site = _acting(request).organisation.site
    form = OrganisationForm(request.POST or None, site=site, instance=org)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organisation_update(
                organisation=org, actor=request.user, **_organisation_data(form)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已保存机构“{org.full_name}”。")
            return redirect("organizations:list")
    staff = org.staff.select_related("user").order_by("-is_active", "role", "id")
    return render(
        request,
        "organizations/organisation_form.html",
        {"form": form, "organisation": org, "staff": staff},
    )


# --- staff ------------------------------------------------------------------------------------


@staff_required(*MANAGERS)
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    site = _acting(request).organisation.site
    filters = StaffFilterForm(request.GET, site=site)
    qs = staff_visible_to(request.user).order_by("organisation__sort_order", "organisation", "role")
    status = "active"
    if filters.is_valid():
        data = filters.cleaned_data
        status = data["status"] or "active"
        if data["organisation"] is not None:
            qs = qs.filter(organisation=data["organisation"])
        if data["role"]:
            qs = qs.filter(role=data["role"])
        if data["q"]:
            qs = qs.filter(
                Q(user__username__icontains=data["q"]) | Q(user__first_name__icontains=data["q"])
            )
    if status == "active":
        qs = qs.filter(is_active=True)
    elif status == "inactive":
        qs = qs.filter(is_active=False)
    page = Paginator(qs, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organizations/staff_list.html",
        {"filters": filters, "page": page, "query": query.urlencode()},
    )


@staff_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest) -> HttpResponse:
    acting = _acting(request)
    site = acting.organisation.site
    initial: dict[str, Any] = {"role": Role.CLERK_A}
    if request.GET.get("organisation", "").isdigit():
        initial["organisation"] = request.GET["organisation"]
    form = StaffCreateForm(request.POST or None, site=site, acting=acting, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            staff = services.staff_create(
                organisation=data["organisation"],
                username=data["username"],
                full_name=data["full_name"],
                role=data["role"],
                password=data["password1"],
                title=data["title"],
                phone=data["phone"],
                email=data["email"],
                actor=request.user,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "password" in exc.error_dict:
                exc.error_dict["password1"] = exc.error_dict.pop("password")
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"已新增工作人员“{staff.user.first_name}”（登录名 {staff.user.username}）。",
            )
            return redirect("organizations:staff_list")
    return render(request, "organizations/staff_form.html", {"form": form, "member": None})


@staff_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    acting = _acting(request)
    member = get_object_or_404(staff_visible_to(request.user), pk=pk)
    form = StaffEditForm(
        request.POST or None, site=acting.organisation.site, acting=acting, staff=member
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.staff_update(
                staff=member,
                full_name=data["full_name"],
                role=data["role"],
                organisation=data["organisation"],
                title=data["title"],
                phone=data["phone"],
                is_active=data["is_active"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已保存工作人员“{member.user.first_name}”。")
            return HttpResponseRedirect(reverse("organizations:staff_list"))
    return render(request, "organizations/staff_form.html", {"form": form, "member": member})


# --- my unit ----------------------------------------------------------------------------------


@staff_required()
@require_GET
def my_unit(request: HttpRequest) -> HttpResponse:
    """The own unit's contact data and staff, read-only; a township also lists its villages."""
    org = _acting(request).organisation
    staff = list(
        org.staff.filter(is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("role", "id")
    )
    roles = {member.role for member in staff}
    missing = []
    if org.kind in settings.GONGKAI_AB_KINDS:
        missing = [role.label for role in (Role.CLERK_A, Role.CLERK_B) if role not in roles]
    children = org.children.filter(is_active=True).order_by("sort_order", "id")
    return render(
        request,
        "organizations/my_unit.html",
        {
            "org": org,
            "staff": staff,
            "missing_roles": missing,
            "children": children,
            "is_township": org.kind == OrganisationKind.TOWNSHIP,
        },
    )
