"""Anonymous search log and hot searches."""

from __future__ import annotations

import datetime

import time_machine
from django.utils import timezone

from gongkai.search import index
from gongkai.search.models import SearchLog


def test_log_keeps_only_text_site_and_time(db: object) -> None:
    index.log_search(1, "  城乡  ＤＩＢＡＯ 低保 ", total=3)
    row = SearchLog.objects.get()
    assert row.text == "城乡 dibao 低保"
    assert row.site_id == 1
    assert row.found is True
    # Nothing that identifies a person is stored.
    assert {f.name for f in SearchLog._meta.get_fields()} == {
        "id",
        "site_id",
        "text",
        "found",
        "created_at",
    }


def test_empty_query_is_not_logged(db: object) -> None:
    index.log_search(1, "  。 ")
    assert not SearchLog.objects.exists()


def test_hot_searches_count_recent_found_queries_of_the_site(db: object) -> None:
    for _ in range(3):
        index.log_search(1, "低保", total=10)
    for _ in range(2):
        index.log_search(1, "预算", total=4)
    index.log_search(1, "征地补偿")  # total unknown: counted
    for _ in range(5):
        index.log_search(1, "不存在的词", total=0)  # found nothing: never hot
    for _ in range(9):
        index.log_search(2, "医保", total=1)  # another site
    old = timezone.now() - datetime.timedelta(days=40)
    with time_machine.travel(old, tick=False):
        for _ in range(9):
            index.log_search(1, "旧热词", total=1)
    assert index.hot_searches(1) == [("低保", 3), ("预算", 2), ("征地补偿", 1)]
    assert index.hot_searches(1, limit=1) == [("低保", 3)]
    assert ("旧热词", 9) in index.hot_searches(1, days=60)
    assert index.hot_searches(2) == [("医保", 9)]
