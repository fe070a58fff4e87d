"""The workbench's home page and the AB-gap list (AB角缺位) for the disclosure office."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.organizations.access import staff_required
from gongkai.organizations.models import (
    CLERK_ROLES,
    SITE_ROLES,
    Organisation,
    OrganisationKind,
    Role,
    Staff,
)
from gongkai.organizations.selectors import (
    ab_gaps as ab_gaps_of,
)
from gongkai.organizations.selectors import (
    organisations_visible_to,
    staff_visible_to,
)


@staff_required()
def home(request: HttpRequest) -> HttpResponse:
    staff: Staff = request.staff  # type: ignore[attr-defined]
    context: dict[str, Any] = {"staff": staff, "site_wide": staff.role in SITE_ROLES}
    if staff.role in SITE_ROLES:
        # staff_required has checked that the staff member's site is the request's site.
        context["gap_count"] = ab_gaps_of(staff.organisation.site).count()
        context["unit_count"] = (
            organisations_visible_to(request.user).filter(is_active=True).count()
        )
        context["staff_count"] = staff_visible_to(request.user).filter(is_active=True).count()
    else:
        context["unit"] = staff.organisation
        context["colleagues"] = (
            staff_visible_to(request.user)
            .filter(
                organisation=staff.organisation,
                is_active=True,
                user__is_active=True,
                role__in=[Role.LEADER, *CLERK_ROLES],
            )
            .order_by("role", "id")
        )
    return render(request, "workbench/home.html", context)


def _missing(org: Organisation) -> str:
    a, b = org.clerk_a_count, org.clerk_b_count  # type: ignore[attr-defined]
    if not a and not b:
        return "A/B均缺"
    if not a:
        return "缺A角"
    if not b:
        return "缺B角"
    # Only reachable if the selector's rule changes; say so rather than hide the row.
    return "人员不足"


class GapFilterForm(forms.Form):
    kind = forms.ChoiceField(label="机构类型", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ab_kinds = set(settings.GONGKAI_AB_KINDS)
        self.fields["kind"].choices = [("", "全部")] + [
            (value, label) for value, label in OrganisationKind.choices if value in ab_kinds
        ]
        self.fields["kind"].error_messages["invalid_choice"] = "请选择有效的机构类型。"


@staff_required(Role.OFFICE, Role.ADMIN)
def ab_gaps(request: HttpRequest) -> HttpResponse:
    staff: Staff = request.staff  # type: ignore[attr-defined]
    form = GapFilterForm(request.GET or None)
    gaps = ab_gaps_of(staff.organisation.site)
    if form.is_valid() and form.cleaned_data["kind"]:
        gaps = gaps.filter(kind=form.cleaned_data["kind"])
    rows = [{"org": org, "missing": _missing(org)} for org in gaps.select_related("parent")]
    return render(request, "workbench/ab_gaps.html", {"form": form, "rows": rows})
