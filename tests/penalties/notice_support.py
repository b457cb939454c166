"""Builders for the notice, hearing and gate tests (no tests here): a world of personas,
the FOOD-001 statute (warning; 5,000–50,000 yuan; suspension; revocation), and cases driven
through the real services to PROPOSED with a proposal in force."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Case, Party
from cases.states import State
from core import clock
from officers.models import AgencySettings
from penalties import discretion as d
from penalties.gate import decision_gate
from penalties.models import Notice
from penalties.services import notices, proposals
from tests.cases.factories import VIOLATION, World, in_state, make_world, person, resident_id
from tests.penalties.factories import ViolationTypeFactory, fixed_statute

ORDINARY = {"minor": False, "harm": "general", "facts_certain": True}


def world() -> World:
    w = make_world()
    vt = ViolationTypeFactory(code=VIOLATION, name="未按规定公示食品经营许可证", domain=w.domain)
    fixed_statute(violation=vt)
    return w


def fine(amount) -> d.Proposal:
    return d.Proposal.of(d.PenaltyType.FINE, fine=amount)


def proposed_case(
    w: World, *, penalty: d.Proposal | None = None, party: Party | None = None
) -> Case:
    """A case in PROPOSED whose proposal is in force (default: a 20,000 yuan fine for a
    natural person, which entitles to a hearing, R-30)."""
    party = party or person(w.a, id_number=resident_id(date(1990, 3, 7)))
    case = in_state(w, State.INVESTIGATION_CLOSED, party=party)
    proposal = proposals.propose(
        case, facts=ORDINARY, penalty=penalty or fine(20000), by=w.a, departure_reasons=""
    )
    assert proposal.in_force, proposal.check_result
    return Case.objects.get(pk=case.pk)


def pdf(name: str = "signed.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n% signed scan\n%%EOF\n", content_type="application/pdf"
    )


def serve(notice: Notice, by, on: date) -> Notice:
    with clock.travel(on):
        return notices.record_notice_service(
            notice, method="direct", served_on=on, recipient="张三", proof=pdf(), by=by
        )


def notified_case(w: World, *, issued: date, served: date, penalty=None) -> tuple[Case, Notice]:
    with clock.travel(issued):
        case = proposed_case(w, penalty=penalty)
        notice = notices.issue_notice(case, by=w.a, facts="当事人未按规定公示食品经营许可证。")
    notice = serve(notice, w.a, served)
    return Case.objects.get(pk=case.pk), notice


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


START = date(2026, 9, 1)  # the world is made here; cases are filed and proposed in September
ISSUED = date(2026, 9, 28)
SERVED = date(2026, 9, 30)  # just before the National Day holiday (10-01..10-07; Sat 10-10 works)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Rendered PDFs and uploaded files go to a throw-away MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def w(db):
    with clock.travel(START):
        return world()


def set_rules(case_or_agency, **values) -> None:
    agency = getattr(case_or_agency, "agency", case_or_agency)
    AgencySettings.objects.filter(agency=agency).update(**values)


def no_hearing_world(w: World) -> None:
    """The agency's person threshold above the proposed fine: no hearing right (R-30)."""
    set_rules(w.agency, hearing_threshold_person=Decimal("50000"))


def gate_on(case: Case, day: date, **kwargs) -> list[str]:
    with clock.travel(day):
        return decision_gate(Case.objects.get(pk=case.pk), **kwargs).reasons
