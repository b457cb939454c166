"""The party's history across agencies (R-13 first offence, look-back edges) and the
party's age on the act date (R-15 birthday edges)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from audit.services import record
from cases.deadlines import add_years
from cases.models import Case
from cases.states import State
from core import clock
from documents.models import Document
from officers.models import AgencySettings
from penalties import discretion as d
from penalties import history
from penalties.models import Decision
from penalties.services import proposals as svc
from tests.cases.factories import organisation, person, resident_id
from tests.penalties.factories import ViolationTypeFactory
from tests.penalties.test_proposals_support import (
    FIRST_MINOR,
    START,
    closed_case,
    world,
)


@pytest.fixture(autouse=True)
def _today():
    with clock.travel(START):
        yield


@pytest.fixture
def w(db, _today):
    return world()


def _party(w, birth=date(1985, 5, 5)):
    return person(w.a, id_number=resident_id(birth))


def _earlier_case(w, party, *, n: int = 1, **kwargs) -> Case:
    act = START - timedelta(days=300 + n)
    kwargs.setdefault("act_date", act)
    kwargs.setdefault("discovered_on", act + timedelta(days=5))
    kwargs.setdefault("place", f"测试市旧街{n}号")
    return closed_case(w, party=party, **kwargs)


def _penalised(case: Case, decided_on: date, state: str = State.DECIDED) -> Case:
    """Mark an earlier case decided (its own stage is tested elsewhere)."""
    Case.objects.filter(pk=case.pk).update(state=state, decided_on=decided_on)
    return Case.objects.get(pk=case.pk)


def _decision(
    case: Case, decided_on: date, *, by, status="issued", kind="penalty", types=("fine",)
):
    doc = Document.objects.create(
        agency=case.agency,
        case_id=case.pk,
        kind="penalty_decision",
        year=decided_on.year,
        seq=case.pk,
        number=f"测罚〔{decided_on.year}〕{case.pk}号",
        title="行政处罚决定书",
        agency_name=case.agency.name,
        created_at=clock.now(),
        created_by=by,
    )
    return Decision.objects.create(
        case=case,
        document=doc,
        kind=kind,
        penalty_types=list(types),
        fine=Decimal("5000") if "fine" in types else None,
        decided_on=decided_on,
        decided_by=by,
        status=status,
    )


def _first(w, case) -> bool:
    return svc.case_inputs(case).first_offence


# --- R-13 look-back edges -------------------------------------------------------------------------


def test_r13_penalty_exactly_three_years_before_the_act_counts(w):
    party = _party(w)
    case = closed_case(w, party=party)
    _penalised(_earlier_case(w, party), add_years(case.act_date, -3))
    assert _first(w, case) is False
    rec = svc.recommend_for_case(case, FIRST_MINOR)
    assert not rec.first_minor_offence and rec.outcome is not d.Outcome.WARNING


def test_r13_penalty_a_day_beyond_three_years_does_not_count(w):
    party = _party(w)
    case = closed_case(w, party=party)
    _penalised(_earlier_case(w, party), add_years(case.act_date, -3) - timedelta(days=1))
    assert _first(w, case) is True
    assert svc.recommend_for_case(case, FIRST_MINOR).outcome is d.Outcome.WARNING


def test_r13_penalty_decided_on_or_after_the_act_date_is_not_earlier(w):
    party = _party(w)
    case = closed_case(w, party=party)
    _penalised(_earlier_case(w, party), case.act_date)
    assert _first(w, case) is True
    _penalised(_earlier_case(w, party, n=2), case.act_date - timedelta(days=1))
    assert _first(w, case) is False


def test_r13_penalty_by_another_agency_counts(w):
    party = _party(w)
    case = closed_case(w, party=party)
    other = Case.objects.get(pk=_earlier_case(w, party).pk)
    Case.objects.filter(pk=other.pk).update(agency=w.other_agency)
    _penalised(other, case.act_date - timedelta(days=100), State.EXECUTING)
    inputs = svc.case_inputs(case)
    assert inputs.first_offence is False
    assert [p.agency_id for p in inputs.priors] == [w.other_agency.pk]


def test_r13_other_violation_type_does_not_count(w):
    ViolationTypeFactory(code="FOOD-002", domain=w.domain)
    party = _party(w)
    case = closed_case(w, party=party)
    earlier = _earlier_case(w, party)
    Case.objects.filter(pk=earlier.pk).update(violation_code="FOOD-002")
    _penalised(earlier, case.act_date - timedelta(days=100))
    assert _first(w, case) is True


def test_r13_lookback_is_the_agency_setting(w):
    party = _party(w)
    case = closed_case(w, party=party)
    _penalised(_earlier_case(w, party), add_years(case.act_date, -2))
    assert _first(w, case) is False
    AgencySettings.objects.filter(agency=w.agency).update(first_offence_lookback_years=1)
    case = Case.objects.get(pk=case.pk)
    assert _first(w, case) is True


def test_r13_case_closed_after_a_decision_counts_but_not_after_no_penalty(w):
    party = _party(w)
    case = closed_case(w, party=party)
    no_penalty = _penalised(_earlier_case(w, party, n=1), case.act_date - timedelta(days=50))
    record("cases.case.no_penalty", no_penalty, by=w.a)
    _penalised(no_penalty, no_penalty.decided_on, State.CLOSED)
    assert _first(w, case) is True
    _penalised(_earlier_case(w, party, n=2), case.act_date - timedelta(days=60), State.CLOSED)
    assert _first(w, case) is False


def test_r13_counts_issued_decisions_not_revoked_ones(w):
    party = _party(w)
    case = closed_case(w, party=party)
    earlier = _earlier_case(w, party)
    when = case.act_date - timedelta(days=30)
    decision = _decision(earlier, when, by=w.supervisor, status="revoked")
    # A decision row decides, whatever the case's state says.
    _penalised(earlier, when, State.SERVED)
    assert _first(w, case) is True
    Decision.objects.filter(pk=decision.pk).update(status="served")
    assert _first(w, case) is False
    priors = history.prior_penalties(party, "FOOD-001", before=case.act_date, years=3)
    assert [(p.source, p.penalty_types) for p in priors] == [("decision", ("fine",))]


def test_r13_warning_decision_counts_no_penalty_decision_does_not(w):
    party = _party(w)
    case = closed_case(w, party=party)
    e1 = _earlier_case(w, party, n=1)
    _decision(e1, case.act_date - timedelta(days=30), by=w.supervisor, kind="no_penalty", types=())
    assert _first(w, case) is True
    e2 = _earlier_case(w, party, n=2)
    _decision(e2, case.act_date - timedelta(days=40), by=w.supervisor, types=("warning",))
    assert _first(w, case) is False


def test_r13_fallback_without_decision_model(w, monkeypatch):
    """Until the decision stage is installed the case states stand in (either works)."""
    monkeypatch.setattr(history, "decision_model", lambda: None)
    party = _party(w)
    case = closed_case(w, party=party)
    _penalised(_earlier_case(w, party), case.act_date - timedelta(days=10), State.SUMMARY_DECIDED)
    assert _first(w, case) is False


def test_r13_the_case_itself_is_not_its_own_prior(w):
    case = closed_case(w)
    _penalised(case, case.act_date - timedelta(days=1))  # nonsense data, still excluded
    assert svc.case_inputs(Case.objects.get(pk=case.pk)).priors == ()


# --- R-15 age ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(2012, 8, 2), date(2026, 8, 2), 13),  # 14th birthday: not yet 14 (next day)
        (date(2012, 8, 2), date(2026, 8, 3), 14),
        (date(2008, 8, 2), date(2026, 8, 2), 17),  # 18th birthday: still a juvenile
        (date(2008, 8, 2), date(2026, 8, 3), 18),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(1990, 3, 7), date(2026, 3, 6), 35),
    ],
)
def test_r15_age_on_birthday_edges(birth, on, age):
    assert svc.age_on(birth, on) == age


def _minor_case(w, birth: date) -> Case:
    return closed_case(w, party=person(w.a, id_number=resident_id(birth)))


def test_r15_on_the_14th_birthday_no_penalty(w):
    case = _minor_case(w, add_years(START - timedelta(days=30), -14))
    rec = svc.recommend_for_case(case, {"harm": "general"})
    assert svc.case_inputs(case).age == 13
    assert rec.outcome is d.Outcome.NO_PENALTY and rec.binding_no_penalty_rule == "R-15"


def test_r15_the_day_after_the_14th_birthday_mitigation_is_mandatory(w):
    case = _minor_case(w, add_years(START - timedelta(days=30), -14) - timedelta(days=1))
    rec = svc.recommend_for_case(case, {"harm": "general"})
    assert svc.case_inputs(case).age == 14
    assert rec.mitigation_required and rec.tier in (d.Tier.LIGHTER, d.Tier.MITIGATED)
    assert "R-15" in rec.rules


def test_r15_on_the_18th_birthday_still_juvenile_then_adult(w):
    act = START - timedelta(days=30)
    on_birthday = _minor_case(w, add_years(act, -18))
    assert svc.recommend_for_case(on_birthday, {"harm": "general"}).mitigation_required
    adult = _minor_case(w, add_years(act, -18) - timedelta(days=1))
    rec = svc.recommend_for_case(adult, {"harm": "general"})
    assert svc.case_inputs(adult).age == 18 and not rec.mitigation_required


def test_r15_organisations_have_no_age(w):
    from tests.penalties.test_proposals_support import org_case

    case = org_case(w)
    inputs = svc.case_inputs(case)
    assert inputs.party_kind is d.PartyKind.ORGANISATION and inputs.age is None


def test_r13_organisation_matched_by_credit_code_across_agencies(w):
    party = organisation(w.a)
    case = closed_case(w, party=party)
    other = _earlier_case(w, party)
    Case.objects.filter(pk=other.pk).update(agency=w.other_agency)
    _penalised(other, case.act_date - timedelta(days=20))
    assert _first(w, case) is False
