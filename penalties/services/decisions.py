"""Issuing and serving the decision (R-35–R-38); revoking or changing it (R-39 withdrawal).

`issue_decision` is the one way a general-procedure case gets its decision: the gate of
the notice stage (R-24–R-26, `penalties.gate.decision_gate`) must pass, the collective
discussion and legal review the case needs must be done (R-27, R-28), the head must have
approved (R-29), and the statutory time limit must not have passed (R-35, approved
extensions included). The decision document (行政处罚决定书 or 不予行政处罚决定书) carries
the content R-36 prescribes and its number (R-37). Service (R-38) is recorded through
`documents`; it starts the payment period EXECUTION counts from (R-40) and the remedy
periods (R-36).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import services as audit
from cases import deadlines, guards
from cases.models import Case, officer_of
from cases.selectors import citable_evidence
from cases.services.common import clean_text, lock
from cases.states import State
from cases.workflow import transition
from core import clock, workdays
from core.errors import DomainError, RuleViolation, Verdict
from core.roles import Role, has_role
from documents.services import issue_document, record_service
from officers.qualification import two_qualified
from penalties.gate import decision_gate
from penalties.models import Decision, DecisionApproval, Proposal
from penalties.services import decision_data as dd
from penalties.services import publicity
from penalties.services.proposals import current_proposal, proposal_as_engine
from penalties.services.reviews import (
    approval_given,
    approver_verdict,
    discussion_held,
    pending_approval,
    prerequisites,
)

NO_PENALTY_OUTCOMES = {
    DecisionApproval.Outcome.NO_PENALTY: (Decision.Kind.NO_PENALTY, State.NO_PENALTY),
    DecisionApproval.Outcome.NOT_ESTABLISHED: (
        Decision.Kind.NOT_ESTABLISHED,
        State.NOT_ESTABLISHED,
    ),
}
# Art 57 ¶1 (二)/(三): the legal ground of a no-penalty decision.
NO_PENALTY_BASIS = {
    Decision.Kind.NO_PENALTY: "《中华人民共和国行政处罚法》第五十七条第一款第（二）项",
    Decision.Kind.NOT_ESTABLISHED: "《中华人民共和国行政处罚法》第五十七条第一款第（三）项",
}


# --- Reads ---------------------------------------------------------------------------------


def current_decision(case) -> Decision | None:
    """The decision in force for `case` (issued or served; not revoked or changed)."""
    return (
        Decision.objects.filter(
            case_id=case.pk, status__in=[Decision.Status.ISSUED, Decision.Status.SERVED]
        )
        .select_related("document")
        .order_by("-pk")
        .first()
    )


def decisions_of(case: Case) -> list[Decision]:
    return list(Decision.objects.filter(case_id=case.pk).select_related("document").order_by("pk"))


def service_overdue(decision: Decision, *, on: date | None = None) -> bool:
    """R-38: not served within 7 WD of the decision."""
    on = on or clock.today()
    return (
        decision.status == Decision.Status.ISSUED
        and decision.service_due_on is not None
        and on > decision.service_due_on
    )


def served_late(decision: Decision) -> bool:
    return bool(
        decision.served_on
        and decision.service_due_on
        and decision.served_on > decision.service_due_on
    )


def overdue_services(user: Any) -> QuerySet[Decision]:
    """R-38: the agency's decisions still not served after their 7 WD."""
    officer = officer_of(user)
    if officer is None:
        return Decision.objects.none()
    return (
        Decision.objects.filter(
            case__agency_id=officer.agency_id,
            status=Decision.Status.ISSUED,
            service_due_on__lt=clock.today(),
        )
        .select_related("case", "document")
        .order_by("service_due_on", "pk")
    )


# --- Guards --------------------------------------------------------------------------------


def time_limit_verdict(case: Case, *, on: date | None = None) -> Verdict:
    """R-35: decided within the time limit (90 CD from filing, plus approved extensions
    and periods that stop the clock)."""
    on = on or clock.today()
    c = deadlines.compute(case, today=on)
    if c is None or on <= c.due_on:
        return Verdict()
    return Verdict.refuse(
        "R-35",
        _(
            "办案期限已于 %(due)s 届满（立案日期 %(filed)s），未经负责人批准延长办案期限，"
            "不得作出决定"
        )
        % {"due": c.due_on.isoformat(), "filed": c.filed_on.isoformat()},
    )


def officers_verdict(case: Case, *, on: date) -> Verdict:
    """R-01: the decision names two qualified officers."""
    return two_qualified(dd.case_officers(case), case.domain_id, on=on)


def outcome_for(case: Case, proposal: Proposal | None) -> str:
    approval = approval_given(case, proposal) or pending_approval(case)
    return approval.outcome if approval is not None else DecisionApproval.Outcome.PENALTY


def decision_verdict(case: Case, *, on: date | None = None) -> Verdict:
    """Everything that stands between this case and its decision today, all at once."""
    on = on or clock.today()
    if case.state != State.APPROVAL:
        return Verdict.refuse(
            "R-29",
            _("案件处于“%(state)s”状态，不能作出处罚决定") % {"state": case.get_state_display()},
        )
    proposal = current_proposal(case)
    problems = Verdict()
    approval = approval_given(case, proposal)
    if approval is None:
        problems += Verdict.refuse(
            "R-29", _("处罚决定尚未经行政机关负责人批准")
        )
    problems += prerequisites(case, proposal)
    outcome = outcome_for(case, proposal)
    if outcome == DecisionApproval.Outcome.PENALTY:
        if proposal is None:
            problems += Verdict.refuse("R-17", _("本案没有生效的拟处罚意见"))
        else:
            # the notice stage's gate, word for word.
            problems += decision_gate(case, penalty=proposal_as_engine(proposal), on=on)
        if not citable_evidence(case).exists():
            problems += Verdict.refuse(  # only verified evidence may be cited
                "R-22", _("本案没有经审查核实的证据，不得作出处罚决定")
            )
    problems += time_limit_verdict(case, on=on)
    problems += officers_verdict(case, on=on)
    return problems


def issue_verdict(case: Case, user: Any, *, on: date | None = None) -> Verdict:
    return guards.may_change(case, user) + decision_verdict(case, on=on)


def direct_verdict(case: Case, user: Any, *, on: date | None = None) -> Verdict:
    """No penalty / not established straight after the investigation (Art 57): the head
    decides, never an investigator of the case (R-29)."""
    verdict = guards.not_closed(case) + guards.in_states(
        case, {State.INVESTIGATION_CLOSED}, "R-29", _("作出不予行政处罚决定")
    )
    verdict += approver_verdict(case, user)
    verdict += time_limit_verdict(case, on=on) + officers_verdict(case, on=on or clock.today())
    return verdict


# --- Issuing -------------------------------------------------------------------------------


def _penalty_data(case: Case, proposal: Proposal, approval: DecisionApproval, on: date) -> dict:
    agency = dd.issuing_agency(case)
    violated, penalty_basis = dd.legal_basis(case.violation_code, case.act_date)
    data = dd.base_data(case, on=on)
    reasons = []
    if violated:
        reasons.append(f"当事人的上述行为违反了{violated}的规定。")
    if approval.reasons:
        reasons.append(approval.reasons)
    data.update(
        {
            "facts": case.facts or case.title,
            "evidence": dd.evidence_lines(case),
            "legal_basis": penalty_basis or case.violation_name or case.title,
            "discretion_tier": dd.tier_label(proposal.tier),
            "penalties": dd.penalties_list(
                proposal.penalty_types,
                fine=proposal.fine,
                gains=proposal.confiscated_gains,
                property_value=proposal.confiscated_property_value,
            ),
            "performance": dd.performance_text(
                proposal.penalty_types, proposal.fine, proposal.confiscated_gains
            ),
            "remedies": dd.remedies_text(agency, on),
            "reasons": "\n".join(reasons),
            "statement_summary": dd.statement_summary(case),
        }
    )
    hearing = dd.hearing_summary(case)
    if hearing:
        data["hearing_summary"] = hearing
    return data


def _no_penalty_data(case: Case, kind: str, reasons: str, education: str, on: date) -> dict:
    agency = dd.issuing_agency(case)
    data = dd.base_data(case, on=on)
    violated, penalty_basis = dd.legal_basis(case.violation_code, case.act_date)
    basis = NO_PENALTY_BASIS[kind]
    if kind == Decision.Kind.NO_PENALTY and penalty_basis:
        basis = f"{penalty_basis}、{basis}"
    evidence = dd.evidence_lines(case) or [_("本案现有证据不足以证明违法事实成立")]
    data.update(
        {
            "facts": case.facts or case.title,
            "evidence": evidence,
            "legal_basis": basis,
            "reasons": reasons,
            "remedies": dd.remedies_text(agency, on),
        }
    )
    if education:
        data["education"] = education
    return data


def _create(
    case: Case,
    *,
    by: Any,
    kind: str,
    document,
    proposal: Proposal | None,
    approval: DecisionApproval | None,
    on: date,
) -> Decision:
    penalty = kind == Decision.Kind.PENALTY and proposal is not None
    decision = Decision.objects.create(
        case=case,
        proposal=proposal,
        approval=approval,
        document=document,
        kind=kind,
        penalty_types=list(proposal.penalty_types) if penalty else [],
        fine=proposal.fine if penalty else None,
        confiscated_gains=proposal.confiscated_gains if penalty else None,
        confiscated_property_value=proposal.confiscated_property_value if penalty else None,
        tier=proposal.tier if penalty else "",
        violation_code=case.violation_code,
        legal_basis=document.data.get("legal_basis", ""),
        decided_on=on,
        decided_by=by,
        service_due_on=workdays.add_workdays(on, dd.SERVICE_WD),
    )
    audit.record(
        "penalties.decision.issued",
        decision,
        by=by,
        data={
            "kind": kind,
            "number": document.number,
            "penalty_types": decision.penalty_types,
            "fine": decision.fine,
            "tier": decision.tier,
            "service_due_on": decision.service_due_on,
        },
    )
    return decision


@transaction.atomic
def issue_decision(case: Case, *, by: Any) -> Decision:
    """Issue the approved decision: 行政处罚决定书, or 不予行政处罚决定书 when the head
    approved no penalty / facts not established."""
    case = lock(case)
    today = clock.today()
    issue_verdict(case, by, on=today).raise_if_refused()
    proposal = current_proposal(case)
    approval = approval_given(case, proposal)
    agency = dd.issuing_agency(case)
    if approval.outcome == DecisionApproval.Outcome.PENALTY:
        kind, target = Decision.Kind.PENALTY, State.DECIDED
        data = _penalty_data(case, proposal, approval, today)
        doc_kind = "penalty_decision"
    else:
        kind, target = NO_PENALTY_OUTCOMES[approval.outcome]
        held = discussion_held(case, proposal)
        reasons = (
            approval.reasons
            or (held.conclusion_text if held else "")
            or str(approval.get_outcome_display())
        )
        data = _no_penalty_data(case, kind, reasons, "", today)
        doc_kind = "no_penalty_decision"
    document = issue_document(agency=agency, case_id=case.pk, kind=doc_kind, data=data, by=by)
    decision = _create(
        case, by=by, kind=kind, document=document, proposal=proposal, approval=approval, on=today
    )
    transition(case, target, by=by, data={"decision": decision.pk, "number": document.number})
    publicity.create_for(decision, by=by)
    return decision


@transaction.atomic
def decide_without_penalty(
    case: Case, *, by: Any, outcome: str, reasons: str, education: str = ""
) -> Decision:
    """After the investigation, the head decides no penalty (R-12, R-14, …) or that the
    facts are not established (Art 57 ¶1 (二)(三)) and the 不予行政处罚决定书 is issued."""
    case = lock(case)
    today = clock.today()
    if outcome not in NO_PENALTY_OUTCOMES:
        raise DomainError(_("请选择不予行政处罚或违法事实不能成立"))
    direct_verdict(case, by, on=today).raise_if_refused()
    reasons = clean_text(reasons, required=True, label=_("理由"))
    education = clean_text(education, label=_("批评教育情况"))
    if outcome == DecisionApproval.Outcome.NO_PENALTY and not education:
        raise RuleViolation(  # education recorded
            "R-12", _("不予行政处罚的，须记录对当事人进行批评教育的情况")
        )
    kind, target = NO_PENALTY_OUTCOMES[outcome]
    # Approvals of an earlier round (no decision came of them) lapse.
    DecisionApproval.objects.filter(
        case_id=case.pk, status=DecisionApproval.Status.APPROVED
    ).update(status=DecisionApproval.Status.SUPERSEDED)
    approval = DecisionApproval.objects.create(
        case=case,
        proposal=None,
        status=DecisionApproval.Status.APPROVED,
        outcome=outcome,
        requested_by=by,
        requested_at=clock.now(),
        approver=by,
        reasons=reasons,
        decided_at=clock.now(),
    )
    audit.record("penalties.approval.approved", approval, by=by, data={"outcome": outcome})
    document = issue_document(
        agency=dd.issuing_agency(case),
        case_id=case.pk,
        kind="no_penalty_decision",
        data=_no_penalty_data(case, kind, reasons, education, today),
        by=by,
    )
    decision = _create(
        case, by=by, kind=kind, document=document, proposal=None, approval=approval, on=today
    )
    transition(case, target, by=by, data={"decision": decision.pk, "number": document.number})
    return decision


# --- Service (R-38) ------------------------------------------------------------------------


def serve_verdict(decision: Decision, user: Any) -> Verdict:
    verdict = guards.may_change(decision.case, user)
    if decision.status != Decision.Status.ISSUED:
        verdict += Verdict.refuse(
            "R-38",
            _("决定书状态为“%(s)s”，不能再登记送达") % {"s": decision.get_status_display()},
        )
    return verdict


@transaction.atomic
def serve_decision(
    decision: Decision,
    *,
    by: Any,
    method: str,
    served_on: date,
    recipient: str,
    proof=None,
    receipt=None,
    consent_reference: str = "",
    refused_to_sign: bool = False,
    note: str = "",
) -> Decision:
    """R-38: record the service of the decision; the payment (R-40) and remedy (R-36)
    periods start from it, the case becomes SERVED, publication may follow (R-39)."""
    case = lock(Decision.objects.values_list("case_id", flat=True).get(pk=decision.pk))
    decision = Decision.objects.select_for_update().select_related("document").get(pk=decision.pk)
    decision.case = case
    serve_verdict(decision, by).raise_if_refused()
    record = record_service(
        decision.document,
        method=method,
        served_on=served_on,
        recipient=recipient,
        proof=proof,
        receipt=receipt,
        consent_reference=consent_reference,
        refused_to_sign=refused_to_sign,
        note=note,
        by=by,
    )
    served = record.served_on
    decision.served_on = served
    decision.status = Decision.Status.SERVED
    decision.reconsideration_until = dd.reconsideration_until(served)
    decision.litigation_until = dd.litigation_until(served)
    if dd.has_money(decision.penalty_types, decision.fine, decision.confiscated_gains):
        decision.payment_due_on = dd.payment_due(served)  # R-40 (15 CD, R-50)
    decision.save(
        update_fields=[
            "served_on",
            "status",
            "reconsideration_until",
            "litigation_until",
            "payment_due_on",
        ]
    )
    late = served_late(decision)
    audit.record(
        "penalties.decision.served",
        decision,
        by=by,
        data={
            "served_on": served,
            "method": method,
            "late": late,  # served after the 7 WD
            "service_due_on": decision.service_due_on,
            "payment_due_on": decision.payment_due_on,
        },
    )
    if case.state == State.DECIDED:
        transition(case, State.SERVED, by=by, data={"decision": decision.pk, "late": late})
    publicity.on_served(decision, by=by)  # publication only after service
    return decision


# --- Revocation and change (R-39 withdrawal) ----------------------------------------------


def change_verdict(decision: Decision, user: Any) -> Verdict:
    case = decision.case
    officer = officer_of(user)
    if (
        officer is None
        or officer.agency_id != case.agency_id
        or not has_role(user, Role.SUPERVISOR, Role.LEGAL_OFFICE)
    ):
        return Verdict.refuse("R-39", _("只有本机关负责人或法制监督人员可以登记决定的撤销或变更"))
    if not decision.in_force:
        return Verdict.refuse("R-39", _("该决定已被撤销或变更"))
    return Verdict()


@transaction.atomic
def revoke_or_change(decision: Decision, *, by: Any, status: str, reasons: str) -> Decision:
    """Record that the decision was revoked or changed (by reconsideration, litigation or
    the agency itself); a published decision must then be withdrawn within 3 WD (R-39)."""
    case = lock(Decision.objects.values_list("case_id", flat=True).get(pk=decision.pk))
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    decision.case = case
    if status not in (Decision.Status.REVOKED, Decision.Status.CHANGED):
        raise DomainError(_("请选择撤销或变更"))
    change_verdict(decision, by).raise_if_refused()
    reasons = clean_text(reasons, required=True, label=_("撤销或变更理由"))
    before = audit.snapshot(decision, ["status"])
    decision.status = status
    decision.status_changed_on = clock.today()
    decision.status_reasons = reasons
    decision.save(update_fields=["status", "status_changed_on", "status_reasons"])
    audit.record(
        f"penalties.decision.{status}",
        decision,
        by=by,
        before=before,
        after={"status": status},
        data={"reasons": reasons},
    )
    publicity.require_withdrawal(decision, by=by, reasons=reasons)
    return decision


ACTION_LABELS = {
    "penalties.decision.issued": gettext_lazy("作出处罚决定"),
    "penalties.decision.served": gettext_lazy("送达处罚决定书"),
    "penalties.decision.revoked": gettext_lazy("处罚决定被撤销"),
    "penalties.decision.changed": gettext_lazy("处罚决定被变更"),
}
