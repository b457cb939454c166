"""Reconsideration (行政复议) and litigation (行政诉讼) against a decision, and the
wrongful-case hook (R-62).

While one is pending the surcharge is not counted (R-43, Art 73 ¶3; the days come from
these rows, see `execution.pauses_for`); the decision is still executed (Art 73 ¶1).
Its outcome is recorded by the head or the legal office: upheld (execution goes on),
changed (collected at the changed amount, never more than the original: 行政复议法
Art 63, 行政诉讼法 Art 77) or revoked (nothing more to collect). A revoked or changed
decision goes through DECISION's `revoke_or_change`, which withdraws its publication
(R-39). A revoked one also opens a fault review (R-62): the legal office then confirms a
wrongful case — a fault of kind 错案 for each officer who handled the case, which
suspends them (officers.services.record_fault) — or dismisses it with reasons.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import services as audit
from cases import guards
from cases.models import Case, CaseOfficer, officer_of
from cases.services.common import clean_text
from core import clock
from core.errors import DomainError, RuleViolation, Verdict
from core.roles import Role, has_role
from officers.models import Fault, Officer
from officers.services import record_fault
from penalties.models import Decision, FaultReview, RemedyProceeding
from penalties.services.decisions import revoke_or_change
from penalties.services.execution import (
    amounts,
    check_date,
    execution_decision,
    money,
    refresh_account,
)

ACTION_LABELS = {
    "penalties.remedy.filed": gettext_lazy("登记行政复议或行政诉讼"),
    "penalties.remedy.decided": gettext_lazy("登记行政复议或行政诉讼结果"),
    "penalties.fault_review.opened": gettext_lazy("启动错案审查"),
    "penalties.fault_review.confirmed": gettext_lazy("认定错案"),
    "penalties.fault_review.dismissed": gettext_lazy("不认定错案"),
}
OUTCOMES = (
    RemedyProceeding.Outcome.UPHELD,
    RemedyProceeding.Outcome.REVOKED,
    RemedyProceeding.Outcome.CHANGED,
)


def _same_agency(case: Case, user: Any) -> bool:
    officer = officer_of(user)
    return officer is not None and officer.agency_id == case.agency_id


def _legal_office(case: Case, user: Any) -> bool:
    return _same_agency(case, user) and has_role(user, Role.LEGAL_OFFICE)


def pending_remedy(decision: Decision | None) -> RemedyProceeding | None:
    if decision is None:
        return None
    return decision.remedies.filter(outcome=RemedyProceeding.Outcome.PENDING).first()


# --- Filing ---------------------------------------------------------------------------------
def remedy_verdict(case: Case, user: Any, decision: Decision | None = None) -> Verdict:
    """Who may record that the party applied or sued: the case's officers, the head or
    the legal office (which answers for the agency); against a served decision in force."""
    verdict = guards.not_closed(case)
    if not (guards.can_change(case, user) or _legal_office(case, user)):
        verdict += Verdict.refuse(
            guards.ACCESS, _("只有本案承办人员、本机关负责人或法制机构可以登记复议或诉讼")
        )
    decision = decision if decision is not None else execution_decision(case)
    if decision is None or decision.served_on is None:
        verdict += Verdict.refuse("R-43", _("处罚决定尚未送达，不能登记复议或诉讼"))
    elif not decision.in_force:
        verdict += Verdict.refuse(
            "R-43",
            _("处罚决定已%(s)s，不能再登记复议或诉讼") % {"s": decision.get_status_display()},
        )
    else:
        pending = pending_remedy(decision)
        if pending is not None:
            verdict += Verdict.refuse(
                "R-43",
                _("%(k)s（%(d)s 起）尚在审理中，结果登记前不能再登记")
                % {"k": pending.get_kind_display(), "d": pending.filed_on.isoformat()},
            )
    return verdict


@transaction.atomic
def record_remedy(
    case: Case, *, by: Any, kind: str, filed_on: date, body: str, reference: str = ""
) -> RemedyProceeding:
    """The party applied for reconsideration or sued: from `filed_on` the surcharge stops
    counting until the outcome (R-43)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    decision = execution_decision(case)
    if decision is not None:
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
    remedy_verdict(case, by, decision).raise_if_refused()
    if kind not in RemedyProceeding.Kind.values:
        raise DomainError(_("请选择行政复议或行政诉讼"))
    body = clean_text(body, required=True, label=_("复议机关或人民法院"))
    reference = clean_text(reference, label=_("案号"))
    filed_on = check_date(filed_on, _("申请或起诉日期"), not_before=decision.served_on)
    if kind == RemedyProceeding.Kind.LITIGATION and decision.kind == Decision.Kind.SUMMARY:
        decided = decision.remedies.filter(
            kind=RemedyProceeding.Kind.RECONSIDERATION, decided_on__isnull=False
        ).exists()
        if not decided:
            # R-20 / 行政复议法 Art 23: an on-the-spot decision goes to reconsideration first.
            raise RuleViolation(
                "R-20", _("对当场作出的行政处罚决定不服的，应当先申请行政复议，再提起行政诉讼")
            )
    remedy = RemedyProceeding.objects.create(
        case=case,
        decision=decision,
        kind=kind,
        filed_on=filed_on,
        body=body,
        reference=reference,
        recorded_by=by,
        recorded_at=clock.now(),
    )
    audit.record(
        "penalties.remedy.filed",
        remedy,
        by=by,
        data={
            "decision": decision.number,
            "kind": kind,
            "filed_on": filed_on,
            "body": body,
            "reference": reference,
            "rule": "R-43",
        },
    )
    refresh_account(decision)
    return remedy


# --- Outcome --------------------------------------------------------------------------------
def outcome_verdict(remedy: RemedyProceeding | None, case: Case, user: Any) -> Verdict:
    """The outcome is recorded by the head or the legal office of the agency."""
    verdict = guards.not_closed(case)
    if not (_same_agency(case, user) and has_role(user, Role.SUPERVISOR, Role.LEGAL_OFFICE)):
        verdict += Verdict.refuse(guards.ACCESS, _("复议或诉讼结果须由本机关负责人或法制机构登记"))
    if remedy is None or not remedy.pending:
        verdict += Verdict.refuse("R-43", _("没有审理中的行政复议或行政诉讼"))
    return verdict


@transaction.atomic
def record_remedy_outcome(
    remedy: RemedyProceeding,
    *,
    by: Any,
    outcome: str,
    decided_on: date,
    note: str = "",
    changed_fine: Any = None,
) -> RemedyProceeding:
    """Upheld, changed or revoked, on `decided_on`: the pause of the surcharge ends that
    day. A revoked decision opens a fault review (R-62); revoked and changed decisions
    are withdrawn from publication (R-39, through DECISION's service)."""
    remedy = RemedyProceeding.objects.select_for_update().select_related("case").get(pk=remedy.pk)
    case = remedy.case
    outcome_verdict(remedy, case, by).raise_if_refused()
    decision = (
        Decision.objects.select_for_update().select_related("document").get(pk=remedy.decision_id)
    )
    if outcome not in OUTCOMES:
        raise DomainError(_("请选择维持、变更或撤销"))
    note = clean_text(note, label=_("结果说明"))
    decided_on = check_date(decided_on, _("决定或裁判日期"), not_before=remedy.filed_on)
    fine, _gains = amounts(decision)
    new_fine: Decimal | None = None
    if outcome != RemedyProceeding.Outcome.UPHELD and not note:
        raise DomainError(_("撤销或变更的，须写明复议决定或裁判的主要内容"))
    if outcome == RemedyProceeding.Outcome.CHANGED:
        try:
            new_fine = Decimal(str(changed_fine)) if changed_fine not in (None, "") else None
        except ArithmeticError:
            new_fine = None
        if new_fine is None or not new_fine.is_finite() or new_fine < 0:
            raise DomainError(_("请填写变更后的罚款金额（不再罚款的填 0）"))
        if new_fine > fine:
            raise DomainError(
                _("变更后的罚款 %(n)s 元不得高于原罚款 %(f)s 元（不得加重当事人的义务）")
                % {"n": money(new_fine), "f": money(fine)}
            )
    remedy.outcome = outcome
    remedy.decided_on = decided_on
    remedy.outcome_note = note
    remedy.changed_fine = new_fine
    remedy.outcome_recorded_by = by
    remedy.save(
        update_fields=[
            "outcome",
            "decided_on",
            "outcome_note",
            "changed_fine",
            "outcome_recorded_by",
        ]
    )
    audit.record(
        "penalties.remedy.decided",
        remedy,
        by=by,
        before={"outcome": RemedyProceeding.Outcome.PENDING},
        after={"outcome": outcome, "decided_on": decided_on, "changed_fine": new_fine},
        data={"note": note, "decision": decision.number},
    )
    if outcome in (RemedyProceeding.Outcome.REVOKED, RemedyProceeding.Outcome.CHANGED):
        reasons = _("%(k)s%(o)s：%(n)s") % {
            "k": remedy.get_kind_display(),
            "o": remedy.get_outcome_display(),
            "n": note,
        }
        # DECISION's service: status, audit, and R-39 withdrawal of the publication.
        decision = revoke_or_change(
            decision,
            by=by,
            status=Decision.Status.REVOKED
            if outcome == RemedyProceeding.Outcome.REVOKED
            else Decision.Status.CHANGED,
            reasons=reasons,
        )
    if outcome == RemedyProceeding.Outcome.REVOKED:
        open_fault_review(case, by=by, decision=decision, remedy=remedy)
    refresh_account(decision)
    return remedy


# --- Fault review (R-62) --------------------------------------------------------------------
@transaction.atomic
def open_fault_review(
    case: Case,
    *,
    by: Any,
    decision: Decision | None = None,
    remedy: RemedyProceeding | None = None,
) -> FaultReview:
    """R-62: a pending review of whether the case was wrongful (错案). Idempotent: the
    review already pending for the case is returned. Nothing happens to the officers
    until the legal office confirms it."""
    existing = (
        FaultReview.objects.select_for_update()
        .filter(case_id=case.pk, status=FaultReview.Status.PENDING)
        .first()
    )
    if existing is not None:
        return existing
    review = FaultReview.objects.create(
        case_id=case.pk,
        decision=decision,
        remedy=remedy,
        opened_on=clock.today(),
        opened_by=by,
    )
    audit.record(
        "penalties.fault_review.opened",
        review,
        by=by,
        data={
            "decision": decision.number if decision else "",
            "remedy": remedy.get_kind_display() if remedy else "",
            "rule": "R-62",
        },
    )
    return review


def pending_fault_review(case: Case) -> FaultReview | None:
    return FaultReview.objects.filter(case_id=case.pk, status=FaultReview.Status.PENDING).first()


def investigators(case: Case, decision: Decision | None) -> list[Officer]:
    """The officers who handled the case when it was decided (assigned on or before the
    decision date and not reassigned before it)."""
    rows = CaseOfficer.objects.filter(case_id=case.pk).select_related("officer")
    on = decision.decided_on if decision else None
    seen: dict[int, Officer] = {}
    for row in rows.order_by("-is_lead", "pk"):
        if on is not None and (
            row.assigned_on > on or (row.ended_on is not None and row.ended_on < on)
        ):
            continue
        seen.setdefault(row.officer_id, row.officer)
    return list(seen.values())


def fault_review_verdict(review: FaultReview | None, case: Case, user: Any) -> Verdict:
    verdict = Verdict()
    if not _legal_office(case, user):
        verdict += Verdict.refuse("R-62", _("错案认定须由本机关法制机构办理"))
    if review is None or review.status != FaultReview.Status.PENDING:
        verdict += Verdict.refuse("R-62", _("没有待认定的错案审查"))
    return verdict


@transaction.atomic
def confirm_fault_review(review: FaultReview, *, by: Any, finding: str) -> FaultReview:
    """R-62: the legal office confirms a wrongful case: a 错案 fault for each officer who
    handled the case (which suspends their enforcement at once, officers' service)."""
    review = (
        FaultReview.objects.select_for_update(of=("self",))
        .select_related("case", "decision")
        .get(pk=review.pk)
    )
    case = review.case
    fault_review_verdict(review, case, by).raise_if_refused()
    finding = clean_text(finding, required=True, label=_("认定意见"))
    occurred_on = review.decision.decided_on if review.decision else review.opened_on
    faults = [
        record_fault(
            officer,
            by=by,
            kind=Fault.Kind.WRONGFUL_CASE,
            occurred_on=occurred_on,
            finding=finding,
            case_reference=case.number,
        )
        for officer in investigators(case, review.decision)
    ]
    review.status = FaultReview.Status.CONFIRMED
    review.decided_by = by
    review.decided_on = clock.today()
    review.finding = finding
    review.save(update_fields=["status", "decided_by", "decided_on", "finding"])
    review.faults.set(faults)
    audit.record(
        "penalties.fault_review.confirmed",
        review,
        by=by,
        data={
            "finding": finding,
            "officers": [f.officer.name for f in faults],
            "faults": [f.pk for f in faults],
            "rule": "R-62",
        },
    )
    return review


@transaction.atomic
def dismiss_fault_review(review: FaultReview, *, by: Any, finding: str) -> FaultReview:
    """R-62: not a wrongful case (e.g. revoked for a reason no officer caused), with reasons."""
    review = FaultReview.objects.select_for_update().select_related("case").get(pk=review.pk)
    fault_review_verdict(review, review.case, by).raise_if_refused()
    finding = clean_text(finding, required=True, label=_("不认定为错案的理由"))
    review.status = FaultReview.Status.DISMISSED
    review.decided_by = by
    review.decided_on = clock.today()
    review.finding = finding
    review.save(update_fields=["status", "decided_by", "decided_on", "finding"])
    audit.record(
        "penalties.fault_review.dismissed", review, by=by, data={"finding": finding, "rule": "R-62"}
    )
    return review


__all__ = [
    "ACTION_LABELS",
    "confirm_fault_review",
    "dismiss_fault_review",
    "fault_review_verdict",
    "investigators",
    "open_fault_review",
    "outcome_verdict",
    "pending_fault_review",
    "pending_remedy",
    "record_remedy",
    "record_remedy_outcome",
    "remedy_verdict",
]
