from __future__ import annotations

import datetime
import unicodedata
from typing import Any

import pytest

from gongkai.search import index
from gongkai.search.index import SearchDoc
from gongkai.search.synthetic import generate_docs

SITE = 1
OTHER_SITE = 2


def norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def fields(doc: SearchDoc) -> tuple[str, ...]:
    return (doc.title, doc.document_number, doc.body, doc.attachments_text)


def substring_scan(docs: list[SearchDoc], query: str, site_id: int = SITE) -> set[int]:
    """The reference: documents of the site where every whitespace-separated word of the query
    is a substring of some field (NFKC + lower case on both sides)."""
    words = [norm(w) for w in query.split()]
    return {
        d.doc_id
        for d in docs
        if d.site_id == site_id and all(any(w in norm(f) for f in fields(d)) for w in words)
    }


def all_ids(text: str, site_id: int = SITE, **kwargs: Any) -> set[int]:
    """Every doc_id the search returns, over all pages."""
    ids: set[int] = set()
    page = 1
    while True:
        results = index.search(
            index.SearchQuery(site_id=site_id, text=text, page=page, per_page=100, **kwargs)
        )
        ids |= {hit.doc_id for hit in results.hits}
        if page * 100 >= results.total:
            assert len(ids) == results.total
            return ids
        page += 1


# Documents whose content the tests rely on, beside the generated ones.
SPECIAL = [
    SearchDoc(
        site_id=SITE,
        doc_type="publication",
        doc_id=9001,
        title="关于《中华人民共和国预算法》实施情况的报告",
        body="预算法规定，各级预算应当遵循统筹兼顾、勤俭节约的原则。纳税人依法纳税。",
        document_number="示政发〔2025〕3号",
        organisation_id=1,
        column_ids=(1,),
        subject_category="财政金融",
        published_on=datetime.date(2025, 3, 1),
        validity="有效",
        url="/xxgk/9001/",
    ),
    SearchDoc(
        site_id=SITE,
        doc_type="publication",
        doc_id=9002,
        title="<script>alert('低保')</script>测试标题",
        body="正文含有 <b>标签</b> & 符号，城乡低保标准为每月８８８元。",
        document_number="示政发〔2025〕31号",
        published_on=datetime.date(2024, 1, 5),
        url="/xxgk/9002/",
    ),
    SearchDoc(
        site_id=SITE,
        doc_type="interpretation",
        doc_id=9003,
        title="ＡＢＣ全角字母与２０２５年政策解读",
        body="本解读对应文件示政发[2025]3号。",
        published_on=datetime.date(2025, 6, 30),
        url="/jd/9003/",
    ),
]


@pytest.fixture(scope="module")
def _committed_corpus(django_db_setup: Any, django_db_blocker: Any) -> Any:
    # Indexed once per test module and committed (each test still runs in a transaction that
    # is rolled back); removed when the module's tests are done.
    docs = list(generate_docs(200, site_id=SITE, seed=7)) + SPECIAL
    others = list(generate_docs(30, site_id=OTHER_SITE, seed=7, first_id=5001))
    with django_db_blocker.unblock():
        index.clear_index()
        index.bulk_index(docs + others, batch_size=100)
    yield docs + others
    with django_db_blocker.unblock():
        index.clear_index()


@pytest.fixture
def corpus(db: Any, _committed_corpus: list[SearchDoc]) -> list[SearchDoc]:
    """About 200 generated documents in site 1 plus the special ones, and a copy of 30 of them
    in site 2 (other ids)."""
    return _committed_corpus
