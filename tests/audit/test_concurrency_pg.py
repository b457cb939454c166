"""Concurrent writers keep the chain linear: the chain head row is locked per write
(PostgreSQL, real commits)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from audit.models import AuditEvent
from audit.services import record
from audit.verify import verify_chain

pytestmark = [pytest.mark.postgres]

THREADS = 4
PER_THREAD = 25


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_the_chain_linear():
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(PER_THREAD):
                with transaction.atomic():
                    record("tests.thing.done", None, actor_name=f"task:writer{n}", data={"i": i})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors

    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, THREADS * PER_THREAD + 1))
    writers = set(AuditEvent.objects.values_list("actor_name", flat=True))
    assert writers == {f"task:writer{n}" for n in range(THREADS)}
    result = verify_chain()
    assert result.ok, result.reason
    assert result.checked == THREADS * PER_THREAD


@pytest.mark.django_db(transaction=True)
def test_verify_during_concurrent_writes_has_no_false_alarm():
    """Verification reads the head first and checks up to it, so writers committing
    meanwhile do not look like a broken tail."""
    for i in range(50):
        record("tests.thing.done", None, data={"i": i})
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            while not stop.is_set():
                with transaction.atomic():
                    record("tests.thing.done", None, actor_name="task:writer")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        results = [verify_chain(chunk_size=7) for _ in range(5)]
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not errors, errors
    assert all(r.ok for r in results), [r.reason for r in results]
    assert verify_chain().ok
