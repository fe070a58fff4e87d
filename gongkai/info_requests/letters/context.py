"""The values a letter's placeholders take: a plain dict of strings built from an application
and its step. No model object reaches a template, so a template cannot reach anything else."""

from __future__ import annotations

import re
from decimal import Decimal

from ..choices import CONSULTATION_BASIS, Channel, ConsultationKind
from ..fees import (
    FIRST_PAID_BAND_END,
    FIRST_PAID_BAND_RATE,
    FREE_APPLICATIONS_PER_MONTH,
    FREE_PAGES,
    LATER_BAND_SIZE,
    LATER_BAND_STEP,
    PAGE_BANDS,
    FeeMethod,
)
from ..models import Consultation, Correction, FeeNotice, InfoRequest
from ..outcomes import FEE_RULES, OUTCOMES, REGULATION, Outcome
from .defaults import placeholders_for
from .kinds import CONSULTATION_KINDS, REPLY_KINDS, LetterKind
from .numbering import EffectiveSettings
from .wording import zh_date

_SPACE = re.compile(r"\s+")
_TRAILING = "。；;，,、 "
DUE_FALLBACK = "收到申请之日起第20个工作日"


def inline(text: str) -> str:
    """A value that sits inside a sentence: one line, without its own closing punctuation."""
    return _SPACE.sub(" ", text or "").strip().rstrip(_TRAILING)


def block(text: str) -> str:
    """A value that stands as paragraphs of its own: lines kept, blank lines dropped."""
    lines = (line.strip() for line in (text or "").replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


# --- amounts in words (收费金额大写) ---------------------------------------------------------

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")


def _four(n: int) -> str:
    out, zero = "", False
    for position in range(3, -1, -1):
        digit = n // 10**position % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[digit] + _UNITS[position]
    return out


def rmb_upper(amount: Decimal) -> str:
    """壹仟壹佰元整, 壹佰元伍角, 零元整: the capital form used on fee documents."""
    cents = int((amount * 100).quantize(Decimal(1)))
    if cents < 0:
        raise ValueError("amount must not be negative")
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    text = ""
    groups: list[int] = []
    while yuan:
        groups.append(yuan % 10000)
        yuan //= 10000
    pending_zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            pending_zero = bool(text)
            continue
        if text and (pending_zero or group < 1000):
            text += "零"
        text += _four(group) + _GROUPS[index]
        pending_zero = False
    text = (text or "零") + "元"
    if jiao == 0 and fen == 0:
        return text + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif text != "零元":
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    return text


# --- fee standards (国办函〔2020〕109号) -------------------------------------------------------


def fee_standard(notice: FeeNotice) -> str:
    if notice.method == FeeMethod.PER_APPLICATION:
        free, end = FREE_APPLICATIONS_PER_MONTH, FIRST_PAID_BAND_END
        return (
            f"按件计收。同一申请人一个自然月内累计申请{free}件以下（含{free}件）的，不收费；"
            f"{free + 1}—{end}件（含{end}件）的部分，{FIRST_PAID_BAND_RATE}元/件；"
            f"{end}件以上的部分，以{LATER_BAND_SIZE}件为一档，每增加一档，收费标准提高"
            f"{LATER_BAND_STEP}元/件。本申请为您本月提出的第{notice.n_in_month}件申请。"
        )
    parts = [f"{FREE_PAGES}页以下（含{FREE_PAGES}页）的，不收费"]
    start = FREE_PAGES
    for band_end, rate in PAGE_BANDS:
        if band_end is None:
            parts.append(f"{start}页以上的部分，{rate}元/页")
            break
        parts.append(f"{start + 1}—{band_end}页（含{band_end}页）的部分，{rate}元/页")
        start = band_end
    return f"按量计收。{'；'.join(parts)}。本申请共{notice.pages}页。"


# --- the values -----------------------------------------------------------------------------


def _common(
    info_request: InfoRequest, *, number: str, issued_on_text: str, settings: EffectiveSettings
) -> dict[str, str]:
    organisation = info_request.organisation
    site = info_request.site
    return {
        "受理机关": organisation.full_name,
        "机关简称": organisation.short_name or organisation.full_name,
        "站点名称": site.name,
        "申请人": inline(info_request.applicant_name),
        "受理编号": info_request.tracking_number,
        "申请方式": str(Channel(info_request.channel).label),
        "提交日期": zh_date(info_request.submitted_on),
        "收到申请日期": zh_date(info_request.received_on) if info_request.received_on else "",
        "申请内容": inline(info_request.description),
        "申请文号": inline(info_request.document_number),
        "文号": number,
        "成文日期": issued_on_text,
        "答复期限": zh_date(info_request.due_on) if info_request.due_on else DUE_FALLBACK,
        "复议机关": settings.reconsideration_organ,
        "联系电话": inline(organisation.phone or site.contact_phone),
        "通信地址": inline(organisation.address),
    }


def withheld_parts_text(info_request: InfoRequest) -> str:
    lines = []
    for position, part in enumerate(info_request.withheld_parts.order_by("position", "id"), 1):
        reason = OUTCOMES[Outcome(part.reason)].short_label
        lines.append(
            f"{position}.{inline(part.description)}（理由：{reason}；"
            f"依据：{inline(part.legal_basis)}）。"
        )
    return "\n".join(lines)


def _closing_content(info_request: InfoRequest) -> str:
    """The decision of a case closed without a drafted reply (Art. 30, Art. 42)."""
    if info_request.outcome == Outcome.OTHER_NO_CORRECTION:
        correction = Correction.objects.filter(info_request=info_request).first()
        if correction is not None:
            return (
                f"本机关已于{zh_date(correction.issued_on)}告知您对申请作出补正，补正期限至"
                f"{zh_date(correction.correct_by)}。您无正当理由逾期未补正，视为放弃申请，"
                "本机关不再处理该政府信息公开申请。"
            )
    if info_request.outcome == Outcome.OTHER_FEE_UNPAID:
        notice = (
            FeeNotice.objects.filter(info_request=info_request, cancelled_on__isnull=True)
            .order_by("-sent_on", "-id")
            .first()
        )
        if notice is not None:
            return (
                f"本机关已于{zh_date(notice.sent_on)}向您发出信息处理费收费通知，"
                "您未在规定期限内缴纳费用，视为放弃申请，本机关不再处理该政府信息公开申请。"
            )
    return ""


def _reply(info_request: InfoRequest) -> dict[str, str]:
    outcome = Outcome(info_request.outcome)
    organ = inline(info_request.responsible_organ)
    return {
        "办理结果": OUTCOMES[outcome].short_label,
        "答复内容": block(info_request.reply_content) or _closing_content(info_request),
        "法律依据": inline(info_request.legal_basis),
        "不予公开部分": withheld_parts_text(info_request),
        "负责公开的机关说明": (
            f"经查，该政府信息由{organ}负责公开，您可以向该机关提出申请。" if organ else ""
        ),
    }


def _consultation(consultation: Consultation) -> dict[str, str]:
    consultation_kind = ConsultationKind(consultation.kind)
    reason = (
        "您申请公开的政府信息的公开可能损害第三方合法权益，需要书面征求第三方的意见"
        if consultation_kind == ConsultationKind.THIRD_PARTY
        else "您申请公开的政府信息由本机关与其他机关共同制作，需要征求其他机关的意见"
    )
    return {
        "征求意见对象": inline(consultation.party),
        "发函日期": zh_date(consultation.sent_on),
        "征求意见依据": CONSULTATION_BASIS[consultation_kind],
        "征求意见事由": reason,
    }


def _fee(notice: FeeNotice, settings: EffectiveSettings) -> dict[str, str]:
    return {
        "收费依据": f"{REGULATION}第四十二条、{FEE_RULES}",
        "收费方式": str(FeeMethod(notice.method).label),
        "收费标准": fee_standard(notice),
        "收费金额": f"{notice.amount:.2f}",
        "收费金额大写": rmb_upper(notice.amount),
        "缴费方式": inline(settings.payment_method) + "。",
    }


def letter_values(
    info_request: InfoRequest,
    kind: LetterKind,
    *,
    number: str,
    issued_on_text: str,
    settings: EffectiveSettings,
    consultation: Consultation | None = None,
    fee_notice: FeeNotice | None = None,
) -> dict[str, str]:
    """Every placeholder `kind` may use, as a string (empty when the case has no value)."""
    values = _common(info_request, number=number, issued_on_text=issued_on_text, settings=settings)
    if kind == LetterKind.CORRECTION:
        correction = Correction.objects.get(info_request=info_request)
        values["补正事项"] = block(correction.items)
        values["补正期限"] = zh_date(correction.correct_by)
    elif kind == LetterKind.EXTENSION:
        extension = info_request.extension
        values["延期理由"] = inline(extension.reason)
        values["延长天数"] = str(extension.days)
        values["原答复期限"] = zh_date(extension.original_due_on)
        values["延期后答复期限"] = (
            zh_date(info_request.due_on) if info_request.due_on else DUE_FALLBACK
        )
    elif kind in CONSULTATION_KINDS or kind == LetterKind.CONSULTATION_APPLICANT_NOTICE:
        if consultation is None:
            raise ValueError("a consultation letter needs its consultation")
        values.update(_consultation(consultation))
    elif kind == LetterKind.FEE_NOTICE:
        if fee_notice is None:
            raise ValueError("a fee notice letter needs its fee notice")
        values.update(_fee(fee_notice, settings))
    elif kind in REPLY_KINDS:
        values.update(_reply(info_request))
    allowed = {p.name for p in placeholders_for(kind)}
    return {name: value for name, value in values.items() if name in allowed}
