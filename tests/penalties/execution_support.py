"""Builders for the execution tests (no tests here): a case with a decision served through
DECISION's real services (tests.penalties.decision_support), and an on-the-spot
(summary) decision through `penalties.services.summary`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from cases.models import Case
from core import clock
from documents.services import reserve_numbers
from penalties import discretion as d
from penalties.models import Decision
from penalties.services import summary
from tests.cases.factories import VIOLATION, make_world, person, resident_id
from tests.penalties.decision_support import DWorld, at, dworld, served
from tests.penalties.factories import ViolationTypeFactory, fixed_statute

D = Decimal
# Served on a Sunday make-up working day: + 15 CD = 10-05, in the National Day rest → 10-08.
SERVED = date(2026, 9, 20)
DUE = date(2026, 10, 8)


def world() -> DWorld:
    with clock.travel(date(2026, 9, 9)):
        return dworld()


def fine(amount) -> d.Proposal:
    return d.Proposal.of(d.PenaltyType.FINE, fine=D(str(amount)))


def served_case(dw: DWorld, *, on: date = SERVED, amount=6000) -> tuple[Case, Decision]:
    """A general-procedure case whose 6,000-yuan decision was served on `on` (SERVED)."""
    return served(dw, on=on, penalty=fine(amount))


def summary_world():
    """Personas with a catalogue entry that a summary fine (≤ 200 yuan) fits."""
    with clock.travel(date(2026, 9, 9)):
        w = make_world()
        vt = ViolationTypeFactory(code=VIOLATION, name="未按规定佩戴健康证明", domain=w.domain)
        fixed_statute(
            violation=vt,
            penalty_types=[d.PenaltyType.WARNING, d.PenaltyType.FINE],
            fine_min=D("50"),
            fine_max=D("200"),
        )
    return w


def summary_case(w, *, amount, on: date = SERVED) -> tuple[Case, Decision]:
    """An on-the-spot decision (R-20) fining a person `amount` yuan, handed over on `on`."""
    with clock.travel(at(on, 10)):
        (doc,) = reserve_numbers(w.agency, "summary_decision", 1, by=w.supervisor)
        party = person(w.a, id_number=resident_id(date(1985, 5, 5)))
        proc = summary.decide_on_the_spot(
            by=w.a,
            partner=w.b.officer,
            party=party,
            domain=w.domain,
            violation_code=VIOLATION,
            acted_at=timezone.localtime(clock.now()),
            place="测试市人民路2号",
            facts_text="当事人从事食品经营未佩戴健康证明",
            facts={"facts_certain": True},
            penalty_types=[d.PenaltyType.FINE],
            fine=D(str(amount)),
            rights_notice="告知拟作出的处罚及事实、理由、依据，当事人有权陈述申辩",
            statement_waived=True,
            reserved_number=doc.number,
        )
    return Case.objects.get(pk=proc.case_id), proc.decision
