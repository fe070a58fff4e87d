"""The production path of the retention sweep: the task goes through Redis to a real Celery
worker process, which purges the test database.

Runs only with the production services:
    REDIS_URL=redis://127.0.0.1:6379/14 DATABASE_URL=postgres://postgres@127.0.0.1:5432/gk_x \
        .venv/bin/pytest gongkai/core/tests/test_celery_worker.py
(with REDIS_URL set, settings turn CELERY_TASK_ALWAYS_EAGER off). Use a Redis database of its
own: the queue is emptied before the worker starts.
"""

import datetime as dt
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import time_machine
from celery.exceptions import TimeoutError as CeleryTimeoutError
from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.celery import app as celery_app
from gongkai.core import audit
from gongkai.core.models import AuditEvent
from gongkai.core.tasks import purge_audit_events

pytestmark = [
    pytest.mark.production,
    pytest.mark.skipif(
        not settings.REDIS_URL or connection.vendor != "postgresql",
        reason="needs REDIS_URL and a PostgreSQL DATABASE_URL",
    ),
]

RESULT_TIMEOUT = 60


def _test_database_url() -> str:
    """A URL for the database this test session runs on (test_<name>, not the configured one)."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{quote(db['NAME'], safe='')}"


@pytest.fixture
def worker_log(tmp_path: Path) -> Path:
    return tmp_path / "celery-worker.log"


@pytest.fixture
def celery_worker(transactional_db: None, worker_log: Path) -> Iterator[subprocess.Popen[bytes]]:
    # Stale messages from an interrupted earlier run would otherwise be consumed first.
    celery_app.control.purge()
    # Not a test process: without these, settings would shift REDIS_URL to another database for
    # the pytest-xdist worker number and the worker would listen where nobody sends.
    inherited = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "GONGKAI_TESTING"}
    }
    env = {
        **inherited,
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        # The worker runs as in production (not under pytest), which demands a real key.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "GONGKAI_AUDIT_RETENTION_DAYS": str(settings.GONGKAI_AUDIT_RETENTION_DAYS),
        "GONGKAI_TASKS_EAGER": "0",
    }
    command = [
        str(Path(sys.executable).with_name("celery")),
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "-c",
        "1",
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-n",
        f"gk-audit-test-{os.getpid()}@%h",
    ]
    with worker_log.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        yield process
    finally:
        # Stop it before pytest-django flushes and drops the test database it is connected to.
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def through_the_broker() -> Iterator[None]:
    """Send tasks to Redis even when the suite runs tasks eagerly (GONGKAI_TASKS_EAGER=1 in CI)."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = eager


def test_a_real_worker_purges_expired_audit_events(
    celery_worker: subprocess.Popen[bytes], worker_log: Path, through_the_broker: None
) -> None:
    days = audit.retention_days()
    with time_machine.travel(timezone.now() - dt.timedelta(days=days + 30), tick=False):
        expired = audit.record(actor=None, action="organisation.update", site_id=1, note="old")
    kept = audit.record(actor=None, action="organisation.update", site_id=1, note="new")

    result = purge_audit_events.delay()
    try:
        deleted = result.get(timeout=RESULT_TIMEOUT)
    except CeleryTimeoutError:
        pytest.fail(
            f"no result within {RESULT_TIMEOUT} s (worker exit code {celery_worker.poll()}):\n"
            + worker_log.read_text(errors="replace")[-4000:]
        )
    result.forget()

    assert deleted == 1
    assert not AuditEvent.objects.filter(pk=expired.pk).exists()
    assert AuditEvent.objects.filter(pk=kept.pk).exists()
    purge = AuditEvent.objects.get(action="audit.purge")
    assert purge.site_id == 1 and "操作日志 1 条" in purge.note
