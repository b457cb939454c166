"""Demand notice and court enforcement (R-44), reconsideration and litigation with their
outcomes (R-43 pause, R-39 withdrawal) and the wrongful-case hook (R-62).

The decision is served on 2026-09-20: payment due 10-08; the remedy periods end with the
6 months of litigation on 2027-03-20, a Saturday → 2027-03-22 (2027 is counted Mon–Fri,
R-50 fallback); the court may be applied to from 2027-03-23 to 2027-06-22."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from core import clock
from core.errors import DomainError, RuleViolation
from officers.models import Certificate, Fault, Officer
from penalties.models import (
    CourtApplication,
    Decision,
    DemandNotice,
    FaultReview,
    Publication,
    RemedyProceeding,
)
from penalties.services import enforcement, execution, publicity, remedies
from tests.penalties.decision_support import pdf, reload
from tests.penalties.execution_support import served_case, world

pytestmark = pytest.mark.django_db
D = Decimal
WINDOW_FIRST, WINDOW_LAST = date(2027, 3, 23), date(2027, 6, 22)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dw():
    dw = world()
    # The officers keep their annual review up to date through 2027, so documents
    # issued then still list a valid certificate.
    Certificate.objects.filter(officer__agency=dw.agency).update(review_due_on=date(2028, 1, 1))
    return dw


@pytest.fixture
def served_6000(dw):
    return served_case(dw)


def issue(case, user, day):
    with clock.travel(day):
        return enforcement.issue_demand_notice(case, by=user)


def serve(notice, user, day):
    with clock.travel(day):
        return enforcement.serve_demand_notice(
            notice, by=user, method="direct", served_on=day, recipient="张三", proof=pdf()
        )


def court_verdict(case, user, day):
    with clock.travel(day):
        return enforcement.court_application_verdict(case, user, on=day)


def apply_to_court(case, user, day):
    with clock.travel(day):
        return enforcement.file_court_application(
            case, by=user, court="测试市人民法院", filed_on=day
        )


# --- Demand notice ------------------------------------------------------------------------------
def test_r44_demand_notice_refused_before_the_party_is_late(served_6000, dw):
    case, _decision = served_6000
    with clock.travel(date(2026, 10, 8)), pytest.raises(RuleViolation) as exc:
        enforcement.issue_demand_notice(case, by=dw.a)
    assert str(exc.value) == "R-44: 缴款期限（2026-10-08）尚未届满，当事人尚未逾期，不得催告"
    assert not DemandNotice.objects.exists()


def test_r44_demand_notice_states_the_amount_and_surcharge_and_is_served(served_6000, dw):
    case, decision = served_6000
    notice = issue(case, dw.a, date(2026, 10, 20))  # 12 days late: 6,000 × 3 % × 12 = 2,160
    assert (notice.amount_due, notice.surcharge) == (D("8160.00"), D("2160.00"))
    assert notice.document.kind == "demand_notice"
    assert notice.document.data["amount_due"] == "6000.00"
    assert notice.document.data["surcharge"] == "2160.00"
    assert notice.document.data["decision_number"] == decision.number
    assert notice.perform_by == date(2026, 11, 3)  # ten working days after issue
    with pytest.raises(RuleViolation) as exc:
        issue(case, dw.a, date(2026, 10, 21))
    assert str(exc.value) == f"R-44: 催告书 {notice.document.number} 尚未送达，请先登记送达"
    serve(notice, dw.a, date(2026, 10, 21))
    assert reload(notice).served_on == date(2026, 10, 21)
    actions = list(
        AuditEvent.objects.filter(case_id=case.pk, action__startswith="penalties.demand_notice")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["penalties.demand_notice.issued", "penalties.demand_notice.served"]


# --- Court application --------------------------------------------------------------------------
def test_r44_court_application_needs_a_served_demand_notice(served_6000, dw):
    case, _decision = served_6000
    assert court_verdict(case, dw.a, WINDOW_FIRST).reasons == [
        "R-44: 申请人民法院强制执行前须先送达催告书（行政强制法第五十四条）"
    ]
    issue(case, dw.a, date(2026, 10, 20))  # issued, not served: still refused
    assert court_verdict(case, dw.a, WINDOW_FIRST).reasons == [
        "R-44: 申请人民法院强制执行前须先送达催告书（行政强制法第五十四条）"
    ]


def test_r44_court_application_refused_9_wd_after_the_demand_notice_accepted_at_10(served_6000, dw):
    case, _decision = served_6000
    notice = issue(case, dw.a, date(2027, 3, 24))
    serve(notice, dw.a, date(2027, 3, 24))
    with pytest.raises(RuleViolation) as exc:
        apply_to_court(case, dw.a, date(2027, 4, 6))  # 9 working days after service
    assert str(exc.value) == (
        "R-44: 催告书于 2027-03-24 送达，须满十个工作日（2027-04-07 起）方可申请人民法院强制执行"
    )
    assert not CourtApplication.objects.exists()
    application = apply_to_court(case, dw.a, date(2027, 4, 7))  # 10 working days
    assert application.demand_notice == notice
    assert application.amount_claimed == D("12000.00")  # 6,000 and the capped surcharge
    assert execution.execution_complete(reload(case)).ok  # proof of the application
    assert AuditEvent.objects.filter(
        case_id=case.pk, action="penalties.court_application.filed"
    ).exists()
    with clock.travel(date(2027, 4, 8)):
        assert enforcement.court_application_verdict(case, dw.a).reasons == [
            "R-44: 已于 2027-04-07 申请人民法院强制执行，法院尚未裁定"
        ]
        enforcement.record_court_outcome(
            application, by=dw.a, outcome="granted", outcome_on=date(2027, 4, 8)
        )
    assert reload(application).outcome == CourtApplication.Outcome.GRANTED


def test_r44_court_application_only_within_3_months_after_the_remedy_periods(served_6000, dw):
    case, _decision = served_6000
    serve(issue(case, dw.a, date(2026, 10, 20)), dw.a, date(2026, 10, 21))
    assert court_verdict(case, dw.a, date(2027, 3, 22)).reasons == [
        "R-44: 申请行政复议或提起行政诉讼的期限至 2027-03-22 届满，届满前不得申请人民法院强制执行"
    ]
    assert court_verdict(case, dw.a, WINDOW_FIRST).ok
    assert court_verdict(case, dw.a, WINDOW_LAST).ok
    assert court_verdict(case, dw.a, date(2027, 6, 23)).reasons == [
        "R-44: 申请人民法院强制执行的期限已于 2027-06-22 届满（复议、诉讼期限届满之日起三个月内）"
    ]
    with pytest.raises(RuleViolation):
        apply_to_court(case, dw.a, date(2027, 6, 23))
    assert not CourtApplication.objects.exists()


def test_r44_pending_remedy_blocks_the_court_application(served_6000, dw):
    case, _decision = served_6000
    serve(issue(case, dw.a, date(2026, 10, 20)), dw.a, date(2026, 10, 21))
    with clock.travel(date(2027, 3, 1)):
        remedies.record_remedy(
            case, by=dw.a, kind="litigation", filed_on=date(2027, 3, 1), body="测试市人民法院"
        )
    assert court_verdict(case, dw.a, WINDOW_FIRST).reasons == [
        "R-44: 行政复议或行政诉讼尚在审理中，不得申请人民法院强制执行"
    ]


# --- Remedies: outcomes, R-39, R-62 --------------------------------------------------------------
def file_reconsideration(case, user, day=date(2026, 10, 12)):
    with clock.travel(day):
        return remedies.record_remedy(
            case, by=user, kind="reconsideration", filed_on=day, body="测试市人民政府"
        )


def test_r62_revoked_decision_opens_a_fault_review_and_withdraws_publication(served_6000, dw):
    case, decision = served_6000
    with clock.travel(date(2026, 9, 21)):
        pub = publicity.publish(Publication.objects.get(decision=decision), by=dw.legal)
    assert pub.status == Publication.Status.PUBLISHED
    remedy = file_reconsideration(case, dw.a)
    with clock.travel(date(2026, 10, 23)), pytest.raises(RuleViolation) as exc:
        remedies.record_remedy_outcome(
            remedy, by=dw.a, outcome="revoked", decided_on=date(2026, 10, 23), note="事实不清"
        )
    assert str(exc.value) == "权限: 复议或诉讼结果须由本机关负责人或法制机构登记"
    with clock.travel(date(2026, 10, 23)):
        remedies.record_remedy_outcome(
            remedy,
            by=dw.legal,
            outcome="revoked",
            decided_on=date(2026, 10, 23),
            note="复议机关认为主要事实不清，撤销原处罚决定",
        )
    decision = reload(decision)
    assert decision.status == Decision.Status.REVOKED
    pub = reload(pub)
    assert pub.status == Publication.Status.WITHDRAWAL_PENDING  # within 3 WD
    assert pub.withdraw_due_on == date(2026, 10, 28)
    review = FaultReview.objects.get(case=case)
    assert review.status == FaultReview.Status.PENDING and review.remedy == remedy
    # Nothing happens to the officers until the legal office confirms.
    assert not Fault.objects.exists()
    assert dw.a.officer.status == Officer.Status.ON_POST
    assert execution.execution_complete(reload(case)).ok  # nothing left to collect
    assert execution.account_statement(decision).principal == 0
    with clock.travel(date(2026, 10, 26)), pytest.raises(RuleViolation) as exc:
        remedies.confirm_fault_review(review, by=dw.supervisor, finding="错案")
    assert str(exc.value) == "R-62: 错案认定须由本机关法制机构办理"
    with clock.travel(date(2026, 10, 26)):
        remedies.confirm_fault_review(review, by=dw.legal, finding="认定违法事实不清导致错案")
    faults = Fault.objects.filter(kind=Fault.Kind.WRONGFUL_CASE)
    assert {f.officer_id for f in faults} == {dw.a.officer.pk, dw.b.officer.pk}
    assert {f.case_reference for f in faults} == {case.number}
    assert reload(dw.a.officer).status == Officer.Status.SUSPENDED  # suspended at once
    assert reload(review).status == FaultReview.Status.CONFIRMED
    assert set(reload(review).faults.all()) == set(faults)


def test_r62_fault_review_dismissed_with_reasons_and_open_is_idempotent(served_6000, dw):
    case, decision = served_6000
    with clock.travel(date(2026, 10, 1)):
        first = remedies.open_fault_review(case, by=dw.legal, decision=decision)
        assert remedies.open_fault_review(case, by=dw.legal) == first
        with pytest.raises(DomainError):
            remedies.dismiss_fault_review(first, by=dw.legal, finding=" ")
        remedies.dismiss_fault_review(first, by=dw.legal, finding="因法律修改被撤销，非执法过错")
    assert reload(first).status == FaultReview.Status.DISMISSED
    assert not Fault.objects.exists()


def test_r43_changed_decision_is_collected_at_the_changed_fine(served_6000, dw):
    case, decision = served_6000
    remedy = file_reconsideration(case, dw.a)
    with clock.travel(date(2026, 10, 23)), pytest.raises(DomainError) as exc:
        remedies.record_remedy_outcome(
            remedy,
            by=dw.supervisor,
            outcome="changed",
            decided_on=date(2026, 10, 23),
            note="变更罚款",
            changed_fine="7000",
        )
    assert (
        str(exc.value) == "变更后的罚款 7000.00 元不得高于原罚款 6000.00 元（不得加重当事人的义务）"
    )
    with clock.travel(date(2026, 10, 23)):
        remedies.record_remedy_outcome(
            remedy,
            by=dw.supervisor,
            outcome="changed",
            decided_on=date(2026, 10, 23),
            note="复议机关变更罚款为3000元",
            changed_fine="3000",
        )
    decision = reload(decision)
    assert decision.status == Decision.Status.CHANGED
    # 3 days before the reconsideration (10-09..10-11) and 7 after (10-24..10-30) on 3,000.
    st = execution.account_statement(decision, on=date(2026, 10, 30))
    assert (st.principal, st.days_counted, st.surcharge) == (D("3000"), 10, D("900.00"))
    assert not FaultReview.objects.exists()
    assert reload(remedy).outcome == RemedyProceeding.Outcome.CHANGED


def test_r43_one_pending_remedy_at_a_time(served_6000, dw):
    case, _decision = served_6000
    file_reconsideration(case, dw.a)
    with pytest.raises(RuleViolation) as exc:
        file_reconsideration(case, dw.a, date(2026, 10, 13))
    assert str(exc.value) == "R-43: 行政复议（2026-10-12 起）尚在审理中，结果登记前不能再登记"
    assert RemedyProceeding.objects.count() == 1
