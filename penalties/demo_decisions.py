"""Demo review, approval, decision and summary cases, called at the END of
`penalties.demo.load()`; idempotent.

For 滨江市市场监督管理局 (investigators zhangwei and lina, head wangqiang, legal review by
liuyang, legal office chenjing), driven through the real services with the clock moved back
so that every step lies in the past:

- 集体讨论: a 20,000 yuan fine (≥ the hearing threshold: R-27 discussion), submitted today;
- 法制审核: the same with major public interest (R-28), discussed, waiting in the review queue;
- 负责人审批: discussed and reviewed, waiting in the head's approval queue (R-29);
- 已决定: approved and decided today, to be served within 7 WD (R-38);
- 已送达: served; its publication waits for the legal office (R-39);
- 已结案: a warning decided and served a month ago, published, the case closed (R-45/R-48);
- 不予处罚: decided by the head after the investigation (不予行政处罚决定书), served;
- 当场处罚: two on-the-spot decisions (R-20) with pre-assigned numbers, one filed (备案).

Anything missing (agency, officers, catalogue entry) is skipped with a note; a case that
already exists is left as it is.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, Party
from cases.states import State
from cases.validators import make_resident_id
from core import clock, workdays
from core.errors import DomainError
from documents.services import reserve_numbers
from officers.models import Agency, EnforcementDomain
from penalties import discretion as d
from penalties.models import CollectiveDiscussion, LegalReview, SummaryProcedure, ViolationType
from penalties.services import decisions, notices, proposals, publicity, reviews, summary

AGENCY = "滨江市市场监督管理局"
USERS = ("zhangwei", "lina", "wangqiang", "liuyang", "chenjing")
VIOLATION = "FOOD-126-3"
FACTS = "当事人进货时未查验供货者的许可证和食品出厂检验合格证，涉案食品已部分售出。"
ORDINARY = {"minor": False, "harm": "general", "facts_certain": True}
PUBLIC = {**ORDINARY, "major_public_interest": True}
FINE = d.Proposal.of(d.PenaltyType.WARNING, d.PenaltyType.FINE, fine=20000)
WARNING = d.Proposal.of(d.PenaltyType.WARNING)
FIRST_MINOR = {"minor": True, "harm": "small", "facts_certain": True}

# (title, party, resident id first 17 digits, facts, penalty, target)
CASES = [
    (
        "涉嫌进货未查验许可证（集体讨论）",
        "黄志明",
        "33020219810412031",
        ORDINARY,
        FINE,
        "discussion",
    ),
    ("涉嫌进货未查验许可证（法制审核）", "林淑芬", "33020219830517062", PUBLIC, FINE, "review"),
    ("涉嫌进货未查验许可证（负责人审批）", "徐建华", "33020219700821013", PUBLIC, FINE, "approval"),
    (
        "涉嫌进货未查验许可证（已作出决定）",
        "何玉兰",
        "33020219860303044",
        ORDINARY,
        FINE,
        "decided",
    ),
    ("涉嫌进货未查验许可证（决定已送达）", "高振宇", "33020219770909015", ORDINARY, FINE, "served"),
    (
        "涉嫌进货未查验许可证（警告，已结案）",
        "罗美玲",
        "33020219900101026",
        FIRST_MINOR,
        WARNING,
        "closed",
    ),
]
NO_PENALTY_CASE = ("涉嫌进货未查验许可证（不予处罚）", "谢文博", "33020219920220037")
# (party, resident id first 17 digits, facts, penalty types, fine, filed?)
SUMMARY_CASES = [
    ("范德明", "33020219680505058", FIRST_MINOR, ["warning"], None, True),
    ("蒋秀英", "33020219750808069", FIRST_MINOR, ["warning"], None, False),
]


def _user(username: str):
    return get_user_model().objects.filter(username=username).select_related("officer").first()


def _proof(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% demo signed receipt\n%%EOF\n")


def _workday(day: date) -> date:
    return workdays.current().next_workday_on_or_after(day)


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def _party(agency: Agency, a, name: str, id17: str) -> Party:
    party, _created = case_services.register_party(
        by=a,
        kind=Party.Kind.PERSON,
        name=name,
        id_type=Party.IdType.RESIDENT_ID,
        id_number=make_resident_id(id17),
        phone="13600000000",
        address=f"{agency.region or '滨江市'}滨江大道{len(name) * 11}号",
    )
    return party


def _investigated(agency: Agency, domain, users: dict[str, Any], party: Party, title: str) -> Case:
    """Lead → filed → investigated with a record and verified evidence → closed."""
    a, b, sup = users["zhangwei"], users["lina"], users["wangqiang"]
    today = clock.today()
    case = case_services.register_lead(
        by=a,
        party=party,
        domain=domain,
        source=Case.Source.INSPECTION,
        title=title,
        facts=f"{party.name}{FACTS}",
        place=f"{agency.region or ''}江滨路{80 + len(title)}号",
        act_date=today - timedelta(days=20),
        discovered_on=today - timedelta(days=3),
        violation_code=VIOLATION,
    )
    case_services.assign_officer(case, by=sup, officer=b.officer)
    case_services.request_filing(case, by=a, reasons="经核查，有违法事实，需要给予行政处罚")
    case = case_services.decide_filing(case, by=sup, approve=True, note="同意立案")
    case = case_services.start_investigation(case, by=a)
    officers = [a.officer, b.officer]
    case_services.create_record(
        case,
        by=a,
        kind="inspection",
        held_on=today,
        place=case.place,
        subject_name=party.name,
        officers=officers,
        signature="signed",
        content="现场检查发现当事人进货时未查验供货者的许可证和食品出厂检验合格证。",
    )
    evidence = case_services.add_evidence(
        case,
        by=a,
        type="site_record",
        title="进货单据及现场照片",
        collected_on=today,
        collectors=officers,
        method="现场拍照、复印",
        source="执法人员现场提取",
        description="进货单据无供货者许可证复印件",
    )
    case_services.verify_evidence(evidence, by=a, note="核实无误")
    return case_services.close_investigation(case, by=a, summary="调查终结，违法事实清楚。")


def _discuss(case: Case, users: dict[str, Any], day: date) -> None:
    reviews.record_discussion(
        case,
        by=users["wangqiang"],
        held_at=_at(day, 9),
        place="局三楼会议室",
        chair="王强",
        recorder="陈静",
        attendees=[
            {"name": "王强", "post": "副局长"},
            {"name": "刘洋", "post": "法规科"},
            {"name": "李局长", "post": "局长"},
        ],
        opinions=[{"name": "李局长", "opinion": "事实清楚，同意承办机构意见。"}],
        conclusion=CollectiveDiscussion.Conclusion.AGREE,
        conclusion_text="同意按拟处罚意见作出行政处罚决定",
    )


def _review(case: Case, users: dict[str, Any]) -> None:
    reviews.complete_review(
        reviews.pending_review(case),
        by=users["liuyang"],
        findings={item.value: {"ok": True, "note": ""} for item in LegalReview.Item},
        opinion="事实清楚，证据确凿，适用依据正确，程序合法，处罚适当。",
        passed=True,
    )


def _story(agency, domain, users, spec, *, stdout: TextIO) -> None:
    title, name, id17, facts, penalty, target = spec
    if Case.objects.filter(agency=agency, title=title).exists():
        return
    a, sup = users["zhangwei"], users["wangqiang"]
    today = clock.today()
    back = {"closed": 45, "served": 14}.get(target, 12)
    start = _workday(today - timedelta(days=back))
    with clock.travel(start):
        party = _party(agency, a, name, id17)
        case = _investigated(agency, domain, users, party, title)
        proposals.propose(case, facts=facts, penalty=penalty, by=a)
        notice = notices.issue_notice(case, by=a, facts=FACTS)
        notices.record_notice_service(
            notice, method="direct", served_on=start, recipient=name, proof=_proof("n.pdf"), by=a
        )
    # After the statement and hearing-request periods (5 WD each, R-25/R-31).
    day = min(today, workdays.add_workdays(start, 6))
    with clock.travel(day):
        case.refresh_from_db()
        reviews.submit_for_decision(case, by=a)
        case.refresh_from_db()
        if target == "discussion":
            stdout.write(f"  {case.display_number}: collective discussion pending (R-27)\n")
            return
        if case.state == State.COLLECTIVE_DISCUSSION:
            _discuss(case, users, day)
            case.refresh_from_db()
        if target == "review":
            stdout.write(f"  {case.display_number}: in the legal review queue (R-28)\n")
            return
        if case.state == State.LEGAL_REVIEW:
            _review(case, users)
            case.refresh_from_db()
        if target == "approval":
            stdout.write(f"  {case.display_number}: in the approval queue (R-29)\n")
            return
        reviews.decide_approval(
            reviews.pending_approval(case), by=sup, approve=True, reasons="同意拟处罚意见"
        )
        decision = decisions.issue_decision(case, by=a)
    if target == "decided":
        stdout.write(f"  {case.display_number}: decided {decision.document.number}\n")
        return
    served_on = min(today, workdays.add_workdays(day, 1))
    with clock.travel(served_on):
        decision = decisions.serve_decision(
            decision,
            by=a,
            method="direct",
            served_on=served_on,
            recipient=name,
            proof=_proof("d.pdf"),
        )
    if target == "served":
        stdout.write(f"  {case.display_number}: served, publication pending (R-39)\n")
        return
    close_on = min(today, workdays.add_workdays(served_on, 2))
    with clock.travel(close_on):
        pub = getattr(decision, "publication", None)
        if pub is not None:
            publicity.publish(pub, by=users["chenjing"])
        report = case_services.request_closing(case, by=a, summary="警告已送达，案件办结")
        case_services.decide_closing(report.approval, by=sup, approve=True, note="同意结案")
    stdout.write(f"  {case.display_number}: closed\n")


def _no_penalty(agency, domain, users, *, stdout: TextIO) -> None:
    title, name, id17 = NO_PENALTY_CASE
    if Case.objects.filter(agency=agency, title=title).exists():
        return
    a, sup = users["zhangwei"], users["wangqiang"]
    start = _workday(clock.today() - timedelta(days=7))
    with clock.travel(start):
        party = _party(agency, a, name, id17)
        case = _investigated(agency, domain, users, party, title)
        decision = decisions.decide_without_penalty(
            case,
            by=sup,
            outcome="no_penalty",
            reasons="当事人违法行为轻微并及时改正，没有造成危害后果，依法不予行政处罚",
            education="已对当事人进行批评教育，并责令其建立进货查验记录制度",
        )
        decisions.serve_decision(
            decision,
            by=a,
            method="direct",
            served_on=start,
            recipient=name,
            proof=_proof("np.pdf"),
        )
    stdout.write(f"  {case.display_number}: no penalty, decision served\n")


def _summary_cases(agency, domain, users, *, stdout: TextIO) -> None:
    a, b, sup = users["zhangwei"], users["lina"], users["wangqiang"]
    today = clock.today()
    for index, (name, id17, facts, types, fine, filed) in enumerate(SUMMARY_CASES):
        if SummaryProcedure.objects.filter(case__agency=agency, case__party_name=name).exists():
            continue
        day = _workday(today - timedelta(days=3 * (len(SUMMARY_CASES) - index)))
        with clock.travel(day):
            party = _party(agency, a, name, id17)
            number = reserve_numbers(agency, summary.KIND, 1, by=a)[0].number
            proc = summary.decide_on_the_spot(
                by=a,
                partner=b.officer,
                party=party,
                domain=domain,
                violation_code=VIOLATION,
                acted_at=_at(day, 10),
                place=f"{agency.region or ''}江滨路农贸市场{index + 1}号摊位",
                facts_text="当事人进货时未查验供货者的许可证，系初次违法，情节轻微",
                facts=facts,
                penalty_types=types,
                fine=Decimal(fine) if fine else None,
                rights_notice="执法人员出示执法证件，当场告知拟给予警告的事实、理由和依据，"
                "并告知当事人享有陈述、申辩的权利。",
                statement="" if index else "当事人表示今后一定查验供货者证照",
                statement_waived=bool(index),
                recheck="" if index else "当事人所述不影响违法事实认定，其改正态度已予考虑",
                refused_to_sign=bool(index),
                reserved_number=number,
            )
            if filed:
                summary.file_summary(proc, by=sup, note="已审查，予以备案")
        stdout.write(
            f"  {proc.reserved_number}: on-the-spot warning ({'filed' if filed else '备案 pending'})\n"
        )


def load(*, stdout: TextIO) -> None:
    stdout.write("penalties: demo reviews, approvals, decisions and summary cases\n")
    agency = Agency.objects.filter(name=AGENCY).first()
    users = {u: _user(u) for u in USERS}
    domain = EnforcementDomain.objects.filter(code="food-safety").first()
    if (
        agency is None
        or domain is None
        or any(u is None or not hasattr(u, "officer") for u in users.values())
    ):
        stdout.write(f"  {AGENCY} or its demo officers missing: decisions skipped\n")
        return
    if not ViolationType.objects.filter(code=VIOLATION).exists():
        stdout.write(f"  catalogue entry {VIOLATION} missing: decisions skipped\n")
        return
    for spec in CASES:
        try:
            with transaction.atomic():  # all of a case's story or nothing
                _story(agency, domain, users, spec, stdout=stdout)
        except DomainError as exc:
            stdout.write(f"  {spec[0]}: skipped ({exc})\n")
    for step in (_no_penalty, _summary_cases):
        try:
            with transaction.atomic():
                step(agency, domain, users, stdout=stdout)
        except DomainError as exc:
            stdout.write(f"  {step.__name__}: skipped ({exc})\n")
