"""Shared fixtures and builders for the proposal tests (no tests here).

A world of personas (tests.cases.factories), the catalogue violation FOOD-001 like
食品安全法 Art 126 (warning; 5,000–50,000 yuan; suspension; revocation), and cases driven
through the real services to "investigation closed".
"""

from __future__ import annotations

from datetime import date, timedelta

from cases.models import Case, Party
from cases.states import State
from penalties import discretion as d
from penalties.services import proposals as svc
from tests.cases.factories import (
    VIOLATION,
    World,
    in_state,
    make_world,
    organisation,
    person,
    resident_id,
)
from tests.penalties.factories import ViolationTypeFactory, fixed_statute

START = date(2026, 9, 1)

FIRST_MINOR = {
    "minor": True,
    "harm": "small",
    "promptly_corrected": False,
    "facts_certain": True,
}
ORDINARY = {"minor": False, "harm": "general", "facts_certain": True}


def world() -> World:
    """The personas and the FOOD-001 statute (call inside `clock.travel(START)`)."""
    w = make_world()
    statute(w)
    return w


def statute(w: World, **kwargs):
    vt = ViolationTypeFactory(code=VIOLATION, name="未按规定公示食品经营许可证", domain=w.domain)
    defaults = dict(violation=vt)
    defaults.update(kwargs)
    return fixed_statute(**defaults)


def closed_case(w: World, *, party: Party | None = None, **kwargs) -> Case:
    """A case in investigation_closed, party a natural person born 1990 (adult)."""
    party = party or person(w.a, id_number=resident_id(date(1990, 3, 7)))
    return in_state(w, State.INVESTIGATION_CLOSED, party=party, **kwargs)


def org_case(w: World, **kwargs) -> Case:
    return in_state(w, State.INVESTIGATION_CLOSED, party=organisation(w.a), **kwargs)


def warning() -> d.Proposal:
    return d.Proposal.of(d.PenaltyType.WARNING)


def fine(amount) -> d.Proposal:
    return d.Proposal.of(d.PenaltyType.FINE, fine=amount)


def propose(case: Case, by, *, facts=None, penalty=None, reasons: str = ""):
    return svc.propose(
        case,
        facts=facts if facts is not None else ORDINARY,
        penalty=penalty if penalty is not None else fine(20000),
        by=by,
        departure_reasons=reasons,
    )


def reload(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def days_before(day: date, n: int) -> date:
    return day - timedelta(days=n)


__all__ = [
    "FIRST_MINOR",
    "ORDINARY",
    "START",
    "closed_case",
    "days_before",
    "fine",
    "org_case",
    "propose",
    "reload",
    "statute",
    "world",
    "warning",
]
