"""The agency the browser journeys start from, and service-level builders for the cases a
journey does not drive through the pages itself (no tests here).

The agency is the demo's: 滨江市市场监督管理局 with its officers (officers.demo), the
violation catalogue, the agency's benchmarks and first-offence list (penalties.demo) —
loaded through the same code as `manage.py load_demo`, so the journeys see what a new
user of the demo sees. The demo's cases are not loaded (the journeys make their own).

Dates are fixed so that messages and screenshots are stable: the journeys run on
START (a Tuesday); a notice served that day has its statement period (5 working days)
end on STATEMENT_ENDS, so a decision may be made from AFTER_PERIOD.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services as case_services
from cases.models import Case, Party
from core import clock
from officers import demo as officers_demo
from officers.idnumber import check_char
from officers.models import Agency, EnforcementDomain
from penalties import demo as penalties_demo
from penalties import discretion as d
from penalties.services import decisions, notices, proposals, reviews

START = date(2026, 9, 1)
STATEMENT_ENDS = date(2026, 9, 8)
AFTER_PERIOD = date(2026, 9, 9)
PASSWORD = officers_demo.DEMO_PASSWORD
VIOLATION = "FOOD-126-6"  # 食品安全法 Art 126 (6), with the agency's 2025 benchmark
VIOLATION_NAME = "安排未取得健康证明的人员从事接触直接入口食品的工作"
PARTY_NAME = "陈晓东"
FIRST_MINOR = {"minor": True, "harm": "small", "promptly_corrected": False, "facts_certain": True}


@dataclass
class DemoAgency:
    agency: Agency
    domain: EnforcementDomain
    a: object  # zhangwei, officer
    b: object  # lina, officer
    supervisor: object  # wangqiang
    reviewer: object  # liuyang, legal reviewer
    legal: object  # chenjing, legal office
    party: Party


def resident_id(born: date, seq: int) -> str:
    first17 = f"330201{born:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)


def build_agency() -> DemoAgency:
    """The demo agency, officers, catalogue and benchmarks, and one party (call on START)."""
    out = io.StringIO()
    officers_demo.load(stdout=out)
    penalties_demo.load_catalogue(stdout=out)
    agency = Agency.objects.get(name=penalties_demo.AGENCY)
    admin = penalties_demo._admin_of(agency)
    penalties_demo.load_benchmarks(agency, admin, stdout=out)
    penalties_demo.load_first_offence(agency, admin, stdout=out)
    users = get_user_model().objects.select_related("officer")
    a, b, supervisor, reviewer, legal = (
        users.get(username=u) for u in ("zhangwei", "lina", "wangqiang", "liuyang", "chenjing")
    )
    party, _ = case_services.register_party(
        by=a,
        kind=Party.Kind.PERSON,
        name=PARTY_NAME,
        id_type=Party.IdType.RESIDENT_ID,
        id_number=resident_id(date(1985, 3, 12), 123),
        phone="13900001234",
        address="滨江市江滨路88号",
    )
    return DemoAgency(
        agency=agency,
        domain=EnforcementDomain.objects.get(code="food-safety"),
        a=a,
        b=b,
        supervisor=supervisor,
        reviewer=reviewer,
        legal=legal,
        party=party,
    )


def proof(name: str = "送达回证.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n% signed receipt\n%%EOF\n", content_type="application/pdf"
    )


def closed_case(w: DemoAgency, *, title: str, place: str, party: Party | None = None) -> Case:
    """Filed, investigated with an inquiry and one verified evidence item, closed."""
    party = party or w.party
    today = clock.today()
    case = case_services.register_lead(
        by=w.a,
        party=party,
        domain=w.domain,
        source=Case.Source.INSPECTION,
        title=title,
        facts=f"{title}。日常监督检查发现，当事人安排一名未取得健康证明的人员从事分装工作。",
        place=place,
        act_date=today - timedelta(days=20),
        discovered_on=today - timedelta(days=5),
        violation_code=VIOLATION,
    )
    case_services.assign_officer(case, by=w.supervisor, officer=w.b.officer)
    case_services.request_filing(case, by=w.a, reasons="经核查，有违法事实，需要给予行政处罚")
    case = case_services.decide_filing(case, by=w.supervisor, approve=True, note="同意立案")
    case = case_services.start_investigation(case, by=w.a)
    officers = [w.a.officer, w.b.officer]
    case_services.create_record(
        case,
        by=w.a,
        kind="inquiry",
        held_on=today,
        place=place,
        subject_name=party.name,
        officers=officers,
        signature="signed",
        content="",
        qa=[("是否为该人员办理健康证明？", "尚未办理，已安排其暂停工作。")],
    )
    evidence = case_services.add_evidence(
        case,
        by=w.a,
        type="site_record",
        title="现场检查照片",
        collected_on=today,
        collectors=officers,
        method="现场拍照",
        source="执法人员现场拍摄",
        description="分装间内一名员工无健康证明",
    )
    case_services.verify_evidence(evidence, by=w.a, note="核实无误")
    return case_services.close_investigation(case, by=w.a, summary="调查终结")


def at_approval(w: DemoAgency, *, title: str, place: str, proposer=None) -> Case:
    """Proposed (a warning, first minor offence) by `proposer`, notice served on START,
    submitted on AFTER_PERIOD: waiting for the head's approval (call on START)."""
    proposer = proposer or w.a
    case = closed_case(w, title=title, place=place)
    if proposer != w.a:  # only an officer of the case proposes: the head joins it
        case_services.assign_officer(case, by=w.supervisor, officer=proposer.officer)
    proposals.propose(
        case, facts=FIRST_MINOR, penalty=d.Proposal.of(d.PenaltyType.WARNING), by=proposer
    )
    notice = notices.issue_notice(
        case, by=proposer, facts="当事人安排未取得健康证明的人员从事接触直接入口食品的工作。"
    )
    notices.record_notice_service(
        notice,
        method="direct",
        served_on=clock.today(),
        recipient=PARTY_NAME,
        proof=proof(),
        by=proposer,
    )
    with clock.travel(AFTER_PERIOD):
        reviews.submit_for_decision(case, by=proposer)
    return Case.objects.get(pk=case.pk)


def decided(w: DemoAgency, *, title: str, place: str) -> Case:
    """At approval (see `at_approval`), approved by the head and decided by the officer on
    AFTER_PERIOD: the decision document is rendered (call on START)."""
    case = at_approval(w, title=title, place=place)
    with clock.travel(AFTER_PERIOD):
        reviews.decide_approval(
            reviews.pending_approval(case), by=w.supervisor, approve=True, reasons="同意"
        )
        decisions.issue_decision(case, by=w.a)
    return Case.objects.get(pk=case.pk)
