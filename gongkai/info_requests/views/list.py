"""The workbench list of applications: filtered, sorted by working days left, with badges for
overdue, 5 working days or fewer left, and provisional due dates."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongkai.core.deadlines import provisional_warning
from gongkai.organizations.access import staff_required
from gongkai.organizations.models import Organisation, Role

from ..deadlines import WARN_WORKING_DAYS_LEFT
from ..forms import ALL_FILTER, OPEN_FILTER, ListFilterForm
from ..selectors import overdue_requests
from ..states import OPEN_STATUSES
from ..worklist import ListRow, request_rows
from ._common import acting, private, visible

PAGE_SIZE = 50


@staff_required()
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    staff = acting(request)
    qs = visible(request)
    units = Organisation.objects.filter(site_id=staff.organisation.site_id, is_active=True)
    if staff.role not in (Role.OFFICE, Role.ADMIN):
        units = units.filter(path__startswith=staff.organisation.path)
    years = sorted({d.year for d in qs.dates("submitted_on", "year")}, reverse=True)
    filters = ListFilterForm(request.GET or None, units=units, years=years)
    data = filters.cleaned_data if filters.is_valid() else {}
    status = data.get("status", OPEN_FILTER)
    if status == OPEN_FILTER:
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status != ALL_FILTER:
        qs = qs.filter(status=status)
    if data.get("q"):
        term = data["q"].strip()
        qs = qs.filter(Q(tracking_number__icontains=term) | Q(applicant_name__icontains=term))
    if data.get("unit"):
        qs = qs.filter(unit__path__startswith=data["unit"].path)
    if data.get("channel"):
        qs = qs.filter(channel=data["channel"])
    if data.get("year"):
        qs = qs.filter(submitted_on__year=data["year"])
    if data.get("overdue"):
        qs = overdue_requests(qs, today)
    rows = request_rows(request.user, qs, today=today)
    if data.get("due_soon"):
        rows = [row for row in rows if row.warning]
    page = Paginator([ListRow(row) for row in rows], PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v], doseq=False)
    missing = {y for row in page for y in (row.info_request.due_missing_years or [])}
    response = render(
        request,
        "info_requests/manage/list.html",
        {
            "filters": filters,
            "page": page,
            "query": query,
            "warn_days": WARN_WORKING_DAYS_LEFT,
            "provisional_text": provisional_warning(missing),
            "can_register": staff.role == Role.OFFICE,
            "can_configure": staff.role in (Role.OFFICE, Role.ADMIN),
        },
    )
    return private(response)
