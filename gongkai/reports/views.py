"""Report pages of the workbench: the list of units and their reports for a year, one report
(preview, checks, sections, Table 二, refresh, submit, return, publish, downloads), the county
overview and the statistics dashboard.

A report is addressed by its unit and year, so a page exists before the report does (live
figures, a "start" button). Units come from `reporting_units_visible_to`: another unit's or
another site's report is a 404. Writes go through `reports.services`; a refused write comes
back as a form error or a message, never a 500.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.organizations.access import staff_required
from gongkai.organizations.models import SITE_ROLES, Organisation, Role, Staff
from gongkai.organizations.org_forms import add_service_errors
from gongkai.organizations.selectors import organisations_visible_to, tree_sorted

from . import outputs, selectors, services
from .annual import SECTION_TITLES, TABLE2_FIELDS, table2_from_json, table2_to_json
from .deadlines import report_deadline
from .forms import ReturnForm, SectionsForm, StatisticsForm, Table2Form, YearForm
from .layout import table3_grid, table4_grid
from .models import AnnualReport
from .states import ReportStatus
from .statistics import request_statistics

MANAGERS = (Role.OFFICE, Role.ADMIN)
SUMMARY = "汇总（非正式报表）："


def _staff(request: HttpRequest) -> Staff:
    return request.staff  # type: ignore[attr-defined]


def _unit(request: HttpRequest, org_id: int) -> Organisation:
    return get_object_or_404(selectors.reporting_units_visible_to(request.user), pk=org_id)


def _year(year: int) -> int:
    try:
        return selectors.check_year(year)
    except ValueError as error:
        raise Http404(str(error)) from None


def _detail_url(org: Organisation, year: int) -> str:
    return reverse("reports:detail", args=[org.pk, year])


def _report(request: HttpRequest, org_id: int, year: int) -> AnnualReport:
    org = _unit(request, org_id)
    report = selectors.report_for(org, _year(year))
    if report is None:
        raise Http404("该年度报告尚未创建。")
    return report


def _refused(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    if isinstance(error, PermissionDenied):
        messages.error(request, str(error) or "您无权进行此操作。")
        return
    for message in error.messages:
        messages.error(request, message)


# --- the list ---------------------------------------------------------------------------------


@staff_required()
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET or None)
    year = form.selected_year()
    units = tree_sorted(selectors.reporting_units_visible_to(request.user))
    reports = {
        r.organisation_id: r
        for r in selectors.reports_visible_to(request.user)
        .filter(year=year)
        .select_related("published_item")
    }
    today = timezone.localdate()
    rows = []
    for unit in units:
        report = reports.get(unit.pk)
        deadline = report_deadline(unit.kind, year)
        published = selectors.is_published(report)
        rows.append(
            {
                "unit": unit,
                "report": report,
                "state": selectors.publication_state(report),
                "published": published,
                "deadline": deadline,
                "days_left": (deadline - today).days,
                "late": not published and today > deadline,
            }
        )
    return render(
        request,
        "reports/list.html",
        {
            "form": form,
            "year": year,
            "rows": rows,
            "site_wide": _staff(request).role in SITE_ROLES,
            "pending": selectors.pending_reports_for(request.user, today=today),
        },
    )


# --- one report -------------------------------------------------------------------------------


def _permissions(request: HttpRequest, org: Organisation) -> dict[str, bool]:
    staff = _staff(request)
    own = staff.role not in SITE_ROLES and org.path.startswith(staff.organisation.path)
    return {
        "can_write": own,
        "can_start": own or staff.role in SITE_ROLES,
        "can_return": staff.role == Role.OFFICE,
    }


@staff_required()
@require_GET
def report_detail(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    org = _unit(request, org_id)
    year = _year(year)
    report = selectors.report_for(org, year)
    data = selectors.annual_data(org, year, report)
    today = timezone.localdate()
    deadline = report_deadline(org.kind, year)
    item = report.published_item if report is not None else None
    return render(
        request,
        "reports/detail.html",
        {
            "org": org,
            "year": year,
            "report": report,
            "data": data,
            "tables": outputs.tables_html(data),
            "failed": [c for c in data.checks if not c.ok],
            "passed": sum(1 for c in data.checks if c.ok),
            "state": selectors.publication_state(report),
            "deadline": deadline,
            "days_left": (deadline - today).days,
            "item": item,
            "has_column": services.annual_report_column(org) is not None,
            "return_form": ReturnForm(),
            "formats": outputs.FORMATS,
            **_permissions(request, org),
        },
    )


@staff_required()
@require_POST
def report_start(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    org = _unit(request, org_id)
    year = _year(year)
    try:
        _, created = services.report_get_or_create(organisation=org, year=year, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        if created:
            messages.success(request, f"已创建{org.full_name}{year}年度报告草稿。")
    return HttpResponseRedirect(_detail_url(org, year))


@staff_required()
@require_http_methods(["GET", "POST"])
def report_sections(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    report = _report(request, org_id, year)
    if request.method == "POST":
        form = SectionsForm(request.POST)
        if form.is_valid():
            try:
                services.report_update_sections(
                    report=report, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "已保存报告正文。")
                return HttpResponseRedirect(_detail_url(report.organisation, report.year))
    else:
        form = SectionsForm(
            initial={
                "overview": report.section_overview,
                "problems": report.section_problems,
                "other": report.section_other,
            }
        )
    data = selectors.annual_data(report.organisation, report.year, report)
    return render(
        request,
        "reports/sections.html",
        {
            "form": form,
            "report": report,
            "figures": selectors.figures_sentence(data.table3, data.table4, data.fees),
            "editable": report.status == ReportStatus.DRAFT
            and _permissions(request, report.organisation)["can_write"],
        },
    )


@staff_required()
@require_http_methods(["GET", "POST"])
def report_table2(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    report = _report(request, org_id, year)
    if request.method == "POST" and "fill" in request.POST:
        try:
            services.report_fill_normative(report=report, actor=request.user)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, "已从本单位发布的规范性文件统计表二的行政规范性文件件数。")
        return HttpResponseRedirect(reverse("reports:table2", args=[report.organisation_id, year]))
    if request.method == "POST":
        form = Table2Form(request.POST)
        if form.is_valid():
            try:
                services.report_update_table2(
                    report=report, actor=request.user, values=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "已保存表二。")
                return HttpResponseRedirect(_detail_url(report.organisation, report.year))
    else:
        form = Table2Form(initial=table2_to_json(table2_from_json(report.table2)))
    counts = selectors.normative_counts(report.organisation, report.year)
    return render(
        request,
        "reports/table2.html",
        {
            "form": form,
            "report": report,
            "fields": [form[name] for name in TABLE2_FIELDS],
            "counts": counts,
            "editable": report.status == ReportStatus.DRAFT
            and _permissions(request, report.organisation)["can_write"],
        },
    )


def _action(request: HttpRequest, org_id: int, year: int, run: Any, done: str) -> HttpResponse:
    report = _report(request, org_id, year)
    try:
        run(report)
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(request, done)
    return HttpResponseRedirect(_detail_url(report.organisation, report.year))


@staff_required()
@require_POST
def report_refresh(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    return _action(
        request,
        org_id,
        year,
        lambda r: services.report_refresh(report=r, actor=request.user),
        "已按最新办理记录重新核算。",
    )


@staff_required()
@require_POST
def report_submit(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    return _action(
        request,
        org_id,
        year,
        lambda r: services.report_submit(report=r, actor=request.user),
        "年度报告已报送政务公开办公室，表三、表四数据已锁定。",
    )


@staff_required()
@require_POST
def report_publish(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    return _action(
        request,
        org_id,
        year,
        lambda r: services.report_publish(report=r, actor=request.user),
        "已提交发布审核：本单位分管领导审核后，年度报告将发布在“政府信息公开年报”栏目。",
    )


@staff_required(Role.OFFICE)
@require_POST
def report_return(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    report = _report(request, org_id, year)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        for message in form.errors.get("note", []):
            messages.error(request, str(message))
        return HttpResponseRedirect(_detail_url(report.organisation, report.year))
    return _action(
        request,
        org_id,
        year,
        lambda r: services.report_return(
            report=r, actor=request.user, note=form.cleaned_data["note"]
        ),
        "已退回该年度报告，单位修改后可重新报送。",
    )


@staff_required()
@require_GET
def report_export(request: HttpRequest, org_id: int, year: int, fmt: str) -> HttpResponse:
    org = _unit(request, org_id)
    year = _year(year)
    if fmt not in outputs.FORMATS:
        raise Http404("不支持的导出格式。")
    data = selectors.annual_data(org, year)
    rendered = outputs.render(data, fmt)
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    disposition = content_disposition_header(
        as_attachment=fmt != "html", filename=f"{data.title}.{rendered.extension}"
    )
    if disposition:
        response["Content-Disposition"] = disposition
    return response


# --- the county overview ----------------------------------------------------------------------


@staff_required(*MANAGERS)
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET or None)
    year = form.selected_year()
    summary = selectors.county_overview(_staff(request).organisation.site, year)
    return render(
        request,
        "reports/overview.html",
        {
            "form": form,
            "year": year,
            "overview": summary,
            # The captions say it too: these are sums, not an organ's official tables.
            "grid3": replace(
                table3_grid(summary.table3), title=f"{SUMMARY}{SECTION_TITLES['table3']}"
            ),
            "grid4": replace(
                table4_grid(summary.table4), title=f"{SUMMARY}{SECTION_TITLES['table4']}"
            ),
        },
    )


@staff_required(*MANAGERS)
@require_GET
def overview_export(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET or None)
    year = form.selected_year()
    site = _staff(request).organisation.site
    summary = selectors.county_overview(site, year)
    content = outputs.overview_xlsx(
        site.name, year, summary.table3, summary.table4, len(summary.rows)
    )
    response = HttpResponse(content, content_type=outputs.XLSX_TYPE)
    response["Content-Disposition"] = (
        content_disposition_header(
            as_attachment=True,
            filename=f"{site.name}{year}年度依申请公开情况汇总（非正式报表）.xlsx",
        )
        or ""
    )
    return response


# --- statistics -------------------------------------------------------------------------------


@staff_required()
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    visible = tree_sorted(organisations_visible_to(request.user).filter(is_active=True))
    units = [(org.pk, org.full_name) for org in visible]
    form = StatisticsForm(request.GET or None, units=units)
    year = form.selected_year()
    unit = None
    if form.is_bound and form.is_valid() and form.cleaned_data.get("unit"):
        unit = next(org for org in visible if org.pk == form.cleaned_data["unit"])
    stats = request_statistics(request.user, year, unit=unit)
    return render(
        request,
        "reports/statistics.html",
        {
            "form": form,
            "year": year,
            "unit": unit,
            "stats": stats,
            "chart_data": stats.chart_data(),
            "site_wide": _staff(request).role in SITE_ROLES,
        },
    )
