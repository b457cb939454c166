"""Concurrency on PostgreSQL (real transactions, threads): two officers recording the full
payment of the same decision at the same moment — the decision row is locked, so exactly
one payment is recorded and the other is refused as an overpayment (R-40)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connections

from core import clock
from core.errors import RuleViolation
from penalties.models import Payment
from penalties.services import payments
from tests.penalties.execution_support import served_case, world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def run_together(*fns):
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


def test_r40_two_full_payments_at_once_one_recorded():
    dw = world()
    case, _decision = served_case(dw)
    day = date(2026, 9, 28)
    with clock.travel(day):
        offset = clock.offset()

    def pay(user, reference):
        def go():
            clock.set_offset(offset)
            return payments.record_payment(
                case, by=user, amount="6000", paid_on=day, channel="bank", reference=reference
            )

        return go

    results = run_together(pay(dw.a, "ICBC-A"), pay(dw.b, "ICBC-B"))
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1, results
    assert isinstance(refused[0], RuleViolation)
    assert str(refused[0]) == "R-40: 缴款金额 6000.00 元超过尚欠金额 0.00 元"
    assert Payment.objects.filter(case=case).count() == 1
