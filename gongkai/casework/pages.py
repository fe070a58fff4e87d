"""The generic step page: a form, one service call, back to the case.

A tenant describes each step's page as data (`StepPage`: which form, which service, which form
fields it takes, hints above the form) and routes `/<case>/<step>/` to a thin view that calls
`step_page`. A step the user may not take is a 403; one the status or the facts do not allow now
sends the user back with the table's reason. Both answers come from the step table, and the
service checks everything again when the form is posted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from gongkai.organizations.org_forms import add_service_errors

from .steps import StepTable

Hints = Callable[[Any], list[str]]
RowLoader = Callable[[Any, int], Any]


def no_hints(case: Any) -> list[str]:
    return []


def unchanged(data: dict[str, Any]) -> dict[str, Any]:
    return data


@dataclass(frozen=True)
class StepPage:
    form: type[Any]
    service: Callable[..., Any]
    fields: tuple[str, ...] = ()
    # Steps on one row of the case (a consultation, a fee notice ...): the service's keyword
    # for the row and how to find it among the case's rows (Http404 when it is not there).
    row_kwarg: str = ""
    row: RowLoader | None = None
    convert: Callable[[dict[str, Any]], dict[str, Any]] = field(default=unchanged)
    done: str = "已保存。"
    hints: Hints = no_hints
    # Render this template with the service's result instead of going back (a new query code).
    result_template: str = ""
    multipart: bool = False
    # Initial values from the row being updated (a remedy's result so far).
    initial: Callable[[Any], dict[str, Any]] | None = None

    def perform(
        self, case_kwarg: str, case: Any, data: dict[str, Any], actor: Any, row: Any
    ) -> Any:
        kwargs = self.convert({name: data[name] for name in self.fields})
        if self.row_kwarg:
            return self.service(**{self.row_kwarg: row}, actor=actor, **kwargs)
        return self.service(**{case_kwarg: case}, actor=actor, **kwargs)


def private(response: HttpResponse) -> HttpResponse:
    """Case files hold personal data: never stored by a cache or a proxy."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "private, no-store"
    return response


def step_page(
    request: HttpRequest,
    *,
    case: Any,
    key: str,
    row_id: int | None,
    table: StepTable,
    pages: Mapping[str, StepPage],
    case_kwarg: str,
    back_url: str,
    template: str = "casework/step.html",
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    page = pages.get(key)
    if page is None or key not in table.by_key or (row_id is None) != (page.row is None):
        raise Http404("没有这个操作。")
    row = page.row(case, row_id) if page.row is not None and row_id is not None else None
    state = table.state(case, request.user, key)
    if not state.permitted:
        raise PermissionDenied(state.reason or "您无权进行此操作。")
    if not state.possible:
        messages.error(request, state.reason or f"当前不能进行“{state.step.label}”。")
        return HttpResponseRedirect(back_url)
    posted = request.POST if request.method == "POST" else None
    form = page.form(
        posted,
        request.FILES if request.method == "POST" else None,
        case=case,
        user=request.user,
        initial=page.initial(row) if page.initial is not None and row is not None else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = page.perform(case_kwarg, case, form.cleaned_data, request.user, row)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if page.result_template:
                case.refresh_from_db()
                return private(
                    render(request, page.result_template, {"case": case, "result": result})
                )
            messages.success(request, page.done)
            return HttpResponseRedirect(back_url)
    response = render(
        request,
        template,
        {
            **(context or {}),
            "case": case,
            "form": form,
            "step": state.step,
            "row": row,
            "hints": page.hints(case),
            "multipart": page.multipart,
            "back_url": back_url,
        },
    )
    return private(response)
