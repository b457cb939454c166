"""Demo execution data, called at the END of `penalties.demo.load()`; idempotent.

For 滨江市市场监督管理局 (investigators zhangwei and lina, head wangqiang, legal review
by liuyang), three cases driven through the real services from the lead to a served
decision, with the clock moved back so that every step lies in the past:

- 部分缴纳: a 20,000 yuan fine served about 30 days ago; 5,000 paid at the bank five days
  after the due date; the surcharge (R-43) runs on the unpaid 15,000;
- 已缴清: a fine served about 20 days ago and paid in full before the due date, ready to
  close (R-48);
- 已催告: a fine served about 60 days ago, unpaid; the demand notice (催告书, R-44) issued
  and served, the court application possible once the remedy periods expire.

Anything missing (agency, officers, catalogue entry) is skipped with a note; a case that
already exists is left as it is.
"""

from __future__ import annotations

from datetime import date, timedelta
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
from officers.models import Agency, EnforcementDomain
from penalties import discretion as d
from penalties.models import CollectiveDiscussion, LegalReview, ViolationType
from penalties.services import (
    decisions,
    enforcement,
    execution,
    notices,
    payments,
    proposals,
    reviews,
)

AGENCY = "滨江市市场监督管理局"
USERS = ("zhangwei", "lina", "wangqiang", "liuyang")
VIOLATION = "FOOD-126-3"
FACTS = "当事人进货时未查验供货者的许可证和食品出厂检验合格证，涉案食品已部分售出。"
ORDINARY = {"minor": False, "harm": "general", "facts_certain": True}
FINE = Decimal("20000")

# (title, party, resident id first 17 digits, days since service, scenario)
CASES = [
    (
        "涉嫌进货未查验许可证（部分缴纳，逾期加处罚款）",
        "孙立新",
        "33020219790315041",
        30,
        "partial",
    ),
    ("涉嫌进货未查验许可证（罚款已缴清）", "周丽华", "33020219880622082", 20, "paid"),
    ("涉嫌进货未查验许可证（逾期未缴，已催告）", "马建军", "33020219660108051", 60, "demand"),
]


def _user(username: str):
    return get_user_model().objects.filter(username=username).select_related("officer").first()


def _proof(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% demo signed receipt\n%%EOF\n")


def _workday(day: date) -> date:
    return workdays.current().next_workday_on_or_after(day)


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
        facts=f"{title}。{FACTS}",
        place=f"{agency.region or ''}江滨路{60 + len(party.name)}号",
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


def _to_approval(case: Case, users: dict[str, Any]) -> None:
    """Submitted after the statement period; the collective discussion (R-27) and the legal
    review (R-28) held where the case requires them."""
    reviews.submit_for_decision(case, by=users["zhangwei"])
    for _step in range(3):
        case.refresh_from_db()
        if case.state == State.COLLECTIVE_DISCUSSION:
            reviews.record_discussion(
                case,
                by=users["wangqiang"],
                held_at=timezone.localtime(clock.now()),
                place="局三楼会议室",
                chair="王强",
                recorder="陈静",
                attendees=[
                    {"name": "王强", "post": "局长"},
                    {"name": "刘洋", "post": "法制科科长"},
                    {"name": "张伟", "post": "执法大队队长"},
                ],
                opinions=[{"name": "刘洋", "opinion": "同意承办机构意见。"}],
                conclusion=CollectiveDiscussion.Conclusion.AGREE,
                conclusion_text="同意按拟处罚意见作出行政处罚决定",
            )
        elif case.state == State.LEGAL_REVIEW:
            findings = {item.value: {"ok": True, "note": ""} for item in LegalReview.Item}
            reviews.complete_review(
                reviews.pending_review(case),
                by=users["liuyang"],
                findings=findings,
                opinion="事实清楚，证据确凿，程序合法，处罚适当。",
                passed=True,
            )
        else:
            break
    if case.state != State.APPROVAL:
        raise DomainError(f"案件处于“{case.get_state_display()}”状态，演示数据未继续")


def _served(agency, domain, users, spec) -> tuple[Case, Any] | None:
    title, name, id17, days, _scenario = spec
    if Case.objects.filter(agency=agency, title=title).exists():
        return None
    a, sup = users["zhangwei"], users["wangqiang"]
    today = clock.today()
    start = _workday(today - timedelta(days=days + 16))
    with clock.travel(start):
        party, _created = case_services.register_party(
            by=a,
            kind=Party.Kind.PERSON,
            name=name,
            id_type=Party.IdType.RESIDENT_ID,
            id_number=make_resident_id(id17),
            phone="13700000000",
            address=f"{agency.region or ''}滨江大道{len(title) * 3}号",
        )
        case = _investigated(agency, domain, users, party, title)
        proposals.propose(
            case,
            facts=ORDINARY,
            penalty=d.Proposal.of(d.PenaltyType.WARNING, d.PenaltyType.FINE, fine=FINE),
            by=a,
        )
        notice = notices.issue_notice(case, by=a, facts=FACTS)
        notices.record_notice_service(
            notice, method="direct", served_on=start, recipient=name, proof=_proof("n.pdf"), by=a
        )
    decide_on = workdays.add_workdays(start, 6)  # after the 5 WD (and hearing) periods
    with clock.travel(decide_on):
        _to_approval(case, users)
        reviews.decide_approval(
            reviews.pending_approval(case), by=sup, approve=True, reasons="同意拟处罚意见"
        )
        decision = decisions.issue_decision(case, by=a)
    served_on = workdays.add_workdays(decide_on, 1)  # within 7 WD
    with clock.travel(served_on):
        decision = decisions.serve_decision(
            decision,
            by=a,
            method="direct",
            served_on=served_on,
            recipient=name,
            proof=_proof("d.pdf"),
        )
    return Case.objects.get(pk=case.pk), decision


def _execute(case: Case, decision, scenario: str, users: dict[str, Any], *, stdout: TextIO) -> None:
    a = users["zhangwei"]
    today = clock.today()
    due = decision.payment_due_on
    if scenario == "partial":
        day = min(today, due + timedelta(days=5))
        with clock.travel(day):
            payments.record_payment(
                case,
                by=a,
                amount="5000",
                paid_on=day,
                channel="bank",
                reference="BJ" + day.strftime("%Y%m%d") + "0417",
            )
    elif scenario == "paid":
        day = min(today, decision.served_on + timedelta(days=7))
        with clock.travel(day):
            payments.record_payment(
                case,
                by=a,
                amount=str(FINE),
                paid_on=day,
                channel="e_payment",
                reference="EP" + day.strftime("%Y%m%d") + "2231",
            )
    elif scenario == "demand":
        day = _workday(min(today, due + timedelta(days=20)))
        day = min(day, today)
        with clock.travel(day):
            notice = enforcement.issue_demand_notice(case, by=a)
            enforcement.serve_demand_notice(
                notice,
                by=a,
                method="direct",
                served_on=day,
                recipient=case.party_name,
                proof=_proof("c.pdf"),
            )
    st = payments.account_statement(decision)
    stdout.write(
        f"  {case.display_number}: due {due}, paid {st.paid}, surcharge {st.surcharge}, "
        f"outstanding {st.outstanding}\n"
    )


def load(*, stdout: TextIO) -> None:
    stdout.write("penalties: demo execution (payments, surcharge, demand notice)\n")
    agency = Agency.objects.filter(name=AGENCY).first()
    users = {u: _user(u) for u in USERS}
    domain = EnforcementDomain.objects.filter(code="food-safety").first()
    if (
        agency is None
        or domain is None
        or any(u is None or not hasattr(u, "officer") for u in users.values())
    ):
        stdout.write(f"  {AGENCY} or its demo officers missing: execution skipped\n")
        return
    if not ViolationType.objects.filter(code=VIOLATION).exists():
        stdout.write(f"  catalogue entry {VIOLATION} missing: execution skipped\n")
        return
    for spec in CASES:
        try:
            with transaction.atomic():  # all of a case's story or nothing
                made = _served(agency, domain, users, spec)
                if made is not None:
                    _execute(*made, spec[4], users, stdout=stdout)
        except DomainError as exc:
            stdout.write(f"  {spec[0]}: skipped ({exc})\n")
    # Today's figures for every open decision (what the daily task stores, R-43).
    result = execution.daily_surcharge_update()
    stdout.write(f"  accounts: {result['checked']} checked, {result['updated']} updated\n")
