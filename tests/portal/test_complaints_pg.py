"""R-71 on PostgreSQL with real transactions and threads: concurrent submissions get
unique, consecutive tracking numbers (the counter row is locked), and a submission that
fails after taking a number leaves no gap."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connections

from core import clock
from core.errors import DomainError
from portal.models import Complaint, ComplaintCounter
from portal.services import complaints as svc
from tests.portal.factories import AgencyFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

START = date(2026, 9, 1)


def run_together(fns):
    barrier = threading.Barrier(len(fns))
    results: list = [None] * len(fns)

    def worker(i, fn):
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:  # noqa: BLE001 - reported to the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, fn)) for i, fn in enumerate(fns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_r71_concurrent_submissions_get_unique_gap_free_numbers():
    agency = AgencyFactory()
    with clock.travel(START):
        offset = clock.offset()

    def submit(i):
        def go():
            clock.set_offset(offset)
            return svc.submit_complaint(
                kind=Complaint.Kind.REPORT, agency=agency, description=f"举报{i}"
            ).complaint.number

        return go

    results = run_together([submit(i) for i in range(8)])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(results) == [f"TS2026-{n:06d}" for n in range(1, 9)]
    assert ComplaintCounter.objects.get(year=2026).last_seq == 8


def test_r71_submissions_failing_after_the_number_was_taken_leave_no_gap(monkeypatch):
    """The failure happens after the counter moved (at the audit record): the whole
    transaction rolls back, counter included, so the next numbers stay consecutive."""
    agency = AgencyFactory()
    with clock.travel(START):
        offset = clock.offset()
    real_record = svc.audit.record

    def flaky_record(action, obj=None, **kwargs):
        if isinstance(obj, Complaint) and obj.description.startswith("坏"):
            raise DomainError("模拟故障")
        return real_record(action, obj, **kwargs)

    monkeypatch.setattr(svc.audit, "record", flaky_record)

    def submit(i):
        def go():
            clock.set_offset(offset)
            return svc.submit_complaint(
                kind=Complaint.Kind.REPORT,
                agency=agency,
                description=f"坏{i}" if i % 2 else f"举报{i}",
            ).complaint.number

        return go

    results = run_together([submit(i) for i in range(6)])
    numbers = sorted(r for r in results if isinstance(r, str))
    assert len([r for r in results if isinstance(r, DomainError)]) == 3
    assert numbers == ["TS2026-000001", "TS2026-000002", "TS2026-000003"]
    assert ComplaintCounter.objects.get(year=2026).last_seq == 3
    assert Complaint.objects.count() == 3
