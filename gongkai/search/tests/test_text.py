"""Pure text functions: normalisation, grams, query parsing, highlighting, segmentation."""

from __future__ import annotations

from gongkai.search import text
from gongkai.search.text import Term, parse_query


def test_normalise_folds_width_and_case() -> None:
    assert text.normalise("ＡＢＣ２０２５（通知）") == "abc2025(通知)"
    assert text.search_field("示政发〔2025〕3号  关于……的通知") == "示政发 2025 3号 关于 的通知"


def test_gram_tokens_are_bigrams_and_the_last_character_of_each_run() -> None:
    assert text.gram_tokens("预算法 税") == ["预算", "算法", "法", "税"]
    assert text.gram_tokens("") == []


def test_gram_set_holds_one_two_and_three_grams_within_runs() -> None:
    assert text.gram_set("预算法 ab") == {
        "预",
        "算",
        "法",
        "预算",
        "算法",
        "预算法",
        "a",
        "b",
        "ab",
    }


def test_term_phrases() -> None:
    assert Term(("税",)).phrase() == (["税"], True)
    assert Term(("预算",)).phrase() == (["预算"], False)
    assert Term(("最低生活保障",)).phrase() == (["最低", "低生", "生活", "活保", "保障"], False)
    # A run followed by another ends a run in the text, so its last character is a token; the
    # final run may continue in the text.
    assert Term(("示政发", "2025", "3号")).phrase() == (
        ["示政", "政发", "发", "20", "02", "25", "5", "3号"],
        False,
    )
    assert Term(("2025", "3")).phrase() == (["20", "02", "25", "5", "3"], True)


def test_candidate_grams_and_exactness() -> None:
    assert Term(("预算",)).candidate_grams() == ["预算"]
    assert Term(("预算法",)).exact_by_grams
    assert Term(("征地补偿",)).candidate_grams() == ["征地补", "地补偿"]
    assert not Term(("征地补偿",)).exact_by_grams
    assert not Term(("示政发", "3号")).exact_by_grams
    # ASCII letters and digits have 4- to 6-grams of their own.
    assert Term(("0537",)).candidate_grams() == ["0537"]
    assert Term(("0537",)).exact_by_grams and Term(("0537",)).ascii_ngram == "0537"
    assert Term(("abcdefg",)).candidate_grams() == ["abcdef", "bcdefg"]
    assert not Term(("abcdefg",)).exact_by_grams
    assert Term(("最低生活保障",)).is_dictionary_term


def test_ascii_ngrams() -> None:
    assert text.ascii_ngrams("电话 0537 8000000 2025年") >= {"0537", "2025", "8000", "800000"}
    assert "0537800" not in text.ascii_ngrams("0537 8000000")
    assert text.ascii_ngrams("abc 预算") == set()


def test_parse_query() -> None:
    parsed = parse_query("  低保   标准 低保 ")
    assert [t.text for t in parsed.terms] == ["低保", "标准"]
    assert parsed.text == "低保 标准"
    assert not parse_query("“”《》 。，")
    assert not parse_query("")
    long = parse_query("字" * 500)
    assert long.terms[0].length == text.MAX_QUERY_CHARS
    assert len(parse_query(" ".join(f"词{i}" for i in range(30))).terms) == text.MAX_TERMS


def test_highlight_escapes_everything_but_the_marks() -> None:
    terms = parse_query("低保").terms
    html = text.highlight('<i>低保</i> & "x"', text.match_spans('<i>低保</i> & "x"', terms))
    assert html == "&lt;i&gt;<mark>低保</mark>&lt;/i&gt; &amp; &quot;x&quot;"


def test_highlight_finds_width_and_case_variants_and_bracket_kinds() -> None:
    terms = parse_query("abc 示政发〔2025〕3号").terms
    source = "ＡＢＣ与Abc，见示政发[2025]3号"
    spans = text.match_spans(source, terms)
    assert [source[a:b] for a, b in spans] == ["ＡＢＣ", "Abc", "示政发[2025]3号"]


def test_snippet_of_text_without_a_match_is_its_beginning() -> None:
    assert text.snippet("甲" * 300, parse_query("乙").terms) == "甲" * 120 + "…"
    assert text.snippet("", parse_query("乙").terms) == ""


def test_dictionary_is_loaded_into_rjieba() -> None:
    assert len(text.gov_terms()) >= 300
    # rjieba's own dictionary splits each of these (最低/生活/保障, 征地/补偿, 三公/经费).
    assert text.segment("城乡最低生活保障标准") == ["城乡", "最低生活保障", "标准"]
    assert "征地补偿" in text.segment("被征地农民的征地补偿标准")
    assert text.segment("三公经费预算") == ["三公经费", "预算"]


def test_relaxed_query_splits_long_terms_into_words() -> None:
    relaxed = text.relaxed_query(parse_query("城乡低保金额标准 2025"))
    assert relaxed is not None
    assert [t.text for t in relaxed.terms] == ["城乡低保", "金额", "标准", "2025"]
    assert text.relaxed_query(parse_query("低保 标准")) is None


def test_dictionary_terms_are_substring_matches() -> None:
    fields = ["关于城乡最低生活保障的通知", "", "政府信息公开条例"]
    # 政府信息公开 inside 政府信息公开条例 counts, though jieba keeps the longer word whole.
    assert {"最低生活保障", "政府信息公开", "政府信息公开条例"} <= set(
        text.dictionary_terms(fields)
    )
    # Not across two fields; short terms are not dictionary tokens (their grams are exact).
    assert text.dictionary_terms(["政务", "公开"]) == []
    assert "低保" not in text.long_terms()
