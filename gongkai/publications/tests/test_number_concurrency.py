"""索引号 under concurrent publication: items published at the same moment in the same
organisation never share a number, and the numbers are consecutive. Real concurrency needs
PostgreSQL (SQLite serialises writers anyway, so the test would prove nothing there); run with
DATABASE_URL=postgres://..."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.utils import timezone

from gongkai.publications import services as svc
from gongkai.publications.models import IndexSequence, Item

from .conftest import complete_fields

THREADS = 8
PER_THREAD = 5

pytestmark = [
    pytest.mark.production,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (select_for_update) only serialise writers on PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_concurrent_publications_get_distinct_consecutive_numbers(orgs, clerk_a, leader, column):
    pending = []
    for n in range(THREADS * PER_THREAD):
        item = svc.item_create_draft(
            organisation=orgs["dept"], actor=clerk_a, **complete_fields(column, title=f"信息{n}")
        )
        pending.append(svc.item_submit(item=item, actor=clerk_a))
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(batch: list[Item]) -> None:
        try:
            barrier.wait(timeout=30)
            for item in batch:
                svc.item_approve(item=item, actor=leader, secrecy_confirmed=True)
        except BaseException as exc:  # reported below, not swallowed
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(pending[i::THREADS],)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert errors == []
    year = timezone.localtime(timezone.now()).year
    numbers = sorted(Item.objects.values_list("index_number", flat=True))
    total = THREADS * PER_THREAD
    assert numbers == [f"SLXMZJ/{year}-{n:05d}" for n in range(1, total + 1)]
    assert IndexSequence.objects.get(organisation=orgs["dept"], year=year).last == total
    column.refresh_from_db()
    assert column.item_count == total
