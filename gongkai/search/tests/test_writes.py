"""The write path: upsert, removal, the caller's transaction; and snippet windows."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from gongkai.search import index
from gongkai.search.index import SearchDoc, SearchQuery

from .conftest import SITE, all_ids


def _doc(doc_id: int = 1, **kwargs: object) -> SearchDoc:
    values: dict[str, object] = {
        "site_id": SITE,
        "doc_type": "publication",
        "doc_id": doc_id,
        "title": "关于城乡低保标准调整的通知",
        "body": "正文",
    }
    values.update(kwargs)
    return SearchDoc(**values)  # type: ignore[arg-type]


def test_upsert_replaces_the_document(db: object) -> None:
    index.index_document(_doc(column_ids=(1, 2), organisation_id=5))
    assert all_ids("低保") == {1}
    index.index_document(
        _doc(
            title="征地补偿安置方案",
            body="新正文",
            column_ids=(3,),
            organisation_id=6,
            published_on=datetime.date(2025, 1, 2),
        )
    )
    assert all_ids("低保") == set()
    assert all_ids("征地补偿") == {1}
    assert all_ids("征地补偿", column_id=1) == set()
    assert all_ids("征地补偿", column_id=3) == {1}
    assert all_ids("征地补偿", organisation_id=5) == set()
    assert all_ids("征地补偿", organisation_id=6) == {1}
    assert all_ids("征地补偿", date_from=datetime.date(2025, 1, 2)) == {1}
    assert index.search(SearchQuery(site_id=SITE, text="征地补偿")).total == 1
    # Indexing the same content again changes nothing.
    index.index_document(
        _doc(
            title="征地补偿安置方案",
            body="新正文",
            column_ids=(3,),
            organisation_id=6,
            published_on=datetime.date(2025, 1, 2),
        )
    )
    assert index.search(SearchQuery(site_id=SITE, text="征地补偿")).total == 1


def test_remove(db: object) -> None:
    index.index_document(_doc(1))
    index.index_document(_doc(2))
    index.remove_document("publication", 1)
    assert all_ids("低保") == {2}
    index.remove_document("publication", 1)  # absent: no-op
    index.remove_document("other", 2)  # another type with the same id
    assert all_ids("低保") == {2}


@pytest.mark.django_db(transaction=True)
def test_rollback_of_the_callers_transaction_undoes_the_index_change() -> None:
    index.index_document(_doc(1))

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        index.index_document(_doc(2))
        index.index_document(_doc(1, title="征地补偿"))
        assert all_ids("低保") == {2}
        raise Boom
    assert all_ids("低保") == {1}
    assert all_ids("征地补偿") == set()

    with pytest.raises(Boom), transaction.atomic():
        index.remove_document("publication", 1)
        assert all_ids("低保") == set()
        raise Boom
    assert all_ids("低保") == {1}
    index.clear_index()


def test_snippet_is_a_window_around_the_first_match(db: object) -> None:
    body = "前言。" * 100 + "城乡低保标准调整。" + "后记。" * 100
    index.index_document(
        SearchDoc(site_id=SITE, doc_type="publication", doc_id=1, title="通知", body=body)
    )
    hit = index.search(SearchQuery(site_id=SITE, text="低保")).hits[0]
    assert "<mark>低保</mark>" in hit.snippet_html
    assert hit.snippet_html.startswith("…") and hit.snippet_html.endswith("…")
    assert 100 <= len(hit.snippet_html.replace("<mark>", "").replace("</mark>", "")) <= 130
    # A match only in the title: the snippet is the beginning of the body, unhighlighted.
    index.index_document(
        SearchDoc(site_id=SITE, doc_type="publication", doc_id=2, title="征地补偿", body="正文。")
    )
    hit = index.search(SearchQuery(site_id=SITE, text="征地补偿")).hits[0]
    assert hit.snippet_html == "正文。"


@pytest.mark.django_db(transaction=True)
def test_flush_leaves_no_orphan_index_rows() -> None:
    from django.core.management import call_command

    index.index_document(_doc(1, title="独一无二的标题"))
    call_command("flush", interactive=False, verbosity=0)
    index.index_document(_doc(2, title="另一个标题"))
    results = index.search(SearchQuery(site_id=SITE, text="独一无二"))
    assert results.total == 0 and results.hits == []
    index.clear_index()


def test_bulk_index_equals_one_by_one(db: object) -> None:
    """The bulk path (plain INSERTs / COPY) stores what index_document stores."""
    docs = [
        _doc(1, column_ids=(3, 3, 4), organisation_id=5, published_on=datetime.date(2024, 5, 6)),
        _doc(2, title="示政发〔2025〕3号 最低生活保障", attachments_text="附件 O'Brien \\ 2025"),
    ]
    assert index.bulk_index(docs) == 2
    bulk = {q: all_ids(q) for q in ("低保", "最低生活保障", "o'brien", "2025", "政发 2025 3号")}
    index.clear_index()
    for doc in docs:
        index.index_document(doc)
    assert {q: all_ids(q) for q in bulk} == bulk
    assert bulk["低保"] == {1} and bulk["最低生活保障"] == bulk["o'brien"] == {2}
    assert all_ids("低保", column_id=3) == {1}


@pytest.mark.django_db
def test_tsvector_text_is_what_array_to_tsvector_makes() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    from gongkai.search.backends.postgres import tsvector_text

    for lexemes in (["1:预算", "1:^#最低生活保障", "1:@o5", "1:预算"], ["1:o'b", "1:a\\b"], []):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT %s::tsvector = array_to_tsvector(%s::text[])",
                [tsvector_text(lexemes), lexemes],
            )
            assert cursor.fetchone()[0], lexemes
