"""R-29 under concurrency (PostgreSQL): two supervisors approve the same case at the same
moment; exactly one approval is recorded, the other gets a clear message."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from audit.verify import verify_chain
from core import clock
from core.errors import DomainError
from penalties.models import DecisionApproval
from penalties.services import reviews
from tests.penalties.decision_support import AFTER_PERIOD, at_approval, dworld


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_r29_two_supervisors_approving_at_once_record_one_approval(roles):
    with clock.travel(AFTER_PERIOD):
        dw = dworld()
    case = at_approval(dw)
    approval = reviews.pending_approval(case)
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def approve(name, user):
        try:
            barrier.wait(timeout=10)
            with clock.travel(AFTER_PERIOD):
                reviews.decide_approval(approval, by=user, approve=True, reasons=f"{name}同意")
            results[name] = "ok"
        except DomainError as exc:
            results[name] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=approve, args=("甲", dw.supervisor)),
        threading.Thread(target=approve, args=("乙", dw.supervisor2)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(type(r).__name__ for r in results.values()) == ["DomainError", "str"]
    winner = next(k for k, v in results.items() if v == "ok")
    loser = next(v for v in results.values() if isinstance(v, DomainError))
    row = DecisionApproval.objects.get(case=case)
    assert row.status == DecisionApproval.Status.APPROVED
    assert row.reasons == f"{winner}同意"
    assert DecisionApproval.objects.filter(case=case, status="approved").count() == 1
    approver = row.approver.officer.name
    assert loser.message.startswith(f"该处罚决定已由{approver}于 ")
    assert loser.message.endswith("审批（已批准），无需重复审批")
    assert verify_chain().ok
