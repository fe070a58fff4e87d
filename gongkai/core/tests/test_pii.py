"""gongkai.core.pii: what the pre-publication scanner flags, what it leaves alone, and how it masks.

Test data is built with check-digit helpers written here from the standards' own formulations
(ISO 7064 MOD 11-2 as GB 11643 states it, Luhn by digit sums), not with the module's functions,
so a wrong checksum in the module cannot make its own test data agree with it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

import pytest

from gongkai.core.pii import (
    COMPOUND_SURNAMES,
    PiiMatch,
    find_pii,
    id_check_char,
    is_valid_id_number,
    luhn_valid,
    mask,
    mask_name,
    mask_text,
)

TODAY = dt.date(2026, 6, 30)


# --- independent test-data builders ---------------------------------------------------------


def iso7064_check(body17: str) -> str:
    """GB 11643-1999: the weight of the character i places from the right is 2^(i-1) mod 11."""
    total = sum(int(d) * pow(2, 17 - k, 11) for k, d in enumerate(body17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def make_id(area: str = "370881", birth: str = "19900101", seq: str = "123") -> str:
    body = area + birth + seq
    return body + iso7064_check(body)


def luhn_sum(number: str) -> int:
    return sum(
        int(c) if i % 2 == 0 else sum(divmod(2 * int(c), 10))
        for i, c in enumerate(reversed(number))
    )


def luhn_complete(stem: str) -> str:
    """``stem`` plus the one digit that makes it pass Luhn."""
    return next(stem + d for d in "0123456789" if luhn_sum(stem + d) % 10 == 0)


def luhn_break(number: str) -> str:
    """The same number with a wrong last digit."""
    last = (int(number[-1]) + 1) % 10
    return number[:-1] + str(last)


def fullwidth(s: str) -> str:
    return s.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))


def kinds(text: str) -> list[tuple[str, str]]:
    return [(m.kind, m.value) for m in find_pii(text, today=TODAY)]


SAMPLE_ID = "11010519491231002X"  # the worked example of GB 11643-1999
ID_X = "37088119900119123X"  # built to end in X, the shape of the decisions-table example
DIGIT_ID = next(i for s in range(100) if (i := make_id(seq=f"{s:03d}"))[-1] != "X")
CARD_62 = luhn_complete("622202123456789012")  # 19 digits, UnionPay
CARD_4 = luhn_complete("412345678901234")  # 16 digits, Visa
CARD_OTHER = luhn_complete("301234567890123")  # 16 digits, no BIN we trust


def test_builders_agree_with_published_numbers():
    assert iso7064_check("11010519491231002") == "X"
    assert iso7064_check("44052418800101001") == "4"  # the standard's other example
    assert luhn_sum("79927398713") % 10 == 0  # the textbook Luhn example


# --- checksums ------------------------------------------------------------------------------


def test_id_check_char_of_the_standards_examples():
    assert id_check_char("11010519491231002") == "X"
    assert id_check_char("44052418800101001") == "4"


def test_id_check_char_agrees_with_the_iso7064_formulation():
    rng = random.Random(11643)
    for _ in range(500):
        body = "".join(rng.choice("0123456789") for _ in range(17))
        assert id_check_char(body) == iso7064_check(body), body


@pytest.mark.parametrize("bad", ["1101051949123100", "110105194912310023", "1101051949123100a", ""])
def test_id_check_char_refuses_anything_but_17_digits(bad):
    with pytest.raises(ValueError):
        id_check_char(bad)


def test_luhn_valid():
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398714")
    assert luhn_valid(CARD_62)
    assert not luhn_valid(luhn_break(CARD_62))
    assert luhn_valid(" ".join([CARD_4[i : i + 4] for i in range(0, 16, 4)]))
    assert luhn_valid(fullwidth(CARD_4))
    assert not luhn_valid("")
    assert not luhn_valid("7992739871a")


# --- is_valid_id_number ---------------------------------------------------------------------


def test_valid_ids():
    assert is_valid_id_number(SAMPLE_ID)
    assert is_valid_id_number(SAMPLE_ID.lower())
    assert is_valid_id_number(fullwidth(SAMPLE_ID))
    assert is_valid_id_number(make_id("440106", "20000229", "001"))  # leap day
    assert is_valid_id_number("370881900101123")  # 15-digit, born 1990-01-01


@pytest.mark.parametrize(
    "bad",
    [
        SAMPLE_ID[:-1] + "1",  # wrong check character
        make_id(birth="19990230"),  # 30 February
        make_id(birth="19991301"),  # month 13
        make_id(birth="19000229"),  # 1900 was not a leap year
        "440524188001010014",  # valid checksum, but born 1880
        make_id(area="000000"),  # no such province
        "370881901301123",  # 15-digit with month 13
        "11010519491231002",  # 17 digits
        "110105 19491231 002X",  # spaces are for find_pii, not the validator
        "",
    ],
)
def test_invalid_ids(bad):
    assert not is_valid_id_number(bad, today=TODAY)


def test_birth_dates_after_today_are_not_plausible():
    tomorrow = make_id(birth="20260701")
    assert not is_valid_id_number(tomorrow, today=TODAY)
    assert is_valid_id_number(tomorrow, today=dt.date(2026, 7, 1))


def test_foreigners_permanent_residence_ids_start_with_9():
    assert is_valid_id_number(make_id(area="937156"))


# --- find_pii: ID numbers -------------------------------------------------------------------


def test_an_id_in_a_sentence_is_found_with_its_exact_position():
    text = f"申请人李四，身份证号{SAMPLE_ID}，住示例县。"
    [m] = find_pii(text)
    assert (m.kind, m.start, m.end, m.value) == ("id_number", 10, 28, SAMPLE_ID)
    assert text[m.start : m.end] == SAMPLE_ID
    assert m.masked == "110105********002X"


def test_a_lower_case_x_is_flagged_and_kept_as_written():
    [m] = find_pii(f"证件号码：{SAMPLE_ID.lower()}")
    assert m.kind == "id_number"
    assert m.masked == "110105********002x"


def test_a_wrong_check_character_is_not_flagged():
    for id_number in (SAMPLE_ID, DIGIT_ID):
        for char in "0123456789X":
            written = id_number[:-1] + char
            expected = [("id_number", written)] if written == id_number else []
            assert kinds(f"身份证号{written}。") == expected


def test_an_impossible_birth_date_is_not_flagged_even_with_a_right_checksum():
    assert kinds(f"身份证号{make_id(birth='19990230')}") == []


def test_an_id_inside_a_longer_digit_run_is_not_flagged():
    id_number = make_id()
    assert kinds(f"订单号{id_number}12。") == []  # 20 digits
    assert kinds(f"订单号12{id_number}。") == []
    assert kinds(f"流水号9{id_number}") == []


def test_full_width_ids_are_flagged_at_their_positions_in_the_original_text():
    wide = fullwidth(SAMPLE_ID)
    text = f"当事人王五（身份证号：{wide}），男。"
    [m] = find_pii(text)
    assert m.kind == "id_number"
    assert (m.start, m.end) == (text.index(wide), text.index(wide) + 18)
    assert m.value == wide
    assert m.masked == "１１０１０５********００２Ｘ"


def test_an_id_mixing_half_and_full_width_digits_is_flagged():
    mixed = SAMPLE_ID[:9] + fullwidth(SAMPLE_ID[9:])
    [m] = find_pii(f"身份证{mixed}")
    assert (m.kind, m.value) == ("id_number", mixed)


@pytest.mark.parametrize(
    ("written", "masked"),
    [
        ("370881 19900119 123X", "370881 ******** 123X"),
        ("370881 1990 0119 123X", "370881 **** **** 123X"),
        ("3708 8119 9001 1912 3X", "3708 81** **** **12 3X"),
        ("370881\u300019900119\u3000123X", "370881\u3000********\u3000123X"),
        ("370881-19900119-123X", "370881-********-123X"),
    ],
)
def test_ids_written_in_groups_are_flagged(written, masked):
    text = f"身份证号：{written}，"
    [m] = find_pii(text)
    assert (m.kind, m.value, m.masked) == ("id_number", written, masked)
    assert m.start == text.index(written)


def test_ids_with_inconsistent_separators_are_not_one_number():
    assert kinds("身份证号：370881 19900119-123X") == []


def test_two_ids_separated_by_a_space_are_two_hits():
    other = make_id("320102", "19751203", "456")
    assert kinds(f"{SAMPLE_ID} {other}") == [("id_number", SAMPLE_ID), ("id_number", other)]


def test_old_15_digit_ids_are_flagged_and_masked_keeping_the_last_three():
    [m] = find_pii("原身份证号370881900101123。")
    assert (m.kind, m.value, m.masked) == ("id_number", "370881900101123", "370881******123")
    assert kinds("编号370881901301123。") == []  # month 13: just a number


def test_an_id_followed_by_a_decimal_part_is_an_amount():
    assert kinds(f"金额{DIGIT_ID}.50元") == []
    assert kinds(f"金额0.{DIGIT_ID}元") == []
    assert kinds(f"号码{DIGIT_ID}。50元") == [("id_number", DIGIT_ID)]


def test_unknown_area_codes_are_not_flagged():
    assert kinds(f"编号{make_id(area='000000')}") == []
    assert kinds(f"编号{make_id(area='937156')}") == [("id_number", make_id(area="937156"))]


# --- find_pii: mobiles ----------------------------------------------------------------------

ALLOCATED = (
    [f"13{d}" for d in "0123456789"]
    + [f"14{d}" for d in "56789"]
    + [f"15{d}" for d in "01235678 9".replace(" ", "")]
    + [f"16{d}" for d in "2567"]
    + [f"17{d}" for d in "012345678"]
    + [f"18{d}" for d in "0123456789"]
    + [f"19{d}" for d in "012356789"]
)


def test_only_allocated_mobile_prefixes_are_flagged():
    for n in range(100, 200):
        number = f"{n}12345678"
        found = kinds(f"电话{number}。")
        if str(n) in ALLOCATED:
            assert found == [("mobile", number)], number
        else:
            assert found == [], number
    assert kinds("编号12345678901。") == []  # 11 digits starting 12


@pytest.mark.parametrize(
    ("written", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138 **** 5678"),
        ("138-1234-5678", "138-****-5678"),
        ("+86 138 1234 5678", "+86 138 **** 5678"),
        ("+86-13812345678", "+86-138****5678"),
        ("+8613812345678", "+86138****5678"),
        ("8613812345678", "86138****5678"),
        ("86 138 1234 5678", "86 138 **** 5678"),
        ("１３８１２３４５６７８", "１３８****５６７８"),
        ("＋８６　１３８　１２３４　５６７８", "＋８６　１３８　****　５６７８"),
    ],
)
def test_mobile_variants(written, masked):
    text = f"联系电话：{written}，"
    [m] = find_pii(text)
    assert (m.kind, m.value, m.masked) == ("mobile", written, masked)
    assert (m.start, m.end) == (5, 5 + len(written))


def test_mobiles_inside_longer_digit_runs_are_not_flagged():
    assert kinds("编号213812345678。") == []
    assert kinds("编号138123456789。") == []
    assert kinds("编号1381234567812345。") == []


def test_mixed_separators_in_a_mobile_are_not_one_number():
    assert kinds("电话138 1234-5678") == []


@pytest.mark.parametrize(
    "landline", ["0537-4412345", "0537 4412345", "05374412345", "(0537)4412345", "010-12345678"]
)
def test_unit_landlines_are_public_contact_data_and_not_flagged(landline):
    assert kinds(f"咨询电话：{landline}。") == []


def test_a_mobile_followed_by_a_decimal_part_is_an_amount():
    assert kinds("合计13812345678.50元") == []
    assert kinds("1.5 13812345678") == [("mobile", "13812345678")]


# --- find_pii: bank cards -------------------------------------------------------------------


def test_luhn_valid_cards_with_a_known_bin_are_flagged_without_keyword():
    assert kinds(f"转入{CARD_62}。") == [("bank_card", CARD_62)]
    assert kinds(f"转入{CARD_4}。") == [("bank_card", CARD_4)]
    mastercard = luhn_complete("530012345678901")
    assert kinds(f"转入{mastercard}。") == [("bank_card", mastercard)]


def test_other_luhn_valid_numbers_need_a_keyword_close_before():
    assert kinds(f"合同编号{CARD_OTHER}。") == []
    assert kinds(f"银行卡号：{CARD_OTHER}。") == [("bank_card", CARD_OTHER)]
    assert kinds(f"收款账号为{CARD_OTHER}") == [("bank_card", CARD_OTHER)]
    assert kinds(f"帐号 {CARD_OTHER}") == [("bank_card", CARD_OTHER)]
    assert kinds(f"卡号{'。' * 8}{CARD_OTHER}") == [("bank_card", CARD_OTHER)]  # 10 chars back
    assert kinds(f"卡号{'。' * 9}{CARD_OTHER}") == []  # 11 chars back: too far


def test_luhn_invalid_numbers_are_not_cards_even_with_a_keyword():
    assert kinds(f"银行卡号：{luhn_break(CARD_62)}。") == []


def test_card_lengths_are_16_to_19_digits():
    assert kinds(f"卡号{luhn_complete('62220212345678')}") == []  # 15
    assert kinds(f"卡号{luhn_complete('6222021234567890123')}") == []  # 20


def test_grouped_cards_are_flagged_and_masked_keeping_the_spaces():
    grouped = f"{CARD_62[:4]} {CARD_62[4:8]} {CARD_62[8:12]} {CARD_62[12:16]} {CARD_62[16:]}"
    [m] = find_pii(f"银行卡：{grouped}")
    assert (m.kind, m.value) == ("bank_card", grouped)
    assert m.masked == f"**** **** **** ***{CARD_62[15]} {CARD_62[16:]}"
    grouped16 = " ".join(CARD_4[i : i + 4] for i in range(0, 16, 4))
    [m] = find_pii(f"卡号 {grouped16}。")
    assert m.masked == f"**** **** **** {CARD_4[12:]}"


def test_four_groups_inside_a_longer_row_of_figures_are_not_a_card():
    grouped16 = " ".join(CARD_4[i : i + 4] for i in range(0, 16, 4))
    assert kinds(f"卡号 {grouped16}") == [("bank_card", grouped16)]
    assert kinds(f"2019 {grouped16}") == []
    assert kinds(f"{grouped16} 2020") == []
    assert kinds(f"{grouped16}\n2020") == [("bank_card", grouped16)]  # a new line ends the row


def test_a_card_wins_over_a_mobile_that_overlaps_it():
    # Contrived on purpose: the card's 3-digit last group is also the start of a 3-4-4 mobile.
    card = next(n for d in "0123456789" if luhn_sum(n := f"412345678901234{d}138") % 10 == 0)
    grouped = f"{card[:4]} {card[4:8]} {card[8:12]} {card[12:16]} {card[16:]}"
    assert kinds(f"{grouped}-1234-5678") == [("bank_card", grouped)]


def test_a_number_that_is_both_an_id_and_a_card_is_an_id():
    both = next(
        n
        for seq in range(1000)
        if (n := make_id("620102", "19851106", f"{seq:03d}"))[-1] != "X" and luhn_sum(n) % 10 == 0
    )
    assert is_valid_id_number(both) and luhn_valid(both)
    assert kinds(f"银行卡号{both}") == [("id_number", both)]


# --- find_pii: emails -----------------------------------------------------------------------


def test_personal_emails_are_flagged_and_masked():
    text = "来信人邮箱：zhang.san_88@163.com，请回复。"
    [m] = find_pii(text)
    assert (m.kind, m.value, m.masked) == ("email", "zhang.san_88@163.com", "z***@163.com")
    assert m.start == text.index("zhang")


def test_government_mailboxes_are_public_contact_data():
    assert kinds("电子邮箱：xxgk@shili.gov.cn；gkb@gov.cn") == []
    assert kinds("邮箱：xxgk@shili.gov.cn.evil.com") == [("email", "xxgk@shili.gov.cn.evil.com")]


def test_things_that_are_not_emails():
    assert kinds("用户@所有人 请注意") == []
    assert kinds("root@localhost") == []
    assert kinds("a@b.c1") == []
    assert kinds(("x" * 65) + "@qq.com") == []  # a local part longer than 64 is no address


def test_an_email_made_of_a_mobile_number_is_one_email_hit():
    assert kinds("邮箱13812345678@qq.com") == [("email", "13812345678@qq.com")]


# --- ordering and overlap -------------------------------------------------------------------


def test_hits_are_sorted_and_do_not_overlap():
    text = (
        f"邮箱a1@qq.com；卡号{CARD_62}；手机13912345678；身份证{SAMPLE_ID}；"
        f"又见 138 1234 5678 与 {CARD_4}。"
    )
    found = find_pii(text, today=TODAY)
    assert [m.kind for m in found] == [
        "email",
        "bank_card",
        "mobile",
        "id_number",
        "mobile",
        "bank_card",
    ]
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    assert all(text[m.start : m.end] == m.value for m in found)


def test_random_text_keeps_the_invariants():
    rng = random.Random(2026)
    alphabet = "政务公开申请人电话身份证卡号，。 -+@.xX0123456789０１２３４５６７８９abcqq"
    for _ in range(300):
        pieces = [rng.choice(alphabet) for _ in range(rng.randint(0, 60))]
        for _ in range(rng.randint(0, 3)):
            pieces.insert(
                rng.randint(0, len(pieces)),
                rng.choice([SAMPLE_ID, "13812345678", CARD_62, "w@qq.com", "138 1234 5678"]),
            )
        text = "".join(pieces)
        found = find_pii(text, today=TODAY)
        assert all(text[m.start : m.end] == m.value for m in found)
        assert all(a.end <= b.start for a, b in itertools.pairwise(found))
        masked = mask_text(text, found)
        # Masking digits keeps lengths; only emails change length.
        if not any(m.kind == "email" for m in found):
            assert len(masked) == len(text)


# --- masking --------------------------------------------------------------------------------


def test_masking_formats_of_the_decisions_table():
    assert mask(find_pii(f"身份证号{ID_X}")[0]) == "370881********123X"
    assert mask(find_pii("手机13812345678")[0]) == "138****5678"
    card = find_pii(f"卡号{CARD_62}")[0]
    assert mask(card) == "*" * 15 + CARD_62[-4:]


def test_mask_works_on_a_hand_built_match():
    m = PiiMatch("mobile", 3, 14, "13812345678")
    assert m.masked == mask(m) == "138****5678"
    assert PiiMatch("email", 0, 6, "ab@c.d").masked == "a***@c.d"


def test_a_match_whose_span_does_not_fit_its_value_is_refused():
    with pytest.raises(ValueError):
        PiiMatch("mobile", 0, 10, "13812345678")
    with pytest.raises(ValueError):
        PiiMatch("address", 0, 2, "北京")


def test_mask_text_leaves_everything_else_byte_identical():
    parts = [
        "关于李某某低保申请的答复：\n申请人身份证号 ",
        SAMPLE_ID,
        "（复印件已收），\t联系电话",
        "+86 138 1234 5678",
        "；单位电话 0537-4412345，退款账户：",
        CARD_OTHER,
        "，邮箱 ",
        "li.si@126.com",
        "。2025年10月24日\u3000示例县民政局",
    ]
    text = "".join(parts)
    masked = mask_text(text)
    expected = "".join(
        [
            parts[0],
            "110105********002X",
            parts[2],
            "+86 138 **** 5678",
            parts[4],
            "*" * 12 + CARD_OTHER[-4:],
            parts[6],
            "l***@126.com",
            parts[8],
        ]
    )
    assert masked == expected
    assert masked.encode() == expected.encode()


def test_mask_text_masks_only_the_given_matches():
    text = f"身份证{SAMPLE_ID}，手机13812345678"
    _, mobile_hit = find_pii(text)
    assert mask_text(text, [mobile_hit]) == f"身份证{SAMPLE_ID}，手机138****5678"
    assert mask_text(text, []) == text


def test_mask_text_without_hits_returns_the_text_unchanged():
    text = "示政发〔2025〕3号 0537-4412345 订单12345678901234567890"
    assert mask_text(text) == text


def test_mask_text_refuses_stale_or_overlapping_matches():
    text = "手机13812345678"
    [hit] = find_pii(text)
    with pytest.raises(ValueError):
        mask_text("手机：13812345678", [hit])  # found on another version of the text
    with pytest.raises(ValueError):
        mask_text(text, [hit, PiiMatch("mobile", 4, 13, text[4:13])])


# --- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张某"),
        ("张三丰", "张某"),
        ("欧阳修", "欧阳某"),
        ("诸葛亮", "诸葛某"),
        ("司马相如", "司马某"),
        ("欧阳", "欧某"),  # two characters: surname 欧, given name 阳
        ("张", "张"),
        ("", ""),
    ],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


def test_every_compound_surname_of_the_list_is_kept_whole():
    expected = {
        "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容",
        "长孙", "宇文", "司徒", "夏侯", "令狐", "端木", "独孤", "南宫", "西门",
    }  # fmt: skip
    assert expected == COMPOUND_SURNAMES
    for surname in expected:
        assert mask_name(surname + "明") == surname + "某"


# --- sanity on large and hostile inputs (no timing; a quadratic scan would not finish) -----


def test_many_hits_in_one_long_run_of_groups():
    text = " ".join(["13812345678"] * 20_000)
    found = find_pii(text)
    assert len(found) == 20_000
    assert mask_text(text, found) == " ".join(["138****5678"] * 20_000)


@pytest.mark.parametrize(
    "hostile",
    [
        "1 " * 300_000,
        "1-" * 300_000,
        "1" * 1_000_000,
        "a" * 500_000 + "@",
        "@" * 500_000,
        "a@" * 250_000,
        "a." * 250_000 + "@",
        "x@" + "a." * 250_000,
        "１２３４ " * 100_000,
    ],
)
def test_hostile_inputs_finish_with_no_hits(hostile):
    assert find_pii(hostile) == []
