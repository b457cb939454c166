"""Before the decision: collective discussion (R-27), legal review (R-28), approval and
four eyes (R-29). Cases go through the real services from filing to the notice."""

from __future__ import annotations

from decimal import Decimal

import pytest

from audit.models import AuditEvent
from cases.models import Case, CaseOfficer
from cases.states import State
from core import clock
from core.errors import DomainError, RuleViolation
from documents.models import Document
from officers.models import AgencySettings
from penalties.models import CollectiveDiscussion, DecisionApproval, LegalReview, Proposal
from penalties.services import reviews
from tests.factories import Group
from tests.penalties.decision_support import (
    AFTER_PERIOD,
    at,
    at_approval,
    dworld,
    findings,
    notified,
    reload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dw():
    with clock.travel(AFTER_PERIOD):
        return dworld()


@pytest.fixture
def dw_review():
    """The violation is marked as needing legal review in the catalogue (R-28)."""
    with clock.travel(AFTER_PERIOD):
        return dworld(needs_review=True)


def _submit(case, by):
    with clock.travel(AFTER_PERIOD):
        reviews.submit_for_decision(case, by=by)
    return Case.objects.get(pk=case.pk)


def _discussion_kwargs(**kw):
    data = dict(
        held_at=at(AFTER_PERIOD, 9),
        place="局三楼会议室",
        chair="赵局长",
        recorder="吴记录",
        attendees=[
            {"name": "赵局长", "post": "局长"},
            {"name": "钱副局长", "post": "副局长"},
            {"name": "孙科长", "post": "法制科科长"},
        ],
        opinions=[{"name": "钱副局长", "opinion": "同意承办机构意见。"}],
        conclusion=CollectiveDiscussion.Conclusion.AGREE,
        conclusion_text="同意按拟处罚意见作出行政处罚决定",
    )
    data.update(kw)
    return data


# --- R-27 collective discussion ---------------------------------------------------------


def _low_threshold(dw):
    """A 6,000 yuan fine reaches a 5,000 yuan hearing threshold: the engine's flag asks
    for a collective discussion (R-27 default: a fine ≥ the hearing threshold)."""
    AgencySettings.objects.filter(agency=dw.agency).update(hearing_threshold_person=Decimal("5000"))


def test_r27_engine_flag_routes_case_to_collective_discussion(dw):
    _low_threshold(dw)
    case = _submit(notified(dw), dw.a)
    assert case.state == State.COLLECTIVE_DISCUSSION
    row = reviews.pending_discussion(case)
    assert row.trigger == CollectiveDiscussion.Trigger.ENGINE
    assert reviews.discussion_reasons(case) == [CollectiveDiscussion.Trigger.ENGINE]


def test_r27_discussion_needs_attendees_opinions_and_conclusion(dw):
    _low_threshold(dw)
    case = _submit(notified(dw), dw.a)
    with clock.travel(AFTER_PERIOD), pytest.raises(RuleViolation) as exc:
        reviews.record_discussion(
            case,
            by=dw.supervisor,
            **_discussion_kwargs(attendees=[{"name": "赵局长", "post": "局长"}], opinions=[]),
        )
    assert str(exc.value) == (
        "R-27: 集体讨论须记录参加人员（至少 3 人）；R-27: 须记录参加人员的讨论意见"
    )
    assert reload(reviews.pending_discussion(case)).status == CollectiveDiscussion.Status.PENDING
    assert not Document.objects.filter(case_id=case.pk, kind="collective_discussion").exists()


def test_r27_held_discussion_issues_record_and_moves_on_to_approval(dw):
    _low_threshold(dw)
    case = _submit(notified(dw), dw.a)
    with clock.travel(AFTER_PERIOD):
        row = reviews.record_discussion(case, by=dw.supervisor, **_discussion_kwargs())
    assert row.status == CollectiveDiscussion.Status.HELD
    assert row.document.kind == "collective_discussion" and row.document.number
    assert [a["name"] for a in row.attendees] == ["赵局长", "钱副局长", "孙科长"]
    case = reload(case)
    # A hearing was offered but not held, so no legal review is due: approval next.
    assert case.state == State.APPROVAL
    assert reviews.prerequisites(case).ok


def test_r27_supervisor_may_require_a_discussion(dw):
    case = notified(dw)
    with clock.travel(AFTER_PERIOD):
        with pytest.raises(RuleViolation) as exc:
            reviews.require_discussion(case, by=dw.a, reasons="案情复杂")
        assert str(exc.value) == "R-27: 提交集体讨论须经本机关负责人批准，您不是本机关负责人"
        reviews.require_discussion(case, by=dw.supervisor, reasons="社会影响较大")
    assert reviews.discussion_reasons(case) == [CollectiveDiscussion.Trigger.SUPERVISOR]
    case = _submit(case, dw.a)
    assert case.state == State.COLLECTIVE_DISCUSSION


def test_r27_decision_refused_without_the_required_discussion(dw):
    _low_threshold(dw)
    case = _submit(notified(dw), dw.a)
    assert str(reviews.prerequisites(case).problems[0]) == (
        "R-27: 本案须经行政机关负责人集体讨论决定，尚无集体讨论记录"
    )


def test_r27_conclusion_change_sends_case_back_to_proposal(dw):
    _low_threshold(dw)
    case = _submit(notified(dw), dw.a)
    with clock.travel(AFTER_PERIOD):
        reviews.record_discussion(
            case,
            by=dw.supervisor,
            **_discussion_kwargs(
                conclusion=CollectiveDiscussion.Conclusion.CHANGE,
                conclusion_text="罚款数额偏高，应当重新拟定",
            ),
        )
    assert reload(case).state == State.PROPOSED


# --- R-28 legal review ------------------------------------------------------------------


def test_r28_catalogue_flag_routes_case_to_review_queue(dw_review):
    dw = dw_review
    case = _submit(notified(dw), dw.a)
    assert case.state == State.LEGAL_REVIEW
    review = reviews.pending_review(case)
    assert review.reasons_required == [LegalReview.Reason.CATALOGUE]
    assert list(reviews.review_queue(dw.reviewer)) == [review]
    assert list(reviews.review_queue(dw.a)) == []  # officers have no review queue
    assert list(reviews.review_queue(dw.outsider)) == []


def test_r28_major_case_needs_review_and_discussion(dw):
    case = notified(dw)
    Case.objects.filter(pk=case.pk).update(is_major=True)
    case = reload(case)
    assert LegalReview.Reason.COMPLEX in reviews.review_reasons(case)
    assert CollectiveDiscussion.Trigger.MAJOR in reviews.discussion_reasons(case)


def test_r28_reviewer_needs_legal_qualification(dw_review):
    dw = dw_review
    case = _submit(notified(dw), dw.a)
    review = reviews.pending_review(case)
    with clock.travel(AFTER_PERIOD), pytest.raises(RuleViolation) as exc:
        reviews.complete_review(
            review, by=dw.reviewer_unqualified, findings=findings(), opinion="同意", passed=True
        )
    name = dw.reviewer_unqualified.officer.name
    assert str(exc.value) == f"R-28: {name}未登记法律职业资格，不能从事法制审核"
    assert reload(review).status == LegalReview.Status.PENDING


def test_r28_reviewer_is_not_an_investigator(dw_review):
    dw = dw_review
    case = _submit(notified(dw), dw.a)
    # officer a is given the reviewer role and a qualification: still an investigator.
    officer = dw.a.officer
    officer.legal_qualification = "A2020"
    officer.save()
    dw.a.groups.add(Group.objects.get(name="legal_reviewer"))
    user = type(dw.a).objects.get(pk=dw.a.pk)
    verdict = reviews.reviewer_verdict(case, user)
    assert f"R-28: {officer.name}是本案执法人员，不得审核本案" in verdict.reasons
    assert reviews.reviewer_verdict(case, dw.supervisor).reasons == [
        "R-28: 法制审核须由本机关法制审核人员办理"
    ]


def test_r28_a_finding_per_checklist_item(dw_review):
    dw = dw_review
    case = _submit(notified(dw), dw.a)
    review = reviews.pending_review(case)
    partial = findings()
    del partial["crime_transfer"]
    with clock.travel(AFTER_PERIOD), pytest.raises(RuleViolation) as exc:
        reviews.complete_review(
            review, by=dw.reviewer, findings=partial, opinion="同意", passed=True
        )
    assert str(exc.value) == "R-28: 审核事项“是否涉嫌犯罪需要移送司法机关”未填写审核结论"
    bad = findings(evidence={"ok": False, "note": "证据不足"})
    with clock.travel(AFTER_PERIOD), pytest.raises(RuleViolation) as exc:
        reviews.complete_review(review, by=dw.reviewer, findings=bad, opinion="同意", passed=True)
    assert str(exc.value) == "R-28: 审核事项“证据是否合法、确实、充分”不符合要求，不能审核通过"
    assert reload(review).status == LegalReview.Status.PENDING


def test_r28_passed_review_issues_its_document_and_goes_to_approval(dw_review):
    dw = dw_review
    case = _submit(notified(dw), dw.a)
    with clock.travel(AFTER_PERIOD):
        review = reviews.complete_review(
            reviews.pending_review(case),
            by=dw.reviewer,
            findings=findings(),
            opinion="事实清楚，证据确凿，适用依据正确，程序合法，处罚适当。",
            passed=True,
        )
    assert review.status == LegalReview.Status.PASSED
    assert review.reviewer == dw.reviewer.officer
    assert review.document.kind == "legal_review"
    assert review.document.data["reviewer"]["qualification"] == "A20193702000123"
    assert len(review.document.data["checks"]) == 9
    assert reload(case).state == State.APPROVAL


def test_r28_returned_review_sends_case_back_with_reasons_in_timeline(dw_review):
    dw = dw_review
    case = _submit(notified(dw), dw.a)
    bad = findings(evidence={"ok": False, "note": "缺少进货凭证"})
    with clock.travel(AFTER_PERIOD):
        with pytest.raises(RuleViolation) as exc:
            reviews.complete_review(
                reviews.pending_review(case),
                by=dw.reviewer,
                findings=bad,
                opinion="证据不足",
                passed=False,
            )
        assert str(exc.value) == "R-28: 退回补充调查须写明理由"
        review = reviews.complete_review(
            reviews.pending_review(case),
            by=dw.reviewer,
            findings=bad,
            opinion="证据不足",
            passed=False,
            return_reasons="请补充当事人进货凭证",
        )
    assert review.status == LegalReview.Status.RETURNED
    case = reload(case)
    assert case.state == State.INVESTIGATING
    event = AuditEvent.objects.filter(case_id=case.pk, action="cases.case.investigating").last()
    assert event.data["reasons"] == "请补充当事人进货凭证"
    assert event.data["failed_items"] == ["evidence"]
    assert AuditEvent.objects.filter(case_id=case.pk, action="penalties.review.returned").exists()


def test_r28_decision_refused_without_passed_review(dw_review):
    dw = dw_review
    case = _submit(notified(dw), dw.a)
    assert reviews.prerequisites(case).reasons == [
        "R-28: 本案须经法制审核，尚未审核通过，不得作出决定"
    ]


# --- R-29 approval, four eyes -----------------------------------------------------------


def test_r29_approval_queue_shows_pending_cases_of_the_agency(dw):
    case = at_approval(dw)
    approval = reviews.pending_approval(case)
    assert list(reviews.approval_queue(dw.supervisor)) == [approval]
    assert list(reviews.approval_queue(dw.a)) == []
    assert list(reviews.approval_queue(dw.outsider_supervisor)) == []


def test_r29_only_a_supervisor_approves(dw):
    case = at_approval(dw)
    with clock.travel(AFTER_PERIOD), pytest.raises(RuleViolation) as exc:
        reviews.decide_approval(reviews.pending_approval(case), by=dw.c, approve=True, reasons="")
    assert str(exc.value) == "R-29: 处罚决定须经行政机关负责人批准，您不是本机关负责人"
    assert reviews.pending_approval(case).status == DecisionApproval.Status.PENDING


def test_r29_four_eyes_investigator_may_not_approve(dw):
    case = at_approval(dw)
    # The supervisor was assigned to the case earlier (an investigator of it).
    CaseOfficer.objects.create(
        case=case,
        officer=dw.supervisor.officer,
        active=False,
        assigned_on=AFTER_PERIOD,
        assigned_by=dw.supervisor,
    )
    with clock.travel(AFTER_PERIOD), pytest.raises(RuleViolation) as exc:
        reviews.decide_approval(
            reviews.pending_approval(case), by=dw.supervisor, approve=True, reasons=""
        )
    assert str(exc.value) == "R-29: 您是本案执法人员，不得审批本案处罚决定"


def test_r29_four_eyes_proposer_may_not_approve(dw):
    case = at_approval(dw)
    Proposal.objects.filter(case=case).update(proposed_by=dw.supervisor)
    verdict = reviews.approver_verdict(reload(case), dw.supervisor)
    assert verdict.reasons == ["R-29: 您是本案拟处罚意见的提出人，不得审批本案处罚决定"]
    assert reviews.approver_verdict(reload(case), dw.supervisor2).ok


def test_r29_four_eyes_legal_reviewer_may_not_approve(dw_review):
    dw = dw_review
    case = _submit(notified(dw), dw.a)
    # the reviewer is also a supervisor (deputy head with the legal portfolio)
    dw.reviewer.groups.add(Group.objects.get(name="supervisor"))
    with clock.travel(AFTER_PERIOD):
        reviews.complete_review(
            reviews.pending_review(case),
            by=dw.reviewer,
            findings=findings(),
            opinion="同意",
            passed=True,
        )
        reviewer = type(dw.reviewer).objects.get(pk=dw.reviewer.pk)
        with pytest.raises(RuleViolation) as exc:
            reviews.decide_approval(
                reviews.pending_approval(case), by=reviewer, approve=True, reasons=""
            )
    assert str(exc.value) == "R-29: 您是本案法制审核人员，不得审批本案处罚决定"


def test_r29_approve_records_approver_and_reasons(dw):
    case = at_approval(dw)
    with clock.travel(AFTER_PERIOD):
        row = reviews.decide_approval(
            reviews.pending_approval(case), by=dw.supervisor, approve=True, reasons="同意"
        )
    assert row.status == DecisionApproval.Status.APPROVED
    assert row.approver == dw.supervisor and row.reasons == "同意"
    assert reviews.approval_given(case) == row
    assert AuditEvent.objects.filter(case_id=case.pk, action="penalties.approval.approved").exists()


def test_r29_second_approval_of_the_same_case_gets_a_clear_message(dw):
    case = at_approval(dw)
    row = reviews.pending_approval(case)
    with clock.travel(AFTER_PERIOD):
        reviews.decide_approval(row, by=dw.supervisor, approve=True, reasons="同意")
        with pytest.raises(DomainError) as exc:
            reviews.decide_approval(row, by=dw.supervisor2, approve=True, reasons="同意")
    name = dw.supervisor.officer.name
    assert exc.value.message.startswith(f"该处罚决定已由{name}于 ")
    assert exc.value.message.endswith("审批（已批准），无需重复审批")
    assert DecisionApproval.objects.filter(case=case, status="approved").count() == 1


def test_r29_return_needs_reasons_and_sends_case_back(dw):
    case = at_approval(dw)
    with clock.travel(AFTER_PERIOD):
        with pytest.raises(RuleViolation) as exc:
            reviews.decide_approval(
                reviews.pending_approval(case),
                by=dw.supervisor,
                approve=False,
                reasons="",
                return_to="investigation",
            )
        assert str(exc.value) == "R-29: 退回须写明理由"
        reviews.decide_approval(
            reviews.pending_approval(case),
            by=dw.supervisor,
            approve=False,
            reasons="证据不足，补充调查",
            return_to="investigation",
        )
    case = reload(case)
    assert case.state == State.INVESTIGATING
    assert DecisionApproval.objects.get(case=case).status == DecisionApproval.Status.RETURNED


def test_r29_submission_only_from_the_notified_state(dw):
    case = notified(dw)
    assert reviews.submit_verdict(case, dw.a).ok
    Case.objects.filter(pk=case.pk).update(state=State.PROPOSED)
    verdict = reviews.submit_verdict(reload(case), dw.a)
    assert verdict.reasons == ["R-29: 案件处于“拟处罚”状态，不能提交审核审批"]
