"""The writes: propose (the single gate for every path), decide_departure (R-17),
withdraw_proposal, propose_batch (bulk path), and the audit labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import record
from cases.models import Case
from cases.workflow import transition
from core import clock
from core.errors import DomainError, RuleViolation, Verdict
from penalties import discretion as d
from penalties.models import Proposal
from penalties.services.proposals.gates import (
    P,
    S,
    clean_text,
    departure_guard,
    departure_refusal,
    propose_guard,
    same_act_fine,
    withdraw_guard,
)
from penalties.services.proposals.inputs import (
    CaseInputs,
    Evaluation,
    FactsInput,
    _str,
    check_json,
    evaluate,
    facts_json,
    outcome_of,
)

ACTION_LABELS = {
    "penalties.proposal.created": gettext_lazy("提出拟处罚意见"),
    "penalties.proposal.superseded": gettext_lazy("拟处罚意见被新版本取代"),
    "penalties.proposal.departure_approved": gettext_lazy("批准偏离裁量基准"),
    "penalties.proposal.departure_refused": gettext_lazy("不批准偏离裁量基准"),
    "penalties.proposal.withdrawn": gettext_lazy("撤回拟处罚意见"),
}


# --- writes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    """What the page shows before submit: recommendation, check and R-11 findings."""

    evaluation: Evaluation
    check: d.ProposalCheck | None
    same_act: Verdict

    @property
    def outcome(self) -> str | None:
        if self.check is None:
            return None
        return "refused" if not self.same_act.ok else outcome_of(self.check)


def preview(
    case: Case,
    facts: FactsInput | Mapping[str, Any] | None,
    penalty: d.Proposal | None,
    *,
    user: Any,
    on: date | None = None,
    inputs: CaseInputs | None = None,
) -> Preview:
    ev = evaluate(case, facts, on=on, inputs=inputs)
    check = None
    same = Verdict()
    if penalty is not None and not penalty.is_none:
        check = d.check_proposal(ev.recommendation, penalty)
        if d.PenaltyType.FINE in penalty.types:
            same = same_act_fine(case, user)
    return Preview(ev, check, same)


@transaction.atomic
def propose(
    case: Case,
    *,
    facts: FactsInput | Mapping[str, Any] | None,
    penalty: d.Proposal,
    by: Any,
    departure_reasons: str = "",
    on: date | None = None,
) -> Proposal:
    """Propose `penalty` for `case` (the one gate for every path: form, API, bulk).

    Refused: outside the case's state or by someone not assigned; a second fine for the
    same act (R-11); anything no approval can make lawful (R-19 maximum, no legal basis,
    a binding "no penalty"); a departure without written reasons (R-17; R-13 for a fine
    for a first minor offence). Otherwise stored with the snapshot of the recommendation,
    `accepted` or `departure_pending`; the previous proposal is superseded; the case moves
    to PROPOSED.
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    propose_guard(locked, by).raise_if_refused()
    if penalty.is_none:
        raise RuleViolation(
            "R-17", _("拟处罚须至少选择一种处罚种类；依法不予处罚的，应当作出不予行政处罚决定")
        )
    reasons = clean_text(departure_reasons, label=_("偏离理由"))
    ev = evaluate(locked, facts, on=on)
    rec = ev.recommendation
    check = d.check_proposal(rec, penalty)
    verdict = Verdict()
    if d.PenaltyType.FINE in penalty.types:
        verdict += same_act_fine(locked, by)  # one act, one fine, across agencies
    # R-19 (maximum, legal basis) and R-12/R-14/R-15/R-18 (binding no penalty): refused
    # outright, whatever reasons or approvals are offered.
    verdict += Verdict.of(h.as_violation() for h in check.refusals)
    verdict.raise_if_refused()
    if check.departure and not reasons:
        raise departure_refusal(check)  # written reasons first
    status = P.DEPARTURE_PENDING if check.departure else P.ACCEPTED

    previous = list(Proposal.objects.live().select_for_update().filter(case=locked))
    now = clock.now()
    for old in previous:
        was = old.status
        old.status, old.ended_at = P.SUPERSEDED, now
        old.save(update_fields=["status", "ended_at"])
        record(
            "penalties.proposal.superseded",
            old,
            by=by,
            before={"status": was},
            after={"status": P.SUPERSEDED},
            data={"version": old.version},
        )
    version = (Proposal.objects.filter(case=locked).aggregate(m=Max("version"))["m"] or 0) + 1
    types = sorted((t.value for t in penalty.types), key=lambda c: (d.PenaltyType(c).rank, c))
    proposal = Proposal.objects.create(
        case=locked,
        version=version,
        status=status,
        violation_code=locked.violation_code,
        party=ev.inputs.party,
        act_date=locked.act_date,
        place=locked.place,
        penalty_types=types,
        fine=penalty.fine if d.PenaltyType.FINE in penalty.types else None,
        confiscated_gains=penalty.confiscated_gains
        if d.PenaltyType.CONFISCATE_GAINS in penalty.types
        else None,
        confiscated_property_value=penalty.confiscated_property
        if d.PenaltyType.CONFISCATE_PROPERTY in penalty.types
        else None,
        tier=rec.tier.value,
        facts=facts_json(ev),
        recommendation=d.snapshot(rec),
        check_result=check_json(check),
        departure_reasons=reasons if check.departure else "",
        proposed_by=by,
        proposed_at=now,
    )
    record(
        "penalties.proposal.created",
        proposal,
        by=by,
        after={
            "version": version,
            "status": status,
            "penalty_types": types,
            "fine": _str(proposal.fine),
            "tier": rec.tier.value,
        },
        data={
            "recommendation": rec.outcome.value,
            "departures": [h.rule for h in check.departures],
            "first_minor_offence": rec.first_minor_offence,
            "superseded": [p.version for p in previous],
        },
    )
    if locked.state == S.INVESTIGATION_CLOSED:
        transition(
            case,
            S.PROPOSED,
            by=by,
            data={"proposal": proposal.pk, "version": version, "status": status},
        )
    return proposal


@transaction.atomic
def decide_departure(
    proposal: Proposal,
    *,
    approve: bool,
    via: str,
    reasons: str,
    by: Any,
    attendees: Iterable[str] | None = None,
    conclusion: str = "",
    discussion: Any = None,
) -> Proposal:
    """R-17: the head's decision on a departure, or the outcome of a collective discussion
    (who attended and the conclusion, or the DECISION stage's CollectiveDiscussion record).

    Approved → `departure_approved` (the case may move on); refused → `departure_refused`
    (the officer proposes again)."""
    p = Proposal.objects.select_for_update().select_related("case").get(pk=proposal.pk)
    departure_guard(p, by).raise_if_refused()
    if via not in Proposal.DepartureVia.values:
        raise DomainError(_("请选择审批方式：负责人审批或者集体讨论"))
    reasons = clean_text(reasons, label=_("审批意见"))
    conclusion = clean_text(conclusion, label=_("集体讨论结论"))
    names = [clean_text(a, label=_("参加人员")) for a in (attendees or [])]
    names = [n for n in names if n]
    discussion_id = None
    if via == Proposal.DepartureVia.COLLECTIVE:
        if discussion is not None:
            if getattr(discussion, "case_id", None) != p.case_id:
                raise DomainError(_("集体讨论记录不属于本案"))
            if getattr(discussion, "status", "") != "held":
                raise RuleViolation("R-17", _("集体讨论尚未举行，不能据此审批偏离"))
            discussion_id = discussion.pk
            names = names or [
                str(a.get("name", "")) if isinstance(a, dict) else str(a)
                for a in (discussion.attendees or [])
            ]
            conclusion = conclusion or discussion.conclusion_text
        if len(names) < 2:
            raise RuleViolation("R-17", _("集体讨论须记录参加人员（至少两人）"))
        if not conclusion:
            raise RuleViolation("R-17", _("集体讨论须记录讨论结论"))
        reasons = reasons or conclusion
    if not reasons:
        raise RuleViolation("R-17", _("须填写审批意见"))
    before = {"status": p.status}
    p.status = P.DEPARTURE_APPROVED if approve else P.DEPARTURE_REFUSED
    p.departure_via = via
    p.departure_decided_by = by
    p.departure_decided_at = clock.now()
    p.departure_decision_reasons = reasons
    p.departure_attendees = names if via == Proposal.DepartureVia.COLLECTIVE else []
    p.departure_conclusion = conclusion if via == Proposal.DepartureVia.COLLECTIVE else ""
    p.discussion_id = discussion_id
    p.save(
        update_fields=[
            "status",
            "departure_via",
            "departure_decided_by",
            "departure_decided_at",
            "departure_decision_reasons",
            "departure_attendees",
            "departure_conclusion",
            "discussion_id",
        ]
    )
    record(
        "penalties.proposal.departure_approved"
        if approve
        else "penalties.proposal.departure_refused",
        p,
        by=by,
        before=before,
        after={"status": p.status, "via": via},
        data={
            "version": p.version,
            "reasons": reasons,
            "attendees": p.departure_attendees,
            "conclusion": p.departure_conclusion,
            "discussion": discussion_id,
        },
    )
    return p


@transaction.atomic
def withdraw_proposal(case: Case, *, by: Any, reasons: str) -> Proposal:
    """Withdraw the live proposal before notice: the case returns to investigation_closed."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    withdraw_guard(locked, by).raise_if_refused()
    reasons = clean_text(reasons, label=_("撤回理由"))
    if not reasons:
        raise DomainError(_("须填写撤回理由"))
    p = Proposal.objects.live().select_for_update().filter(case=locked).first()
    if p is None:
        raise DomainError(_("案件没有可撤回的拟处罚意见"))
    before = {"status": p.status}
    p.status, p.ended_at = P.WITHDRAWN, clock.now()
    p.save(update_fields=["status", "ended_at"])
    record(
        "penalties.proposal.withdrawn",
        p,
        by=by,
        before=before,
        after={"status": p.status},
        data={"version": p.version, "reasons": reasons},
    )
    transition(case, S.INVESTIGATION_CLOSED, by=by, data={"proposal": p.pk, "reasons": reasons})
    return p


@dataclass(frozen=True)
class BatchResult:
    case_id: int
    proposal: Proposal | None
    error: str = ""


def propose_batch(entries: Iterable[Mapping[str, Any]], *, by: Any) -> list[BatchResult]:
    """Bulk path (imports, scripts, the demo loader): every entry goes through `propose`
    in its own savepoint, so a refused entry (R-13, R-11, R-19, …) changes nothing and the
    others still go in. Entries: {"case", "facts", "penalty", "departure_reasons"}."""
    out: list[BatchResult] = []
    for entry in entries:
        case = entry["case"]
        try:
            with transaction.atomic():
                p = propose(
                    case,
                    facts=entry.get("facts"),
                    penalty=entry["penalty"],
                    by=by,
                    departure_reasons=entry.get("departure_reasons", ""),
                )
        except DomainError as exc:
            out.append(BatchResult(case.pk, None, str(exc)))
        else:
            out.append(BatchResult(case.pk, p))
    return out


def register_audit_labels() -> None:
    from audit import actions

    for code, label in ACTION_LABELS.items():
        actions.register(code, label)


__all__ = [
    "ACTION_LABELS",
    "BatchResult",
    "Preview",
    "decide_departure",
    "preview",
    "propose",
    "propose_batch",
    "register_audit_labels",
    "withdraw_proposal",
]
