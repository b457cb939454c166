"""Demo data for the cases app (called by `manage.py load_demo`; idempotent).

For each demo agency (滨江, 临川) one case in every state this app owns — lead, filing
review, not filed, filed, investigating (with evidence, a record, a preservation, an
excluded period), investigation closed, suspended, terminated, transferred, withdrawn and
closed — driven through the real services, so the audit trail, documents and clocks are
what a user would have produced. A case is recognised by its agency and title; running
the loader again changes nothing. Missing demo officers are skipped with a note.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TextIO

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services
from cases.models import Case, Party
from cases.states import State
from cases.validators import make_credit_code, make_resident_id
from core import clock
from core.errors import DomainError
from officers.models import Agency, EnforcementDomain

User = get_user_model()

# (agency name, officer 1, officer 2, supervisor, other agency name)
TEAMS = [
    ("滨江市市场监督管理局", "zhangwei", "lina", "wangqiang", "临川市市场监督管理局"),
    ("临川市市场监督管理局", "chengang", "yangli", "xuming", "滨江市市场监督管理局"),
]

PARTIES = [
    ("person", "刘建国", "resident_id", "33020219750312041", "滨江市江滨大道12号", ""),
    (
        "organisation",
        "滨江鲜味食品有限公司",
        "credit_code",
        "91330200MA2H00017",
        "滨江市工业园区8号",
        "陈鲜",
    ),
    (
        "organisation",
        "临川百味超市有限公司",
        "credit_code",
        "91330300MA2J00025",
        "临川市府前路66号",
        "王百味",
    ),
    ("person", "周小红", "resident_id", "33030219880615082", "临川市南门街3号", ""),
]


def _user(username: str):
    return User.objects.filter(username=username).select_related("officer").first()


def _party(spec, by) -> Party:
    kind, name, id_type, first17, address, rep = spec
    number = make_resident_id(first17) if id_type == "resident_id" else make_credit_code(first17)
    party, _ = services.register_party(
        by=by,
        kind=kind,
        name=name,
        id_type=id_type,
        id_number=number,
        address=address,
        legal_representative=rep,
        phone="0571-88880000",
    )
    return party


class Team:
    def __init__(self, agency: Agency, a, b, sup, other: Agency | None, domain, parties):
        self.agency, self.a, self.b, self.sup, self.other = agency, a, b, sup, other
        self.domain, self.parties = domain, parties
        self.codes = dict(TITLES.values())

    def lead(self, title: str, n: int, **kw) -> Case:
        today = clock.today()
        code = self.codes.get(title, "")
        data = dict(
            domain=self.domain,
            source=Case.Source.COMPLAINT,
            title=title,
            facts=f"{title}。群众通过12315热线举报，经初步核查属实。",
            place=f"{self.agency.region or ''}人民路{n}号",
            act_date=today - timedelta(days=20 + n),
            discovered_on=today - timedelta(days=3),
            violation_code=code,
        )
        data.update(kw)
        case = services.register_lead(by=self.a, party=self.parties[n % len(self.parties)], **data)
        services.assign_officer(case, by=self.sup, officer=self.b.officer)
        return case

    def filed(self, title: str, n: int, **kw) -> Case:
        case = self.lead(title, n, **kw)
        services.request_filing(case, by=self.a, reasons="经核查，有违法事实，需要给予行政处罚")
        return services.decide_filing(case, by=self.sup, approve=True, note="同意立案，请依法调查")

    def investigating(self, title: str, n: int, **kw) -> Case:
        return services.start_investigation(self.filed(title, n, **kw), by=self.a)

    def evidence(self, case: Case) -> None:
        officers = [self.a.officer, self.b.officer]
        ev = services.add_evidence(
            case,
            by=self.a,
            type="documentary",
            title="进货票据复印件",
            description="证明涉案食品的进货来源与数量",
            collected_on=clock.today(),
            collectors=officers,
            method="复印并由当事人签字确认",
            source="当事人提供",
        )
        services.attach_file(
            ev,
            by=self.a,
            upload=SimpleUploadedFile(
                "票据说明.txt", "进货票据3张，合计20箱，当事人签字确认。\n".encode()
            ),
        )
        services.verify_evidence(ev, by=self.a, note="与原件核对一致")
        services.record_party_opinion(ev, by=self.a, opinion="no_objection")
        photo = services.add_evidence(
            case,
            by=self.a,
            type="site_record",
            title="现场检查照片",
            collected_on=clock.today(),
            collectors=officers,
            method="现场拍照",
            source="执法人员现场拍摄",
        )
        services.record_party_opinion(
            photo, by=self.a, opinion="objection", text="当事人称照片拍摄位置不是其经营场所"
        )
        services.create_record(
            case,
            by=self.a,
            kind="inquiry",
            held_on=clock.today(),
            place="执法局询问室",
            subject_name=case.party_name or "当事人",
            subject_role="当事人",
            officers=officers,
            signature="signed",
            qa=[
                ("你是否知道销售超过保质期的食品是违法的？", "知道。"),
                ("涉案食品从何处进货？", "从批发市场进货，有票据。"),
            ],
        )
        services.request_preservation(
            case,
            by=self.a,
            items="超过保质期的预包装食品20箱",
            place="执法局暂存仓库",
            reasons="证据可能灭失",
        )


def _stages(t: Team) -> list[tuple[str, Callable[[str, int], Case]]]:
    def lead(title, n):
        return t.lead(title, n)

    def filing_review(title, n):
        case = t.lead(title, n)
        services.request_filing(case, by=t.a, reasons="经核查，有违法事实")
        return case

    def not_filed(title, n):
        case = t.lead(title, n)
        return services.not_file(
            case,
            by=t.a,
            verification_result="现场核查未发现举报所称过期食品",
            reasons="违法事实不存在",
        )

    def filed(title, n):
        return t.filed(title, n)

    def investigating(title, n):
        case = t.investigating(title, n)
        t.evidence(case)
        services.add_excluded_period(
            case,
            by=t.a,
            kind="testing",
            start=clock.today(),
            end=None,
            reasons="样品送检，检验期间不计入办案期限",
        )
        return case

    def investigation_closed(title, n):
        case = t.investigating(title, n)
        return services.close_investigation(
            case, by=t.a, summary="调查终结，违法事实清楚，证据确实充分"
        )

    def suspended(title, n):
        case = t.investigating(title, n)
        approval = services.request_suspension(
            case, by=t.a, ground="party_missing", reasons="当事人下落不明，暂时无法调查"
        )
        services.decide_suspension(approval, by=t.sup, approve=True, note="同意中止")
        return case

    def terminated(title, n):
        case = t.investigating(title, n)
        approval = services.request_termination(
            case, by=t.a, ground="org_dissolved", reasons="当事人已注销且无承继人"
        )
        services.decide_termination(approval, by=t.sup, approve=True, note="同意终止")
        return case

    def transferred(title, n):
        case = t.investigating(title, n)
        if t.other is not None:
            transfer = services.transfer_case(
                case,
                by=t.sup,
                kind="agency",
                reasons="违法行为发生地不在本机关辖区",
                to_agency=t.other,
            )
            services.record_transfer_receipt(
                transfer, by=t.a, receipt_on=clock.today(), receipt_by="综合科 收文员"
            )
        else:
            services.transfer_case(
                case, by=t.sup, kind="judicial", reasons="涉嫌犯罪", to_body="公安机关"
            )
        return case

    def withdrawn(title, n):
        return services.withdraw_case(t.filed(title, n), by=t.sup, reasons="立案时当事人认定错误")

    def closed(title, n):
        case = terminated(title, n)
        report = services.request_closing(case, by=t.a, summary="当事人已注销，终止调查，报请结案")
        services.decide_closing(report.approval, by=t.sup, approve=True, note="同意结案")
        return case

    return [
        (State.LEAD, lead),
        (State.FILING_REVIEW, filing_review),
        (State.NOT_FILED, not_filed),
        (State.FILED, filed),
        (State.INVESTIGATING, investigating),
        (State.INVESTIGATION_CLOSED, investigation_closed),
        (State.SUSPENDED, suspended),
        (State.TERMINATED, terminated),
        (State.TRANSFERRED, transferred),
        (State.WITHDRAWN, withdrawn),
        (State.CLOSED, closed),
    ]


# (title, violation code of the penalties demo catalogue)
TITLES = {
    State.LEAD: ("涉嫌销售超过保质期的食品（线索）", "FOOD-124-5"),
    State.FILING_REVIEW: ("涉嫌超范围使用食品添加剂", "FOOD-124-3"),
    State.NOT_FILED: ("举报无证经营（经核查不实）", "FOOD-122"),
    State.FILED: ("涉嫌经营标签不符合规定的预包装食品", "FOOD-125-2"),
    State.INVESTIGATING: ("涉嫌销售超过保质期的食品", "FOOD-124-5"),
    State.INVESTIGATION_CLOSED: ("涉嫌未按规定查验供货者许可证", "FOOD-126-3"),
    State.SUSPENDED: ("涉嫌安排无健康证明人员从事接触直接入口食品工作", "FOOD-126-6"),
    State.TERMINATED: ("涉嫌未取得许可从事食品经营", "FOOD-122"),
    State.TRANSFERRED: ("涉嫌跨区域销售标注虚假生产日期的食品", "FOOD-124-5"),
    State.WITHDRAWN: ("涉嫌食品标签瑕疵拒不改正（误立案）", "FOOD-125B"),
    State.CLOSED: ("涉嫌未取得许可从事食品生产（已结案）", "FOOD-122"),
}


def load(*, stdout: TextIO) -> None:
    domain = EnforcementDomain.objects.filter(code="food-safety").first()
    if domain is None:
        stdout.write("cases: no food-safety domain (officers demo not loaded); skipped\n")
        return
    for agency_name, u1, u2, usup, other_name in TEAMS:
        agency = Agency.objects.filter(name=agency_name).first()
        users = [_user(u) for u in (u1, u2, usup)]
        if agency is None or any(u is None or not hasattr(u, "officer") for u in users):
            stdout.write(f"cases: demo officers of {agency_name} missing; skipped\n")
            continue
        a, b, sup = users
        parties = [_party(spec, a) for spec in PARTIES]
        team = Team(
            agency, a, b, sup, Agency.objects.filter(name=other_name).first(), domain, parties
        )
        created = 0
        for n, (state, build) in enumerate(_stages(team), start=1):
            title = TITLES[state][0]
            if (
                Case.objects.filter(agency=agency, title=title)
                .exclude(source=Case.Source.REFERRAL)
                .exists()
            ):
                continue
            try:
                case = build(title, n)
            except DomainError as exc:
                stdout.write(f"cases: {agency_name} {title}: skipped ({exc})\n")
                continue
            created += 1
            stdout.write(
                f"  case {Case.objects.get(pk=case.pk).display_number} {title} [{state}]\n"
            )
        stdout.write(f"cases: {agency_name}: {created} demo cases created\n")
