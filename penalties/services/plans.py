"""Deferral and instalments (暂缓或分期缴纳罚款, R-42, Art 66 ¶2).

The party, in real economic difficulty, applies before the due date; the head (负责人)
approves or refuses. An approved plan replaces the due date (`execution.schedule_for`),
so no surcharge runs before its instalments fall due (R-43), and the court application
period counts from its end (Art 72 ¶2, R-44).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from cases import guards
from cases.models import Case
from cases.services.common import clean_text
from core import clock
from core.errors import DomainError, RuleViolation, Verdict
from penalties import surcharge as sc
from penalties.models import (
    Decision,
    DeferralOrInstalment,
    PlanInstalment,
)
from penalties.services.execution import (
    account_statement,
    check_date,
    ensure_executing,
    execution_decision,
    execution_verdict,
    locked_decision,
    money,
    parse_amount,
    refresh_account,
)


# --- Deferral and instalments (R-42) -------------------------------------------------------
@dataclass(frozen=True)
class PlannedInstalment:
    due_on: date
    amount: Decimal


def plan_verdict(case: Case, user: Any, decision: Decision | None = None) -> Verdict:
    verdict = execution_verdict(case, user, decision)
    decision = decision if decision is not None else execution_decision(case)
    if decision is not None and verdict.ok:
        if decision.payment_plans.filter(status=DeferralOrInstalment.Status.PENDING).exists():
            verdict += Verdict.refuse("R-42", _("已有待负责人审批的延期或分期缴纳申请"))
        st = account_statement(decision)
        if st.outstanding_principal <= 0:
            verdict += Verdict.refuse("R-42", _("罚没款已缴清，无需延期或分期缴纳"))
    return verdict


@transaction.atomic
def apply_for_plan(
    case: Case,
    *,
    by: Any,
    kind: str,
    applied_on: date,
    reasons: str,
    instalments: list[PlannedInstalment],
) -> DeferralOrInstalment:
    """R-42 (Art 66 ¶2): the party, in real economic difficulty, applies to pay later
    (one new due date) or in instalments; the head decides. Until then nothing moves."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    decision = locked_decision(case)
    plan_verdict(case, by, decision).raise_if_refused()
    if kind not in DeferralOrInstalment.Kind.values:
        raise DomainError(_("请选择暂缓缴纳或分期缴纳"))
    reasons = clean_text(reasons, label=_("申请理由"))
    applied_on = check_date(applied_on, _("申请日期"), not_before=decision.decided_on)
    problems: list[RuleViolation] = []
    if not reasons:
        problems.append(RuleViolation("R-42", _("须写明当事人确有经济困难的情况")))
    at_application = account_statement(decision, on=applied_on)
    current_due = at_application.next_due_on
    if current_due is not None and applied_on > current_due:
        problems.append(  # applied for before the due date passed
            RuleViolation(
                "R-42",
                _("延期或分期缴纳须在缴款期限（%(d)s）届满前申请") % {"d": current_due.isoformat()},
            )
        )
    rows = sorted(instalments, key=lambda i: i.due_on)
    if kind == DeferralOrInstalment.Kind.DEFERRAL and len(rows) != 1:
        problems.append(RuleViolation("R-42", _("暂缓缴纳须填写一个新的缴款期限")))
    if kind == DeferralOrInstalment.Kind.INSTALMENT and len(rows) < 2:
        problems.append(RuleViolation("R-42", _("分期缴纳须至少分为两期")))
    if len({r.due_on for r in rows}) != len(rows):
        problems.append(RuleViolation("R-42", _("各期缴款期限不得相同")))
    if rows and current_due is not None and rows[-1].due_on <= current_due:
        problems.append(
            RuleViolation(
                "R-42",
                _("新的缴款期限须晚于原缴款期限 %(d)s") % {"d": current_due.isoformat()},
            )
        )
    if rows and rows[0].due_on <= applied_on:
        problems.append(RuleViolation("R-42", _("缴款期限须晚于申请日期")))
    try:
        amounts_ = [parse_amount(r.amount) for r in rows]
    except DomainError:
        problems.append(RuleViolation("R-42", _("各期金额须为大于零的数额，最多两位小数")))
        amounts_ = []
    unpaid = at_application.outstanding_principal
    if amounts_ and sum(amounts_, sc.ZERO) != unpaid:
        problems.append(
            RuleViolation(
                "R-42",
                _("各期金额合计 %(s)s 元须等于尚未缴纳的罚没款 %(o)s 元")
                % {"s": money(sum(amounts_, sc.ZERO)), "o": money(unpaid)},
            )
        )
    Verdict.of(problems).raise_if_refused()
    plan = DeferralOrInstalment.objects.create(
        case=case,
        decision=decision,
        kind=kind,
        applied_on=applied_on,
        reasons=reasons,
        paid_before=at_application.paid_principal,
        requested_by=by,
        requested_at=clock.now(),
    )
    PlanInstalment.objects.bulk_create(
        [
            PlanInstalment(plan=plan, n=n, due_on=r.due_on, amount=a)
            for n, (r, a) in enumerate(zip(rows, amounts_, strict=True), start=1)
        ]
    )
    audit.record(
        "penalties.plan.applied",
        plan,
        by=by,
        data={
            "kind": kind,
            "applied_on": applied_on,
            "reasons": reasons,
            "instalments": [
                {"due_on": r.due_on, "amount": a} for r, a in zip(rows, amounts_, strict=True)
            ],
            "original_due_on": current_due,
        },
    )
    ensure_executing(case, by=by, data={"plan": plan.pk})
    return plan


def pending_plan(case: Case) -> DeferralOrInstalment | None:
    return (
        DeferralOrInstalment.objects.filter(
            case_id=case.pk, status=DeferralOrInstalment.Status.PENDING
        )
        .prefetch_related("instalments")
        .first()
    )


def decide_plan_verdict(plan: DeferralOrInstalment | None, case: Case, user: Any) -> Verdict:
    verdict = guards.not_closed(case) + guards.supervisor(case, user, "R-42", _("延期或分期缴纳"))
    if plan is None or plan.status != DeferralOrInstalment.Status.PENDING:
        verdict += Verdict.refuse("R-42", _("没有待审批的延期或分期缴纳申请"))
    return verdict


@transaction.atomic
def decide_plan(
    plan: DeferralOrInstalment, *, by: Any, approve: bool, note: str = ""
) -> DeferralOrInstalment:
    """R-42: the head (负责人) approves — the instalments become the due dates — or
    refuses with reasons (the original due date and the surcharge stand)."""
    plan = DeferralOrInstalment.objects.select_for_update().select_related("case").get(pk=plan.pk)
    decide_plan_verdict(plan, plan.case, by).raise_if_refused()
    note = clean_text(note, label=_("审批意见"))
    if not approve and not note:
        raise RuleViolation("R-42", _("不予批准的，须写明理由"))
    plan.status = (
        DeferralOrInstalment.Status.APPROVED if approve else DeferralOrInstalment.Status.REFUSED
    )
    plan.decided_by = by
    plan.decided_on = clock.today()
    plan.decision_note = note
    plan.save(update_fields=["status", "decided_by", "decided_on", "decision_note"])
    audit.record(
        "penalties.plan.approved" if approve else "penalties.plan.refused",
        plan,
        by=by,
        before={"status": DeferralOrInstalment.Status.PENDING},
        after={"status": plan.status},
        data={
            "note": note,
            "instalments": [
                {"due_on": i.due_on, "amount": i.amount} for i in plan.instalments.all()
            ],
        },
    )
    refresh_account(Decision.objects.get(pk=plan.decision_id))
    return plan


__all__ = [
    "PlannedInstalment",
    "apply_for_plan",
    "decide_plan",
    "decide_plan_verdict",
    "pending_plan",
    "plan_verdict",
]
