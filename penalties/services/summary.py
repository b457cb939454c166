"""The summary procedure (当场处罚, R-20, Art 51–53): decided and handed over on the spot.

Two qualified officers (R-01) show their certificates (R-02), tell the party orally what
they intend and why and that it may state and defend itself (R-24, recorded), hear the
statement and re-check it (R-25), and hand over a pre-numbered 当场行政处罚决定书 (R-37,
`documents.services.reserve_numbers`) on the spot — a refusal to sign is noted. The case
is created directly in SUMMARY_DECIDED (`cases.workflow.INITIAL`). Eligibility comes from
the discretion engine: facts certain, a warning or a fine ≤ 200 yuan (natural person) /
≤ 3,000 yuan (organisation); R-13 and the other engine rules hold here as everywhere.
The decision is then filed with the agency (备案) within SUMMARY_FILING_WD working days.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import services as audit
from cases import guards
from cases.models import Case, CaseParty, Party, officer_of
from cases.services.assignment import assign_officer
from cases.services.common import acting_officer, clean_text
from cases.states import State
from core import clock, workdays
from core.errors import DomainError, RuleViolation, Verdict
from core.roles import Role, has_role
from documents.models import Document, ServiceRecord
from documents.services import issue_document, record_service
from officers.authority import may_enforce
from officers.models import EnforcementDomain, Officer
from officers.qualification import two_qualified, with_qualification_data
from penalties import discretion as d
from penalties.discretion.enums import SUMMARY_TYPES
from penalties.models import Decision, PenaltyType, SummaryProcedure, ViolationType
from penalties.services import decision_data as dd
from penalties.services.proposals import evaluate

# 备案 deadline after the on-the-spot decision (working days).
SUMMARY_FILING_WD = 2
KIND = "summary_decision"


# --- Eligibility (R-20) --------------------------------------------------------------------


def _money(value) -> Decimal:
    return d.money(value or 0)


def r20_verdict(
    *, party_kind: d.PartyKind, penalty_types: list[str], fine, facts_certain: bool
) -> Verdict:
    """R-20 (Art 51) in plain terms, before the engine: facts certain with a legal basis,
    a warning or a fine ≤ 200 yuan (natural person) / ≤ 3,000 yuan (organisation)."""
    problems = []
    if not facts_certain:
        problems.append(  # facts certain
            RuleViolation("R-20", _("适用简易程序须违法事实确凿并有法定依据"))
        )
    types = set(penalty_types or [])
    if not types:
        problems.append(RuleViolation("R-20", _("请选择处罚种类")))
    outside = types - {t.value for t in SUMMARY_TYPES}
    if outside:
        problems.append(  # warning or fine only
            RuleViolation(
                "R-20",
                _("简易程序只能当场作出警告或者罚款，不能作出%(types)s")
                % {"types": "、".join(dd.type_label(t) for t in sorted(outside))},
            )
        )
    limit = d.SUMMARY_LIMITS[party_kind]
    amount = _money(fine)
    if PenaltyType.FINE in types:
        if amount <= 0:
            problems.append(RuleViolation("R-20", _("罚款须填写金额")))
        elif amount > limit:
            problems.append(  # ≤ 200 (person) / ≤ 3,000 (organisation)
                RuleViolation(
                    "R-20",
                    _(
                        "适用简易程序，对%(who)s罚款不得超过%(limit)s元（拟罚款 %(amount)s 元），"
                        "应当适用普通程序"
                    )
                    % {
                        "who": _("公民")
                        if party_kind is d.PartyKind.PERSON
                        else _("法人或者其他组织"),
                        "limit": f"{limit:,.0f}",
                        "amount": amount,
                    },
                )
            )
    elif amount > 0:
        problems.append(RuleViolation("R-20", _("未选择罚款的，不得填写罚款金额")))
    return Verdict.of(problems)


def party_kind_of(party: Party) -> d.PartyKind:
    return d.PartyKind.PERSON if party.is_person else d.PartyKind.ORGANISATION


def officers_verdict(officers: list[Officer], domain: EnforcementDomain, on: date) -> Verdict:
    """R-01: two qualified officers, both of the same agency."""
    officers = list(
        with_qualification_data(Officer.objects.filter(pk__in=[o.pk for o in officers]))
    )
    return two_qualified(officers, domain, on=on)


def reserved_numbers(agency, *, limit: int = 50) -> QuerySet[Document]:
    """Pre-assigned numbers still unused (R-37)."""
    return Document.objects.filter(
        agency=agency, kind=KIND, status=Document.Status.RESERVED
    ).order_by("year", "seq")[:limit]


def may_act_on_the_spot(user: Any) -> Verdict:
    officer = officer_of(user)
    if officer is None or not has_role(user, Role.OFFICER):
        return Verdict.refuse(guards.ACCESS, _("只有执法人员可以当场作出行政处罚决定"))
    return Verdict()


# --- The on-the-spot decision --------------------------------------------------------------


@transaction.atomic
def decide_on_the_spot(
    *,
    by: Any,
    partner: Officer,
    party: Party,
    domain: EnforcementDomain,
    violation_code: str,
    acted_at: datetime,
    place: str,
    facts_text: str,
    facts: dict | None = None,
    penalty_types: list[str],
    fine: Decimal | None = None,
    rights_notice: str,
    statement: str = "",
    statement_waived: bool = False,
    recheck: str = "",
    refused_to_sign: bool = False,
    signature_note: str = "",
    reserved_number: str,
    title: str = "",
) -> SummaryProcedure:
    """R-20: record and issue an on-the-spot decision; the new case starts (and stays
    until executed) in SUMMARY_DECIDED."""
    may_act_on_the_spot(by).raise_if_refused()
    me = acting_officer(by)
    today = clock.today()
    problems: list[RuleViolation] = []
    if partner is None or partner.agency_id != me.agency_id or partner.pk == me.pk:
        problems.append(
            RuleViolation("R-01", _("须由本机关另一名执法人员共同执法"))
        )
    if not isinstance(acted_at, datetime):
        raise DomainError(_("请填写执法时间"))
    acted_on = timezone.localdate(acted_at) if timezone.is_aware(acted_at) else acted_at.date()
    if acted_on != today or acted_at > clock.now():
        problems.append(  # decided and handed over on the spot
            RuleViolation("R-20", _("当场处罚决定须当场作出并交付，执法时间须为今天且不晚于现在"))
        )
    place = clean_text(place, required=True, label=_("执法地点"))
    facts_text = clean_text(facts_text, required=True, label=_("违法事实"))
    rights_notice = clean_text(rights_notice, label=_("口头告知内容"))
    statement = clean_text(statement, label=_("当事人陈述申辩"))
    recheck = clean_text(recheck, label=_("复核意见"))
    signature_note = clean_text(signature_note, label=_("签收情况"))
    title = clean_text(title, label=_("案由"))
    reserved_number = clean_text(reserved_number, required=True, label=_("预留文书编号"))
    if not rights_notice:
        problems.append(  # R-24 (orally, recorded)
            RuleViolation(
                "R-24",
                _("须记录当场口头告知的拟处罚内容、事实、理由、依据及陈述申辩权利"),
            )
        )
    if not statement and not statement_waived:
        problems.append(
            RuleViolation("R-25", _("须记录当事人的陈述申辩，或当事人明确放弃陈述申辩"))
        )
    if statement and not recheck:
        problems.append(  # every statement is re-checked
            RuleViolation("R-25", _("当事人提出陈述申辩的，须记录复核意见"))
        )
    if refused_to_sign and not signature_note:
        signature_note = _("当事人拒绝签收，执法人员已在决定书上注明")
    kind = party_kind_of(party)
    facts_input = dict(facts or {})
    problems.extend(
        r20_verdict(
            party_kind=kind,
            penalty_types=penalty_types,
            fine=fine,
            facts_certain=bool(facts_input.get("facts_certain")),
        ).problems
    )
    if partner is not None and partner.pk != me.pk:
        problems.extend(officers_verdict([me, partner], domain, today).problems)
    authority = may_enforce(me.agency, domain, violation_code, on=acted_on)
    problems.extend(authority.verdict.problems)
    Verdict.of(problems).raise_if_refused()

    # The case, created in its initial state of the summary path.
    case = Case.objects.create(
        agency_id=me.agency_id,
        acting_agency=authority.acting_agency if authority.acting_agency != me.agency else None,
        delegation=authority.delegation,
        domain=domain,
        violation_code=violation_code,
        violation_name=_violation_name(violation_code),
        title=title or _violation_name(violation_code) or _("当场处罚"),
        facts=facts_text,
        place=place,
        act_date=acted_on,
        discovered_on=acted_on,
        procedure=Case.Procedure.SUMMARY,
        state=State.SUMMARY_DECIDED,
        state_changed_at=clock.now(),
        source=Case.Source.INSPECTION,
        registered_on=today,
        verification_due_on=today,
        decided_on=acted_on,
        registered_by=by,
        primary_party=party,
        party_name=party.name,
    )
    CaseParty.objects.create(case=case, party=party, is_primary=True)
    audit.record(
        "penalties.summary.case_created",
        case,
        by=by,
        after={"state": case.state, "procedure": case.procedure, "party": party.name},
    )
    assign_officer(case, by=by, officer=me, is_lead=True, system=True)
    assign_officer(case, by=by, officer=partner, system=True)

    # Eligibility and the headline rules from the engine (R-12…R-20).
    ev = evaluate(case, facts_input, on=today)
    penalty = d.Proposal.of(
        *[d.PenaltyType(t) for t in penalty_types],
        fine=fine or 0,
    )
    check = d.check_proposal(ev.recommendation, penalty)
    check.verdict(departure_approved=False).raise_if_refused()
    if not check.flags.summary_eligible:
        raise RuleViolation("R-20", _("依裁量规则，本案不符合适用简易程序的条件，应当适用普通程序"))

    agency = dd.issuing_agency(case)
    officers = dd.case_officers(case)
    officer_rows = dd.officers_data(officers, domain.pk, today)
    statement_summary = (
        _("当事人陈述申辩：%(s)s。复核意见：%(r)s。") % {"s": statement, "r": recheck}
        if statement
        else _("当事人放弃陈述、申辩。")
    )
    basis = dd.basis_text(violation_code, acted_on)
    data = dd.base_data(case, on=today)
    data.pop("case_number", None)
    data.update(
        {
            "officers": officer_rows,
            "acted_at": acted_at,
            "place": place,
            "facts": facts_text,
            "legal_basis": basis or case.title,
            "penalties": dd.penalties_list(penalty_types, fine=fine),
            "performance": dd.performance_text(penalty_types, fine, None)
            if PenaltyType.FINE in penalty_types
            else _("本决定当场交付即生效。"),
            "remedies": dd.summary_remedies_text(agency, today),
            "statement_summary": statement_summary,
            "signature_note": signature_note,
        }
    )
    document = issue_document(
        agency=agency,
        case_id=case.pk,
        kind=KIND,
        data=data,
        by=by,
        reserved_number=reserved_number,  # the pre-assigned number
    )
    # Handed over on the spot (R-38 direct service), with its 送达回证.
    receipt = issue_document(
        agency=agency,
        case_id=case.pk,
        kind="service_receipt",
        data={
            "party": data["party"],
            "officers": officer_rows,
            "served_documents": [{"title": document.title, "number": document.number}],
            "place": place,
            "method_label": _("直接送达（当场交付）"),
            "recipient_note": signature_note,
        },
        by=by,
    )
    record_service(
        document,
        method=ServiceRecord.Method.DIRECT,
        served_on=today,
        recipient=party.name,
        receipt=receipt,
        refused_to_sign=refused_to_sign,
        note=signature_note,
        by=by,
    )
    decision = Decision.objects.create(
        case=case,
        document=document,
        kind=Decision.Kind.SUMMARY,
        penalty_types=list(penalty_types),
        fine=_money(fine) if PenaltyType.FINE in penalty_types else None,
        tier=ev.recommendation.tier.value,
        violation_code=violation_code,
        legal_basis=data["legal_basis"],
        decided_on=today,
        decided_by=by,
        service_due_on=today,
        served_on=today,
        status=Decision.Status.SERVED,
        reconsideration_until=dd.reconsideration_until(today),
        litigation_until=None,  # reconsideration first (行政复议法 Art 23)
        payment_due_on=dd.payment_due(today) if PenaltyType.FINE in penalty_types else None,
    )
    proc = SummaryProcedure.objects.create(
        case=case,
        decision=decision,
        officer_a=me,
        officer_b=partner,
        certificates=officer_rows,
        acted_at=acted_at,
        place=place,
        violation_code=violation_code,
        legal_basis=data["legal_basis"],
        facts=facts_text,
        penalty_types=list(penalty_types),
        fine=decision.fine,
        tier=decision.tier,
        eligibility={
            "recommendation": d.snapshot(ev.recommendation),
            "flags": {
                "summary_eligible": check.flags.summary_eligible,
                "hearing_entitled": check.flags.hearing_entitled,
            },
            "facts": facts_input,
        },
        rights_notice=rights_notice,
        statement=statement,
        statement_waived=bool(statement_waived) and not statement,
        recheck=recheck,
        refused_to_sign=bool(refused_to_sign),
        signature_note=signature_note,
        reserved_number=document.number,
        filing_due_on=workdays.add_workdays(today, SUMMARY_FILING_WD),
        recorded_by=by,
    )
    case.number = document.number
    case.save(update_fields=["number"])
    audit.record(
        "penalties.summary.decided",
        proc,
        by=by,
        data={
            "number": document.number,
            "penalty_types": list(penalty_types),
            "fine": decision.fine,
            "officers": [o["name"] for o in officer_rows],
            "certificates": [o["certificate_number"] for o in officer_rows],
            "refused_to_sign": proc.refused_to_sign,
            "statement_waived": proc.statement_waived,
            "filing_due_on": proc.filing_due_on,
        },
    )
    return proc


def _violation_name(code: str) -> str:
    vt = ViolationType.objects.filter(code=code).only("name").first()
    return vt.name if vt else ""


# --- Filing with the agency (备案) ----------------------------------------------------------


def filing_verdict(proc: SummaryProcedure, user: Any) -> Verdict:
    officer = officer_of(user)
    if (
        officer is None
        or officer.agency_id != proc.case.agency_id
        or not has_role(user, Role.SUPERVISOR, Role.LEGAL_OFFICE)
    ):
        return Verdict.refuse("R-20", _("当场处罚决定须报本机关负责人或法制机构备案"))
    if proc.filed_on is not None:
        return Verdict.refuse("R-20", _("该当场处罚决定已于 %(d)s 备案") % {"d": proc.filed_on})
    return Verdict()


@transaction.atomic
def file_summary(proc: SummaryProcedure, *, by: Any, note: str = "") -> SummaryProcedure:
    """R-20 (Art 52 ¶3): the on-the-spot decision is filed with the agency."""
    proc = SummaryProcedure.objects.select_for_update().select_related("case").get(pk=proc.pk)
    filing_verdict(proc, by).raise_if_refused()
    proc.filed_on = clock.today()
    proc.filed_by = by
    proc.filing_note = clean_text(note, label=_("备案意见"))
    proc.save(update_fields=["filed_on", "filed_by", "filing_note"])
    audit.record(
        "penalties.summary.filed",
        proc,
        by=by,
        data={"late": filing_overdue(proc, on=proc.filed_on, filed=True), "note": proc.filing_note},
    )
    return proc


def filing_overdue(proc: SummaryProcedure, *, on: date | None = None, filed: bool = False) -> bool:
    on = on or clock.today()
    if proc.filed_on is not None and not filed:
        return proc.filed_on > proc.filing_due_on
    return on > proc.filing_due_on


def filing_queue(user: Any) -> QuerySet[SummaryProcedure]:
    officer = officer_of(user)
    if officer is None or not has_role(user, Role.SUPERVISOR, Role.LEGAL_OFFICE):
        return SummaryProcedure.objects.none()
    return (
        SummaryProcedure.objects.filter(case__agency_id=officer.agency_id, filed_on__isnull=True)
        .select_related("case", "decision", "officer_a", "officer_b")
        .order_by("filing_due_on", "pk")
    )


ACTION_LABELS = {
    "penalties.summary.case_created": gettext_lazy("当场处罚立卷"),
    "penalties.summary.decided": gettext_lazy("当场作出行政处罚决定"),
    "penalties.summary.filed": gettext_lazy("当场处罚决定备案"),
}
