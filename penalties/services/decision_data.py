"""The data dicts of the documents this stage issues (决定书, 审核意见书, 讨论记录).

Pure reads: each function builds the keys `documents.kinds` asks for, from the case, its
parties, officers, evidence and the catalogue. The remedy periods (R-36) are computed
here too, so the decision text and the Decision row agree.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from cases.models import Case, CaseOfficer, CaseParty, Party
from cases.selectors import citable_evidence
from core import workdays
from officers.models import Agency, Officer
from officers.qualification import valid_certificate, with_qualification_data
from penalties.models import Hearing, PenaltyType, Statement, Tier, Waiver
from penalties.selectors import violation_version_on

# 行政复议法 (2023) Art 20 and 行政诉讼法 Art 46.
RECONSIDERATION_DAYS = 60
LITIGATION_MONTHS = 6
# payment within 15 CD of service.
PAYMENT_DAYS = 15
# served within 7 WD of the decision.
SERVICE_WD = 7

ID_LABELS = {
    Party.IdType.CREDIT_CODE: "统一社会信用代码",
    Party.IdType.RESIDENT_ID: "居民身份证号码",
}


def roll_to_workday(d: date) -> date:
    """R-50: a period that ends on a rest day ends on the next working day."""
    return d if workdays.is_workday(d) else workdays.add_workdays(d, 1)


def add_months(d: date, months: int) -> date:
    """Same day `months` later; the last day of a shorter month otherwise."""
    month = d.month - 1 + months
    year = d.year + month // 12
    month = month % 12 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def reconsideration_until(received_on: date) -> date:
    """R-36: 60 days from receipt (行政复议法 Art 20), counted per R-50."""
    return workdays.add_calendar_days(received_on, RECONSIDERATION_DAYS)


def litigation_until(received_on: date) -> date:
    """R-36: 6 months from receipt (行政诉讼法 Art 46), rolled over rest days (R-50)."""
    return roll_to_workday(add_months(received_on, LITIGATION_MONTHS))


def payment_due(served_on: date) -> date:
    """R-40: 15 CD after service, rolled over rest days (R-50)."""
    return workdays.add_calendar_days(served_on, PAYMENT_DAYS)


def issuing_agency(case: Case) -> Agency:
    """R-03: documents go out in the acting (delegating) agency's name."""
    return case.acting_agency or case.agency


def reconsideration_body(agency: Agency) -> str:
    """行政复议法 (2023) Art 24: the people's government at the agency's level."""
    return f"{agency.region}人民政府" if agency.region else "本机关的本级人民政府"


def primary_party(case: Case) -> Party | None:
    if case.primary_party_id:
        return case.primary_party
    link = CaseParty.objects.filter(case_id=case.pk).select_related("party").first()
    return link.party if link else None


def party_data(party: Party | None) -> dict:
    if party is None:
        return {}
    data = {
        "name": party.name,
        "kind": "person" if party.is_person else "org",
        "id_label": ID_LABELS.get(party.id_type, party.get_id_type_display()),
        "id_number": party.id_number,
        "address": party.address,
    }
    if party.legal_representative:
        data["legal_representative"] = party.legal_representative
    if party.phone:
        data["phone"] = party.phone
    return data


def case_officers(case: Case) -> list[Officer]:
    """The active assigned officers, lead first, with their certificates prefetched."""
    rows = list(CaseOfficer.objects.filter(case_id=case.pk, active=True).order_by("-is_lead", "pk"))
    by_pk = {
        o.pk: o
        for o in with_qualification_data(
            Officer.objects.filter(pk__in=[r.officer_id for r in rows])
        )
    }
    return [by_pk[r.officer_id] for r in rows if r.officer_id in by_pk]


def officers_data(officers: list[Officer], domain_id: int | None, on: date) -> list[dict]:
    """R-02: names and certificate numbers."""
    out = []
    for officer in officers:
        cert = valid_certificate(officer, domain_id, on=on)
        out.append({"name": officer.name, "certificate_number": cert.number if cert else ""})
    return out


def evidence_lines(case: Case) -> list[str]:
    """R-22: only verified evidence, never illegally obtained, may be cited."""
    lines = []
    for ev in citable_evidence(case):
        text = f"{ev.title}（{ev.get_type_display()}）"
        if ev.description:
            text += f"：{ev.description}"
        lines.append(text)
    return lines


def legal_basis(violation_code: str, on: date | None) -> tuple[str, str]:
    """(violated provision, penalty provision) citations from the catalogue."""
    version = violation_version_on(violation_code, on) if violation_code and on else None
    if version is None:
        return "", ""
    return version.violated_provision.citation, version.penalty_provision.citation


def basis_text(violation_code: str, on: date | None) -> str:
    violated, penalty = legal_basis(violation_code, on)
    if not penalty:
        return ""
    if violated and violated != penalty:
        return f"{penalty}（违反{violated}）"
    return penalty


def tier_label(code: str) -> str:
    try:
        return str(Tier(code).label)
    except ValueError:
        return code or ""


def type_label(code: str) -> str:
    try:
        return str(PenaltyType(code).label)
    except ValueError:
        return code


def penalties_list(
    types: list[str],
    *,
    fine: Decimal | None = None,
    gains: Decimal | None = None,
    property_value: Decimal | None = None,
) -> list[dict]:
    order = {c: i for i, c in enumerate(PenaltyType.values)}
    out = []
    for code in sorted(types or [], key=lambda c: order.get(c, 99)):
        item: dict = {"type_label": type_label(code)}
        if code == PenaltyType.FINE and fine:
            item["amount"] = fine
        elif code == PenaltyType.CONFISCATE_GAINS and gains:
            item["amount"] = gains
        elif code == PenaltyType.CONFISCATE_PROPERTY and property_value:
            item["description"] = f"价值人民币{property_value}元"
        out.append(item)
    return out


def has_money(types: list[str], fine, gains) -> bool:
    return bool(
        (PenaltyType.FINE in (types or []) and fine)
        or (PenaltyType.CONFISCATE_GAINS in (types or []) and gains)
    )


def performance_text(types: list[str], fine, gains) -> str:
    """R-36 manner and deadline of performance (R-40 payment, R-43 surcharge warning)."""
    if has_money(types, fine, gains):
        return (
            "当事人应当自收到本决定书之日起十五日内，持本决定书到指定银行缴纳罚没款，或者通过"
            "电子支付系统缴纳（罚没款收缴与决定分离）。到期不缴纳罚款的，本机关可以每日按罚款数额"
            "的百分之三加处罚款，加处罚款的数额不超过罚款的数额，并可以依法申请人民法院强制执行。"
        )
    return "本决定自送达之日起生效，当事人应当自觉履行。"


def remedies_text(agency: Agency, decided_on: date) -> str:
    """R-36: reconsideration (60 days) and litigation (6 months), with the last dates if
    the decision is received on the day it is made (the Decision row keeps the dates
    counted from the actual service)."""
    body = reconsideration_body(agency)
    return _(
        "如不服本决定，可以自收到本决定书之日起六十日内向%(body)s申请行政复议（《中华人民共和国行政复议法》"
        "第二十条），也可以自收到本决定书之日起六个月内依法向有管辖权的人民法院提起行政诉讼"
        "（《中华人民共和国行政诉讼法》第四十六条）。如于%(day)s收到本决定书，申请行政复议的期限至"
        "%(rec)s，提起行政诉讼的期限至%(lit)s（期限届满日为法定节假日的，顺延至节假日后的第一个"
        "工作日）。复议、诉讼期间，本决定不停止执行，法律另有规定的除外。"
    ) % {
        "body": body,
        "day": cn_date(decided_on),
        "rec": cn_date(reconsideration_until(decided_on)),
        "lit": cn_date(litigation_until(decided_on)),
    }


def summary_remedies_text(agency: Agency, decided_on: date) -> str:
    """R-20: reconsideration must come before a lawsuit (行政复议法 2023 Art 23)."""
    body = reconsideration_body(agency)
    return _(
        "如不服本决定，应当自收到本决定书之日起六十日内向%(body)s申请行政复议（如于%(day)s收到，"
        "期限至%(rec)s）。依照《中华人民共和国行政复议法》第二十三条的规定，对当场作出的行政处罚"
        "决定不服的，应当先申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内"
        "依法向人民法院提起行政诉讼。"
    ) % {
        "body": body,
        "day": cn_date(decided_on),
        "rec": cn_date(reconsideration_until(decided_on)),
    }


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def statement_summary(case: Case) -> str:
    """陈述申辩 and each re-check (R-25), or the written waiver, for the decision text."""
    lines = []
    for st in Statement.objects.filter(case_id=case.pk).select_related("recheck").order_by("seq"):
        text = f"当事人于{cn_date(st.received_on)}提出陈述、申辩：{st.content.rstrip('。.')}"
        recheck = getattr(st, "recheck", None)
        if recheck is not None:
            text += f"。经复核，{recheck.get_outcome_display()}"
            if recheck.reasons:
                text += f"，理由：{recheck.reasons.rstrip('。.')}"
        lines.append(text + "。")
    if lines:
        return "\n".join(lines)
    waivers = Waiver.objects.filter(notice__case_id=case.pk)
    if any(w.covers_statement for w in waivers):
        return "当事人书面放弃陈述、申辩的权利。"
    return "当事人在法定期限内未提出陈述、申辩意见。"


def hearing_summary(case: Case) -> str:
    """The hearing held and what the party said there (R-34: the decision rests on it)."""
    lines = []
    for h in Hearing.objects.filter(case_id=case.pk, status=Hearing.Status.HELD).order_by("pk"):
        record = getattr(h, "record", None)
        text = f"本机关于{cn_date(h.hearing_on)}依法举行听证"
        if record is not None and record.defence:
            text += f"，当事人提出：{record.defence.rstrip('。.')}"
        lines.append(text + "。")
    return "\n".join(lines)


def base_data(case: Case, *, on: date) -> dict:
    """party, case cause and number, officers: the keys every document of a case has."""
    data = {
        "party": party_data(primary_party(case)),
        "case_cause": case.title,
        "officers": officers_data(case_officers(case), case.domain_id, on),
    }
    if case.number:
        data["case_number"] = case.number
    return data
