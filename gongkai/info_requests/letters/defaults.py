"""The built-in wording of every letter, the placeholders each kind may use, and the ones it
must use. Pure data.

The body follows the pattern of the reply templates (domain rules §3): "我机关于YYYY年MM月DD日
收到您…申请…经审查，现答复如下：" → decision → legal basis → remedy. The salutation, the number,
the issuing organ, the date and the seal area are not part of the editable text: every letter
has them, so the office cannot edit one of the seven elements away. What the body must keep is
enforced by REQUIRED (and, for refusals, RECONSIDERATION_FIRST).

Layout of a body: one paragraph per line; a line whose placeholder is empty is left out (so
"联系电话：{联系电话}" disappears when the organ has no phone on record).
"""

from __future__ import annotations

from dataclasses import dataclass

from .kinds import CONSULTATION_KINDS, REPLY_KINDS, LetterKind

K = LetterKind
REGULATION = "《中华人民共和国政府信息公开条例》"


@dataclass(frozen=True)
class PlaceholderInfo:
    name: str
    help: str
    sample: str
    kinds: frozenset[LetterKind]


ALL_KINDS = frozenset(LetterKind)
CONSULTATION_ALL = CONSULTATION_KINDS | {K.CONSULTATION_APPLICANT_NOTICE}
REFUSAL_KINDS = frozenset({K.REPLY_PARTIAL, K.REPLY_DENIED})


def _p(
    name: str, help: str, sample: str, kinds: frozenset[LetterKind] = ALL_KINDS
) -> PlaceholderInfo:
    return PlaceholderInfo(name, help, sample, kinds)


_PLACEHOLDERS: tuple[PlaceholderInfo, ...] = (
    _p("受理机关", "受理申请的机关全称（落款机关）", "示例县民政局"),
    _p("机关简称", "受理机关的简称", "县民政局"),
    _p("站点名称", "本站点（县）名称", "示例县"),
    _p("申请人", "申请人姓名或者名称", "王小明"),
    _p("受理编号", "申请的受理编号", "YSQ-2025-000123"),
    _p("申请方式", "当面、邮寄、网络等", "当面"),
    _p("提交日期", "申请人提交申请的日期", "2025年9月22日"),
    _p("收到申请日期", "依条例第三十一条确定的收到申请之日", "2025年9月22日"),
    _p("申请内容", "申请公开的政府信息的名称或者描述", "2024年示例县城乡最低生活保障资金发放明细"),
    _p("申请文号", "申请人填写的所需信息文号（可能为空）", "示民发〔2024〕5号"),
    _p("文号", "本文书的文号", "县民政局依申公复〔2025〕12号"),
    _p("成文日期", "本文书的日期", "2025年10月20日"),
    _p("答复期限", "当前的答复期限", "2025年10月24日"),
    _p("复议机关", "行政复议机关（文书设置中配置）", "示例县人民政府"),
    _p("联系电话", "受理机关的联系电话（可能为空）", "0537-1234567"),
    _p("通信地址", "受理机关的地址（可能为空）", "示例县人民路1号"),
    _p("补正事项", "需要补正的事项", "请写明所需信息的年份和具体项目。", frozenset({K.CORRECTION})),
    _p("补正期限", "补正的截止日期", "2025年10月9日", frozenset({K.CORRECTION})),
    _p(
        "延期理由",
        "延期答复的理由",
        "所申请信息涉及多个单位，需要调取核实",
        frozenset({K.EXTENSION}),
    ),
    _p("延长天数", "延长的工作日数", "15", frozenset({K.EXTENSION})),
    _p("原答复期限", "延期前的答复期限", "2025年10月24日", frozenset({K.EXTENSION})),
    _p("延期后答复期限", "延期后的答复期限", "2025年11月14日", frozenset({K.EXTENSION})),
    _p("征求意见对象", "被征求意见的第三方或者机关", "示例县某某有限公司", CONSULTATION_KINDS),
    _p("发函日期", "征求意见函的发出日期", "2025年9月29日", CONSULTATION_ALL),
    _p("征求意见依据", "条例第三十二条或者第三十四条", f"{REGULATION}第三十二条", CONSULTATION_ALL),
    _p(
        "征求意见事由",
        "需要征求意见的原因（按第三方、其他机关区分）",
        "您申请公开的政府信息涉及第三方合法权益，公开后可能损害第三方合法权益",
        frozenset({K.CONSULTATION_APPLICANT_NOTICE}),
    ),
    _p(
        "收费依据", "收取信息处理费的法律依据", f"{REGULATION}第四十二条", frozenset({K.FEE_NOTICE})
    ),
    _p("收费方式", "按件计收或者按量计收", "按量计收", frozenset({K.FEE_NOTICE})),
    _p(
        "收费标准",
        "所适用的收费标准及本申请的计费基数",
        "……本申请共120页。",
        frozenset({K.FEE_NOTICE}),
    ),
    _p("收费金额", "应缴金额（元）", "1100.00", frozenset({K.FEE_NOTICE})),
    _p("收费金额大写", "应缴金额的中文大写", "壹仟壹佰元整", frozenset({K.FEE_NOTICE})),
    _p(
        "缴费方式",
        "缴费方式（文书设置中配置）",
        "缴入国库，本机关出具财政票据。",
        frozenset({K.FEE_NOTICE}),
    ),
    _p("办理结果", "年度报告表三中的办理结果", "部分公开", REPLY_KINDS),
    _p(
        "答复内容",
        "承办单位撰写的答复内容（可多段）",
        "现将2024年低保资金发放汇总表提供给您，请查收。",
        REPLY_KINDS,
    ),
    _p("法律依据", "答复的法律依据（具体到条、款、项）", f"{REGULATION}第三十七条", REPLY_KINDS),
    _p(
        "不予公开部分",
        "逐项列出不予公开的内容、理由和依据（每项一段）",
        "1.低保对象的身份证号码（理由：保护第三方合法权益；依据：《中华人民共和国政府信息公开条例》"
        "第十五条）。",
        REFUSAL_KINDS,
    ),
    _p(
        "负责公开的机关说明",
        "不属于本机关负责公开时，负责公开的机关（可能为空）",
        "经查，该政府信息由示例县财政局负责公开，您可以向该机关提出申请。",
        REPLY_KINDS,
    ),
)
PLACEHOLDERS: dict[str, PlaceholderInfo] = {p.name: p for p in _PLACEHOLDERS}


def placeholders_for(kind: LetterKind | str) -> list[PlaceholderInfo]:
    kind = LetterKind(kind)
    return [p for p in _PLACEHOLDERS if kind in p.kinds]


def sample_values(kind: LetterKind | str) -> dict[str, str]:
    """Fake data for the preview on the edit page."""
    values = {p.name: p.sample for p in placeholders_for(kind)}
    if LetterKind(kind) not in REPLY_KINDS:
        values["文号"] = "县民政局依申公告〔2025〕8号"
    return values


# --- the texts ------------------------------------------------------------------------------

_REQUEST = (
    "我机关于{收到申请日期}收到您提交的政府信息公开申请（受理编号：{受理编号}），"
    "申请公开“{申请内容}”。"
)
_REPLY_OPENING = _REQUEST + "经审查，现答复如下："
REMEDY = (
    "如对本答复不服，可以在收到本答复之日起60日内向{复议机关}申请行政复议，"
    "或者在6个月内依法向人民法院提起行政诉讼。"
)
# 行政复议法 (2023) Art. 23 para. 1 item 4, in force 2024-01-01: a refusal to disclose goes to
# reconsideration before any suit.
RECONSIDERATION_FIRST = "应当先向{复议机关}申请行政复议"
REFUSAL_REMEDY = (
    "根据《中华人民共和国行政复议法》第二十三条第一款第（四）项，对本答复中不予公开的决定不服的，"
    + RECONSIDERATION_FIRST
    + "；对行政复议决定不服的，可以依法向人民法院提起行政诉讼。"
)
_CONTACT = "联系电话：{联系电话}"
_REPLY_TITLE = "{受理机关}政府信息公开申请答复书"


@dataclass(frozen=True)
class DefaultText:
    title: str
    body: str


def _lines(*lines: str) -> str:
    return "\n".join(lines)


DEFAULTS: dict[LetterKind, DefaultText] = {
    K.RECEIPT: DefaultText(
        "{受理机关}政府信息公开申请登记回执",
        _lines(
            "本机关于{收到申请日期}收到您以{申请方式}方式提交的政府信息公开申请，现予登记。",
            "受理编号：{受理编号}",
            "申请公开的政府信息：{申请内容}",
            f"根据{REGULATION}第三十三条第二款的规定，本机关将自收到申请之日起20个工作日内"
            "作出答复（预计不晚于{答复期限}）；需要延长答复期限的，将另行书面告知。"
            "征求第三方和其他机关意见所需时间不计算在答复期限内。",
            "您可以凭受理编号和登记时告知的查询码，在{站点名称}政府门户网站查询办理进度。",
            _CONTACT,
        ),
    ),
    K.CORRECTION: DefaultText(
        "{受理机关}政府信息公开申请补正告知书",
        _lines(
            _REQUEST,
            f"经审查，您的申请内容不明确。根据{REGULATION}第三十条的规定，请您对下列事项作出补正：",
            "{补正事项}",
            "请于{补正期限}前向本机关提交补正后的申请。答复期限自本机关收到补正的申请之日起计算。"
            "您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
            _CONTACT,
        ),
    ),
    K.EXTENSION: DefaultText(
        "{受理机关}政府信息公开申请延期答复告知书",
        _lines(
            _REQUEST,
            "因{延期理由}，本机关不能在规定期限内作出答复。"
            f"根据{REGULATION}第三十三条第二款的规定，经政府信息公开工作机构负责人同意，"
            "答复期限延长{延长天数}个工作日，本机关将于{延期后答复期限}前作出答复。",
            "特此告知。",
        ),
    ),
    K.CONSULTATION_THIRD_PARTY: DefaultText(
        "{受理机关}政府信息公开征求第三方意见函",
        _lines(
            "本机关于{收到申请日期}收到一份政府信息公开申请（受理编号：{受理编号}），"
            "申请公开“{申请内容}”。经审查，该政府信息的公开可能损害你方的合法权益。",
            "根据{征求意见依据}的规定，现书面征求你方意见。请你方自收到本函之日起15个工作日内，"
            "就是否同意公开提出书面意见；不同意公开的，请说明理由。逾期未提出意见的，"
            f"由本机关依照{REGULATION}的规定决定是否公开。",
            _CONTACT,
        ),
    ),
    K.CONSULTATION_CO_MAKER: DefaultText(
        "{受理机关}关于政府信息公开申请征求意见的函",
        _lines(
            "本机关于{收到申请日期}收到一份政府信息公开申请（受理编号：{受理编号}），"
            "申请公开“{申请内容}”。经审查，该政府信息由本机关与你单位共同制作。",
            "根据{征求意见依据}的规定，现征求你单位意见。请你单位自收到本函之日起15个工作日内"
            "提出意见；逾期未提出意见的，视为同意公开。",
            _CONTACT,
        ),
    ),
    K.CONSULTATION_APPLICANT_NOTICE: DefaultText(
        "{受理机关}政府信息公开申请征求意见告知书",
        _lines(
            _REQUEST,
            "经审查，{征求意见事由}。本机关已于{发函日期}依照{征求意见依据}的规定书面征求意见。"
            f"根据{REGULATION}第三十三条第三款的规定，征求意见所需时间不计算在答复期限内。"
            "本机关将在收到意见或者征求意见期限届满后依法作出答复。",
            "特此告知。",
        ),
    ),
    K.FEE_NOTICE: DefaultText(
        "{受理机关}政府信息公开信息处理费收费通知书",
        _lines(
            _REQUEST,
            "经审查，您申请公开政府信息的数量、频次明显超过合理范围，本机关依法收取信息处理费。"
            "具体如下：",
            "收费依据：{收费依据}",
            "计收方式：{收费方式}",
            "收费标准：{收费标准}",
            "收费金额：人民币{收费金额}元（大写：{收费金额大写}）",
            "缴费方式：{缴费方式}",
            "请您自收到本通知之日起20个工作日内缴纳。逾期未缴纳的，视为放弃申请，"
            "本机关不再处理该政府信息公开申请。",
            _CONTACT,
        ),
    ),
    K.REPLY_GRANTED: DefaultText(
        _REPLY_TITLE,
        _lines(
            _REPLY_OPENING,
            "{答复内容}",
            "根据{法律依据}的规定，您申请公开的政府信息予以公开。",
            REMEDY,
        ),
    ),
    K.REPLY_PARTIAL: DefaultText(
        _REPLY_TITLE,
        _lines(
            _REPLY_OPENING,
            "{答复内容}",
            "根据{法律依据}的规定，本机关对您申请公开的政府信息作区分处理，"
            "可以公开的部分予以公开；下列内容不予公开：",
            "{不予公开部分}",
            REMEDY,
            REFUSAL_REMEDY,
        ),
    ),
    K.REPLY_DENIED: DefaultText(
        _REPLY_TITLE,
        _lines(
            _REPLY_OPENING,
            "{答复内容}",
            "根据{法律依据}的规定，您申请公开的政府信息不予公开。不予公开的内容、理由及依据如下：",
            "{不予公开部分}",
            REFUSAL_REMEDY,
            "申请行政复议的期限为收到本答复之日起60日内。",
        ),
    ),
    K.REPLY_UNABLE: DefaultText(
        _REPLY_TITLE,
        _lines(
            _REPLY_OPENING,
            "{答复内容}",
            "{负责公开的机关说明}",
            "根据{法律依据}的规定，特此告知。",
            REMEDY,
        ),
    ),
    K.REPLY_NOT_PROCESSED: DefaultText(
        _REPLY_TITLE,
        _lines(_REPLY_OPENING, "{答复内容}", "根据{法律依据}的规定，特此告知。", REMEDY),
    ),
    K.REPLY_OTHER: DefaultText(
        _REPLY_TITLE,
        _lines(_REPLY_OPENING, "{答复内容}", "根据{法律依据}的规定，特此告知。", REMEDY),
    ),
}

# What a body must keep: the request and its receipt date, the decision, the basis and the
# remedy of a reply; the substance of each notice.
_REPLY_REQUIRED = ("收到申请日期", "申请内容", "答复内容", "法律依据", "复议机关")
REQUIRED: dict[LetterKind, tuple[str, ...]] = {
    K.RECEIPT: ("收到申请日期", "受理编号"),
    K.CORRECTION: ("补正事项", "补正期限"),
    K.EXTENSION: ("延长天数", "延期后答复期限"),
    K.CONSULTATION_THIRD_PARTY: ("申请内容", "征求意见依据"),
    K.CONSULTATION_CO_MAKER: ("申请内容", "征求意见依据"),
    K.CONSULTATION_APPLICANT_NOTICE: ("发函日期",),
    K.FEE_NOTICE: ("收费依据", "收费标准", "收费金额", "缴费方式"),
    K.REPLY_GRANTED: _REPLY_REQUIRED,
    K.REPLY_PARTIAL: (*_REPLY_REQUIRED, "不予公开部分"),
    K.REPLY_DENIED: (*_REPLY_REQUIRED, "不予公开部分"),
    K.REPLY_UNABLE: _REPLY_REQUIRED,
    K.REPLY_NOT_PROCESSED: _REPLY_REQUIRED,
    K.REPLY_OTHER: _REPLY_REQUIRED,
}
