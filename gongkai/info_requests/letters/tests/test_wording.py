"""The placeholder language, the checks on a template, composing a letter's text, amounts in
words and number formats. No database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.info_requests.letters import placeholders
from gongkai.info_requests.letters.context import block, inline, rmb_upper
from gongkai.info_requests.letters.defaults import (
    DEFAULTS,
    PLACEHOLDERS,
    REQUIRED,
    placeholders_for,
    sample_values,
)
from gongkai.info_requests.letters.kinds import LetterKind, reply_kind
from gongkai.info_requests.letters.numbering import check_number_pattern
from gongkai.info_requests.letters.wording import (
    check_wording,
    compose,
    compose_body,
    default_wording,
)

# --- the placeholder language -----------------------------------------------------------------


def test_fill_replaces_placeholders_and_keeps_escaped_braces():
    text = "{申请人}：您好{{示例}}"
    assert placeholders.fill(text, {"申请人": "王小明"}) == "王小明：您好{示例}"
    assert placeholders.names("{甲}{乙}{甲}") == ["甲", "乙"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("您好{申请人", "不成对的花括号"),
        ("您好}", "不成对的花括号"),
        ("{}", "占位符不能为空"),
        ("｛申请人｝", "半角花括号"),
        ("{申请人.id_number}", "名称无效"),
        ("{申请人|upper}", "名称无效"),
    ],
)
def test_bad_syntax_is_a_chinese_error(text, message):
    with pytest.raises(placeholders.TemplateError, match=message):
        placeholders.parse(text)


def test_check_names_unknown_and_missing_placeholders():
    errors = placeholders.check(
        "{申请人}{身份证号}", allowed={"申请人", "受理编号"}, required=["受理编号"]
    )
    assert errors == [
        "正文中有未知的占位符：{身份证号}。请从下方“可用占位符”中选择。",
        "正文须包含占位符：{受理编号}。",
    ]


def test_fill_inserts_values_verbatim_and_never_evaluates_them():
    # A value that looks like a placeholder or template code stays text.
    assert placeholders.fill("{申请人}", {"申请人": "{受理编号}{% load x %}"}) == (
        "{受理编号}{% load x %}"
    )


# --- the default texts and the checks -----------------------------------------------------------


@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_default_passes_its_own_checks_and_every_placeholder_has_a_sample(kind):
    default = DEFAULTS[kind]
    assert check_wording(kind, default.title, default.body) == {}
    assert set(REQUIRED[kind]) <= {p.name for p in placeholders_for(kind)}
    assert all(PLACEHOLDERS[name].sample for name in sample_values(kind))


def test_reply_defaults_follow_the_body_pattern_and_remedies():
    for kind in (LetterKind.REPLY_GRANTED, LetterKind.REPLY_UNABLE, LetterKind.REPLY_PARTIAL):
        body = DEFAULTS[kind].body
        assert body.startswith("我机关于{收到申请日期}收到您")
        assert "经审查，现答复如下：" in body
        assert (
            "如对本答复不服，可以在收到本答复之日起60日内向{复议机关}申请行政复议，"
            "或者在6个月内依法向人民法院提起行政诉讼。"
        ) in body
    for kind in (LetterKind.REPLY_PARTIAL, LetterKind.REPLY_DENIED):
        assert (
            "根据《中华人民共和国行政复议法》第二十三条第一款第（四）项，对本答复中不予公开的决定"
            "不服的，应当先向{复议机关}申请行政复议；对行政复议决定不服的，可以依法向人民法院"
            "提起行政诉讼。"
        ) in DEFAULTS[kind].body
    assert "应当先向" not in DEFAULTS[LetterKind.REPLY_GRANTED].body


def test_a_refusal_template_must_keep_reconsideration_first():
    body = DEFAULTS[LetterKind.REPLY_DENIED].body.replace("应当先向{复议机关}", "可以向{复议机关}")
    errors = check_wording(LetterKind.REPLY_DENIED, "答复书", body)
    assert "须写明复议前置" in errors["body"][0]


def test_required_and_kind_specific_placeholders_are_checked():
    errors = check_wording(LetterKind.REPLY_GRANTED, "{受理机关}答复书", "您好，{申请人}。")
    assert errors["body"] == [
        "正文须包含占位符：{收到申请日期}、{申请内容}、{答复内容}、{法律依据}、{复议机关}。"
    ]
    # The fee amount belongs to the fee notice, not to a receipt.
    receipt = DEFAULTS[LetterKind.RECEIPT].body + "{收费金额}"
    assert (
        "未知的占位符：{收费金额}" in check_wording(LetterKind.RECEIPT, "回执", receipt)["body"][0]
    )
    assert check_wording(LetterKind.RECEIPT, "", "x") == {
        "title": ["请填写标题。"],
        "body": ["正文须包含占位符：{收到申请日期}、{受理编号}。"],
    }


def test_compose_drops_lines_with_empty_placeholders_and_splits_block_values():
    values = {"甲": "第一段\n第二段", "乙": "", "丙": "有"}
    assert compose_body("开头\n{甲}\n联系电话：{乙}\n{丙}结尾", values) == (
        "开头",
        "第一段",
        "第二段",
        "有结尾",
    )


def test_compose_gives_the_letter_its_fixed_structure():
    text = compose(
        default_wording(LetterKind.REPLY_GRANTED),
        sample_values(LetterKind.REPLY_GRANTED),
        number="示例县政府依申公复〔2025〕12号",
        recipient="王小明",
        organ_name="示例县人民政府",
        issued_on=dt.date(2025, 10, 20),
    )
    lines = text.lines()
    assert lines[:3] == [
        "示例县民政局政府信息公开申请答复书",
        "示例县政府依申公复〔2025〕12号",
        "王小明：",
    ]
    assert lines[-3:] == ["示例县人民政府", "2025年10月20日", "（印章）"]


def test_inline_and_block_values():
    assert inline(" 需要 调取\n档案。 ") == "需要 调取 档案"
    assert block("一、甲\r\n\r\n二、乙\n") == "一、甲\n二、乙"


# --- amounts and numbers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "零元整"),
        ("100", "壹佰元整"),
        ("1100.00", "壹仟壹佰元整"),
        ("1010", "壹仟零壹拾元整"),
        ("10010", "壹万零壹拾元整"),
        ("100000", "壹拾万元整"),
        ("3500.50", "叁仟伍佰元伍角"),
        ("20.05", "贰拾元零伍分"),
    ],
)
def test_amounts_in_capital_form(amount, words):
    assert rmb_upper(Decimal(amount)) == words


@pytest.mark.parametrize(
    ("pattern", "error"),
    [
        ("{机关简称}依申公复〔{年度}〕{序号}号", None),
        ("{org_short}依申公复〔{year}〕{n}号", None),
        ("示民依复〔{年度}〕{序号}号", None),
        ("{机关简称}依申公复{序号}号", "须包含{年度}"),
        ("{机关简称}〔{年度}〕号", "须包含{序号}"),
        ("{机关简称}〔{年份}〕{序号}号", "未知的占位符：{年份}"),
    ],
)
def test_number_patterns(pattern, error):
    errors = check_number_pattern(pattern)
    if error is None:
        assert errors == []
    else:
        assert error in errors[0]


def test_one_reply_template_per_outcome_group():
    assert reply_kind("granted") == LetterKind.REPLY_GRANTED
    assert reply_kind("partial") == LetterKind.REPLY_PARTIAL
    assert reply_kind("denied_admin_query") == LetterKind.REPLY_DENIED
    assert reply_kind("unable_not_held") == LetterKind.REPLY_UNABLE
    assert reply_kind("np_repeat") == LetterKind.REPLY_NOT_PROCESSED
    assert reply_kind("other_fee_unpaid") == LetterKind.REPLY_OTHER
