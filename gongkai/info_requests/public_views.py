"""The portal's 依申请公开 pages: the guide, the online application, the confirmation that shows
the tracking number and query code once, the status lookup, and letter downloads.

Nothing here shows an applicant's identity number or contact details: the confirmation shows
the number and the code, the lookup shows `public_status` (which holds neither), and a letter is
served only inside a lookup session (the application's id kept in the session for 30 minutes
after a successful lookup). Failed lookups are limited per address (`ratelimit`).

These pages set the session and answer per person, so none of them may be cached.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.core.deadlines import provisional_warning
from gongkai.organizations.actors import applicant
from gongkai.organizations.models import Site
from gongkai.organizations.org_forms import add_service_errors

from . import deadlines, fees, services
from .choices import CONFIRMATION_CHANNELS, Channel, IdType
from .forms import attachments_of
from .letters.files import LetterFileError
from .letters.selectors import public_letter_file, public_letters
from .models import InfoRequest
from .public_forms import LookupForm, OnlineApplicationForm, WithdrawForm
from .ratelimit import (
    LOOKUP_BLOCKED_MESSAGE,
    LOOKUP_FAILURES,
    SUBMISSIONS,
    SUBMIT_BLOCKED_MESSAGE,
)
from .selectors import info_request_for_applicant, public_status
from .states import OPEN_STATUSES

SESSION_SUBMITTED = "ysqgk_submitted"
SESSION_LOOKUP = "ysqgk_lookup"
LOOKUP_SECONDS = 30 * 60
LOOKUP_FAILED_MESSAGE = "受理编号或查询码不正确，请核对后重新输入。"
LETTER_FORMATS = {"docx": "Word 文档", "pdf": "PDF"}

View = Callable[..., HttpResponse]


def _site(request: HttpRequest) -> Site:
    site = getattr(request, "site", None)
    if site is None:
        raise Http404("本站尚未完成配置。")
    return site


def personal(view: View) -> View:
    """A page for one person (a form with their data, their code, their case): never cached."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _site(request)
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapped


# --- the guide ------------------------------------------------------------------------------


def _fee_bands() -> list[str]:
    bands = [f"{fees.FREE_PAGES}页以内（含）免费"]
    start = fees.FREE_PAGES
    for end, rate in fees.PAGE_BANDS:
        span = f"{start + 1}页以上" if end is None else f"{start + 1}–{end}页"
        bands.append(f"{span}每页{rate}元")
        start = end or start
    return bands


@require_safe
@personal
def guide(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    office = site.disclosure_office
    return render(
        request,
        "info_requests/public/guide.html",
        {
            "office": office,
            "reply_days": deadlines.REPLY_WORKING_DAYS,
            "extension_days": deadlines.MAX_EXTENSION_WORKING_DAYS,
            "correction_days": deadlines.CORRECTION_NOTICE_WORKING_DAYS,
            "consultation_days": deadlines.CONSULTATION_WORKING_DAYS,
            "payment_days": fees.PAYMENT_WORKING_DAYS,
            "free_per_month": fees.FREE_APPLICATIONS_PER_MONTH,
            "first_band_end": fees.FIRST_PAID_BAND_END,
            "first_band_rate": fees.FIRST_PAID_BAND_RATE,
            "later_band_size": fees.LATER_BAND_SIZE,
            "later_band_step": fees.LATER_BAND_STEP,
            "page_bands": _fee_bands(),
            "id_types": [label for _, label in IdType.choices],
            "confirmation_channels": "、".join(
                str(c.label) for c in Channel if c in CONFIRMATION_CHANNELS
            ),
        },
    )


# --- applying -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@personal
def apply(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    blocked = request.method == "POST" and SUBMISSIONS.blocked(request)
    form = OnlineApplicationForm(
        request.POST if request.method == "POST" and not blocked else None,
        request.FILES if request.method == "POST" and not blocked else None,
        site=site,
    )
    if blocked:
        response = render(
            request,
            "info_requests/public/apply.html",
            {"form": form, "blocked": SUBMIT_BLOCKED_MESSAGE},
            status=429,
        )
        return response
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.info_request_register(
                site=site,
                channel=Channel.ONLINE,
                submitted_on=timezone.localdate(),
                organisation=form.cleaned_data["organisation"],
                attachments=attachments_of(form),
                # The applicant is not a user: the system registers the online application,
                # and the office confirms it (Art. 31: the day both sides confirm).
                actor=None,
                **form.application_data(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            SUBMISSIONS.hit(request)
            request.session[SESSION_SUBMITTED] = {
                "tracking_number": registration.info_request.tracking_number,
                "query_code": registration.query_code,
            }
            return HttpResponseRedirect(reverse("ysqgk:submitted"))
    return render(request, "info_requests/public/apply.html", {"form": form})


@require_safe
@personal
def submitted(request: HttpRequest) -> HttpResponse:
    """Shows the tracking number and the query code once: they leave the session here."""
    shown = request.session.pop(SESSION_SUBMITTED, None)
    return render(request, "info_requests/public/submitted.html", {"shown": shown})


# --- the lookup -----------------------------------------------------------------------------


def looked_up(request: HttpRequest) -> InfoRequest | None:
    """The application of this browser's lookup session, while it lasts."""
    entry = request.session.get(SESSION_LOOKUP)
    if not isinstance(entry, dict) or entry.get("until", 0) < time.time():
        return None
    pk = entry.get("id")
    if not isinstance(pk, int):
        return None
    return (
        InfoRequest.objects.select_related("organisation", "unit")
        .filter(pk=pk, site=_site(request))
        .first()
    )


@require_http_methods(["GET", "POST"])
@personal
def lookup(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    if request.method == "POST" and LOOKUP_FAILURES.blocked(request):
        return render(
            request,
            "info_requests/public/lookup.html",
            {"form": LookupForm(), "blocked": LOOKUP_BLOCKED_MESSAGE},
            status=429,
        )
    form = LookupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        info_request = info_request_for_applicant(
            site, form.cleaned_data["tracking_number"], form.cleaned_data["query_code"]
        )
        if info_request is None:
            LOOKUP_FAILURES.hit(request)
            form.add_error(None, LOOKUP_FAILED_MESSAGE)
        else:
            request.session[SESSION_LOOKUP] = {
                "id": info_request.pk,
                "until": time.time() + LOOKUP_SECONDS,
            }
            return HttpResponseRedirect(reverse("ysqgk:status"))
    return render(request, "info_requests/public/lookup.html", {"form": form})


@require_safe
@personal
def status(request: HttpRequest) -> HttpResponse:
    info_request = looked_up(request)
    if info_request is None:
        messages.info(request, "查询已结束或已过期，请重新输入受理编号和查询码。")
        return HttpResponseRedirect(reverse("ysqgk:lookup"))
    shown = public_status(info_request)
    return render(
        request,
        "info_requests/public/status.html",
        {
            "status": shown,
            "provisional_text": provisional_warning(info_request.due_missing_years or []),
            "letters": public_letters(info_request),
            "formats": LETTER_FORMATS,
            "lookup_minutes": LOOKUP_SECONDS // 60,
            "withdraw_form": WithdrawForm() if info_request.status in OPEN_STATUSES else None,
        },
    )


@require_POST
@personal
def withdraw(request: HttpRequest) -> HttpResponse:
    """The applicant withdraws their open application, inside their lookup session."""
    info_request = looked_up(request)
    if info_request is None:
        messages.info(request, "查询已结束或已过期，请重新输入受理编号和查询码。")
        return HttpResponseRedirect(reverse("ysqgk:lookup"))
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.info_request_withdraw_online(
                info_request=info_request, actor=applicant(), note=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "您的申请已撤回，本申请已办结。")
            return HttpResponseRedirect(reverse("ysqgk:status"))
    return render(
        request,
        "info_requests/public/withdraw.html",
        {"status": public_status(info_request), "form": form},
        status=400,
    )


@require_POST
@personal
def lookup_end(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_LOOKUP, None)
    messages.info(request, "已退出查询。")
    return HttpResponseRedirect(reverse("ysqgk:lookup"))


# --- letters --------------------------------------------------------------------------------


@require_safe
@personal
def letter_download(request: HttpRequest, letter_id: int, fmt: str) -> HttpResponse:
    """A letter addressed to the applicant, only inside their lookup session (never by a bare
    URL: the letters name the applicant)."""
    info_request = looked_up(request)
    if info_request is None or fmt not in LETTER_FORMATS:
        raise Http404("未找到该文书。")
    letter = next((x for x in public_letters(info_request) if x.pk == letter_id), None)
    if letter is None:
        raise Http404("未找到该文书。")
    try:
        path, name, content_type = public_letter_file(letter, fmt)
    except LetterFileError:
        # The stored file is gone or altered: say so rather than serve something else.
        return render(
            request, "info_requests/public/letter_unavailable.html", {"letter": letter}, status=503
        )
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115 — FileResponse closes it when the download ends
        as_attachment=True,
        filename=name,
        content_type=content_type,
    )
    # `personal` is typed for HttpResponse; a FileResponse streams, and Django serves both.
    return cast(HttpResponse, response)
