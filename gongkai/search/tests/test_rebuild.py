"""`gongkai rebuild_search_index` and the source registry."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.search import index
from gongkai.search.index import SearchDoc, SearchQuery
from gongkai.search.synthetic import generate_docs


@pytest.fixture
def sources() -> Iterator[None]:
    saved = index.registered_sources()
    index._SOURCES.clear()
    index.register_source(
        "publication", lambda: generate_docs(25, site_id=1, doc_type="publication")
    )
    index.register_source(
        "interpretation",
        lambda: iter(
            [
                SearchDoc(
                    site_id=1, doc_type="interpretation", doc_id=1, title="低保政策解读", body=""
                )
            ]
        ),
    )
    yield
    index._SOURCES.clear()
    index._SOURCES.update(saved)


def test_rebuild_clears_and_reloads_every_source(db: object, sources: None) -> None:
    index.index_document(
        SearchDoc(site_id=1, doc_type="stale", doc_id=1, title="已撤回的低保通知", body="")
    )
    out = StringIO()
    call_command("rebuild_search_index", "--batch-size", "10", stdout=out)
    output = out.getvalue()
    assert "已清空 1 条索引" in output
    assert "publication: 已索引 25 条" in output
    assert "interpretation: 已索引 1 条" in output
    assert "共 26 条" in output
    results = index.search(SearchQuery(site_id=1, text="低保", doc_types=("stale",)))
    assert results.total == 0
    assert index.search(SearchQuery(site_id=1, text="政策解读")).total >= 1
    # Running it again gives the same index.
    before = index.search(SearchQuery(site_id=1, text="县", per_page=100))
    call_command("rebuild_search_index", stdout=StringIO())
    after = index.search(SearchQuery(site_id=1, text="县", per_page=100))
    assert [h.doc_id for h in after.hits] == [h.doc_id for h in before.hits]
    assert after.total == before.total == 26 - 1 + (1 if "县" in "低保政策解读" else 0)


def test_rebuild_of_one_type_keeps_the_others(db: object, sources: None) -> None:
    call_command("rebuild_search_index", stdout=StringIO())
    out = StringIO()
    call_command("rebuild_search_index", "--type", "interpretation", stdout=out)
    assert "已清空 1 条索引" in out.getvalue()
    assert index.search(SearchQuery(site_id=1, text="县")).total == 25


def test_unknown_type_is_refused(db: object, sources: None) -> None:
    with pytest.raises(CommandError, match="未注册"):
        call_command("rebuild_search_index", "--type", "nope", stdout=StringIO())
