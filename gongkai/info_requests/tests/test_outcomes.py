"""Outcomes (办理结果): the 21 leaves of Table 三, their labels, and reading them back."""

from __future__ import annotations

import pytest

from gongkai.info_requests.outcomes import (
    GROUP_OUTCOMES,
    OUTCOMES,
    REGULATION,
    ApplicantType,
    Art36Ground,
    Outcome,
    OutcomeGroup,
    join_citations,
    outcome_for_ground,
    outcome_from_label,
)

# The glossary's `Outcome` row, in its order (= the official row order).
GLOSSARY_KEYS = [
    "granted",
    "partial",
    "denied_state_secret",
    "denied_law_forbidden",
    "denied_security",
    "denied_third_party",
    "denied_internal",
    "denied_process",
    "denied_case_file",
    "denied_admin_query",
    "unable_not_held",
    "unable_needs_creation",
    "unable_unclear",
    "np_petition",
    "np_repeat",
    "np_publication",
    "np_mass",
    "np_confirm_reissue",
    "other_no_correction",
    "other_fee_unpaid",
    "other_other",
]

OFFICIAL_ROW_LABELS = [
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
]


def test_there_are_21_leaves_in_official_order() -> None:
    assert [o.value for o in Outcome] == GLOSSARY_KEYS
    assert list(OUTCOMES) == list(Outcome)
    assert [OUTCOMES[o].row_label for o in Outcome] == OFFICIAL_ROW_LABELS


def test_section_three_has_22_data_rows() -> None:
    # domain-rules 2.3: "1 + 1 + 8 + 3 + 5 + 3 + 1"; the last 1 is （七）总计, not an outcome.
    sizes = [len(GROUP_OUTCOMES[g]) for g in OutcomeGroup]
    assert sizes == [1, 1, 8, 3, 5, 3]
    assert sum(sizes) + 1 == 22


def test_group_labels_are_official() -> None:
    assert [g.label for g in OutcomeGroup] == [
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "（三）不予公开",
        "（四）无法提供",
        "（五）不予处理",
        "（六）其他处理",
    ]
    assert OUTCOMES[Outcome.NP_MASS].group_label == "（五）不予处理"


def test_short_label_is_the_row_label_without_its_number() -> None:
    for outcome, info in OUTCOMES.items():
        if info.group in (OutcomeGroup.GRANTED, OutcomeGroup.PARTIAL):
            continue
        number, _, rest = info.row_label.partition(".")
        assert number.isdigit(), outcome
        assert info.short_label == rest, outcome
    assert OUTCOMES[Outcome.GRANTED].short_label == "予以公开"
    assert OUTCOMES[Outcome.PARTIAL].short_label == "部分公开"


def test_refusals_need_reconsideration_first_and_reasons() -> None:
    refusals = {
        o
        for o, info in OUTCOMES.items()
        if info.group in (OutcomeGroup.DENIED, OutcomeGroup.PARTIAL)
    }
    assert len(refusals) == 9
    assert {o for o, i in OUTCOMES.items() if i.requires_reconsideration_first} == refusals
    assert {o for o, i in OUTCOMES.items() if i.requires_reasons} == refusals
    assert not OUTCOMES[Outcome.UNABLE_NOT_HELD].requires_reconsideration_first
    assert not OUTCOMES[Outcome.GRANTED].requires_reasons


def test_legal_basis_text() -> None:
    assert OUTCOMES[Outcome.DENIED_STATE_SECRET].legal_basis[0] == (
        "《中华人民共和国政府信息公开条例》第十四条"
    )
    assert OUTCOMES[Outcome.DENIED_THIRD_PARTY].legal_basis_text == (
        "《中华人民共和国政府信息公开条例》第十五条、第三十二条、第三十六条第（三）项"
    )
    assert OUTCOMES[Outcome.DENIED_INTERNAL].legal_basis[0].endswith("第十六条第一款")
    assert OUTCOMES[Outcome.DENIED_CASE_FILE].legal_basis[0].endswith("第十六条第二款")
    assert OUTCOMES[Outcome.NP_REPEAT].legal_basis_text.endswith("第三十六条第（六）项")
    assert OUTCOMES[Outcome.NP_PUBLICATION].legal_basis_text.endswith("第三十九条第二款")
    assert OUTCOMES[Outcome.OTHER_FEE_UNPAID].legal_basis_text == (
        "《中华人民共和国政府信息公开条例》第四十二条、"
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
    )
    assert OUTCOMES[Outcome.OTHER_OTHER].legal_basis_text == ""
    for info in OUTCOMES.values():
        for citation in info.legal_basis:
            assert citation.startswith("《"), citation


def test_join_citations_repeats_the_law_when_it_changes() -> None:
    other = "《中华人民共和国保守国家秘密法》第九条"
    assert join_citations((f"{REGULATION}第十四条", other, f"{REGULATION}第十五条")) == (
        f"{REGULATION}第十四条、{other}、{REGULATION}第十五条"
    )
    assert join_citations(()) == ""


def test_applicant_types() -> None:
    assert [(t.value, t.label) for t in ApplicantType] == [
        ("natural_person", "自然人"),
        ("commercial", "商业企业"),
        ("research", "科研机构"),
        ("public_interest", "社会公益组织"),
        ("legal_service", "法律服务机构"),
        ("other_org", "其他"),
    ]


@pytest.mark.parametrize("outcome", list(Outcome))
def test_every_label_form_reads_back(outcome: Outcome) -> None:
    info = OUTCOMES[outcome]
    assert outcome_from_label(info.short_label) == outcome
    assert outcome_from_label(info.row_label) == outcome
    assert outcome_from_label(f"  {info.row_label}\n") == outcome
    assert outcome_from_label(outcome.value) == outcome
    if info.group not in (OutcomeGroup.GRANTED, OutcomeGroup.PARTIAL):
        # The full wording without its number, and qualified by its group heading.
        assert outcome_from_label(info.row_label.partition(".")[2]) == outcome
        assert outcome_from_label(f"{info.group_label}{info.row_label}") == outcome
        assert outcome_from_label(f"{info.group_label[3:]}-{info.short_label}") == outcome


@pytest.mark.parametrize(
    "text",
    [
        "危及“三安全一稳定”",
        '危及"三安全一稳定"',
        "危及「三安全一稳定」",
        "危及三安全一稳定",
        "3.危及“三安全一稳定”",
        "３．危及“三安全一稳定”",  # full-width digit and point
        '3、危及"三安全一稳定"',
        "(三)3.危及'三安全一稳定'",
        "不予公开：3．危及“三安全一稳定”",
        "不予公开 / 危及 “三安全一稳定”",
    ],
)
def test_punctuation_and_quote_variants(text: str) -> None:
    assert outcome_from_label(text) == Outcome.DENIED_SECURITY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("其他", Outcome.OTHER_OTHER),
        ("3.其他", Outcome.OTHER_OTHER),
        ("（六）3.其他", Outcome.OTHER_OTHER),
        ("其他处理-其他", Outcome.OTHER_OTHER),
        ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", Outcome.PARTIAL),
        ("区分处理", Outcome.PARTIAL),
        ("其他法律、行政法规禁止公开", Outcome.DENIED_LAW_FORBIDDEN),
        (
            "申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请",
            Outcome.OTHER_FEE_UNPAID,
        ),
        ("（1）重复申请", Outcome.NP_REPEAT),
    ],
)
def test_other_variants(text: str, expected: Outcome) -> None:
    assert outcome_from_label(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("不予公开", "只是分类"),
        ("（三）不予公开", "只是分类"),
        ("其他处理", "只是分类"),
        ("无法提供", "只是分类"),
        ("（七）总计", "合计行"),
        ("不予处理-属于国家秘密", "自相矛盾"),
        ("同意", "无法识别"),
        ("属于国家秘密的信息", "无法识别"),
        ("", "为空"),
        ("（三）", "为空"),
    ],
)
def test_unknown_or_ambiguous_labels_raise_in_chinese(text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        outcome_from_label(text)


def test_non_text_raises() -> None:
    with pytest.raises(ValueError, match="必须是文字"):
        outcome_from_label(3)  # type: ignore[arg-type]


def test_group_only_message_lists_the_choices() -> None:
    with pytest.raises(ValueError) as excinfo:
        outcome_from_label("不予公开")
    assert "属于国家秘密" in str(excinfo.value)
    assert "属于行政查询事项" in str(excinfo.value)


@pytest.mark.parametrize(
    ("ground", "expected"),
    [
        (Art36Ground.ART36_1, Outcome.GRANTED),
        (Art36Ground.ART36_2, Outcome.GRANTED),
        (Art36Ground.ART36_4, Outcome.UNABLE_NOT_HELD),
        (Art36Ground.ART36_5, Outcome.UNABLE_NOT_HELD),
        (Art36Ground.ART36_6, Outcome.NP_REPEAT),
        (Art36Ground.ART36_7, Outcome.DENIED_ADMIN_QUERY),  # decisions table
        (Art36Ground.ART37, Outcome.PARTIAL),
        (Art36Ground.ART38, Outcome.UNABLE_NEEDS_CREATION),
        (Art36Ground.ART39_1, Outcome.NP_PETITION),
        (Art36Ground.ART39_2, Outcome.NP_PUBLICATION),
        (Art36Ground.ART35, Outcome.NP_MASS),
        (Art36Ground.ART30_NO_CORRECTION, Outcome.OTHER_NO_CORRECTION),
        (Art36Ground.ART30_STILL_UNCLEAR, Outcome.UNABLE_UNCLEAR),
        (Art36Ground.FEE_UNPAID, Outcome.OTHER_FEE_UNPAID),
        (Art36Ground.CONFIRM_REISSUE, Outcome.NP_CONFIRM_REISSUE),
        (Art36Ground.WITHDRAWN, Outcome.OTHER_OTHER),  # decisions table
        (Art36Ground.OTHER, Outcome.OTHER_OTHER),
        ("art36_6", Outcome.NP_REPEAT),
    ],
)
def test_ground_to_row(ground: Art36Ground, expected: Outcome) -> None:
    assert outcome_for_ground(ground) == expected


def test_art36_3_needs_the_refusal_reason() -> None:
    with pytest.raises(ValueError, match="须选择具体情形"):
        outcome_for_ground(Art36Ground.ART36_3)
    assert (
        outcome_for_ground(Art36Ground.ART36_3, chosen=Outcome.DENIED_PROCESS)
        == Outcome.DENIED_PROCESS
    )
    assert outcome_for_ground("art36_3", chosen="denied_state_secret") == (
        Outcome.DENIED_STATE_SECRET
    )
    # （三）8 belongs to Art. 36(7), not to a refusal on the Regulation's own grounds.
    with pytest.raises(ValueError, match="不符"):
        outcome_for_ground(Art36Ground.ART36_3, chosen=Outcome.DENIED_ADMIN_QUERY)
    with pytest.raises(ValueError, match="不符"):
        outcome_for_ground(Art36Ground.ART36_1, chosen=Outcome.PARTIAL)
    with pytest.raises(ValueError, match="未知的办理结果"):
        outcome_for_ground(Art36Ground.ART36_3, chosen="nonsense")


def test_a_province_may_file_art36_7_elsewhere() -> None:
    from gongkai.info_requests.outcomes import GROUND_OUTCOMES

    local = {**GROUND_OUTCOMES, Art36Ground.ART36_7: (Outcome.OTHER_OTHER,)}
    assert outcome_for_ground(Art36Ground.ART36_7, mapping=local) == Outcome.OTHER_OTHER
    with pytest.raises(ValueError, match="没有对应的办理结果"):
        outcome_for_ground(Art36Ground.ART36_7, mapping={})


def test_unknown_ground_raises_in_chinese() -> None:
    with pytest.raises(ValueError, match="未知的答复依据"):
        outcome_for_ground("art99")


def test_every_leaf_is_reachable_from_a_ground() -> None:
    from gongkai.info_requests.outcomes import GROUND_OUTCOMES

    reachable = {o for candidates in GROUND_OUTCOMES.values() for o in candidates}
    assert reachable == set(Outcome)
