"""Reconsideration and litigation records of an application (行政复议、行政诉讼), recorded and
updated by the disclosure office. They are steps like any other (steps.py registry)."""

from __future__ import annotations

from typing import Any

from .. import forms, services
from .steps import Step, register_steps, rows_of

RESULT_FIELDS = ("result", "decided_on", "case_number", "note")


def _result_initial(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in RESULT_FIELDS}


register_steps(
    {
        "reconsideration_record": Step(
            forms.ReconsiderationForm,
            services.reconsideration_record,
            ("filed_on", "organ", *RESULT_FIELDS),
            done="已登记行政复议。",
        ),
        "reconsideration_update": Step(
            forms.RemedyResultFields,
            services.reconsideration_update,
            RESULT_FIELDS,
            row_kwarg="reconsideration",
            row=rows_of("reconsiderations"),
            initial=_result_initial,
            done="已更新行政复议结果。",
        ),
        "litigation_record": Step(
            forms.LitigationForm,
            services.litigation_record,
            ("kind", "reconsideration", "filed_on", "court", *RESULT_FIELDS),
            done="已登记行政诉讼。",
        ),
        "litigation_update": Step(
            forms.RemedyResultFields,
            services.litigation_update,
            RESULT_FIELDS,
            row_kwarg="litigation",
            row=rows_of("litigations"),
            initial=_result_initial,
            done="已更新行政诉讼结果。",
        ),
    }
)
