"""End to end on PostgreSQL: a general-procedure case from the lead to closing through
every document (notice, hearing, collective discussion, legal review, approval, decision,
service, payment, closing report), and a summary case from the on-the-spot decision to
closing. The audit trail shows every step in order and the hash chain verifies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from audit.verify import verify_chain
from cases import services as case_services
from cases.models import Case
from cases.states import State
from core import clock
from core.roles import Role
from documents.models import Document
from documents.services import reserve_numbers
from officers.models import AgencySettings
from penalties.models import CollectiveDiscussion, Decision, Publication
from penalties.services import (
    decisions,
    hearings,
    notices,
    payments,
    proposals,
    publicity,
    reviews,
    statements,
    summary,
)
from tests.cases.factories import person, resident_id
from tests.factories import OfficerFactory
from tests.penalties.decision_support import (
    ORDINARY,
    START,
    at,
    closed_case,
    dworld,
    findings,
    fine,
    pdf,
    reload,
)
from tests.penalties.factories import ViolationTypeFactory, fixed_statute

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _actions(case: Case) -> list[str]:
    return list(
        AuditEvent.objects.filter(case_id=case.pk).order_by("seq").values_list("action", flat=True)
    )


def _in_order(actions: list[str], expected: list[str]) -> None:
    """`expected` occurs in `actions` as a subsequence (every step, in this order)."""
    pos = 0
    for step in expected:
        try:
            pos = actions.index(step, pos) + 1
        except ValueError:
            raise AssertionError(f"{step} missing after position {pos}: {actions}") from None


def test_general_procedure_from_lead_to_closing():
    with clock.travel(START):
        dw = dworld()
        office = OfficerFactory(agency=dw.agency, user__roles=[Role.LEGAL_OFFICE]).user
        # A 6,000 yuan fine reaches this agency's 5,000 yuan hearing threshold: hearing
        # right, collective discussion, after the hearing a review.
        AgencySettings.objects.filter(agency=dw.agency).update(
            hearing_threshold_person=Decimal("5000")
        )
        case = closed_case(dw)
        proposals.propose(case, facts=ORDINARY, penalty=fine(6000), by=dw.a)
        notice = notices.issue_notice(case, by=dw.a, facts="当事人未按规定公示食品经营许可证。")
        assert notice.hearing_offered
        notices.record_notice_service(
            notice, method="direct", served_on=START, recipient="张三", proof=pdf(), by=dw.a
        )
    day = date(2026, 9, 3)
    with clock.travel(day):
        st = statements.record_statement(
            case,
            by=dw.a,
            received_on=day,
            channel="written",
            stated_by="张三",
            content="店面刚装修，许可证暂未悬挂",
        )
        statements.record_recheck(
            st, by=dw.a, outcome="not_adopted", reasons="装修不影响公示义务，理由不能成立"
        )
        hearings.request_hearing(
            case, by=dw.a, received_on=day, channel="written", requested_by="张三"
        )
    day = date(2026, 9, 4)
    hearing_day = date(2026, 9, 18)
    with clock.travel(day):
        hearing = hearings.schedule_hearing(
            case,
            by=dw.a,
            presiding_officer=dw.c.officer,
            recorder=dw.legal.officer,
            place="第一听证室",
            hearing_at=at(hearing_day, 9),
        )
        hearings.record_summons_service(
            hearing, method="direct", served_on=day, recipient="张三", proof=pdf(), by=dw.a
        )
    with clock.travel(hearing_day):
        hearings.record_hearing(
            reload(hearing),
            by=dw.a,
            held_on=hearing_day,
            attendance="attended",
            signature="signed",
            investigators_case="当事人未公示许可证，建议罚款六千元。",
            defence="请求从轻处罚。",
        )
    assert reload(case).state == State.HEARING_HELD
    day = date(2026, 9, 21)
    with clock.travel(day):
        reviews.submit_for_decision(case, by=dw.a)
        assert reload(case).state == State.COLLECTIVE_DISCUSSION
        reviews.record_discussion(
            case,
            by=dw.supervisor,
            held_at=at(day, 9),
            place="局三楼会议室",
            chair="赵局长",
            recorder="吴记录",
            attendees=[
                {"name": "赵局长", "post": "局长"},
                {"name": "钱副局长", "post": "副局长"},
                {"name": "孙科长", "post": "法制科科长"},
            ],
            opinions=[{"name": "钱副局长", "opinion": "同意。"}],
            conclusion=CollectiveDiscussion.Conclusion.AGREE,
            conclusion_text="同意按拟处罚意见作出行政处罚决定",
        )
        assert reload(case).state == State.LEGAL_REVIEW  # went through a hearing
        reviews.complete_review(
            reviews.pending_review(case),
            by=dw.reviewer,
            findings=findings(),
            opinion="事实清楚，证据确凿，程序合法，处罚适当。",
            passed=True,
        )
        assert reload(case).state == State.APPROVAL
        reviews.decide_approval(
            reviews.pending_approval(case), by=dw.supervisor2, approve=True, reasons="同意"
        )
        decision = decisions.issue_decision(case, by=dw.a)
        data = decision.document.data
        assert "经复核，不予采纳，理由：装修不影响公示义务" in data["statement_summary"]
        assert (
            data["hearing_summary"]
            == "本机关于2026年9月18日依法举行听证，当事人提出：请求从轻处罚。"
        )
        decision = decisions.serve_decision(
            decision, by=dw.a, method="direct", served_on=day, recipient="张三", proof=pdf()
        )
        publicity.publish(decision.publication, by=office)
    assert reload(case).state == State.SERVED
    assert reload(decision.publication).status == Publication.Status.PUBLISHED
    day = date(2026, 9, 25)
    with clock.travel(day):
        payments.record_payment(
            case, by=dw.a, amount="6000", paid_on=day, channel="bank", reference="BJ2026092501"
        )
        report = case_services.request_closing(case, by=dw.a, summary="罚款已缴清，执行完毕")
        case_services.decide_closing(report.approval, by=dw.supervisor, approve=True)
    case = reload(case)
    assert case.state == State.CLOSED

    kinds = set(Document.objects.filter(case_id=case.pk).values_list("kind", flat=True))
    assert kinds >= {
        "filing_approval",
        "inspection_record",
        "penalty_notice",
        "hearing_summons",
        "hearing_record",
        "collective_discussion",
        "legal_review",
        "penalty_decision",
    }
    _in_order(
        _actions(case),
        [
            "cases.case.registered",
            "cases.case.filing_review",
            "cases.case.filed",
            "cases.case.investigating",
            "cases.case.investigation_closed",
            "penalties.proposal.created",
            "cases.case.proposed",
            "cases.case.notified",
            "cases.case.hearing_requested",
            "cases.case.hearing_scheduled",
            "cases.case.hearing_held",
            "penalties.discussion.requested",
            "cases.case.collective_discussion",
            "penalties.discussion.held",
            "penalties.review.requested",
            "cases.case.legal_review",
            "penalties.review.passed",
            "penalties.approval.requested",
            "cases.case.approval",
            "penalties.approval.approved",
            "penalties.decision.issued",
            "cases.case.decided",
            "penalties.publication.queued",
            "penalties.decision.served",
            "cases.case.served",
            "penalties.publication.ready",
            "penalties.publication.published",
            "cases.case.executing",
            "cases.case.closed",
        ],
    )
    assert verify_chain().ok


def test_summary_case_from_the_spot_to_closing():
    day = date(2026, 9, 9)
    with clock.travel(day):
        dw = dworld()
        vt = ViolationTypeFactory(code="SUM-500", name="占道经营", domain=dw.domain)
        fixed_statute(
            violation=vt,
            penalty_types=["warning", "fine"],
            fine_min=Decimal("0"),
            fine_max=Decimal("500"),
        )
        party = person(dw.a, name="李四", id_number=resident_id(date(1975, 6, 1)))
        number = reserve_numbers(dw.agency, "summary_decision", 3, by=dw.a)[0].number
        proc = summary.decide_on_the_spot(
            by=dw.a,
            partner=dw.b.officer,
            party=party,
            domain=dw.domain,
            violation_code="SUM-500",
            acted_at=at(day, 9),
            place="测试市人民路2号门前",
            facts_text="当事人在人行道上摆摊经营",
            facts={"facts_certain": True, "harm": "general"},
            penalty_types=["fine"],
            fine=Decimal("200"),
            rights_notice="已当场口头告知拟处罚的事实、理由、依据及陈述申辩权利",
            statement_waived=True,
            reserved_number=number,
        )
        case = proc.case
        assert case.state == State.SUMMARY_DECIDED
        summary.file_summary(proc, by=dw.supervisor, note="予以备案")
        payments.record_payment(
            case, by=dw.a, amount="200", paid_on=day, channel="e_payment", reference="EP001"
        )
        report = case_services.request_closing(case, by=dw.a, summary="罚款已缴清")
        case_services.decide_closing(report.approval, by=dw.supervisor, approve=True)
    case = reload(case)
    assert case.state == State.CLOSED
    assert proc.decision.kind == Decision.Kind.SUMMARY
    _in_order(
        _actions(case),
        [
            "penalties.summary.case_created",
            "cases.assignment.assigned",
            "documents.document.issued",
            "documents.document.served",
            "penalties.summary.decided",
            "penalties.summary.filed",
            "cases.case.executing",
            "cases.case.closed",
        ],
    )
    assert verify_chain().ok
