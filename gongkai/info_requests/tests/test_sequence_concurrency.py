"""Tracking numbers under concurrent intake: every registration gets its own serial, none is
skipped or repeated. Real concurrency needs PostgreSQL (SQLite serialises writers anyway, so the
test would prove nothing there); run with DATABASE_URL=postgres://..."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from gongkai.info_requests import services as svc
from gongkai.info_requests.models import InfoRequest, RequestSequence

from .conftest import PERSON

THREADS = 8
PER_THREAD = 3

pytestmark = [
    pytest.mark.production,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (select_for_update) only serialise writers on PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_concurrent_registrations_get_unique_consecutive_tracking_numbers(site, office):
    barrier = threading.Barrier(THREADS)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            barrier.wait(timeout=30)
            for _ in range(PER_THREAD):
                registration = svc.info_request_register(
                    site=site,
                    channel="in_person",
                    submitted_on=dt.date(2025, 9, 22),
                    actor=office,
                    **PERSON,
                )
                with lock:
                    numbers.append(registration.info_request.tracking_number)
        except BaseException as exc:  # reported below, not swallowed
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    total = THREADS * PER_THREAD
    assert sorted(numbers) == [f"YSQ-2025-{n:06d}" for n in range(1, total + 1)]
    assert InfoRequest.objects.count() == total
    assert RequestSequence.objects.get(site=site, year=2025).last == total
