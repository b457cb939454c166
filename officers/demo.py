"""Demo agencies and officers (called by `manage.py load_demo`; idempotent).

Two market regulation bureaus (滨江 and 临川, to show that agencies are kept apart) and
an organisation entrusted by 滨江 (委托, Art 20). 滨江 has officers in every state the
rules care about: valid certificate, certificate expiring soon, expired, suspended for a
missed annual review (R-61), off-post study after a failed exam (R-60), new staff not yet
certified (R-60), transferred out after a second failure, suspended after a wrongful case
(R-62). Every date is relative to `core.clock.today()` so the demo stays meaningful.

Records are written through the services (so the audit trail shows them); a user that
already exists is left alone, which makes a second run change nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TextIO

from django.contrib.auth import get_user_model

from core import clock
from core.roles import Role, ensure_groups
from officers import services
from officers.demo_data import AGENCIES, BINHU, BINJIANG, DOMAINS, LINCHUAN, USERS, DemoUser
from officers.idnumber import check_char
from officers.models import (
    Agency,
    AgencySettings,
    Delegation,
    EnforcementDomain,
    Officer,
    Power,
    Training,
)

DEMO_PASSWORD = "demo-Pass-2026"
User = get_user_model()


def _id_number(region: str, born: date, seq: int) -> str:
    first17 = f"{region}{born:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)


def _domains(codes: list[str]) -> list[EnforcementDomain]:
    return list(EnforcementDomain.objects.filter(code__in=codes).order_by("code"))


def _load_agencies(stdout: TextIO) -> dict[str, Agency]:
    today = clock.today()
    for code, name, _basis in DOMAINS:
        EnforcementDomain.objects.get_or_create(code=code, defaults={"name": name})
    agencies: dict[str, Agency] = {}
    for spec in AGENCIES:
        fields = {k: v for k, v in spec.items() if k not in ("name", "cert_prefix", "issuer")}
        agency = Agency.objects.filter(name=spec["name"]).first()
        if agency is None:
            parent = agencies.get(BINJIANG) if spec["kind"] == Agency.Kind.ENTRUSTED else None
            domains = (
                _domains(["food-safety"])
                if spec["kind"] == Agency.Kind.ENTRUSTED
                else _domains([d[0] for d in DOMAINS])
            )
            agency = services.create_agency(
                by=None, name=spec["name"], parent=parent, domains=domains, **fields
            )
            stdout.write(f"  agency {agency.name}\n")
        AgencySettings.objects.get_or_create(agency=agency)
        agencies[spec["name"]] = agency
    valid_from = date(today.year - 3, 1, 1)
    for name in (BINJIANG, LINCHUAN):
        agency = agencies[name]
        for code, _label, basis in DOMAINS:
            if name == LINCHUAN and code in ("pricing", "consumer-rights"):
                continue  # 临川's list differs, to show powers are per agency
            domain = EnforcementDomain.objects.get(code=code)
            if not Power.objects.filter(agency=agency, domain=domain, violation_code="").exists():
                services.create_power(
                    agency, by=None, domain=domain, legal_basis=basis, valid_from=valid_from
                )
    binjiang, binhu = agencies[BINJIANG], agencies[BINHU]
    if not Delegation.objects.filter(principal=binjiang, delegate=binhu).exists():
        services.create_delegation(
            by=None,
            principal=binjiang,
            delegate=binhu,
            domains=_domains(["food-safety"]),
            scope="滨湖街道辖区内食品经营者日常监督检查，及适用简易程序的食品安全违法行为行政处罚",
            valid_from=today - timedelta(days=180),
            valid_to=today + timedelta(days=545),
            document_number=f"滨市监委〔{(today - timedelta(days=180)).year}〕1号",
        )
    return agencies


def _certify(officer: Officer, spec: DemoUser, number: str, issuer: str) -> None:
    today = clock.today()
    domains = _domains(spec.domains) or _domains(["food-safety"])
    state = spec.certificate
    issued = today - timedelta(days=400)
    expires = issued + timedelta(days=5 * 365)
    review_due = today + timedelta(days=120)
    if state == "expiring":
        issued, expires, review_due = (
            today - timedelta(days=5 * 365 - 30),
            today + timedelta(days=30),
            today + timedelta(days=30),
        )
    elif state == "expired":
        issued, expires, review_due = (
            today - timedelta(days=5 * 365 + 15),
            today - timedelta(days=15),
            today - timedelta(days=15),
        )
    elif state == "review_missed":
        review_due = today - timedelta(days=20)
    services.record_exam(
        officer,
        by=None,
        subject="行政执法资格考试（公共法律知识与专业法律知识）",
        kind="qualification",
        taken_on=issued - timedelta(days=45),
        passed=True,
        score=Decimal("86.5"),
        organiser=issuer.replace("人民政府", "司法局"),
    )
    cert = services.issue_certificate(
        officer,
        by=None,
        number=number,
        issuer=issuer,
        domains=domains,
        issued_on=issued,
        expires_on=expires,
        review_due_on=review_due,
    )
    if state == "review_missed":
        services.suspend_for_missed_review(cert, by=None)
    elif state == "expired":
        services.expire_certificate(cert, by=None)


def _trainings(officer: Officer) -> None:
    today = clock.today()
    services.record_training(
        officer,
        by=None,
        kind=Training.Kind.REGULAR,
        title="市场监管综合执法业务培训班",
        started_on=today - timedelta(days=200),
        ended_on=today - timedelta(days=198),
        hours=Decimal("24"),
        organiser=officer.agency.name,
        result="结业",
    )
    services.record_training(
        officer,
        by=None,
        kind=Training.Kind.NEW_LAW,
        title="新修订《中华人民共和国行政复议法》专题培训",
        law_name="中华人民共和国行政复议法（2023年修订）",
        started_on=today - timedelta(days=90),
        ended_on=today - timedelta(days=90),
        hours=Decimal("6"),
        organiser=officer.agency.region + "司法局",
        result="考核合格",
    )


def _story(officer: Officer, spec: DemoUser) -> None:
    today = clock.today()
    if spec.story == "failed_once":
        services.record_exam(
            officer,
            by=None,
            subject="年度执法考核考试",
            kind="annual",
            taken_on=today - timedelta(days=12),
            passed=False,
            score=Decimal("52"),
            organiser="滨江市司法局",
        )
        services.record_training(
            officer,
            by=None,
            kind=Training.Kind.OFF_POST_STUDY,
            title="离岗学习（行政处罚程序）",
            started_on=today - timedelta(days=10),
            ended_on=today,
            hours=Decimal("40"),
            organiser="滨江市市场监督管理局",
        )
    elif spec.story == "failed_twice":
        services.record_exam(
            officer,
            by=None,
            subject="年度执法考核考试",
            kind="annual",
            taken_on=today - timedelta(days=120),
            passed=False,
            score=Decimal("48"),
        )
        services.record_exam(
            officer,
            by=None,
            subject="离岗学习后补考",
            kind="retake",
            taken_on=today - timedelta(days=40),
            passed=False,
            score=Decimal("55"),
        )
        services.change_status(
            officer,
            by=None,
            status=Officer.Status.TRANSFERRED,
            reason="局长办公会决定：调离执法岗位",
        )
        for cert in officer.certificates.all():
            services.revoke_certificate(cert, by=None, reason="调离执法岗位，收回执法证")
    elif spec.story == "passed_exam":
        services.record_exam(
            officer,
            by=None,
            subject="行政执法资格考试（公共法律知识与专业法律知识）",
            kind="qualification",
            taken_on=today - timedelta(days=20),
            passed=True,
            score=Decimal("81"),
            organiser="滨江市司法局",
        )
    elif spec.story == "wrongful_case":
        services.record_fault(
            officer,
            by=None,
            kind="wrongful",
            case_reference=f"滨市监罚〔{today.year - 1}〕41号",
            occurred_on=today - timedelta(days=150),
            found_on=today - timedelta(days=6),
            finding="对当事人经营超过保质期食品一案，未核实进货查验记录即认定违法，处罚决定经行政复议被撤销。",
            sanction="暂停执法，待责任追究结论",
            recovery_amount=Decimal("3200.00"),
        )
        services.record_fault(
            officer,
            by=None,
            kind="ordinary",
            case_reference=f"滨市监罚〔{today.year - 1}〕9号",
            occurred_on=today - timedelta(days=300),
            found_on=today - timedelta(days=280),
            finding="送达行政处罚告知书时未告知当事人陈述、申辩权利的期限。",
            sanction="批评教育，参加执法程序专题学习",
        )
    elif spec.story == "ordinary_fault":
        services.record_fault(
            officer,
            by=None,
            kind="ordinary",
            case_reference=f"滨市监罚〔{today.year}〕17号",
            occurred_on=today - timedelta(days=60),
            found_on=today - timedelta(days=30),
            finding="现场检查笔录未由当事人签字确认，也未注明拒签情况。",
            sanction="批评教育，组织学习《市场监督管理行政处罚程序规定》",
        )


def _load_users(agencies: dict[str, Agency], stdout: TextIO) -> None:
    groups = ensure_groups()
    today = clock.today()
    serial = {BINJIANG: 0, LINCHUAN: 0, BINHU: 100}
    prefixes = {spec["name"]: (spec["cert_prefix"], spec["issuer"]) for spec in AGENCIES}
    for index, spec in enumerate(USERS, start=1):
        if spec.agency:
            serial[spec.agency] += 1
        if User.objects.filter(username=spec.username).exists():
            continue
        if spec.agency is None:
            user = User.objects.create_user(
                spec.username, password=DEMO_PASSWORD, first_name=spec.name
            )
            user.groups.add(*[groups[str(r)] for r in spec.roles])
            continue
        agency = agencies[spec.agency]
        cert_prefix, issuer = prefixes[spec.agency]
        born = date(today.year - 28 - index % 20, 1 + index % 12, 1 + (index * 7) % 28)
        officer = services.create_officer(
            agency,
            by=None,
            username=spec.username,
            name=spec.name,
            email=f"{spec.username}@demo.example.cn",
            password=DEMO_PASSWORD,
            id_number=_id_number(cert_prefix + "02", born, 10 + index),
            post=spec.post,
            duties="依法开展监督检查、调查取证，办理行政处罚案件" if spec.certificate else "",
            phone=f"139{index:08d}",
            domains=_domains(spec.domains),
            is_new_staff=spec.new_staff,
            legal_qualification=spec.legal_qualification,
            roles=spec.roles,
        )
        if spec.certificate:
            _certify(
                officer,
                spec,
                f"{cert_prefix}{today.year % 100:02d}{serial[spec.agency]:05d}",
                issuer,
            )
            _trainings(officer)
        _story(officer, spec)
        stdout.write(f"  officer {spec.username} ({spec.name})\n")


def load(*, stdout: TextIO) -> None:
    """Create what is missing; leave what exists alone."""
    stdout.write("officers: demo agencies and officers\n")
    agencies = _load_agencies(stdout)
    _load_users(agencies, stdout)
    # reminders for the certificate about to expire (the daily task is idempotent)
    services.daily_certificate_check()


def _role_label(spec: DemoUser) -> str:
    return "、".join(str(Role(r).label) for r in spec.roles)


def _pad(text: str, width: int) -> str:
    """Left-justify counting CJK characters as two columns."""
    shown = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return text + " " * max(1, width - shown)


def print_logins(*, stdout: TextIO) -> None:
    stdout.write(f"\nDemo logins (password for every account: {DEMO_PASSWORD})\n")
    stdout.write(_pad("username", 18) + _pad("role", 16) + _pad("agency", 32) + "note\n")
    stdout.write("-" * 100 + "\n")
    for spec in USERS:
        stdout.write(
            _pad(spec.username, 18)
            + _pad(_role_label(spec), 16)
            + _pad(spec.agency or "—", 32)
            + spec.note
            + "\n"
        )
