"""The data of the documents the notice and hearing stage issues (documents.kinds keys):
行政处罚告知书 (with the 听证告知书 content when R-30 applies), 听证通知书 and 听证笔录.

The notice is issued before it is served, and its periods run from SERVICE (R-25, R-31,
R-38): the document therefore states them as "自送达之日起N个工作日", and the computed
last days appear on the case once the service is recorded. The printed wording of legal
instruments is fixed Chinese, like the documents' own templates.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cases import integrations
from cases.models import Case, CaseOfficer
from cases.selectors import citable_evidence
from core import clock
from officers.models import Officer
from officers.qualification import valid_certificate
from penalties import discretion
from penalties.models import Hearing, HearingRecord, Notice, Proposal, ViolationType

HEARING_WINDOW_WD = 5  # R-31 (Art 64(1)): 5 WD from service of the notice


def period_phrase(days: int) -> str:
    """ "自送达之日起5个工作日内": how a period running from service is stated."""
    return f"自送达之日起{days}个工作日内"


def _deadline_text(days: int) -> str:
    # The template prints "请于{deadline}前…": "自送达之日起5个工作日届满前" reads right.
    return f"自送达之日起{days}个工作日届满"


def officer_rows(officers: list[Officer], case: Case, *, on: date) -> list[dict[str, str]]:
    """R-02: each participating officer with the certificate that qualifies them on `on`."""
    rows = []
    for officer in officers:
        cert = valid_certificate(officer, case.domain_id, on=on)
        rows.append(
            {"name": officer.name, "certificate_number": cert.number if cert is not None else ""}
        )
    return rows


def case_officers(case: Case) -> list[Officer]:
    """The officers currently assigned to the case (the investigators), lead first."""
    rows = (
        CaseOfficer.objects.filter(case=case, active=True)
        .select_related("officer")
        .order_by("-is_lead", "pk")
    )
    return [r.officer for r in rows]


def penalty_rows(proposal: Proposal) -> list[dict[str, Any]]:
    """[{"type_label", "amount"?}] in the order of severity, amounts where they apply."""
    amounts = {
        "fine": proposal.fine,
        "confiscate_gains": proposal.confiscated_gains,
        "confiscate_property": proposal.confiscated_property_value,
    }
    rows = []
    codes = list(proposal.penalty_types or [])
    order = {t.value: (t.rank, i) for i, t in enumerate(discretion.PenaltyType)}
    for code in sorted(codes, key=lambda c: order.get(c, (99, 99))):
        try:
            label = discretion.PenaltyType(code).label
        except ValueError:
            label = code
        row: dict[str, Any] = {"type_label": label}
        amount = amounts.get(code)
        if amount:
            row["amount"] = Decimal(amount)
        rows.append(row)
    return rows


def penalty_snapshot(proposal: Proposal) -> dict[str, Any]:
    """The notified penalty as engine codes and amounts (R-26 compares with it)."""
    return {
        "types": sorted(proposal.penalty_types or []),
        "fine": str(proposal.fine or 0),
        "gains": str(proposal.confiscated_gains or 0),
        "property": str(proposal.confiscated_property_value or 0),
    }


def legal_basis(case: Case, proposal: Proposal) -> tuple[str, str]:
    """(violated provision, penalty provision) citations of the version that applies
    (R-18: the act date's, or today's when the recommendation applied the lighter new law)."""
    vt = ViolationType.objects.filter(code=proposal.violation_code or case.violation_code).first()
    if vt is None:
        return "", ""
    rec = proposal.recommendation if isinstance(proposal.recommendation, dict) else {}
    on = clock.today()
    if rec.get("law_in_time") != "decision_date":
        on = proposal.act_date or case.act_date or on
    version = vt.version_on(on) or vt.version_on(clock.today())
    if version is None:
        return "", ""
    basis = version.penalty_provision.citation
    if version.supplementary_provision is not None:
        basis += "、" + version.supplementary_provision.citation
    return version.violated_provision.citation, basis


def tier_label(proposal: Proposal) -> str:
    try:
        return discretion.Tier(proposal.tier).label if proposal.tier else ""
    except ValueError:
        return ""


def rights_text(*, statement_days: int, hearing_offered: bool) -> list[str]:
    """The rights the notice states (Art 43–45, 63–64)."""
    rights = [
        f"一、你（单位）有权进行陈述和申辩，可以{period_phrase(statement_days)}以书面或者口头形式"
        "向本机关提出，并可以提供证据；逾期未提出的，视为放弃此权利。",
        "二、本机关将对你（单位）提出的事实、理由和证据进行复核；你（单位）提出的事实、理由或者"
        "证据成立的，本机关将予以采纳。本机关不因你（单位）陈述、申辩而给予更重的处罚。",
        "三、你（单位）认为执法人员与本案有直接利害关系或者有其他关系可能影响公正执法的，有权申请回避。",
    ]
    if hearing_offered:
        rights.append(
            f"四、你（单位）有权要求举行听证，可以{period_phrase(HEARING_WINDOW_WD)}向本机关提出；"
            "逾期未提出的，视为放弃听证权利。当事人不承担行政机关组织听证的费用。"
        )
    return rights


def notice_data(
    case: Case,
    proposal: Proposal,
    *,
    officers: list[Officer],
    facts: str,
    statement_days: int,
    hearing_offered: bool,
    changes: str = "",
    on: date,
) -> dict[str, Any]:
    """行政处罚告知书 (R-24): proposed penalty, facts, evidence, reasons, legal basis,
    rights; the hearing right when R-30 applies (the 听证告知书 content)."""
    violated, basis = legal_basis(case, proposal)
    paragraphs = [facts.strip() or case.facts or case.title]
    if violated:
        paragraphs.append(f"你（单位）的上述行为违反了{violated}的规定。")
    if changes:
        paragraphs.insert(
            0,
            "本机关于前次告知后，对案件事实、证据或者法律依据作了如下变更，现重新告知："
            + changes.strip(),
        )
    evidence = [f"{e.get_type_display()}：{e.title}" for e in citable_evidence(case)]
    data: dict[str, Any] = {
        "case_number": case.number,
        "case_cause": case.title,
        "party": integrations.party_data(case),
        "officers": officer_rows(officers, case, on=on),
        "facts": paragraphs,
        "evidence": evidence or ["案件调查终结报告所列证据"],
        "legal_basis": basis or case.violation_name or case.title,
        "discretion_tier": tier_label(proposal),
        "penalties": penalty_rows(proposal),
        "statement_deadline": _deadline_text(statement_days),
        "statement_period": period_phrase(statement_days),
        "hearing_offered": hearing_offered,
        "rights": rights_text(statement_days=statement_days, hearing_offered=hearing_offered),
        "document_date": on,
    }
    if hearing_offered:
        data["hearing_request_deadline"] = _deadline_text(HEARING_WINDOW_WD)
        data["hearing_request_period"] = period_phrase(HEARING_WINDOW_WD)
    agency = case.agency
    if agency.address or agency.hotline:
        data["contact"] = {
            "name": officers[0].name if officers else "",
            "phone": agency.hotline,
            "address": agency.address,
        }
    return data


def summons_data(
    case: Case,
    notice: Notice,
    *,
    hearing_at: datetime,
    place: str,
    public: bool,
    presiding: Officer,
    recorder: Officer,
    on: date,
) -> dict[str, Any]:
    """听证通知书 (R-32): time, place, public or not, presiding officer and recorder."""
    return {
        "case_number": case.number,
        "case_cause": case.title,
        "party": integrations.party_data(case),
        "officers": officer_rows(case_officers(case), case, on=on),
        "hearing_at": clock_local(hearing_at),
        "hearing_place": place,
        "public_hearing": public,
        "presiding_officer": presiding.name,
        "recorder": recorder.name,
        "penalties": penalty_rows(notice.proposal),
        "rights": [
            "请携带身份证明及相关证据材料按时参加听证。",
            "你（单位）可以申请听证主持人、记录员回避；可以当场提出证明自己主张的证据，"
            "对调查人员提出的证据进行质证，并进行申辩。",
        ],
        "document_date": on,
    }


def clock_local(value: datetime) -> str:
    """An aware datetime as local ISO text (the printed time is the local time)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None).isoformat(timespec="minutes")


def hearing_record_data(case: Case, hearing: Hearing, record: HearingRecord) -> dict[str, Any]:
    """听证笔录 (R-34): attendance, both sides, signatures or the noted refusal."""
    proceedings = [
        {
            "speaker": "主持人",
            "text": "核对听证参加人身份，宣布听证纪律和当事人的权利义务，听证开始。",
        }
    ]
    if record.attendance == HearingRecord.Attendance.ABSENT:
        proceedings.append(
            {
                "speaker": "主持人",
                "text": "当事人经依法通知，无正当理由拒不出席听证，视为放弃听证权利，听证终止。",
            }
        )
    for speaker, text in (
        ("调查人员", record.investigators_case),
        ("当事人", record.defence),
        ("质证和辩论", record.cross_examination),
        ("当事人最后陈述", record.final_statement),
    ):
        if text:
            proceedings.append({"speaker": speaker, "text": text})
    if record.attendance == HearingRecord.Attendance.LEFT:
        proceedings.append(
            {
                "speaker": "主持人",
                "text": "当事人未经许可中途退出听证，视为放弃听证权利，听证终止。",
            }
        )
    note = record.get_signature_display()
    if record.signature_note:
        note = f"{note}：{record.signature_note}"
    return {
        "case_number": case.number,
        "case_cause": case.title,
        "party": integrations.party_data(case),
        "officers": officer_rows(case_officers(case), case, on=record.held_on),
        "hearing_at": clock_local(hearing.hearing_at),
        "hearing_place": hearing.place,
        "presiding_officer": hearing.presiding_officer.name,
        "recorder": hearing.recorder.name,
        "participants": [p for p in record.participants if isinstance(p, dict)],
        "penalties": penalty_rows(hearing.request.notice.proposal),
        "proceedings": proceedings,
        "signature_note": note,
        "document_date": record.held_on,
    }
