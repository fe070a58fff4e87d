"""② 汇总撰写答复书: the unit drafts the reply (outcome, legal basis, reasons per withheld part,
content), the disclosure office reviews it, the head approves it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ..letters.issue import letter_issue_reply
from ..models import Correction, FeeNotice, InfoRequest, WithheldPart
from ..outcomes import GROUP_OUTCOMES, OUTCOMES, Outcome, OutcomeGroup
from ..states import Action, Status
from ._base import (
    STEPS,
    actor_name,
    check_date,
    check_text,
    lock,
    move,
    record,
    snapshot,
    step,
    today,
)

# Reasons a withheld part may give: the leaves of （三）不予公开.
WITHHOLDING_REASONS: tuple[Outcome, ...] = GROUP_OUTCOMES[OutcomeGroup.DENIED]
# Closing outcomes that are not replies: recorded by their own services (closing.py).
NOT_A_REPLY = {
    Outcome.OTHER_NO_CORRECTION: "逾期未补正的，请使用“逾期未补正终止办理”。",
    Outcome.OTHER_FEE_UNPAID: "逾期未缴费的，请使用“逾期未缴费终止办理”。",
}


@dataclass(frozen=True)
class WithheldPartInput:
    """One withheld part as a form or an import gives it; `legal_basis` defaults from the
    reason's row of Table 三."""

    description: str
    reason: str
    legal_basis: str = ""


def clean_reply(
    *,
    info_request: InfoRequest,
    outcome: str,
    reply_content: str,
    legal_basis: str | None,
    withheld_parts: Iterable[WithheldPartInput],
    responsible_organ: str,
) -> tuple[Outcome, str, str, str, list[WithheldPart]]:
    """Check a reply: exactly one Outcome leaf, its legal basis (defaulted, editable), the
    content, and for partial and refused outcomes a reason per withheld part (Art. 36 (3), 37).
    Returns the cleaned values and unsaved WithheldPart rows."""
    try:
        leaf = Outcome(outcome)
    except ValueError:
        raise ValidationError({"outcome": "请选择一项办理结果。"}) from None
    if leaf in NOT_A_REPLY:
        raise ValidationError({"outcome": NOT_A_REPLY[leaf]})
    info = OUTCOMES[leaf]
    basis = info.legal_basis_text if legal_basis is None else legal_basis
    basis = check_text(basis, "legal_basis", "法律依据", 2000)
    content = check_text(reply_content, "reply_content", "答复内容", 20000)
    organ = check_text(responsible_organ, "responsible_organ", "负责公开的机关", 200, False)
    if organ and leaf != Outcome.UNABLE_NOT_HELD:
        raise ValidationError(
            {"responsible_organ": "只有“本机关不掌握相关政府信息”才需填写负责公开的机关。"}
        )
    if (
        leaf == Outcome.UNABLE_UNCLEAR
        and not Correction.objects.filter(
            info_request=info_request, corrected_on__isnull=False
        ).exists()
    ):
        raise ValidationError({"outcome": "“补正后申请内容仍不明确”须先告知补正并收到补正材料。"})
    parts: list[WithheldPart] = []
    for position, part in enumerate(withheld_parts, start=1):
        description = check_text(part.description, "withheld_parts", "不予公开的内容", 500)
        try:
            reason = Outcome(part.reason)
        except ValueError:
            reason = None
        if reason not in WITHHOLDING_REASONS:
            raise ValidationError({"withheld_parts": f"第{position}项不予公开部分的理由无效。"})
        part_basis = part.legal_basis or OUTCOMES[reason].legal_basis_text
        part_basis = check_text(part_basis, "withheld_parts", "不予公开的法律依据", 500)
        parts.append(
            WithheldPart(
                info_request=info_request,
                position=position,
                description=description,
                reason=reason,
                legal_basis=part_basis,
            )
        )
    if info.requires_reasons and not parts:
        raise ValidationError(
            {"withheld_parts": "部分公开或不予公开的，须逐项说明不予公开的内容和理由。"}
        )
    if not info.requires_reasons and parts:
        raise ValidationError(
            {"withheld_parts": f"办理结果为“{info.short_label}”的答复不列不予公开部分。"}
        )
    return leaf, basis, content, organ, parts


def _reply_snapshot(info_request: InfoRequest) -> dict[str, Any]:
    data = snapshot(info_request)
    data["withheld_parts"] = [
        [p.description, p.reason, p.legal_basis] for p in info_request.withheld_parts.all()
    ]
    return data


def write_reply(
    info_request: InfoRequest,
    *,
    outcome: str,
    reply_content: str,
    legal_basis: str | None,
    withheld_parts: Iterable[WithheldPartInput],
    responsible_organ: str,
) -> None:
    """Validate and store the reply on the (locked) application; the caller saves it."""
    leaf, basis, content, organ, parts = clean_reply(
        info_request=info_request,
        outcome=outcome,
        reply_content=reply_content,
        legal_basis=legal_basis,
        withheld_parts=withheld_parts,
        responsible_organ=responsible_organ,
    )
    info_request.outcome, info_request.legal_basis = leaf, basis
    info_request.reply_content, info_request.responsible_organ = content, organ
    info_request.withheld_parts.all().delete()
    WithheldPart.objects.bulk_create(parts)


@transaction.atomic
def info_request_draft_reply(
    *,
    info_request: InfoRequest,
    outcome: str,
    reply_content: str,
    actor: Any,
    legal_basis: str | None = None,
    withheld_parts: Iterable[WithheldPartInput] = (),
    responsible_organ: str = "",
) -> InfoRequest:
    """The unit writes (or rewrites, after a return) the reply. Saved as a draft; nothing is
    decided until the head approves it."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "draft_reply")
    before = _reply_snapshot(info_request)
    write_reply(
        info_request,
        outcome=outcome,
        reply_content=reply_content,
        legal_basis=legal_basis,
        withheld_parts=withheld_parts,
        responsible_organ=responsible_organ,
    )
    step(info_request, Action.DRAFT_REPLY, actor=actor, note=OUTCOMES[Outcome(outcome)].short_label)
    info_request.save()
    record(
        info_request,
        "draft_reply",
        actor=actor,
        changes=_diff(before, _reply_snapshot(info_request)),
    )
    return info_request


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _check_draft_complete(info_request: InfoRequest) -> None:
    if not info_request.outcome:
        raise ValidationError("请先撰写答复并选择办理结果。")
    # Re-validate what is stored: the rules may have been tightened since the draft was saved.
    clean_reply(
        info_request=info_request,
        outcome=info_request.outcome,
        reply_content=info_request.reply_content,
        legal_basis=info_request.legal_basis,
        withheld_parts=[
            WithheldPartInput(p.description, p.reason, p.legal_basis)
            for p in info_request.withheld_parts.all()
        ],
        responsible_organ=info_request.responsible_organ,
    )
    if FeeNotice.objects.filter(
        info_request=info_request, paid_on__isnull=True, cancelled_on__isnull=True
    ).exists():
        raise ValidationError(
            "信息处理费尚未缴纳：请等待缴费、撤销收费通知或按逾期未缴费终止办理。"
        )


@transaction.atomic
def info_request_submit_reply(
    *, info_request: InfoRequest, actor: Any, note: str = ""
) -> InfoRequest:
    """The unit hands the draft to the disclosure office for review."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "submit_reply")
    before = snapshot(info_request)
    _check_draft_complete(info_request)
    note = check_text(note, "note", "说明", 500, required=False)
    move(info_request, Status.UNDER_REVIEW, Action.SUBMIT_REPLY, actor=actor, note=note)
    info_request.save()
    record(info_request, "submit_reply", actor=actor, before=before, note=note)
    return info_request


@transaction.atomic
def info_request_review(
    *, info_request: InfoRequest, passed: bool, actor: Any, note: str = ""
) -> InfoRequest:
    """The disclosure office reviews the draft: pass it on for approval, or return it to the
    unit with a note saying what to change."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "review")
    before = snapshot(info_request)
    if passed:
        note = check_text(note, "note", "审核意见", 500, required=False)
        move(info_request, Status.AWAITING_APPROVAL, Action.PASS_REVIEW, actor=actor, note=note)
    else:
        note = check_text(note, "note", "退回修改意见", 500)
        move(info_request, Status.DRAFTING, Action.RETURN_REVIEW, actor=actor, note=note)
    info_request.save()
    record(info_request, "review", actor=actor, before=before, note=note)
    return info_request


@transaction.atomic
def info_request_approve(
    *,
    info_request: InfoRequest,
    approved: bool,
    actor: Any,
    note: str = "",
    approved_on: Any = None,
) -> InfoRequest:
    """签发: the head of the disclosure work organ approves the reply (recorded by name and
    date), or returns it for revision with a note."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "approve")
    before = snapshot(info_request)
    if not approved:
        note = check_text(note, "note", "退回意见", 500)
        move(info_request, Status.DRAFTING, Action.RETURN_APPROVAL, actor=actor, note=note)
    else:
        day = today() if approved_on is None else approved_on
        check_date(
            day, "approved_on", not_before=info_request.received_on, not_before_label="收到申请日期"
        )
        _check_draft_complete(info_request)
        info_request.approved_by = actor if getattr(actor, "is_authenticated", False) else None
        info_request.approved_by_name = actor_name(actor)
        info_request.approved_on = day
        note = check_text(note, "note", "签发意见", 500, required=False)
        move(info_request, Status.APPROVED, Action.APPROVE, actor=actor, on=day, note=note)
    info_request.save()
    record(info_request, "approve", actor=actor, before=before, note=note)
    if approved:
        # The reply letter is issued when it is signed off, dated that day (签发日期).
        letter_issue_reply(
            info_request=info_request, actor=actor, issued_on=info_request.approved_on
        )
    return info_request
