"""Letter numbers under concurrent issuing: every letter gets its own serial, none skipped or
repeated. Real concurrency needs PostgreSQL (SQLite serialises writers anyway, so the test
would prove nothing there); run with DATABASE_URL=postgres://..."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from gongkai.info_requests.factories import InfoRequestFactory
from gongkai.info_requests.letters import issue
from gongkai.info_requests.models import Letter, LetterNumberSequence

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


def test_concurrent_letters_get_unique_consecutive_numbers(site, orgs, monkeypatch):
    # The files are not what this test is about; rendering 24 PDFs would only slow it down.
    monkeypatch.setattr(issue, "schedule_render", lambda letter_id: None)
    requests = [
        InfoRequestFactory(site=site, organisation=orgs["government"])
        for _ in range(THREADS * PER_THREAD)
    ]
    barrier = threading.Barrier(THREADS)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(mine: list) -> None:
        try:
            barrier.wait(timeout=30)
            for info_request in mine:
                with transaction.atomic():
                    letter = issue.letter_issue(
                        info_request=info_request,
                        kind="receipt",
                        actor=None,
                        issued_on=dt.date(2025, 9, 22),
                    )
                with lock:
                    numbers.append(letter.number)
        except BaseException as exc:  # reported below, not swallowed
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(requests[i::THREADS],)) for i in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    total = THREADS * PER_THREAD
    assert sorted(numbers, key=lambda n: int(n.split("〕")[1][:-1])) == [
        f"示例县政府依申公告〔2025〕{n}号" for n in range(1, total + 1)
    ]
    assert Letter.objects.count() == total
    sequence = LetterNumberSequence.objects.get(
        organisation=orgs["government"], year=2025, series="notice"
    )
    assert sequence.last == total
