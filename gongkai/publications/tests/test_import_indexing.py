"""A large import indexes its items in background tasks dispatched when it commits (ADR 0014):
the items become searchable once the tasks ran (eager here), a failed import dispatches nothing
and leaves no index entry, and the task skips what is no longer public or already indexed."""

from __future__ import annotations

import datetime as dt
import io
from functools import partial

import pytest

from gongkai.publications import services as svc
from gongkai.publications.models import Item, ItemVersion
from gongkai.publications.services import importing
from gongkai.publications.services._base import snapshot
from gongkai.search import index
from gongkai.search.models import SearchEntry

from .files import xlsx_bytes
from .test_import import HEADER, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(monkeypatch):
    """Every import counts as large, and tasks hold two items each."""
    monkeypatch.setattr(importing, "BULK_INDEX_FROM", 1)
    monkeypatch.setattr(importing, "INDEX_TASK_BATCH", 2)


def run(actor, site, *rows):
    data = xlsx_bytes([HEADER, *rows])
    return svc.items_import_file(site=site, file=io.BytesIO(data), actor=actor)


def found(site, text="临时救助"):
    return {h.doc_id for h in index.search(index.SearchQuery(site_id=site.pk, text=text)).hits}


def test_large_import_is_indexed_by_tasks_after_commit(
    office, site, column, large, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = run(office, site, row(), row("第二条"), row("第三条"))
    assert result.ok and result.created == 3
    assert not SearchEntry.objects.exists()  # committed first, indexed afterwards
    tasks = [c for c in callbacks if isinstance(c, partial)]
    ids = sorted(Item.objects.values_list("pk", flat=True))
    assert [task.args for task in tasks] == [(ids[:2],), (ids[2:],)]  # tasks of two items
    for callback in callbacks:
        callback()
    assert found(site) == set(Item.objects.values_list("pk", flat=True))


def test_failed_import_dispatches_nothing_and_leaves_no_index_entry(
    office, site, column, large, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(column_ids):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "recount_columns", broken)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        run(office, site, row(), row("第二条"))
    assert callbacks == []
    assert not Item.objects.exists() and not SearchEntry.objects.exists()


def test_index_task_skips_withdrawn_and_indexed_items(office, site, column, leader, large):
    assert run(office, site, row(), row("第二条")).ok  # callbacks not run: nothing indexed
    first, second = Item.objects.order_by("pk")
    svc.item_withdraw(item=second, actor=leader, reason="已被新文件替代")
    assert svc.items_index_imported([first.pk, second.pk]) == 1
    assert svc.items_index_imported([first.pk, second.pk]) == 0  # a retried task is harmless
    assert found(site) == {first.pk}


def test_first_version_is_the_items_snapshot(office, site, column):
    assert run(office, site, row(), row("第二条", 有效性="有效", 关键词="")).ok
    for item in Item.objects.all():
        data, expected = ItemVersion.objects.get(item=item, number=1).data, snapshot(item)
        # The same moment (written in local time, read back in UTC).
        assert dt.datetime.fromisoformat(data.pop("published_at")) == dt.datetime.fromisoformat(
            expected.pop("published_at")
        )
        assert data == expected
