"""Demo proposals (拟处罚), called at the end of `penalties.demo.load()`; idempotent.

For 滨江市市场监督管理局 (with the officers of the cases demo: zhangwei and lina
investigate, wangqiang is the head), two cases of 食品安全法 Art 126 (3) are driven
through the real services to "investigation closed" and proposed:

- a first minor offence (first offence, minor, small harm) with the recommended WARNING
  (accepted, R-13);
- the same situation with a FINE and written reasons: a departure waiting for the head's
  approval (R-13 / R-17), so the departure page and the notice gate have something to show.

Everything goes through `penalties.services.proposals.propose_batch` — the same gate as
the form and the API — so the demo cannot produce a proposal the rules forbid. Anything
missing (the agency, the officers, the parties, the catalogue entry) is skipped with a note.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, TextIO

from django.contrib.auth import get_user_model

from cases import services as case_services
from cases.models import Case, Party
from cases.states import State
from core import clock
from core.errors import DomainError
from officers.models import Agency, EnforcementDomain
from penalties import discretion as d
from penalties.models import Proposal, ViolationType
from penalties.services import proposals as svc

AGENCY = "滨江市市场监督管理局"
OFFICERS = ("zhangwei", "lina", "wangqiang")  # as in cases.demo.TEAMS
VIOLATION = "FOOD-126-3"

FIRST_MINOR = {
    "minor": True,
    "harm": "small",
    "promptly_corrected": False,
    "facts_certain": True,
}

# (title, party name, place number, penalty, departure reasons)
DEMO = [
    (
        "涉嫌未按规定建立进货查验记录（首次轻微）",
        "刘建国",
        31,
        d.Proposal.of(d.PenaltyType.WARNING),
        "",
    ),
    (
        "涉嫌进货时未查验供货者许可证（拟罚款，偏离待审批）",
        "周小红",
        32,
        d.Proposal.of(d.PenaltyType.FINE, fine=5000),
        "当事人经营场所位于学校周边，涉案食品主要面向学生销售，虽系初次违法，"
        "但为有效预防风险，拟处罚款 5,000 元，提请负责人批准偏离首违警告的裁量建议。",
    ),
]


def _user(username: str):
    return get_user_model().objects.filter(username=username).select_related("officer").first()


def _closed_case(agency: Agency, domain, a, b, sup, party: Party, title: str, n: int) -> Case:
    today = clock.today()
    case = case_services.register_lead(
        by=a,
        party=party,
        domain=domain,
        source=Case.Source.INSPECTION,
        title=title,
        facts=f"{title}。日常监督检查发现，当事人无法提供进货查验记录。",
        place=f"{agency.region or ''}江滨路{n}号",
        act_date=today - timedelta(days=25),
        discovered_on=today - timedelta(days=10),
        violation_code=VIOLATION,
    )
    case_services.assign_officer(case, by=sup, officer=b.officer)
    case_services.request_filing(case, by=a, reasons="经核查，有违法事实，需要给予行政处罚")
    case = case_services.decide_filing(case, by=sup, approve=True, note="同意立案")
    case = case_services.start_investigation(case, by=a)
    return case_services.close_investigation(
        case, by=a, summary="经调查，当事人系初次违法，情节轻微，危害后果轻微。"
    )


def load(*, stdout: TextIO) -> None:
    stdout.write("penalties: demo proposals\n")
    agency = Agency.objects.filter(name=AGENCY).first()
    users = [_user(u) for u in OFFICERS]
    domain = EnforcementDomain.objects.filter(code="food-safety").first()
    if (
        agency is None
        or domain is None
        or any(u is None or not hasattr(u, "officer") for u in users)
    ):
        stdout.write(f"  {AGENCY} or its demo officers missing: proposals skipped\n")
        return
    if not ViolationType.objects.filter(code=VIOLATION).exists():
        stdout.write(f"  catalogue entry {VIOLATION} missing: proposals skipped\n")
        return
    a, b, sup = users
    entries: list[dict[str, Any]] = []
    for title, party_name, n, penalty, reasons in DEMO:
        case = Case.objects.filter(agency=agency, title=title).first()
        if case is not None and Proposal.objects.filter(case=case).exists():
            continue
        party = Party.objects.filter(name=party_name).first()
        if party is None:
            stdout.write(f"  party {party_name} missing (cases demo not loaded): skipped\n")
            continue
        try:
            if case is None:
                case = _closed_case(agency, domain, a, b, sup, party, title, n)
        except DomainError as exc:
            stdout.write(f"  {title}: skipped ({exc})\n")
            continue
        if case.state != State.INVESTIGATION_CLOSED:
            stdout.write(f"  {title}: in state {case.state}, skipped\n")
            continue
        entries.append(
            {"case": case, "facts": FIRST_MINOR, "penalty": penalty, "departure_reasons": reasons}
        )
    for result in svc.propose_batch(entries, by=a):
        case = Case.objects.get(pk=result.case_id)
        if result.proposal is None:
            stdout.write(f"  {case.display_number}: refused ({result.error})\n")
        else:
            stdout.write(
                f"  {case.display_number} {case.title}: "
                f"proposal v{result.proposal.version} [{result.proposal.status}]\n"
            )
