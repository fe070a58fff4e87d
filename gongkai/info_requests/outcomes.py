"""Outcomes of an application (办理结果) as the national annual report counts them. Pure data.

Every closed application lands in exactly one leaf row of Table 三, section 三 of the annual
report format (国办公开办函〔2021〕30号). Section 三 has 22 data rows: （一） and （二） are leaves
of their own, （三）–（六） are group labels over 8 + 3 + 5 + 3 numbered leaves, and （七）总计 is
their sum. So there are 1 + 1 + 8 + 3 + 5 + 3 = 21 leaves, which is what `Outcome` enumerates;
（七） lives in `gongkai.reports.annual` as a computed row, never as an outcome.

Legal references are to 《中华人民共和国政府信息公开条例》 (Decree 711, 2019). An article's
paragraphs are 款 (Art. 16 and 39 have two each); the enumerated cases of Art. 36 are 项.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models

REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


class ApplicantType(models.TextChoices):
    """申请人类型: the six columns of Table 三 (before 总计)."""

    NATURAL_PERSON = "natural_person", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_INTEREST = "public_interest", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER_ORG = "other_org", "其他"


class OutcomeGroup(models.TextChoices):
    """The （一）–（六） headings of section 三. （一） and （二） are their own leaf rows."""

    GRANTED = "granted", "（一）予以公开"
    PARTIAL = "partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    DENIED = "denied", "（三）不予公开"
    UNABLE = "unable", "（四）无法提供"
    NOT_PROCESSED = "not_processed", "（五）不予处理"
    OTHER = "other", "（六）其他处理"


class Outcome(models.TextChoices):
    """办理结果: one leaf row of Table 三. The label is the short form used in registers (台账)."""

    GRANTED = "granted", "予以公开"
    PARTIAL = "partial", "部分公开"
    DENIED_STATE_SECRET = "denied_state_secret", "属于国家秘密"
    DENIED_LAW_FORBIDDEN = "denied_law_forbidden", "其他法律行政法规禁止公开"
    DENIED_SECURITY = "denied_security", "危及“三安全一稳定”"
    DENIED_THIRD_PARTY = "denied_third_party", "保护第三方合法权益"
    DENIED_INTERNAL = "denied_internal", "属于三类内部事务信息"
    DENIED_PROCESS = "denied_process", "属于四类过程性信息"
    DENIED_CASE_FILE = "denied_case_file", "属于行政执法案卷"
    DENIED_ADMIN_QUERY = "denied_admin_query", "属于行政查询事项"
    UNABLE_NOT_HELD = "unable_not_held", "本机关不掌握相关政府信息"
    UNABLE_NEEDS_CREATION = "unable_needs_creation", "没有现成信息需要另行制作"
    UNABLE_UNCLEAR = "unable_unclear", "补正后申请内容仍不明确"
    NP_PETITION = "np_petition", "信访举报投诉类申请"
    NP_REPEAT = "np_repeat", "重复申请"
    NP_PUBLICATION = "np_publication", "要求提供公开出版物"
    NP_MASS = "np_mass", "无正当理由大量反复申请"
    NP_CONFIRM_REISSUE = "np_confirm_reissue", "要求行政机关确认或重新出具已获取信息"
    OTHER_NO_CORRECTION = (
        "other_no_correction",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    )
    OTHER_FEE_UNPAID = (
        "other_fee_unpaid",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    )
    OTHER_OTHER = "other_other", "其他"


@dataclass(frozen=True)
class OutcomeInfo:
    """What letters, forms and the annual report need to know about one leaf.

    `requires_reconsideration_first`: since 2024-01-01 a refusal to disclose (不予公开) must go
    to administrative reconsideration before court (行政复议法 2023, Art. 23 para. 1 item 4), and
    the letter says so. We count the whole （三） group, including （三）8 (an Art. 36(7) reply
    points to another procedure but the table files it as a refusal), and （二） partial
    disclosure, which refuses the withheld part. （四）–（六） decide nothing about disclosure
    (the information does not exist, the request is not treated as one, or it was abandoned),
    so ordinary remedies apply.

    `requires_reasons`: Art. 36(3) and Art. 37 oblige the organ to give reasons for what it
    withholds; for （二） one reason per withheld part, for （三） the reason of the refusal.
    """

    outcome: Outcome
    group: OutcomeGroup
    row_label: str  # the official wording of the row, numbering included
    legal_basis: tuple[str, ...]  # full citations, law name included, for letters
    requires_reconsideration_first: bool
    requires_reasons: bool

    @property
    def short_label(self) -> str:
        return str(self.outcome.label)

    @property
    def group_label(self) -> str:
        return str(self.group.label)

    @property
    def legal_basis_text(self) -> str:
        return join_citations(self.legal_basis)


def _art(text: str) -> str:
    return f"{REGULATION}{text}"


def _info(
    outcome: Outcome,
    group: OutcomeGroup,
    row_label: str,
    basis: tuple[str, ...],
) -> OutcomeInfo:
    refusal = group in (OutcomeGroup.DENIED, OutcomeGroup.PARTIAL)
    return OutcomeInfo(outcome, group, row_label, basis, refusal, refusal)


_G = OutcomeGroup
_O = Outcome
_DENY = _art("第三十六条第（三）项")

# Official order of Table 三. Wording from the 2021 format; the legal bases are the articles an
# organ cites for that outcome (several when the letter has to pick the one that applies).
OUTCOMES: dict[Outcome, OutcomeInfo] = {
    info.outcome: info
    for info in (
        _info(
            _O.GRANTED,
            _G.GRANTED,
            "（一）予以公开",
            (_art("第三十六条第（一）项"), _art("第三十六条第（二）项")),
        ),
        _info(
            _O.PARTIAL,
            _G.PARTIAL,
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            (_art("第三十七条"),),
        ),
        _info(_O.DENIED_STATE_SECRET, _G.DENIED, "1.属于国家秘密", (_art("第十四条"), _DENY)),
        _info(
            _O.DENIED_LAW_FORBIDDEN,
            _G.DENIED,
            "2.其他法律行政法规禁止公开",
            (_art("第十四条"), _DENY),
        ),
        _info(_O.DENIED_SECURITY, _G.DENIED, "3.危及“三安全一稳定”", (_art("第十四条"), _DENY)),
        _info(
            _O.DENIED_THIRD_PARTY,
            _G.DENIED,
            "4.保护第三方合法权益",
            (_art("第十五条"), _art("第三十二条"), _DENY),
        ),
        _info(
            _O.DENIED_INTERNAL,
            _G.DENIED,
            "5.属于三类内部事务信息",
            (_art("第十六条第一款"), _DENY),
        ),
        _info(
            _O.DENIED_PROCESS,
            _G.DENIED,
            "6.属于四类过程性信息",
            (_art("第十六条第二款"), _DENY),
        ),
        _info(
            _O.DENIED_CASE_FILE,
            _G.DENIED,
            "7.属于行政执法案卷",
            (_art("第十六条第二款"), _DENY),
        ),
        _info(
            _O.DENIED_ADMIN_QUERY,
            _G.DENIED,
            "8.属于行政查询事项",
            (_art("第三十六条第（七）项"),),
        ),
        _info(
            _O.UNABLE_NOT_HELD,
            _G.UNABLE,
            "1.本机关不掌握相关政府信息",
            (_art("第三十六条第（四）项"), _art("第三十六条第（五）项")),
        ),
        _info(
            _O.UNABLE_NEEDS_CREATION,
            _G.UNABLE,
            "2.没有现成信息需要另行制作",
            (_art("第三十八条"),),
        ),
        _info(_O.UNABLE_UNCLEAR, _G.UNABLE, "3.补正后申请内容仍不明确", (_art("第三十条"),)),
        _info(
            _O.NP_PETITION,
            _G.NOT_PROCESSED,
            "1.信访举报投诉类申请",
            (_art("第三十九条第一款"),),
        ),
        _info(_O.NP_REPEAT, _G.NOT_PROCESSED, "2.重复申请", (_art("第三十六条第（六）项"),)),
        _info(
            _O.NP_PUBLICATION,
            _G.NOT_PROCESSED,
            "3.要求提供公开出版物",
            (_art("第三十九条第二款"),),
        ),
        _info(_O.NP_MASS, _G.NOT_PROCESSED, "4.无正当理由大量反复申请", (_art("第三十五条"),)),
        # No article of the Regulation names this case; the letter's basis is written by hand.
        _info(
            _O.NP_CONFIRM_REISSUE,
            _G.NOT_PROCESSED,
            "5.要求行政机关确认或重新出具已获取信息",
            (),
        ),
        _info(
            _O.OTHER_NO_CORRECTION,
            _G.OTHER,
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            (_art("第三十条"),),
        ),
        _info(
            _O.OTHER_FEE_UNPAID,
            _G.OTHER,
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            (_art("第四十二条"), FEE_RULES),
        ),
        # Withdrawal and anything else the table has no row for (decisions table).
        _info(_O.OTHER_OTHER, _G.OTHER, "3.其他", ()),
    )
}

# Groups in table order with their leaves; （一） and （二） hold only themselves.
GROUP_OUTCOMES: dict[OutcomeGroup, tuple[Outcome, ...]] = {
    group: tuple(o for o, info in OUTCOMES.items() if info.group == group) for group in OutcomeGroup
}


def join_citations(citations: tuple[str, ...]) -> str:
    """Citations joined, the law's name once per run: 《条例》第十四条、第三十六条第（三）项."""
    parts: list[str] = []
    previous_law = ""
    for citation in citations:
        law, _, article = citation.partition("》")
        law += "》"
        if article and law == previous_law:
            parts.append("、" + article)
        else:
            parts.append(("、" if parts else "") + citation)
            previous_law = law if article else ""
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Reading an outcome from a register (台账) or a typed label.

_GROUP_NAMES = {"不予公开": _G.DENIED, "无法提供": _G.UNABLE, "不予处理": _G.NOT_PROCESSED}
# "其他处理" is also a group heading, but "其他处理" alone must not be read as its leaf "其他".
_GROUP_NAMES_WITH_OTHER = {**_GROUP_NAMES, "其他处理": _G.OTHER}
_NUMBERING = re.compile(
    r"^\s*(?:[(][一二三四五六七八九十]+[)]|[一二三四五六七八九十]+、|\d+\s*[.、)]|[(]\d+[)])\s*"
)
_SEPARATORS = re.compile(r"^[\s\-—–:/|·>,，]+")
_SQUASH_CATEGORIES = ("P", "Z", "S")


def _strip_numbering(text: str) -> str:
    while True:
        stripped = _NUMBERING.sub("", text, count=1)
        if stripped == text:
            return text.strip()
        text = stripped


def _squash(text: str) -> str:
    # Quotes, commas, 、, brackets and spaces vary between registers; the words do not.
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in _SQUASH_CATEGORIES)


def _lookup_table() -> dict[str, Outcome]:
    table: dict[str, Outcome] = {}
    for outcome, info in OUTCOMES.items():
        full = _strip_numbering(unicodedata.normalize("NFKC", info.row_label))
        for variant in (outcome.value, info.short_label, full):
            key = _squash(unicodedata.normalize("NFKC", variant))
            if table.setdefault(key, outcome) != outcome:
                raise AssertionError(f"label {variant!r} is ambiguous")  # pragma: no cover
    table[_squash("区分处理")] = Outcome.PARTIAL
    return table


_LOOKUP = _lookup_table()
_GROUP_ONLY = {_squash(name) for name in _GROUP_NAMES_WITH_OTHER}


def outcome_from_label(text: str) -> Outcome:
    """The leaf a label names: the short label ("属于国家秘密"), the official wording with or
    without its numbering ("（三）1.属于国家秘密", "1.属于国家秘密"), a group-qualified form
    ("不予公开-属于国家秘密"), or the code name. Full-width and half-width punctuation, quotes
    and spaces are equivalent. "其他" is （六）3. Anything else raises ValueError in Chinese.
    """
    if not isinstance(text, str):
        raise ValueError("办理结果必须是文字。")
    normal = _strip_numbering(unicodedata.normalize("NFKC", text))
    if not _squash(normal):
        raise ValueError("办理结果为空。")
    found = _LOOKUP.get(_squash(normal))
    if found is not None:
        return found
    for name, group in _GROUP_NAMES_WITH_OTHER.items():
        if normal.startswith(name):
            rest = _strip_numbering(_SEPARATORS.sub("", normal[len(name) :]))
            leaf = _LOOKUP.get(_squash(rest)) if rest else None
            if leaf is not None and OUTCOMES[leaf].group == group:
                return leaf
            if leaf is not None:
                raise ValueError(
                    f"办理结果“{text.strip()}”自相矛盾：“{OUTCOMES[leaf].short_label}”"
                    f"不属于“{name}”。"
                )
    squashed = _squash(normal)
    if squashed in _GROUP_ONLY:
        group = next(
            g for n, g in _GROUP_NAMES_WITH_OTHER.items() if squashed.startswith(_squash(n))
        )
        options = "；".join(OUTCOMES[o].short_label for o in GROUP_OUTCOMES[group])
        raise ValueError(f"办理结果“{text.strip()}”只是分类，请写明具体情形（{options}）。")
    if squashed == _squash("总计"):
        raise ValueError("“总计”是合计行，不是办理结果。")
    raise ValueError(f"无法识别的办理结果“{text.strip()}”，请使用年度报告表三中的办理结果。")


# ---------------------------------------------------------------------------------------------
# Legal grounds of a reply and the Table 三 row they are counted in.


class Art36Ground(models.TextChoices):
    """答复依据: which provision the reply rests on. Art. 36 lists seven kinds of reply; Art. 30,
    35, 37, 38, 39 and 42 (with the fee rules) add the others the table counts."""

    ART36_1 = "art36_1", "已主动公开（第三十六条第（一）项）"
    ART36_2 = "art36_2", "可以公开（第三十六条第（二）项）"
    ART36_3 = "art36_3", "不予公开（第三十六条第（三）项）"
    ART36_4 = "art36_4", "经检索没有所申请公开信息（第三十六条第（四）项）"
    ART36_5 = "art36_5", "不属于本机关负责公开（第三十六条第（五）项）"
    ART36_6 = "art36_6", "重复申请（第三十六条第（六）项）"
    ART36_7 = "art36_7", "工商、不动产登记资料等另有特别规定（第三十六条第（七）项）"
    ART37 = "art37", "区分处理（第三十七条）"
    ART38 = "art38", "需要加工、分析（第三十八条）"
    ART39_1 = "art39_1", "以申请形式信访、投诉、举报（第三十九条第一款）"
    ART39_2 = "art39_2", "要求提供公开出版物（第三十九条第二款）"
    ART35 = "art35", "数量、频次明显超过合理范围且理由不合理（第三十五条）"
    ART30_NO_CORRECTION = "art30_no_correction", "无正当理由逾期不补正（第三十条）"
    ART30_STILL_UNCLEAR = "art30_still_unclear", "补正后申请内容仍不明确（第三十条）"
    FEE_UNPAID = "fee_unpaid", "逾期未缴纳信息处理费（第四十二条）"
    CONFIRM_REISSUE = "confirm_reissue", "要求确认或重新出具已获取信息"
    WITHDRAWN = "withdrawn", "申请人撤回申请"
    OTHER = "other", "其他"


# The Table 三 rows a reply on each ground may be counted in. One candidate: the row is fixed.
# Several (Art. 36(3)): the clerk picks the refusal reason. A province that files Art. 36(7)
# under （六）3 instead of （三）8 passes its own mapping (decisions table: "Art. 36(7)").
_DENIED_BY_REASON = (
    _O.DENIED_STATE_SECRET,
    _O.DENIED_LAW_FORBIDDEN,
    _O.DENIED_SECURITY,
    _O.DENIED_THIRD_PARTY,
    _O.DENIED_INTERNAL,
    _O.DENIED_PROCESS,
    _O.DENIED_CASE_FILE,
)
GROUND_OUTCOMES: Mapping[Art36Ground, tuple[Outcome, ...]] = {
    Art36Ground.ART36_1: (_O.GRANTED,),
    Art36Ground.ART36_2: (_O.GRANTED,),
    Art36Ground.ART36_3: _DENIED_BY_REASON,
    Art36Ground.ART36_4: (_O.UNABLE_NOT_HELD,),
    Art36Ground.ART36_5: (_O.UNABLE_NOT_HELD,),
    Art36Ground.ART36_6: (_O.NP_REPEAT,),
    Art36Ground.ART36_7: (_O.DENIED_ADMIN_QUERY,),
    Art36Ground.ART37: (_O.PARTIAL,),
    Art36Ground.ART38: (_O.UNABLE_NEEDS_CREATION,),
    Art36Ground.ART39_1: (_O.NP_PETITION,),
    Art36Ground.ART39_2: (_O.NP_PUBLICATION,),
    Art36Ground.ART35: (_O.NP_MASS,),
    Art36Ground.ART30_NO_CORRECTION: (_O.OTHER_NO_CORRECTION,),
    Art36Ground.ART30_STILL_UNCLEAR: (_O.UNABLE_UNCLEAR,),
    Art36Ground.FEE_UNPAID: (_O.OTHER_FEE_UNPAID,),
    Art36Ground.CONFIRM_REISSUE: (_O.NP_CONFIRM_REISSUE,),
    Art36Ground.WITHDRAWN: (_O.OTHER_OTHER,),
    Art36Ground.OTHER: (_O.OTHER_OTHER,),
}


def outcome_for_ground(
    ground: Art36Ground | str,
    *,
    chosen: Outcome | str | None = None,
    mapping: Mapping[Art36Ground, tuple[Outcome, ...]] = GROUND_OUTCOMES,
) -> Outcome:
    """The Table 三 leaf of a reply on `ground`. Where the ground allows several rows
    (a refusal under Art. 36(3)), `chosen` names the one; it must be among them."""
    try:
        ground = Art36Ground(ground)
    except ValueError:
        raise ValueError(f"未知的答复依据“{ground}”。") from None
    candidates = mapping.get(ground, ())
    if not candidates:
        raise ValueError(f"答复依据“{ground.label}”没有对应的办理结果。")
    if chosen is None:
        if len(candidates) == 1:
            return candidates[0]
        options = "；".join(OUTCOMES[o].short_label for o in candidates)
        raise ValueError(f"答复依据“{ground.label}”须选择具体情形：{options}。")
    try:
        chosen = Outcome(chosen)
    except ValueError:
        raise ValueError(f"未知的办理结果“{chosen}”。") from None
    if chosen not in candidates:
        raise ValueError(f"办理结果“{chosen.label}”与答复依据“{ground.label}”不符。")
    return chosen
