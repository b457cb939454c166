"""Builders for the review, approval, decision, publicity, closing and summary tests (no
tests here): personas with a legal reviewer and a second supervisor, and cases driven
through the real services (cases → proposals → notices) to the state a test needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, Party
from cases.states import State
from core import clock
from core.roles import Role
from penalties import discretion as d
from penalties.models import Decision, DecisionApproval, LegalReview
from penalties.services import decisions, notices, proposals, reviews
from tests.cases.factories import VIOLATION, World, make_world, person, resident_id
from tests.factories import OfficerFactory
from tests.penalties.factories import ViolationTypeFactory, fixed_statute

# A Tuesday; chinese-calendar covers 2026. Notices are served on START, the statement
# period (5 WD) ends on 2026-09-08, a decision may be issued from 2026-09-09.
START = date(2026, 9, 1)
AFTER_PERIOD = date(2026, 9, 9)
ORDINARY = {"minor": False, "harm": "general", "facts_certain": True}


@dataclass
class DWorld:
    w: World
    reviewer: object  # legal reviewer with a legal qualification
    reviewer_unqualified: object
    supervisor2: object
    vt: object

    def __getattr__(self, name):
        return getattr(self.w, name)


def dworld(*, needs_review: bool = False) -> DWorld:
    w = make_world()
    vt = ViolationTypeFactory(code=VIOLATION, name="未按规定公示食品经营许可证", domain=w.domain)
    fixed_statute(
        violation=vt,
        needs_legal_review=needs_review,
        fine_min=Decimal("1000"),
        fine_max=Decimal("10000"),
    )
    reviewer = OfficerFactory(
        agency=w.agency, user__roles=[Role.LEGAL_REVIEWER], legal_qualification="A20193702000123"
    ).user
    unqualified = OfficerFactory(agency=w.agency, user__roles=[Role.LEGAL_REVIEWER]).user
    supervisor2 = OfficerFactory(agency=w.agency, user__roles=[Role.SUPERVISOR]).user
    return DWorld(w, reviewer, unqualified, supervisor2, vt)


def fine(amount) -> d.Proposal:
    return d.Proposal.of(d.PenaltyType.FINE, fine=amount)


def pdf(name: str = "signed.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n% signed scan\n%%EOF\n", content_type="application/pdf"
    )


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def closed_case(dw: DWorld, *, party: Party | None = None, **kwargs) -> Case:
    """Filed, investigated with a record and one verified evidence item, closed."""
    w = dw.w
    party = party or person(w.a, id_number=resident_id(date(1990, 3, 7)))
    today = clock.today()
    case = case_services.register_lead(
        by=w.a,
        domain=w.domain,
        source=Case.Source.COMPLAINT,
        title="未按规定公示食品经营许可证",
        facts=kwargs.pop("facts", "当事人张三在其经营的小吃店内未按规定公示食品经营许可证。"),
        place="测试市人民路2号",
        act_date=kwargs.pop("act_date", today - timedelta(days=30)),
        discovered_on=today - timedelta(days=2),
        violation_code=VIOLATION,
        party=party,
        **kwargs,
    )
    case_services.assign_officer(case, by=w.supervisor, officer=w.b.officer)
    case_services.request_filing(case, by=w.a, reasons="证据初步表明存在违法行为")
    case = case_services.decide_filing(case, by=w.supervisor, approve=True, note="同意立案")
    case = case_services.start_investigation(case, by=w.a)
    officers = [w.a.officer, w.b.officer]
    case_services.create_record(
        case,
        by=w.a,
        kind="inspection",
        held_on=today,
        place="测试市人民路2号",
        subject_name=party.name,
        officers=officers,
        signature="signed",
        content="现场检查发现经营场所未公示食品经营许可证。",
    )
    ev = case_services.add_evidence(
        case,
        by=w.a,
        type="site_record",
        title="现场检查照片",
        collected_on=today,
        collectors=officers,
        method="现场拍照",
        source="执法人员现场拍摄",
        description="经营场所墙面未悬挂许可证",
    )
    case_services.verify_evidence(ev, by=w.a, note="核实无误")
    case = case_services.close_investigation(case, by=w.a, summary="调查终结")
    return Case.objects.get(pk=case.pk)


def notified(dw: DWorld, *, penalty: d.Proposal | None = None, facts=None, **kwargs) -> Case:
    """On START: proposed, notice issued and served. Statement period ends 2026-09-08."""
    with clock.travel(START):
        case = closed_case(dw, **kwargs)
        proposal = proposals.propose(
            case, facts=facts or ORDINARY, penalty=penalty or fine(6000), by=dw.a
        )
        assert proposal.in_force, proposal.check_result
        notice = notices.issue_notice(case, by=dw.a, facts="当事人未按规定公示食品经营许可证。")
        notices.record_notice_service(
            notice, method="direct", served_on=START, recipient="张三", proof=pdf(), by=dw.a
        )
    return Case.objects.get(pk=case.pk)


def findings(ok: bool = True, **overrides) -> dict:
    out = {item.value: {"ok": ok, "note": "" if ok else "不符合"} for item in LegalReview.Item}
    for key, value in overrides.items():
        out[key] = value
    return out


def at_approval(dw: DWorld, **kwargs) -> Case:
    """Notified, then (after the statement period) submitted: in APPROVAL (no discussion
    or review needed for the default 6,000 yuan fine)."""
    case = notified(dw, **kwargs)
    with clock.travel(AFTER_PERIOD):
        reviews.submit_for_decision(case, by=dw.a)
    case = Case.objects.get(pk=case.pk)
    assert case.state == State.APPROVAL, case.state
    return case


def approved(dw: DWorld, **kwargs) -> Case:
    case = at_approval(dw, **kwargs)
    with clock.travel(AFTER_PERIOD):
        reviews.decide_approval(
            reviews.pending_approval(case), by=dw.supervisor, approve=True, reasons="同意"
        )
    return Case.objects.get(pk=case.pk)


def decided(dw: DWorld, **kwargs) -> tuple[Case, Decision]:
    case = approved(dw, **kwargs)
    with clock.travel(AFTER_PERIOD):
        decision = decisions.issue_decision(case, by=dw.a)
    return Case.objects.get(pk=case.pk), decision


def served(dw: DWorld, *, on: date = AFTER_PERIOD, **kwargs) -> tuple[Case, Decision]:
    case, decision = decided(dw, **kwargs)
    with clock.travel(on):
        decision = decisions.serve_decision(
            decision, by=dw.a, method="direct", served_on=on, recipient="张三", proof=pdf()
        )
    return Case.objects.get(pk=case.pk), decision


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def approval_of(case: Case) -> DecisionApproval:
    return reviews.pending_approval(case)


def money(value) -> Decimal:
    return Decimal(str(value))
