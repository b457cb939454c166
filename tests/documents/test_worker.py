"""A real Celery worker renders a document issued in the test process.

The worker is `celery -A enforcement worker` in a subprocess, against the test database
(PostgreSQL: the SQLite test database lives in memory) and Redis. It consumes a queue
private to this test run, so that no other worker on the same Redis takes the task, and
is stopped (its whole process group) at the end, before the test database is flushed.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from celery.app import routes as celery_routes
from django.conf import settings
from django.db import connection

from audit.models import AuditEvent
from documents.models import DocumentVersion
from enforcement.celery import app as celery_app
from tests.documents.factories import issue

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

BASE_DIR = Path(settings.BASE_DIR)
START_TIMEOUT = 90  # worker start-up (Django set-up, imports) on a busy 2-core machine
RENDER_TIMEOUT = 60


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] or "postgres"
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker_queue():
    """Route documents tasks to a private queue and publish for real (not eagerly)."""
    queue = f"documents-test-{uuid.uuid4().hex[:12]}"
    router = celery_app.amqp.router
    saved_eager, saved_routes = celery_app.conf.task_always_eager, router.routes
    celery_app.conf.task_always_eager = False
    router.routes = celery_routes.prepare({"documents.*": {"queue": queue}})
    try:
        yield queue
    finally:
        celery_app.conf.task_always_eager = saved_eager
        router.routes = saved_routes
        client = redis.Redis.from_url(os.environ["REDIS_URL"])
        client.delete(queue, f"_kombu.binding.{queue}")


@pytest.fixture
def celery_worker(worker_queue, tmp_path, settings):
    env = {
        **os.environ,
        "ENFORCEMENT_TESTING": "0",
        "DEBUG": "1",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": os.environ["REDIS_URL"],
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log_path = tmp_path / "worker.log"
    log = log_path.open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "enforcement",
            "worker",
            "-Q",
            worker_queue,
            "-P",
            "solo",
            "-c",
            "1",
            "-l",
            "INFO",
            "-n",
            f"{worker_queue}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped as a whole below
    )
    proc.log_path = log_path
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=15)
        log.close()


def _wait_done(version_id: int, proc, timeout: float) -> DocumentVersion:
    deadline = time.monotonic() + timeout
    seen = set()
    while time.monotonic() < deadline:
        version = DocumentVersion.objects.get(pk=version_id)
        seen.add(version.state)
        if version.state in (DocumentVersion.State.DONE, DocumentVersion.State.FAILED):
            return version
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    log = proc.log_path.read_text(errors="replace")[-4000:]
    pytest.fail(
        f"version not rendered in {timeout}s (states seen {seen}, worker rc={proc.poll()}):\n{log}"
    )


def test_real_worker_renders_an_issued_document(celery_worker):
    doc = issue("penalty_decision")  # on_commit → render_version.delay → Redis → worker
    version = doc.versions.get()
    done = _wait_done(version.pk, celery_worker, START_TIMEOUT + RENDER_TIMEOUT)
    assert done.state == DocumentVersion.State.DONE, done.error
    content = Path(done.file.path).read_bytes()
    assert content.startswith(b"%PDF")
    assert done.sha256 == hashlib.sha256(content).hexdigest()
    event = AuditEvent.objects.get(action="documents.document.rendered")
    assert event.actor_name == "task:documents.render" and event.actor_id is None
    assert event.data["sha256"] == done.sha256

    # A second document goes through the already running worker quickly.
    started = time.monotonic()
    second = issue("penalty_notice", by=doc.issued_by)
    again = _wait_done(second.versions.get().pk, celery_worker, RENDER_TIMEOUT)
    assert again.state == DocumentVersion.State.DONE
    assert time.monotonic() - started < RENDER_TIMEOUT
