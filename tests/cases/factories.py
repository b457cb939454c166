"""Factories and builders for the cases tests: agencies with powers, personas, parties,
and cases driven through the real services to a given state."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

from cases import services
from cases.models import Case, Party
from cases.states import State
from cases.validators import make_credit_code, make_resident_id
from core import clock
from core.roles import Role
from officers.models import Agency, Power
from tests.factories import AgencyFactory, DomainFactory, OfficerFactory

_seq = itertools.count(1)

VIOLATION = "FOOD-001"


def resident_id(birth: date = date(1990, 3, 7)) -> str:
    n = next(_seq) % 1000
    return make_resident_id(f"110101{birth:%Y%m%d}{n:03d}")


def credit_code() -> str:
    n = next(_seq)
    return make_credit_code(f"91110000{n:09d}")


def agency_with_power(**kwargs) -> Agency:
    agency = AgencyFactory(**kwargs)
    domain = DomainFactory()
    agency.domains.add(domain)
    Power.objects.create(
        agency=agency,
        domain=domain,
        violation_code="",
        legal_basis="《食品安全法》",
        valid_from=date(2000, 1, 1),
    )
    return agency


@dataclass
class World:
    agency: Agency
    other_agency: Agency
    domain: object
    a: object  # officer (user) assigned
    b: object  # second officer (user) assigned
    c: object  # third officer of the agency, not assigned
    supervisor: object
    legal: object
    outsider: object  # officer of another agency
    outsider_supervisor: object

    def officer(self, user):
        return user.officer


def make_world() -> World:
    agency = agency_with_power()
    other = agency_with_power()
    domain = DomainFactory()

    def user(role, ag=agency):
        return OfficerFactory(agency=ag, user__roles=[role]).user

    return World(
        agency=agency,
        other_agency=other,
        domain=domain,
        a=user(Role.OFFICER),
        b=user(Role.OFFICER),
        c=user(Role.OFFICER),
        supervisor=user(Role.SUPERVISOR),
        legal=user(Role.LEGAL_OFFICE),
        outsider=user(Role.OFFICER, other),
        outsider_supervisor=user(Role.SUPERVISOR, other),
    )


def person(by, **kwargs) -> Party:
    party, _ = services.register_party(
        by=by,
        kind=Party.Kind.PERSON,
        name=kwargs.pop("name", "张三"),
        id_type=Party.IdType.RESIDENT_ID,
        id_number=kwargs.pop("id_number", None) or resident_id(),
        phone="13800000000",
        address="测试市人民路2号",
        **kwargs,
    )
    return party


def organisation(by, **kwargs) -> Party:
    party, _ = services.register_party(
        by=by,
        kind=Party.Kind.ORGANISATION,
        name=kwargs.pop("name", "测试食品有限公司"),
        id_type=Party.IdType.CREDIT_CODE,
        id_number=kwargs.pop("id_number", None) or credit_code(),
        legal_representative="李四",
        address="测试市工业路8号",
        **kwargs,
    )
    return party


def lead(w: World, *, party: Party | None = None, by=None, **kwargs) -> Case:
    """A lead registered by officer a, with b assigned too (two qualified officers)."""
    by = by or w.a
    today = clock.today()
    defaults = dict(
        domain=w.domain,
        source=Case.Source.COMPLAINT,
        title="销售过期食品",
        facts="群众举报销售过期食品",
        place="测试市人民路2号",
        act_date=today - timedelta(days=30),
        discovered_on=today - timedelta(days=2),
        violation_code=VIOLATION,
    )
    defaults.update(kwargs)
    case = services.register_lead(by=by, party=party or person(by), **defaults)
    if by == w.a:
        services.assign_officer(case, by=w.supervisor, officer=w.b.officer)
    return Case.objects.get(pk=case.pk)


def filed(w: World, **kwargs) -> Case:
    case = lead(w, **kwargs)
    services.request_filing(case, by=w.a, reasons="证据初步表明存在违法行为")
    return services.decide_filing(case, by=w.supervisor, approve=True, note="同意立案")


def investigating(w: World, **kwargs) -> Case:
    case = filed(w, **kwargs)
    return services.start_investigation(case, by=w.a)


def in_state(w: World, state: str, **kwargs) -> Case:
    """Drive a case to one of the states this app owns."""
    if state == State.LEAD:
        return lead(w, **kwargs)
    if state == State.FILING_REVIEW:
        case = lead(w, **kwargs)
        services.request_filing(case, by=w.a, reasons="拟立案")
        return Case.objects.get(pk=case.pk)
    if state == State.NOT_FILED:
        case = lead(w, **kwargs)
        return services.not_file(
            case, by=w.a, verification_result="经核查无违法事实", reasons="违法事实不存在"
        )
    if state == State.FILED:
        return filed(w, **kwargs)
    if state == State.INVESTIGATING:
        return investigating(w, **kwargs)
    if state == State.INVESTIGATION_CLOSED:
        return services.close_investigation(investigating(w, **kwargs), by=w.a, summary="调查终结")
    if state == State.SUSPENDED:
        case = investigating(w, **kwargs)
        approval = services.request_suspension(
            case, by=w.a, ground="party_missing", reasons="当事人下落不明"
        )
        services.decide_suspension(approval, by=w.supervisor, approve=True)
        return Case.objects.get(pk=case.pk)
    if state == State.TERMINATED:
        case = investigating(w, **kwargs)
        approval = services.request_termination(
            case, by=w.a, ground="person_died", reasons="当事人死亡"
        )
        services.decide_termination(approval, by=w.supervisor, approve=True)
        return Case.objects.get(pk=case.pk)
    if state == State.TRANSFERRED:
        case = investigating(w, **kwargs)
        services.transfer_case(
            case, by=w.supervisor, kind="judicial", reasons="涉嫌犯罪", to_body="测试市公安局"
        )
        return Case.objects.get(pk=case.pk)
    if state == State.CLOSED:
        case = in_state(w, State.TERMINATED, **kwargs)
        report = services.request_closing(case, by=w.a, summary="终止调查，结案")
        services.decide_closing(report.approval, by=w.supervisor, approve=True)
        return Case.objects.get(pk=case.pk)
    raise ValueError(state)
