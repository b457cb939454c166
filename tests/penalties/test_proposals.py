"""Proposal services (拟处罚): R-13 headline on every service path, R-11, R-17, R-18, R-19,
supersession, withdrawal and the audit trail."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from audit.actions import label_for
from audit.models import AuditEvent
from cases.models import CaseOfficer
from cases.states import State
from core import clock
from core.errors import DomainError, RuleViolation
from penalties import discretion as d
from penalties.models import Proposal, ViolationVersion
from penalties.services import proposals as svc
from tests.cases.factories import person, resident_id
from tests.penalties.factories import fixed_statute
from tests.penalties.test_proposals_support import (
    FIRST_MINOR,
    ORDINARY,
    START,
    closed_case,
    fine,
    propose,
    reload,
    warning,
    world,
)

R13_REFUSAL = (
    "初次违法、情节轻微、社会危害性较小，应当适用警告而非罚款；拟处罚款属于偏离，"
    "须书面说明理由，并经机关负责人批准或者集体讨论决定（R-17）。未填写偏离理由，不能提交。"
)


@pytest.fixture(autouse=True)
def _today():
    with clock.travel(START):
        yield


@pytest.fixture
def w(db, _today):
    return world()


def _events(action: str, case) -> int:
    return AuditEvent.objects.filter(action=action, case_id=case.pk).count()


# --- the headline rule ------------------------------------------------------------------


def test_r13_first_minor_offence_recommends_warning_with_article(w):
    case = closed_case(w)
    rec = svc.recommend_for_case(case, FIRST_MINOR)
    assert rec.outcome is d.Outcome.WARNING
    assert rec.first_minor_offence
    assert ("R-13", "《行政处罚法》第三十三条第一款") in [(r, a) for r, a, _m in rec.explanations()]


def test_r13_service_refuses_fine_for_first_minor_offence_without_reasons(w):
    case = closed_case(w)
    with pytest.raises(RuleViolation) as exc:
        propose(case, w.a, facts=FIRST_MINOR, penalty=fine(5000))
    assert exc.value.rule == "R-13"
    assert exc.value.message == R13_REFUSAL
    # Nothing changed: no proposal, the case still investigation_closed, no audit event.
    assert not Proposal.objects.filter(case=case).exists()
    assert reload(case).state == State.INVESTIGATION_CLOSED
    assert _events("penalties.proposal.created", case) == 0


def test_r13_blank_reasons_count_as_none(w):
    case = closed_case(w)
    with pytest.raises(RuleViolation) as exc:
        propose(case, w.a, facts=FIRST_MINOR, penalty=fine(5000), reasons="   \n ")
    assert exc.value.rule == "R-13"
    assert not Proposal.objects.filter(case=case).exists()


def test_r13_fine_with_reasons_is_pending_and_case_cannot_proceed_until_approved(w):
    case = closed_case(w)
    p = propose(case, w.a, facts=FIRST_MINOR, penalty=fine(5000), reasons="当事人拒不配合调查")
    assert p.status == Proposal.Status.DEPARTURE_PENDING
    assert reload(case).state == State.PROPOSED
    ready = svc.proposal_ready(case)
    assert not ready.ok
    assert ready.reasons == [
        "R-13: 第1版拟处罚对初次违法、情节轻微、危害后果轻微的当事人拟处罚款，属于偏离，"
        "须经机关负责人批准或者集体讨论决定后方可告知"
    ]
    assert svc.current_proposal(case) is None
    svc.decide_departure(p, approve=True, via="head", reasons="同意，理由充分", by=w.supervisor)
    assert svc.proposal_ready(case).ok
    assert svc.current_proposal(case).pk == p.pk


def test_r13_refused_departure_blocks_until_proposed_again(w):
    case = closed_case(w)
    p = propose(case, w.a, facts=FIRST_MINOR, penalty=fine(5000), reasons="理由")
    svc.decide_departure(p, approve=False, via="head", reasons="理由不充分", by=w.supervisor)
    p.refresh_from_db()
    assert p.status == Proposal.Status.DEPARTURE_REFUSED
    ready = svc.proposal_ready(case)
    assert [x.rule for x in ready.problems] == ["R-13"]
    assert "未获批准，须重新提出拟处罚意见" in ready.reasons[0]
    again = propose(case, w.a, facts=FIRST_MINOR, penalty=warning())
    assert again.version == 2 and again.status == Proposal.Status.ACCEPTED
    p.refresh_from_db()
    assert p.status == Proposal.Status.SUPERSEDED
    assert svc.proposal_ready(case).ok


def test_r13_warning_for_first_minor_offence_is_accepted(w):
    case = closed_case(w)
    p = propose(case, w.a, facts=FIRST_MINOR, penalty=warning())
    assert p.status == Proposal.Status.ACCEPTED
    assert p.recommendation["first_minor_offence"] is True
    assert svc.proposal_ready(case).ok
    assert svc.proposal_as_engine(p) == warning()


def test_r13_bulk_path_cannot_bypass(w):
    """The bulk path (propose_batch: imports, scripts, the demo loader) goes through the
    same gate: a fine for a first minor offence without reasons is refused and changes
    nothing, while the lawful entries go in."""
    refused_case = closed_case(w)
    ok_case = closed_case(w, place="测试市人民路9号")
    results = svc.propose_batch(
        [
            {"case": refused_case, "facts": FIRST_MINOR, "penalty": fine(5000)},
            {"case": ok_case, "facts": FIRST_MINOR, "penalty": warning()},
        ],
        by=w.a,
    )
    assert results[0].proposal is None and results[0].error == f"R-13: {R13_REFUSAL}"
    assert results[1].proposal is not None
    assert not Proposal.objects.filter(case=refused_case).exists()
    assert reload(refused_case).state == State.INVESTIGATION_CLOSED
    assert reload(ok_case).state == State.PROPOSED


def test_r13_row_written_around_the_service_cannot_make_the_case_ready(w):
    """Even a proposal row written directly (a script, a bad import) marked accepted with
    a fine for a first minor offence does not let the case move on: proposal_ready
    re-checks R-13 from the stored snapshot."""
    case = closed_case(w)
    p = propose(case, w.a, facts=FIRST_MINOR, penalty=warning())
    Proposal.objects.filter(pk=p.pk).update(penalty_types=["fine"], fine=Decimal("5000"))
    ready = svc.proposal_ready(case)
    assert [x.rule for x in ready.problems] == ["R-13"]
    # A status forged to "approved" without any approver does not help either.
    Proposal.objects.filter(pk=p.pk).update(status=Proposal.Status.DEPARTURE_APPROVED)
    assert [x.rule for x in svc.proposal_ready(case).problems] == ["R-13"]


# --- R-11 --------------------------------------------------------------------------------------


def _same_act_in_other_agency(w, case):
    """A second case for the same act in the other agency. Filing refuses it (R-11), but
    two agencies filing at the same moment can both pass; the proposal check is the
    second line. Simulated by aligning the place after filing."""
    from cases.models import Case
    from core.roles import Role
    from tests.cases.factories import World, in_state
    from tests.factories import OfficerFactory

    other = World(
        agency=w.other_agency,
        other_agency=w.agency,
        domain=w.domain,
        a=w.outsider,
        b=OfficerFactory(agency=w.other_agency, user__roles=[Role.OFFICER]).user,
        c=None,
        supervisor=w.outsider_supervisor,
        legal=None,
        outsider=w.a,
        outsider_supervisor=w.supervisor,
    )
    twin = in_state(
        other,
        State.INVESTIGATION_CLOSED,
        party=case.primary_party,
        place="另一地点",
        act_date=case.act_date,
    )
    Case.objects.filter(pk=twin.pk).update(place=case.place)
    return reload(twin), other


def test_r11_second_fine_for_the_same_act_refused_across_agencies(w):
    case = closed_case(w)
    propose(case, w.a, facts=ORDINARY, penalty=fine(20000))
    twin, other = _same_act_in_other_agency(w, case)
    with pytest.raises(RuleViolation) as exc:
        propose(twin, other.a, facts=ORDINARY, penalty=fine(20000))
    assert exc.value.rule == "R-11"
    assert exc.value.message == (
        f"同一当事人的同一违法行为（FOOD-001，{case.act_date.isoformat()}，{case.place}）"
        "已在另一机关的案件中拟处或者决定罚款，一事不二罚，不得再次拟处罚款"
    )
    assert not Proposal.objects.filter(case=twin).exists()
    assert reload(twin).state == State.INVESTIGATION_CLOSED
    # A warning is not a second fine.
    assert propose(twin, other.a, facts=ORDINARY, penalty=warning(), reasons="仅警告").pk


def test_r11_withdrawn_fine_no_longer_blocks(w):
    case = closed_case(w)
    propose(case, w.a, facts=ORDINARY, penalty=fine(20000))
    svc.withdraw_proposal(case, by=w.a, reasons="补充调查")
    twin, other = _same_act_in_other_agency(w, case)
    assert propose(twin, other.a, facts=ORDINARY, penalty=fine(20000)).status == "accepted"


# --- R-17 --------------------------------------------------------------------------------------


def test_r17_departure_needs_written_reasons(w):
    case = closed_case(w)
    with pytest.raises(RuleViolation) as exc:
        propose(case, w.a, facts=ORDINARY, penalty=fine(45000))
    assert exc.value.rule == "R-17"
    assert exc.value.message.endswith("未填写偏离理由，不能提交。")
    assert "超出一般处罚档" in exc.value.message or "45,000.00" in exc.value.message
    assert not Proposal.objects.filter(case=case).exists()
    p = propose(case, w.a, facts=ORDINARY, penalty=fine(45000), reasons="涉案食品流向学校")
    assert p.status == Proposal.Status.DEPARTURE_PENDING
    assert p.departure_reasons == "涉案食品流向学校"
    assert [x.rule for x in svc.proposal_ready(case).problems] == ["R-17"]


def _pending(w):
    case = closed_case(w)
    return case, propose(case, w.a, facts=ORDINARY, penalty=fine(45000), reasons="情节恶劣")


def test_r17_proposer_cannot_approve_own_departure(w):
    case, p = _pending(w)
    from core.roles import Role, ensure_groups

    w.a.groups.add(ensure_groups()[Role.SUPERVISOR])  # even as a supervisor
    with pytest.raises(RuleViolation) as exc:
        svc.decide_departure(p, approve=True, via="head", reasons="同意", by=w.a)
    assert "拟处罚人不得审批本人提出的偏离" in str(exc.value)
    p.refresh_from_db()
    assert p.status == Proposal.Status.DEPARTURE_PENDING


def test_r17_investigator_cannot_approve_departure(w):
    case, p = _pending(w)
    CaseOfficer.objects.create(
        case=case, officer=w.supervisor.officer, assigned_on=START, assigned_by=w.supervisor
    )
    with pytest.raises(RuleViolation) as exc:
        svc.decide_departure(p, approve=True, via="head", reasons="同意", by=w.supervisor)
    assert exc.value.rule == "R-17"
    assert "本案调查人员不得审批偏离裁量基准" in str(exc.value)
    assert Proposal.objects.get(pk=p.pk).status == Proposal.Status.DEPARTURE_PENDING


@pytest.mark.parametrize("who", ["c", "outsider_supervisor"])
def test_r17_only_the_agency_head_approves(w, who):
    case, p = _pending(w)
    with pytest.raises(RuleViolation) as exc:
        svc.decide_departure(p, approve=True, via="head", reasons="同意", by=getattr(w, who))
    assert "您不是本机关负责人" in str(exc.value)
    assert Proposal.objects.get(pk=p.pk).status == Proposal.Status.DEPARTURE_PENDING


def test_r17_collective_discussion_records_attendees_and_conclusion(w):
    case, p = _pending(w)
    with pytest.raises(RuleViolation, match="参加人员"):
        svc.decide_departure(p, approve=True, via="collective", reasons="", by=w.supervisor)
    with pytest.raises(RuleViolation, match="讨论结论"):
        svc.decide_departure(
            p, approve=True, via="collective", reasons="", attendees=["甲", "乙"], by=w.supervisor
        )
    p = svc.decide_departure(
        p,
        approve=True,
        via="collective",
        reasons="",
        attendees=["王局长", "李副局长", "法制科张科长"],
        conclusion="经集体讨论，同意按 45,000 元拟处罚",
        by=w.supervisor,
    )
    assert p.status == Proposal.Status.DEPARTURE_APPROVED
    assert p.departure_via == "collective"
    assert p.departure_attendees == ["王局长", "李副局长", "法制科张科长"]
    assert p.departure_decision_reasons == "经集体讨论，同意按 45,000 元拟处罚"
    ev = AuditEvent.objects.get(action="penalties.proposal.departure_approved", case_id=case.pk)
    assert ev.data["attendees"] == ["王局长", "李副局长", "法制科张科长"]


def test_r17_head_needs_written_opinion(w):
    case, p = _pending(w)
    with pytest.raises(RuleViolation, match="须填写审批意见"):
        svc.decide_departure(p, approve=True, via="head", reasons=" ", by=w.supervisor)


def test_r17_decided_departure_cannot_be_decided_again(w):
    case, p = _pending(w)
    svc.decide_departure(p, approve=True, via="head", reasons="同意", by=w.supervisor)
    with pytest.raises(RuleViolation, match="不是待审批的偏离"):
        svc.decide_departure(p, approve=False, via="head", reasons="反悔", by=w.supervisor)


# --- R-19 --------------------------------------------------------------------------------------


def test_r19_above_statutory_maximum_refused_even_with_reasons(w):
    case = closed_case(w)
    with pytest.raises(RuleViolation) as exc:
        propose(case, w.a, facts=ORDINARY, penalty=fine(60000), reasons="情节特别严重")
    assert exc.value.rule == "R-19"
    assert "拟罚款 60,000.00 元超过法定最高额 50,000.00 元" in exc.value.message
    assert not Proposal.objects.filter(case=case).exists()
    assert reload(case).state == State.INVESTIGATION_CLOSED


def test_r19_type_without_legal_basis_refused(w):
    case = closed_case(w)
    with pytest.raises(RuleViolation) as exc:
        propose(
            case,
            w.a,
            facts=ORDINARY,
            penalty=d.Proposal.of(d.PenaltyType.RESTRICT_EMPLOYMENT),
            reasons="理由",
        )
    assert exc.value.rule == "R-19"


# --- R-18 --------------------------------------------------------------------------------------


def test_r18_lighter_later_law_applies(w):
    old = ViolationVersion.objects.get(violation__code="FOOD-001")
    old.valid_to = date(2025, 12, 31)
    old.save()
    fixed_statute(
        violation=old.violation,
        valid_from=date(2026, 1, 1),
        fine_min=Decimal("1000"),
        fine_max=Decimal("10000"),
    )
    case = closed_case(w, act_date=date(2025, 6, 1), discovered_on=date(2026, 8, 1))
    rec = svc.recommend_for_case(case, ORDINARY)
    assert rec.law_in_time.value == "decision_date"
    assert rec.statutory_fine.high == Decimal("10000.00")
    assert rec.hits[0].rule == "R-18"
    # The heavier old maximum is no longer available (R-19 on the lighter law).
    with pytest.raises(RuleViolation) as exc:
        propose(case, w.a, facts=ORDINARY, penalty=fine(20000), reasons="按旧法")
    assert exc.value.rule == "R-19"


def test_r18_no_provision_in_force_at_act_date(w):
    ViolationVersion.objects.filter(violation__code="FOOD-001").update(valid_from=date(2026, 8, 10))
    case = closed_case(w)  # act date START - 30 days, before the provision
    with pytest.raises(RuleViolation) as exc:
        svc.recommend_for_case(case, ORDINARY)
    assert exc.value.rule == "R-18"


# --- workflow, versions, audit ------------------------------------------------------------------


def test_propose_only_by_an_assigned_officer_of_the_case(w):
    case = closed_case(w)
    for user in (w.c, w.supervisor, w.outsider):
        with pytest.raises(DomainError, match="只有本案承办人员可以提出拟处罚意见"):
            propose(case, user)
    assert not Proposal.objects.filter(case=case).exists()


def test_propose_refused_before_investigation_closed(w):
    from tests.cases.factories import investigating

    case = investigating(w, party=person(w.a, id_number=resident_id(date(1991, 1, 1))))
    with pytest.raises(DomainError, match="不能提出拟处罚意见"):
        propose(case, w.a)


def test_new_proposal_supersedes_previous_and_versions(w):
    case = closed_case(w)
    p1 = propose(case, w.a, penalty=fine(20000))
    p2 = propose(case, w.b, penalty=fine(25000))
    p1.refresh_from_db()
    assert (p1.status, p2.version, p2.status) == ("superseded", 2, "accepted")
    assert svc.current_proposal(case).pk == p2.pk
    assert _events("penalties.proposal.superseded", case) == 1
    assert _events("cases.case.proposed", case) == 1


def test_withdraw_returns_case_to_investigation_closed(w):
    case = closed_case(w)
    p = propose(case, w.a, penalty=fine(20000))
    svc.withdraw_proposal(case, by=w.a, reasons="需要补充证据")
    p.refresh_from_db()
    assert p.status == Proposal.Status.WITHDRAWN
    assert reload(case).state == State.INVESTIGATION_CLOSED
    assert svc.live_proposal(case) is None
    assert not svc.proposal_ready(case).ok
    assert _events("penalties.proposal.withdrawn", case) == 1


def test_every_write_is_audited_with_registered_labels(w):
    case = closed_case(w)
    p = propose(case, w.a, facts=FIRST_MINOR, penalty=fine(5000), reasons="理由")
    svc.decide_departure(p, approve=True, via="head", reasons="同意", by=w.supervisor)
    created = AuditEvent.objects.get(action="penalties.proposal.created", case_id=case.pk)
    assert created.after["status"] == "departure_pending"
    assert created.data["departures"] == ["R-13"]
    assert created.agency_id == case.agency_id
    for code in svc.ACTION_LABELS:
        assert label_for(code) != code


def test_snapshot_stored_is_the_recommendation_seen(w):
    case = closed_case(w)
    rec = svc.recommend_for_case(case, FIRST_MINOR)
    p = propose(case, w.a, facts=FIRST_MINOR, penalty=warning())
    assert p.recommendation == d.snapshot(rec)
    assert d.from_snapshot(p.recommendation) == rec
    assert p.facts["first_offence"] is True and p.facts["age"] == 36
    assert p.check_result["outcome"] == "accepted"


def test_nul_bytes_in_reasons_refused(w):
    case = closed_case(w)
    with pytest.raises(DomainError, match="空字符"):
        propose(case, w.a, penalty=fine(45000), reasons="理由\x00")
    assert not Proposal.objects.filter(case=case).exists()
