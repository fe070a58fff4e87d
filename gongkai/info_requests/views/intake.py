"""① 收件登记 by the disclosure office: applications handed in, posted, faxed or e-mailed; the
on-the-spot answer (当场答复); and the workflow's per-site settings.

The tracking number and the query code are shown once, on the page that answers the POST (the
office prints or reads them out to the applicant); the code is stored only as a hash."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.organizations.access import staff_required
from gongkai.organizations.models import Role
from gongkai.organizations.org_forms import add_service_errors

from .. import services
from ..forms import (
    OnTheSpotForm,
    RegisterForm,
    RequestSettingsForm,
    attachments_of,
)
from ..models import RequestSettings
from ..outcomes import OUTCOMES
from ..services.intake import DEFAULT_PREFIX
from ._common import posted, private, site_of


def _registered(
    request: HttpRequest, registration: services.Registration, title: str
) -> HttpResponse:
    return private(
        render(
            request,
            "info_requests/manage/registered.html",
            {
                "ir": registration.info_request,
                "query_code": registration.query_code,
                "title": title,
            },
        )
    )


@staff_required(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    site = site_of(request)
    form = RegisterForm(
        posted(request), request.FILES if request.method == "POST" else None, site=site
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.info_request_register(
                site=site,
                channel=data["channel"],
                submitted_on=data["submitted_on"],
                signed_on=data["signed_on"],
                organisation=data["organisation"],
                attachments=attachments_of(form),
                actor=request.user,
                **form.application_data(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _registered(request, registration, "登记成功")
    return private(render(request, "info_requests/manage/register.html", {"form": form}))


@staff_required(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def on_the_spot(request: HttpRequest) -> HttpResponse:
    site = site_of(request)
    form = OnTheSpotForm(
        posted(request), request.FILES if request.method == "POST" else None, site=site
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.info_request_answer_on_the_spot(
                site=site,
                outcome=data["outcome"],
                reply_content=data["reply_content"],
                legal_basis=data["legal_basis"] or None,
                organisation=data["organisation"],
                answered_on=timezone.localdate(),
                attachments=attachments_of(form),
                actor=request.user,
                **form.application_data(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _registered(request, registration, "当场答复已登记")
    defaults = [
        (info.row_label, info.legal_basis_text or "（无默认依据，请填写）")
        for info in OUTCOMES.values()
        if not info.requires_reasons
    ]
    return private(
        render(
            request,
            "info_requests/manage/on_the_spot.html",
            {"form": form, "defaults": defaults},
        )
    )


@staff_required(Role.OFFICE, Role.ADMIN)
@require_http_methods(["GET", "POST"])
def request_settings(request: HttpRequest) -> HttpResponse:
    site = site_of(request)
    current = RequestSettings.objects.filter(site=site).first()
    initial = {
        "head_user": current.head_user_id if current else None,
        "tracking_prefix": current.tracking_prefix if current else DEFAULT_PREFIX,
    }
    form = RequestSettingsForm(posted(request), initial=initial, site=site)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_settings_update(
                site=site,
                head_user=form.cleaned_data["head_user"],
                tracking_prefix=form.cleaned_data["tracking_prefix"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "设置已保存。")
            return HttpResponseRedirect(reverse("info_requests:settings"))
    return private(render(request, "info_requests/manage/settings.html", {"form": form}))
