"""The decision (R-35, R-36, R-37, R-38; R-24/R-25 through the notice stage's gate; R-29
approval first) and the no-penalty decision, through the real services."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from audit.models import AuditEvent
from cases import services as case_services
from cases.models import Case, Evidence
from cases.states import State
from core import clock, workdays
from core.errors import Verdict
from documents.models import Document
from penalties import discretion as d
from penalties.models import Decision, DecisionApproval
from penalties.services import decision_data as dd
from penalties.services import decisions, reviews
from tests.documents.factories import pdftotext, poppler_available
from tests.penalties.decision_support import (
    AFTER_PERIOD,
    START,
    approved,
    closed_case,
    decided,
    dworld,
    notified,
    pdf,
    reload,
    served,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLIC_BASE_URL = "https://zf.example.gov.cn"


@pytest.fixture
def dw():
    with clock.travel(AFTER_PERIOD):
        return dworld()


def _nothing_issued(case: Case) -> None:
    case = reload(case)
    assert case.state == State.APPROVAL
    assert not Decision.objects.filter(case=case).exists()
    assert not Document.objects.filter(case_id=case.pk, kind="penalty_decision").exists()


# --- Guards ------------------------------------------------------------------------------


def test_r25_issue_decision_refused_with_the_gates_message(dw):
    """R-25 (via the gate): submitted and approved during the statement period, the
    decision itself is refused until the period has ended, and nothing is written."""
    case = notified(dw)
    day = START + timedelta(days=2)
    with clock.travel(day):
        reviews.submit_for_decision(case, by=dw.a)
        reviews.decide_approval(
            reviews.pending_approval(case), by=dw.supervisor, approve=True, reasons="同意"
        )
        verdict = decisions.decision_verdict(reload(case))
        assert verdict.reasons == ["R-25: 陈述申辩期至 2026-09-08 届满，届满前不得作出处罚决定"]
        with pytest.raises(Exception) as exc:
            decisions.issue_decision(case, by=dw.a)
    assert str(exc.value) == "R-25: 陈述申辩期至 2026-09-08 届满，届满前不得作出处罚决定"
    _nothing_issued(case)


def test_r24_issue_decision_asks_the_gate_with_the_proposed_penalty(dw, monkeypatch):
    """R-24: issue_decision calls `decision_gate(case, penalty=…)` and refuses with its
    message whatever branch refuses."""
    case = approved(dw)
    seen = {}

    def gate(c, *, penalty=None, on=None):
        seen.update(case=c.pk, penalty=penalty, on=on)
        return Verdict.refuse("R-24", "尚未向当事人送达行政处罚告知书，不得作出处罚决定")

    monkeypatch.setattr(decisions, "decision_gate", gate)
    with clock.travel(AFTER_PERIOD), pytest.raises(Exception) as exc:
        decisions.issue_decision(case, by=dw.a)
    assert str(exc.value) == "R-24: 尚未向当事人送达行政处罚告知书，不得作出处罚决定"
    assert seen == {
        "case": case.pk,
        "penalty": d.Proposal.of(d.PenaltyType.FINE, fine=6000),
        "on": AFTER_PERIOD,
    }
    _nothing_issued(case)


def test_r29_decision_refused_before_approval(dw):
    case = notified(dw)
    with clock.travel(AFTER_PERIOD):
        reviews.submit_for_decision(case, by=dw.a)
        with pytest.raises(Exception) as exc:
            decisions.issue_decision(case, by=dw.a)
    assert str(exc.value) == "R-29: 处罚决定尚未经行政机关负责人批准"
    _nothing_issued(case)


def test_r35_decision_refused_past_the_time_limit_unless_extended(dw):
    case = approved(dw)
    due = reload(case).decision_due_on
    assert due == workdays.add_calendar_days(START, 90)
    late = due + timedelta(days=1)
    with clock.travel(late), pytest.raises(Exception) as exc:
        decisions.issue_decision(case, by=dw.a)
    assert str(exc.value) == (
        f"R-35: 办案期限已于 {due.isoformat()} 届满（立案日期 2026-09-01），"
        "未经负责人批准延长办案期限，不得作出决定"
    )
    _nothing_issued(case)
    # An extension approved by the head (cases, R-35) moves the limit: now allowed.
    with clock.travel(due):
        approval = case_services.request_time_extension(case, by=dw.a, reasons="案情复杂")
        case_services.decide_time_extension(approval, by=dw.supervisor, approve=True)
    with clock.travel(late):
        assert decisions.time_limit_verdict(reload(case)).ok
        decision = decisions.issue_decision(case, by=dw.a)
    assert decision.decided_on == late


def test_r22_decision_cites_only_verified_evidence(dw):
    case = approved(dw)
    Evidence.objects.filter(case=case).update(state=Evidence.State.EXCLUDED)
    with clock.travel(AFTER_PERIOD):
        assert "R-22: 本案没有经审查核实的证据，不得作出处罚决定" in (
            decisions.decision_verdict(reload(case)).reasons
        )


# --- Issue, content, number -----------------------------------------------------------


def test_r36_r37_decision_document_content(dw):
    case, decision = decided(dw)
    assert case.state == State.DECIDED
    assert decision.kind == Decision.Kind.PENALTY
    assert decision.fine == 6000 and decision.tier == "ordinary"
    doc = decision.document
    assert doc.kind == "penalty_decision"
    assert "罚〔2026〕1号" in doc.number  # per agency, kind and year
    data = doc.data
    assert data["party"]["name"] == "张三"
    assert data["party"]["address"] == "测试市人民路2号"
    assert data["discretion_tier"] == "一般"
    assert data["evidence"] == ["现场检查照片（勘验笔录、现场笔录）：经营场所墙面未悬挂许可证"]
    assert data["penalties"] == [{"type_label": "罚款", "amount": "6000.00"}]
    assert "十五日内" in data["performance"]
    assert data["statement_summary"] == "当事人在法定期限内未提出陈述、申辩意见。"
    assert "hearing_summary" not in data
    assert len(data["officers"]) == 2 and all(o["certificate_number"] for o in data["officers"])
    rec = dd.reconsideration_until(AFTER_PERIOD)
    lit = dd.litigation_until(AFTER_PERIOD)
    assert rec == date(2026, 11, 9)  # 60 days end on Sunday 8 November: next working day
    assert "六十日内" in data["remedies"] and "六个月内" in data["remedies"]
    assert dd.cn_date(rec) in data["remedies"] and dd.cn_date(lit) in data["remedies"]
    assert decision.service_due_on == workdays.add_workdays(AFTER_PERIOD, 7)


@pytest.mark.skipif(not poppler_available(), reason="needs poppler-utils")
def test_r36_decision_pdf_text(dw, django_capture_on_commit_callbacks):
    """R-36: the printed 行政处罚决定书 carries the party, tier, remedies with their last
    dates and the number."""
    case = approved(dw)
    with clock.travel(AFTER_PERIOD), django_capture_on_commit_callbacks(execute=True):
        decision = decisions.issue_decision(case, by=dw.a)
    version = decision.document.versions.get(n=1)
    assert version.state == "done", version.error
    text = pdftotext(Path(version.file.path))
    flat = text.replace(" ", "").replace("\n", "")
    assert "行政处罚决定书" in flat
    assert "张三" in flat
    assert "“一般”裁量阶次" in flat
    assert "六十日内" in flat and "六个月内" in flat
    assert "2026年11月9日" in flat
    assert dd.cn_date(dd.litigation_until(AFTER_PERIOD)) in flat
    assert decision.document.number.replace(" ", "") in flat
    assert "陆仟元整" in flat  # the fine in capitals


# --- Service, payment due (R-40) ---------------------------------------------------


def test_r38_service_makes_case_served_and_sets_payment_due(dw):
    served_on = date(2026, 9, 17)
    case, decision = served(dw, on=served_on)
    assert case.state == State.SERVED
    assert decision.status == Decision.Status.SERVED
    assert decision.served_on == served_on
    # 15 CD end on 2 October (National Day holiday): rolled to the next working day.
    assert decision.payment_due_on == workdays.add_calendar_days(served_on, 15)
    assert decision.payment_due_on > date(2026, 10, 2)
    assert workdays.is_workday(decision.payment_due_on)
    assert decision.reconsideration_until == dd.reconsideration_until(served_on)
    assert decision.litigation_until == dd.litigation_until(served_on)
    assert not decisions.served_late(decision)


def test_r38_unserved_decision_flagged_overdue_after_7_wd(dw):
    case, decision = decided(dw)
    due = decision.service_due_on
    with clock.travel(due):
        assert not decisions.service_overdue(decision)
        assert list(decisions.overdue_services(dw.a)) == []
    with clock.travel(due + timedelta(days=1)):
        assert decisions.service_overdue(decision)
        assert list(decisions.overdue_services(dw.supervisor)) == [decision]
        decision = decisions.serve_decision(
            decision,
            by=dw.a,
            method="direct",
            served_on=due + timedelta(days=1),
            recipient="张三",
            proof=pdf(),
        )
    assert decisions.served_late(decision)
    event = AuditEvent.objects.get(case_id=case.pk, action="penalties.decision.served")
    assert event.data["late"] is True


def test_r38_decision_served_only_once(dw):
    case, decision = served(dw)
    verdict = decisions.serve_verdict(decision, dw.a)
    assert verdict.reasons == ["R-38: 决定书状态为“已送达”，不能再登记送达"]


# --- No penalty (不予行政处罚决定书) -------------------------------------------------------


def test_no_penalty_decided_by_the_head_after_investigation(dw):
    with clock.travel(START):
        case = closed_case(dw)
        with pytest.raises(Exception) as exc:
            decisions.decide_without_penalty(
                case, by=dw.a, outcome="no_penalty", reasons="初次违法", education="已教育"
            )
        assert str(exc.value) == "R-29: 处罚决定须经行政机关负责人批准，您不是本机关负责人"
        with pytest.raises(Exception) as exc:
            decisions.decide_without_penalty(
                case, by=dw.supervisor, outcome="no_penalty", reasons="初次违法且及时改正"
            )
        assert str(exc.value) == "R-12: 不予行政处罚的，须记录对当事人进行批评教育的情况"
        decision = decisions.decide_without_penalty(
            case,
            by=dw.supervisor,
            outcome="no_penalty",
            reasons="当事人初次违法，危害后果轻微并及时改正",
            education="已对当事人进行批评教育",
        )
    assert reload(case).state == State.NO_PENALTY
    assert decision.kind == Decision.Kind.NO_PENALTY
    assert decision.document.kind == "no_penalty_decision"
    assert decision.document.data["education"] == "已对当事人进行批评教育"
    assert "第五十七条第一款第（二）项" in decision.document.data["legal_basis"]
    assert decision.approval.status == DecisionApproval.Status.APPROVED
    assert not hasattr(decision, "publication") or decision.publication is None


def test_not_established_through_approval_issues_no_penalty_document(dw):
    case = notified(dw)
    with clock.travel(AFTER_PERIOD):
        reviews.submit_for_decision(case, by=dw.a)
        reviews.decide_approval(
            reviews.pending_approval(case),
            by=dw.supervisor,
            approve=True,
            reasons="现有证据不能证明当事人实施了违法行为",
            outcome="not_established",
        )
        decision = decisions.issue_decision(case, by=dw.a)
    assert reload(case).state == State.NOT_ESTABLISHED
    assert decision.kind == Decision.Kind.NOT_ESTABLISHED
    assert decision.document.kind == "no_penalty_decision"
    assert decision.penalty_types == [] and decision.fine is None
