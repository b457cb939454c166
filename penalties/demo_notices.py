"""Demo notices and hearings, called at the end of `penalties.demo.load()`; idempotent.

For 滨江市市场监督管理局 (investigators zhangwei and lina, head wangqiang; the hearing is
presided by liuyang, 法制审核, and recorded by chenjing, 法制监督 — never investigators,
R-33), driven through the real services with the clock moved back where the story needs
a past:

- the proposals demo's warning case (刘建国): the notice served today, the statement
  period running (R-25), one statement waiting for its re-check;
- 听证申请: a 20,000 yuan fine (R-30 hearing right), notice served a week ago, the
  party's request accepted (HEARING_REQUESTED, the R-35 clock stopped);
- 听证已安排: the hearing set 8 WD ahead, its 听证通知书 served today (R-32);
- 听证已举行: the whole path a month ago — notice, request, notice of hearing served
  8 WD before, the hearing record signed (HEARING_HELD).

Anything missing (agency, officers, catalogue entry, the proposals demo) is skipped with a
note; a case that already exists is left as it is.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
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
from penalties.models import Notice, Statement, ViolationType
from penalties.services import hearings, notices, proposals, statements

AGENCY = "滨江市市场监督管理局"
USERS = ("zhangwei", "lina", "wangqiang", "liuyang", "chenjing")
VIOLATION = "FOOD-126-3"
WARNING_CASE = "涉嫌未按规定建立进货查验记录（首次轻微）"  # from demo_proposals
ORDINARY = {"minor": False, "harm": "general", "facts_certain": True}
FACTS = "当事人进货时未查验供货者的许可证和食品出厂检验合格证，涉案食品已部分售出。"

# (title, party name, resident id first 17 digits, address, target state)
HEARING_CASES = [
    (
        "涉嫌进货未查验许可证（当事人申请听证）",
        "陈海涛",
        "33020219800214031",
        State.HEARING_REQUESTED,
    ),
    ("涉嫌进货未查验许可证（听证已安排）", "吴晓梅", "33020219850709062", State.HEARING_SCHEDULED),
    ("涉嫌进货未查验许可证（听证已举行）", "郑国强", "33020219720930013", State.HEARING_HELD),
]


def _user(username: str):
    return get_user_model().objects.filter(username=username).select_related("officer").first()


def _proof(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% demo signed receipt\n%%EOF\n")


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def _issue_and_serve(case: Case, a, *, on: date) -> Notice:
    with clock.travel(on):
        notice = notices.issue_notice(case, by=a, facts=FACTS)
        return notices.record_notice_service(
            notice,
            method="direct",
            served_on=on,
            recipient=case.party_name or "当事人",
            proof=_proof("notice-receipt.pdf"),
            by=a,
        )


def _warning_case(agency: Agency, a, *, stdout: TextIO) -> None:
    case = Case.objects.filter(agency=agency, title=WARNING_CASE).first()
    if case is None or proposals.current_proposal(case) is None:
        stdout.write("  proposals demo case missing or not in force: notice skipped\n")
        return
    if case.state != State.PROPOSED:
        return  # already notified (idempotent)
    today = clock.today()
    notice = _issue_and_serve(case, a, on=today)
    statements.record_statement(
        case,
        by=a,
        received_on=today,
        channel=Statement.Channel.IN_PERSON,
        stated_by=case.party_name or "当事人",
        content="当事人称系初次经营，对进货查验制度不了解，已补建进货台账，请求不予处罚。",
    )
    stdout.write(
        f"  {case.display_number}: notice served, statement period until "
        f"{notice.statement_deadline.isoformat()}\n"
    )


def _closed_case(agency: Agency, domain, a, b, sup, party: Party, title: str) -> Case:
    today = clock.today()
    case = case_services.register_lead(
        by=a,
        party=party,
        domain=domain,
        source=Case.Source.INSPECTION,
        title=title,
        facts=f"{title}。{FACTS}",
        place=f"{agency.region or ''}江滨路{40 + len(title)}号",
        act_date=today - timedelta(days=20),
        discovered_on=today - timedelta(days=5),
        violation_code=VIOLATION,
    )
    case_services.assign_officer(case, by=sup, officer=b.officer)
    case_services.request_filing(case, by=a, reasons="经核查，有违法事实，需要给予行政处罚")
    case = case_services.decide_filing(case, by=sup, approve=True, note="同意立案")
    case = case_services.start_investigation(case, by=a)
    return case_services.close_investigation(case, by=a, summary="调查终结，违法事实清楚。")


def _hearing_case(
    agency: Agency, domain, users: dict[str, Any], spec: tuple, *, stdout: TextIO
) -> None:
    title, name, id17, target = spec
    if Case.objects.filter(agency=agency, title=title).exists():
        return
    a, b, sup = users["zhangwei"], users["lina"], users["wangqiang"]
    presiding, recorder = users["liuyang"].officer, users["chenjing"].officer
    today = clock.today()
    # Work back from today so that every step lies in the past (R-38 service, R-34 record).
    start = today - timedelta(days=40 if target == State.HEARING_HELD else 12)
    start = workdays.current().next_workday_on_or_after(start)
    with clock.travel(start):
        party, _created = case_services.register_party(
            by=a,
            kind=Party.Kind.PERSON,
            name=name,
            id_type=Party.IdType.RESIDENT_ID,
            id_number=make_resident_id(id17),
            phone="13900000000",
            address=f"{agency.region or ''}江滨大道{len(name) * 7}号",
        )
        case = _closed_case(agency, domain, a, b, sup, party, title)
        proposals.propose(
            case,
            facts=ORDINARY,
            penalty=d.Proposal.of(d.PenaltyType.WARNING, d.PenaltyType.FINE, fine=20000),
            by=a,
        )
    notice = _issue_and_serve(case, a, on=start)
    requested_on = workdays.add_workdays(start, 2)  # inside the 5 WD window
    with clock.travel(requested_on):
        hearings.request_hearing(
            case, by=a, received_on=requested_on, channel="written", requested_by=name
        )
    if target == State.HEARING_REQUESTED:
        stdout.write(f"  {case.display_number}: hearing requested on {requested_on}\n")
        return
    scheduled_on = today if target == State.HEARING_SCHEDULED else requested_on
    hearing_on = workdays.add_workdays(scheduled_on, 8)  # notice ≥ 7 WD before
    with clock.travel(scheduled_on):
        hearing = hearings.schedule_hearing(
            case,
            by=a,
            presiding_officer=presiding,
            recorder=recorder,
            place=f"{agency.name}第一听证室",
            hearing_at=_at(hearing_on),
        )
        hearing = hearings.record_summons_service(
            hearing,
            method="direct",
            served_on=scheduled_on,
            recipient=name,
            proof=_proof("summons-receipt.pdf"),
            by=a,
        )
    if target == State.HEARING_SCHEDULED:
        stdout.write(f"  {case.display_number}: hearing on {hearing_on} (notice {notice.seq})\n")
        return
    with clock.travel(hearing_on):
        hearings.record_hearing(
            hearing,
            by=a,
            held_on=hearing_on,
            attendance="attended",
            signature="signed",
            participants=[{"role": "委托代理人", "name": "钱律师"}],
            investigators_case="当事人进货时未查验供货者许可证，违法事实清楚，建议罚款二万元。",
            defence="当事人对事实无异议，称已建立进货查验制度，请求从轻处罚。",
            cross_examination="双方对现场检查笔录、询问笔录无异议。",
            final_statement="请求从轻处罚。",
        )
    stdout.write(f"  {case.display_number}: hearing held on {hearing_on}\n")


def load(*, stdout: TextIO) -> None:
    stdout.write("penalties: demo notices and hearings\n")
    agency = Agency.objects.filter(name=AGENCY).first()
    users = {u: _user(u) for u in USERS}
    domain = EnforcementDomain.objects.filter(code="food-safety").first()
    if (
        agency is None
        or domain is None
        or any(u is None or not hasattr(u, "officer") for u in users.values())
    ):
        stdout.write(f"  {AGENCY} or its demo officers missing: notices skipped\n")
        return
    if not ViolationType.objects.filter(code=VIOLATION).exists():
        stdout.write(f"  catalogue entry {VIOLATION} missing: notices skipped\n")
        return
    try:
        with transaction.atomic():
            _warning_case(agency, users["zhangwei"], stdout=stdout)
    except DomainError as exc:
        stdout.write(f"  {WARNING_CASE}: skipped ({exc})\n")
    for spec in HEARING_CASES:
        try:
            with transaction.atomic():  # all of a case's story or nothing
                _hearing_case(agency, domain, users, spec, stdout=stdout)
        except DomainError as exc:
            stdout.write(f"  {spec[0]}: skipped ({exc})\n")
