"""② 撰写答复: the unit writes the reply — one Table 三 outcome, its legal basis (prefilled from
the outcome, editable), the content, and for 部分公开 / 不予公开 one reason per withheld part (a
formset). Suggestions (repeat application, petition-like wording) are shown as hints, never
enforced."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from gongkai.organizations.access import staff_required
from gongkai.organizations.org_forms import add_service_errors

from .. import services
from ..actions import action_state
from ..forms import REPLY_OUTCOMES, DraftReplyForm, WithheldPartFormSet
from ..outcomes import OUTCOMES
from ..selectors import reply_suggestions
from ..services import WithheldPartInput
from ._common import detail_url, private, visible_request

FORMSET_PREFIX = "parts"


def _initial(info_request: Any) -> dict[str, Any]:
    if not info_request.outcome:
        return {}
    return {
        "outcome": info_request.outcome,
        "legal_basis": info_request.legal_basis,
        "reply_content": info_request.reply_content,
        "responsible_organ": info_request.responsible_organ,
    }


def _parts(formset: Any) -> list[WithheldPartInput]:
    return [
        WithheldPartInput(
            description=form.cleaned_data["description"],
            reason=form.cleaned_data["reason"],
            legal_basis=form.cleaned_data.get("legal_basis", ""),
        )
        for form in formset.forms
        if form.cleaned_data.get("description")
    ]


@staff_required()
@require_http_methods(["GET", "POST"])
def draft_reply(request: HttpRequest, pk: int) -> HttpResponse:
    info_request = visible_request(request, pk)
    state = action_state(info_request, request.user, "draft_reply")
    if not state.permitted:
        raise PermissionDenied("您无权对该申请撰写答复。")
    if not state.possible:
        messages.error(request, "该申请当前不能撰写答复。")
        return HttpResponseRedirect(detail_url(info_request))
    if request.method == "POST":
        form = DraftReplyForm(request.POST, info_request=info_request, user=request.user)
        formset = WithheldPartFormSet(request.POST, prefix=FORMSET_PREFIX)
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                services.info_request_draft_reply(
                    info_request=info_request,
                    outcome=data["outcome"],
                    reply_content=data["reply_content"],
                    # Empty: the outcome's default basis (OutcomeInfo), as the help text says.
                    legal_basis=data["legal_basis"] or None,
                    withheld_parts=_parts(formset),
                    responsible_organ=data["responsible_organ"],
                    actor=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "答复已保存。确认无误后请“提交审核”。")
                return HttpResponseRedirect(detail_url(info_request))
    else:
        form = DraftReplyForm(
            initial=_initial(info_request), info_request=info_request, user=request.user
        )
        formset = WithheldPartFormSet(
            prefix=FORMSET_PREFIX,
            initial=[
                {"description": p.description, "reason": p.reason, "legal_basis": p.legal_basis}
                for p in info_request.withheld_parts.all()
            ],
        )
    defaults = [
        (OUTCOMES[o].row_label, OUTCOMES[o].legal_basis_text or "（无默认依据，请填写）")
        for o in REPLY_OUTCOMES
    ]
    response = render(
        request,
        "info_requests/manage/reply.html",
        {
            "ir": info_request,
            "form": form,
            "formset": formset,
            "suggestions": reply_suggestions(info_request),
            "defaults": defaults,
        },
    )
    return private(response)
