"""Search behaviour on the database in use (the suite runs on SQLite and again on PostgreSQL)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from gongkai.search import index
from gongkai.search.index import SearchDoc, SearchQuery

from .conftest import OTHER_SITE, SITE, all_ids, substring_scan

# Every class of query the issue names: 1-, 2-, 4-, 6-character terms, multi-word, Latin and
# digits, the two-character words found inside longer ones (预算 in 预算法), and very common
# terms. Each must return exactly what the substring scan returns.
RECALL_QUERIES = [
    "税",
    "桥",
    "县",
    "预算",
    "低保",
    "医保",
    "征地补偿",
    "行政处罚",
    "政策解读",
    "最低生活保障",
    "政府信息公开",
    "行政许可决定",
    "城乡居民医保",
    "低保 标准",
    "征地 补偿 标准",
    "2025",
    "2025 预算",
    "0537",
    "示市监罚",
    "abc",
    "ＡＢＣ",
    "２０２５",
    "量子计算",
    "纳税",
    "预算法",
]


def test_results_equal_a_substring_scan(corpus: list[SearchDoc]) -> None:
    for query in RECALL_QUERIES:
        expected = substring_scan(corpus, query)
        assert all_ids(query) == expected, query
    # The corpus exercises the interesting cases, not just empty sets.
    assert len(substring_scan(corpus, "税")) > 5
    assert 9001 in substring_scan(corpus, "预算")


def test_two_character_word_inside_a_longer_word_is_found(corpus: list[SearchDoc]) -> None:
    # rjieba segments 预算法 as one word; a word index alone would miss 预算 here.
    assert 9001 in all_ids("预算")
    assert 9001 in all_ids("税")  # 纳税 and 纳税人


def test_document_number_ignores_the_kind_of_brackets(corpus: list[SearchDoc]) -> None:
    assert all_ids("示政发〔2025〕3号") == {9001, 9003}
    assert all_ids("示政发[2025]3号") == {9001, 9003}
    # 31号 is another document, not a longer match of 3号.
    assert 9002 not in all_ids("示政发〔2025〕3号")
    assert all_ids("示政发〔2025〕31号") == {9002}


@pytest.mark.parametrize(
    ("query", "same_as"),
    [
        ('"', ""),
        ("*", ""),
        ("AND", "and"),
        ("OR", "or"),
        ("NOT", "not"),
        ("NEAR(", "near"),
        ('NEAR("a" "b")', None),
        ('"预算" OR "税"', "预算 or 税"),
        ("{title}:预算", None),
        ("title:预算", None),
        ("预算*", "预算"),
        ("'", ""),
        ("\\", ""),
        ("!", ""),
        ("&", ""),
        ("|", ""),
        (":*", ""),
        ("'预算' & '税'", "预算 税"),
        ("((((", ""),
        ("^", ""),
        ("-", ""),
        ("%", ""),
        ("_", ""),
        ("预算%", "预算"),
        ("低保_", "低保"),
        ("\x00", ""),
        ("\u200b", ""),
        ("🙂", ""),
        ("税 -低保", "税 低保"),
        ("低保 NOT 标准", "低保 not 标准"),
    ],
)
def test_query_syntax_is_never_interpreted(
    corpus: list[SearchDoc], query: str, same_as: str | None
) -> None:
    """FTS5 and tsquery operators in a query are plain text: 预算* is 预算, AND is the word
    "and", and nothing raises."""
    results = index.search(SearchQuery(site_id=SITE, text=query))
    assert results.total == len(all_ids(query))
    if same_as is None:  # separators inside a word: "title 预算" as one term, found nowhere
        assert results.total == 0
    elif same_as == "":
        assert results.total == 0 and results.query == ""
    else:
        assert all_ids(query) == substring_scan(corpus, same_as)


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "。，！", "《》〔〕"])
def test_empty_or_punctuation_only_query_gives_nothing(corpus: list[SearchDoc], query: str) -> None:
    results = index.search(SearchQuery(site_id=SITE, text=query))
    assert results.total == 0
    assert results.hits == []


def test_very_long_query_is_cut_not_refused(corpus: list[SearchDoc]) -> None:
    results = index.search(SearchQuery(site_id=SITE, text="低保" + "标准" * 300))
    assert results.query.startswith("低保标准")
    assert len(results.query) <= 100
    many_words = " ".join(["低保"] + [f"词{i}" for i in range(50)])
    assert index.search(SearchQuery(site_id=SITE, text=many_words)).total == 0


def test_filters(corpus: list[SearchDoc]) -> None:
    site_docs = [d for d in corpus if d.site_id == SITE]
    low = substring_scan(corpus, "低保")

    def ids(pred: object) -> set[int]:
        return {d.doc_id for d in site_docs if d.doc_id in low and pred(d)}  # type: ignore[operator]

    assert all_ids("低保", organisation_id=3) == ids(lambda d: d.organisation_id == 3)
    assert all_ids("低保", column_id=2) == ids(lambda d: 2 in d.column_ids)
    assert all_ids("低保", subject_category="民政社会救助") == ids(
        lambda d: d.subject_category == "民政社会救助"
    )
    assert all_ids("低保", validity="失效") == ids(lambda d: d.validity == "失效")
    start, end = datetime.date(2022, 1, 1), datetime.date(2023, 6, 30)
    assert all_ids("低保", date_from=start, date_to=end) == ids(
        lambda d: d.published_on and start <= d.published_on <= end
    )
    assert all_ids("低保", date_from=datetime.date(2025, 1, 1)) == ids(
        lambda d: d.published_on and d.published_on >= datetime.date(2025, 1, 1)
    )
    assert all_ids("政策解读", doc_types=("interpretation",)) == {9003}
    assert 9003 not in all_ids("政策解读", doc_types=("publication",))
    # Every filter narrows something: the corpus is not degenerate.
    assert 0 < len(all_ids("低保", organisation_id=3)) < len(low)
    assert 0 < len(all_ids("低保", column_id=2)) < len(low)


def test_sort_by_date_is_newest_first(corpus: list[SearchDoc]) -> None:
    results = index.search(SearchQuery(site_id=SITE, text="低保", sort="date", per_page=50))
    dates = [h.published_on for h in results.hits]
    assert dates == sorted(dates, reverse=True)
    assert len(set(dates)) > 5


def test_relevance_puts_title_matches_first(corpus: list[SearchDoc]) -> None:
    results = index.search(SearchQuery(site_id=SITE, text="低保", per_page=100))
    in_title = ["<mark>" in h.title_html for h in results.hits]
    assert any(in_title) and not all(in_title)
    first_without = in_title.index(False)
    assert all(in_title[:first_without]) and not any(in_title[first_without:])
    scores = [h.score for h in results.hits]
    assert scores == sorted(scores, reverse=True)
    # Within a tier, newest first.
    tier = [h.published_on for h in results.hits[:first_without]]
    assert tier == sorted(tier, reverse=True)


def test_relevance_ranks_all_terms_in_title_above_some(corpus: list[SearchDoc]) -> None:
    results = index.search(SearchQuery(site_id=SITE, text="低保 标准", per_page=100))
    marks = [h.title_html.count("<mark>") for h in results.hits]
    both = [
        i for i, h in enumerate(results.hits) if "低保" in h.title_html and "标准" in h.title_html
    ]
    one = [
        i
        for i, h in enumerate(results.hits)
        if ("低保" in h.title_html) != ("标准" in h.title_html)
    ]
    assert both and one and max(both) < min(one)
    assert marks


def test_pagination_covers_every_result_once(corpus: list[SearchDoc]) -> None:
    expected = substring_scan(corpus, "县")
    seen: list[int] = []
    for page in range(1, 100):
        results = index.search(SearchQuery(site_id=SITE, text="县", page=page, per_page=7))
        assert results.total == len(expected)
        if not results.hits:
            break
        seen.extend(h.doc_id for h in results.hits)
    assert len(seen) == len(set(seen)) == len(expected)
    assert set(seen) == expected
    # Past the end: no hits, the total still right; nonsense paging is clamped, not an error.
    beyond = index.search(SearchQuery(site_id=SITE, text="县", page=400, per_page=7))
    assert beyond.hits == [] and beyond.total == len(expected)
    clamped = index.search(SearchQuery(site_id=SITE, text="县", page=-3, per_page=10_000))
    assert len(clamped.hits) == min(index.MAX_PER_PAGE, len(expected))


def test_sort_by_date_pages_are_consistent(corpus: list[SearchDoc]) -> None:
    one = index.search(SearchQuery(site_id=SITE, text="税", sort="date", per_page=40))
    two = [
        h.doc_id
        for page in (1, 2)
        for h in index.search(
            SearchQuery(site_id=SITE, text="税", sort="date", per_page=20, page=page)
        ).hits
    ]
    assert [h.doc_id for h in one.hits] == two


def test_snippets_are_escaped_and_highlighted(corpus: list[SearchDoc]) -> None:
    results = index.search(SearchQuery(site_id=SITE, text="低保", doc_types=("publication",)))
    hit = next(h for h in all_hits("低保") if h.doc_id == 9002)
    assert "<script>" not in hit.title_html
    assert "&lt;script&gt;" in hit.title_html
    assert "<mark>低保</mark>" in hit.title_html
    assert "&lt;b&gt;标签&lt;/b&gt; &amp; 符号" in hit.snippet_html
    assert "<mark>低保</mark>" in hit.snippet_html
    assert results.total > 0
    # Full-width text in the document is highlighted for a half-width query.
    hit = next(h for h in all_hits("888") if h.doc_id == 9002)
    assert "<mark>８８８</mark>" in hit.snippet_html
    hit = next(h for h in all_hits("abc 2025") if h.doc_id == 9003)
    assert "<mark>ＡＢＣ</mark>" in hit.title_html and "<mark>２０２５</mark>" in hit.title_html


def all_hits(text: str) -> list[index.Hit]:
    return index.search(SearchQuery(site_id=SITE, text=text, per_page=100)).hits


def test_sites_do_not_see_each_other(corpus: list[SearchDoc]) -> None:
    mine = all_ids("低保")
    theirs = all_ids("低保", site_id=OTHER_SITE)
    assert mine and theirs
    assert all(i < 5000 or i > 9000 for i in mine)
    assert all(5000 < i < 6000 for i in theirs)
    assert all_ids("低保", site_id=3) == set()


def test_relaxed_query_when_the_exact_one_finds_nothing(corpus: list[SearchDoc]) -> None:
    exact = index.search(SearchQuery(site_id=SITE, text="低保标准"))
    assert exact.relaxed is False
    loose = index.search(SearchQuery(site_id=SITE, text="城乡低保金额标准"))
    assert loose.relaxed is True
    assert loose.words == ("城乡低保", "金额", "标准")
    assert loose.total == len(substring_scan(corpus, " ".join(loose.words)))
    nothing = index.search(SearchQuery(site_id=SITE, text="量子计算"))
    assert nothing.total == 0 and nothing.relaxed is False


def test_clear_index_by_type(corpus: list[SearchDoc]) -> None:
    removed = index.clear_index(doc_types=("interpretation",))
    assert removed == 1
    assert 9003 not in all_ids("政策解读")
    assert 9001 in all_ids("预算法")


def test_long_terms_are_still_found_when_the_dictionary_changed(
    corpus: list[SearchDoc],
) -> None:
    """Entries indexed under another dictionary may lack a dictionary term's token: the search
    then matches the term through its grams instead."""
    from gongkai.search.backends import index_is_stale, reset_stale
    from gongkai.search.models import SearchEntry

    expected = all_ids("最低生活保障")
    SearchEntry.objects.filter(doc_id__lt=50).update(tokens_version="0-old")
    reset_stale()
    try:
        assert index_is_stale()
        assert all_ids("最低生活保障") == expected
    finally:
        reset_stale()


def test_postgresql_large_tier_and_unverified_paths_agree(
    corpus: list[SearchDoc], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL a large tier is sorted one publication year at a time, and a long term
    with many candidates is not checked against the text. Thresholds made tiny here, so the
    corpus takes those paths: the same documents in the same order, flagged as not exact."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL paths")
    from gongkai.search.backends import postgres

    def pages(text: str, sort: str) -> list[int]:
        return [
            h.doc_id
            for page in (1, 2, 3)
            for h in index.search(
                SearchQuery(site_id=SITE, text=text, sort=sort, page=page, per_page=15)
            ).hits
        ]

    queries = ["县", "低保", "低保 标准", "2025", "行政许可决定", "征地补偿"]
    before = {(q, s): pages(q, s) for q in queries for s in ("relevance", "date")}
    monkeypatch.setattr(postgres, "SMALL_TIER", 4)
    monkeypatch.setattr(postgres, "VERIFY_LIMIT", 2)
    for (q, s), ids in before.items():
        assert pages(q, s) == ids, (q, s)
    assert not index.search(SearchQuery(site_id=SITE, text="行政许可决定")).exact
    assert index.search(SearchQuery(site_id=SITE, text="县")).exact
    assert all_ids("行政许可决定") == substring_scan(corpus, "行政许可决定")
    dated = all_ids("县", date_from=datetime.date(2023, 1, 1), date_to=datetime.date(2024, 6, 30))
    assert dated == {
        d.doc_id
        for d in corpus
        if d.doc_id in substring_scan(corpus, "县")
        and d.published_on
        and datetime.date(2023, 1, 1) <= d.published_on <= datetime.date(2024, 6, 30)
    }
