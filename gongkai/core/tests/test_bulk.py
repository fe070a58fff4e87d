"""gongkai.core.bulk: reserved keys are new and never reused; inserted rows read back as the ORM
would have written them (defaults, dates, JSON, auto_now)."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core.bulk import insert_dicts, reserve_ids
from gongkai.core.models import AuditEvent, CalendarDay

pytestmark = pytest.mark.django_db


def test_reserved_ids_are_new_and_not_reused_after_a_delete():
    day = CalendarDay.objects.create(date=dt.date(2026, 1, 1), is_working=False, source="manual")
    ids = reserve_ids(CalendarDay, 3)
    assert len(set(ids)) == 3 and min(ids) > day.pk
    insert_dicts(
        CalendarDay,
        [
            {"id": pk, "date": dt.date(2026, 1, 2 + n), "is_working": True}
            for n, pk in enumerate(ids)
        ],
        source="manual",
    )
    CalendarDay.objects.filter(pk=max(ids)).delete()
    assert min(reserve_ids(CalendarDay, 1)) > max(ids)
    assert CalendarDay.objects.create(date=dt.date(2026, 2, 1), is_working=True).pk > max(ids)


def test_rows_read_back_with_defaults_and_converted_values():
    before = dt.datetime.now(dt.UTC)
    insert_dicts(
        AuditEvent,
        [{"action": "a", "changes": {"n": [None, 1]}}, {"action": "b", "changes": {}}],
        actor_name="系统",
    )
    first, second = AuditEvent.objects.order_by("pk")
    assert (first.action, first.changes, first.actor_name) == ("a", {"n": [None, 1]}, "系统")
    assert second.note == "" and second.site_id is None
    assert first.created_at == second.created_at >= before - dt.timedelta(seconds=1)
    day_ids = reserve_ids(CalendarDay, 1)
    insert_dicts(CalendarDay, [{"id": day_ids[0], "date": dt.date(2026, 3, 1)}], is_working=True)
    assert CalendarDay.objects.get(pk=day_ids[0]).date == dt.date(2026, 3, 1)


def test_paused_gc_restores_the_collectors_state():
    import gc

    from gongkai.core.bulk import paused_gc

    assert gc.isenabled()
    with pytest.raises(ValueError), paused_gc():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
