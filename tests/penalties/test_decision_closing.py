"""一案一卷 (R-48): closing refused while the file lacks what the path taken requires; the
refusal lists every missing document."""

from __future__ import annotations

from datetime import date

import pytest

from cases import closing
from cases import services as case_services
from cases.states import State
from core import clock
from core.errors import RuleViolation
from penalties import complete_file
from penalties import discretion as d
from penalties.services import decisions, payments
from tests.penalties.decision_support import (
    AFTER_PERIOD,
    START,
    closed_case,
    decided,
    dworld,
    reload,
    served,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dw():
    with clock.travel(AFTER_PERIOD):
        return dworld()


def _unpaid(case) -> str:
    """EXECUTION's wording of the missing proof of payment (its `execution_complete`)."""
    return payments.execution_complete(case).problems[0].message


def test_r48_registered_with_the_closing_hook():
    assert complete_file.complete_file_verdict in closing._checks


def test_r48_unserved_unpaid_decision_lists_what_is_missing(dw):
    case, decision = decided(dw)
    with clock.travel(AFTER_PERIOD):
        verdict = complete_file.complete_file_verdict(case)
        unpaid = _unpaid(case)
    assert "6,000.00" in unpaid or "6000.00" in unpaid
    assert verdict.reasons == [f"R-48: 案卷不完整，缺少：行政处罚决定书送达回证、{unpaid}"]


def test_r48_closing_refused_until_paid_then_allowed(dw):
    case, decision = served(dw)
    with clock.travel(AFTER_PERIOD):
        with pytest.raises(RuleViolation) as exc:
            case_services.request_closing(case, by=dw.a, summary="执行完毕")
        assert str(exc.value) == f"R-48: 案卷不完整，缺少：{_unpaid(case)}"
    assert not reload(case).closing_reports.exists()
    day = date(2026, 9, 15)
    with clock.travel(day):
        payments.record_payment(
            case, by=dw.a, amount="6000", paid_on=day, channel="bank", reference="BJ20260915001"
        )
        case = reload(case)
        assert case.state == State.EXECUTING
        assert complete_file.complete_file_verdict(case).ok
        report = case_services.request_closing(case, by=dw.a, summary="罚款已缴清，执行完毕")
        case_services.decide_closing(report.approval, by=dw.supervisor, approve=True)
    assert reload(case).state == State.CLOSED


def test_r48_warning_needs_no_proof_of_payment(dw):
    case, decision = served(dw, penalty=d.Proposal.of(d.PenaltyType.WARNING))
    assert complete_file.missing_documents(case) == []


def test_r48_review_and_discussion_required_by_the_path(dw):
    case, decision = served(dw, penalty=d.Proposal.of(d.PenaltyType.WARNING))
    # The case turns out to be major: the path now requires a review and a discussion.
    type(case).objects.filter(pk=case.pk).update(is_major=True)
    assert complete_file.missing_documents(reload(case)) == ["法制审核意见书", "集体讨论记录"]


def test_r48_no_penalty_decision_needs_its_service(dw):
    with clock.travel(START):
        case = closed_case(dw)
        decisions.decide_without_penalty(
            case,
            by=dw.supervisor,
            outcome="no_penalty",
            reasons="初次违法，危害后果轻微并及时改正",
            education="已批评教育",
        )
    assert complete_file.missing_documents(reload(case)) == ["不予行政处罚决定书送达回证"]
