"""The generic step endpoint of the JSON API: one service call, the case as it now stands.

A tenant lists its step endpoints as data and adds them to its router:

    add_step_endpoints(router, [
        StepEndpoint("/dispatch", "交办 Dispatch", "ir_dispatch", services.info_request_dispatch,
                     DispatchIn, convert=unit_by_code),
        StepEndpoint("/fee-notices/{notice_id}/paid", "确认缴费 Fee paid", "ir_fee_paid",
                     services.fee_notice_paid, FeePaidIn, row="fee_notices",
                     row_kwarg="fee_notice"),
    ], case_param="request_id", case_kwarg="info_request", load=visible_request,
       answer=detail_out, response=STEP)

Every endpoint loads the case through the tenant's visibility selector (a 404 for a case the
caller may not see), finds a row among the case's own rows, and calls the one service; the
service's step table decides whether the step is allowed, exactly as for the pages.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

_PARAM = re.compile(r"{(\w+)}")

Convert = Callable[[HttpRequest, Any, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class StepEndpoint:
    path: str  # below the case: "/dispatch", "/fee-notices/{notice_id}/paid"
    summary: str
    name: str  # operation id and URL name
    service: Callable[..., Any]
    schema: type | None = None
    method: str = "post"
    # A step on one of the case's rows: the case's related name and the service's keyword.
    row: str = ""
    row_kwarg: str = ""
    # Payload → service keywords, where a value needs a lookup (a unit's code, a user).
    convert: Convert | None = None
    description: str = ""


def _view(
    spec: StepEndpoint,
    *,
    case_param: str,
    case_kwarg: str,
    load: Callable[[HttpRequest, int], Any],
    answer: Callable[[HttpRequest, Any], Any],
) -> Callable[..., Any]:
    row_params = [name for name in _PARAM.findall(spec.path)]
    if bool(row_params) != bool(spec.row) or len(row_params) > 1:
        raise ValueError(f"{spec.name}: a row endpoint names exactly one row parameter")

    def view(request: HttpRequest, **kwargs: Any) -> Any:
        case = load(request, kwargs[case_param])
        payload = kwargs.get("payload")
        data: dict[str, Any] = payload.dict() if payload is not None else {}
        if spec.convert is not None:
            data = spec.convert(request, case, data)
        if spec.row:
            row = get_object_or_404(getattr(case, spec.row), pk=kwargs[row_params[0]])
            spec.service(**{spec.row_kwarg: row}, actor=request.user, **data)
        else:
            spec.service(**{case_kwarg: case}, actor=request.user, **data)
        return answer(request, case)

    parameters = [
        inspect.Parameter(
            "request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=HttpRequest
        )
    ]
    for name in (case_param, *row_params):
        parameters.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=int))
    if spec.schema is not None:
        parameters.append(
            inspect.Parameter("payload", inspect.Parameter.KEYWORD_ONLY, annotation=spec.schema)
        )
    # django-ninja reads the parameters (path ids, the JSON body) from the signature.
    view.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    view.__name__ = spec.name
    view.__doc__ = spec.description or spec.summary
    return view


def add_step_endpoints(
    router: Any,
    endpoints: Iterable[StepEndpoint],
    *,
    case_param: str,
    case_kwarg: str,
    load: Callable[[HttpRequest, int], Any],
    answer: Callable[[HttpRequest, Any], Any],
    response: Any,
) -> None:
    for spec in endpoints:
        register = getattr(router, spec.method)
        register(
            f"/{{{case_param}}}{spec.path}",
            response=response,
            summary=spec.summary,
            operation_id=spec.name,
            url_name=spec.name,
        )(_view(spec, case_param=case_param, case_kwarg=case_kwarg, load=load, answer=answer))
