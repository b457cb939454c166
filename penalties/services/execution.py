"""Execution reads shared by the payment, plan, remedy and enforcement services: which
decision is executed, what is due on a day (R-40–R-43), the guards every act of
execution needs, the stored account with its daily recalculation, and the R-48 check
that DECISION's complete-file check calls (`execution_complete`).

The figures are never stored as truth: `account_statement(decision)` recomputes them from
the rows (payments, the approved plan, pending remedies) with `penalties.surcharge`, so
a late payment, a backdated reconsideration or an approved deferral changes every figure
at once. `ExecutionAccount` keeps the last computation for lists; the daily task
refreshes it and records in the audit trail when a figure changed (the services record
the act that changed it instead).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import services as audit
from cases import guards
from cases.models import Case
from cases.states import State
from cases.workflow import transition
from core import clock
from core.errors import DomainError, RuleViolation, Verdict
from penalties import surcharge as sc
from penalties.models import (
    CourtApplication,
    Decision,
    DeferralOrInstalment,
    ExecutionAccount,
    OnSpotCollection,
    Payment,
    PenaltyType,
    RemedyProceeding,
)

TASK_ACTOR = "task:penalties.daily_surcharge_update"
# A decision is executed from these case states (R-40: after service; R-20 on the spot).
EXECUTION_STATES = frozenset({State.SERVED, State.SUMMARY_DECIDED, State.EXECUTING})
# `start_execution` leaves these for EXECUTING at the first act of execution.
START_STATES = frozenset({State.SERVED, State.SUMMARY_DECIDED})
LIVE_DECISIONS = (Decision.Status.ISSUED, Decision.Status.SERVED, Decision.Status.CHANGED)

ACTION_LABELS = {
    "penalties.payment.recorded": gettext_lazy("登记罚没款缴纳"),
    "penalties.on_spot.collected": gettext_lazy("当场收缴罚款"),
    "penalties.on_spot.handed_in": gettext_lazy("当场收缴罚款上交"),
    "penalties.on_spot.hand_in_overdue": gettext_lazy("当场收缴罚款逾期未上交"),
    "penalties.plan.applied": gettext_lazy("申请延期或分期缴纳罚款"),
    "penalties.plan.approved": gettext_lazy("批准延期或分期缴纳罚款"),
    "penalties.plan.refused": gettext_lazy("不予批准延期或分期缴纳罚款"),
    "penalties.execution.account_updated": gettext_lazy("更新加处罚款和欠款"),
}


def money(value: Decimal | None) -> str:
    """Amounts in messages: two places (5000.00)."""
    return f"{sc.to_fen(value or sc.ZERO):.2f}"


# --- Reads ---------------------------------------------------------------------------------
def execution_decision(case: Case) -> Decision | None:
    """The decision execution follows: the latest one of the case, whatever its status
    (a revoked one shows that nothing is to be collected; a changed one is collected at
    the changed amount)."""
    return (
        Decision.objects.filter(case_id=case.pk)
        .exclude(kind__in=[Decision.Kind.NO_PENALTY, Decision.Kind.NOT_ESTABLISHED])
        .select_related("document")
        .order_by("-pk")
        .first()
    )


def with_execution_data(qs):
    """Prefetch what a statement reads, so a list of decisions costs a few queries."""
    return qs.prefetch_related(
        Prefetch("payments", queryset=Payment.objects.order_by("paid_on", "pk")),
        Prefetch(
            "payment_plans",
            queryset=DeferralOrInstalment.objects.filter(
                status=DeferralOrInstalment.Status.APPROVED
            )
            .prefetch_related("instalments")
            .order_by("-decided_on", "-pk"),
            to_attr="approved_plans",
        ),
        Prefetch("remedies", queryset=RemedyProceeding.objects.order_by("filed_on", "pk")),
    )


def payments_of(decision: Decision) -> list[Payment]:
    return list(decision.payments.all())


def remedies_of(decision: Decision) -> list[RemedyProceeding]:
    return list(decision.remedies.all())


def approved_plan(decision: Decision) -> DeferralOrInstalment | None:
    """R-42: the latest approved deferral or instalment plan, which sets the due dates."""
    plans = getattr(decision, "approved_plans", None)
    if plans is None:
        plans = list(
            decision.payment_plans.filter(status=DeferralOrInstalment.Status.APPROVED)
            .prefetch_related("instalments")
            .order_by("-decided_on", "-pk")
        )
    return plans[0] if plans else None


def amounts(decision: Decision) -> tuple[Decimal, Decimal]:
    """(fine, confiscated gains) to collect: a revoked decision none; a changed one the
    fine as changed by the reconsideration or the court."""
    if decision.status == Decision.Status.REVOKED:
        return sc.ZERO, sc.ZERO
    types = decision.penalty_types or []
    fine = Decimal(decision.fine or 0) if PenaltyType.FINE in types else sc.ZERO
    gains = (
        Decimal(decision.confiscated_gains or 0)
        if PenaltyType.CONFISCATE_GAINS in types
        else sc.ZERO
    )
    if decision.status == Decision.Status.CHANGED:
        changed = [
            r for r in remedies_of(decision) if r.outcome == RemedyProceeding.Outcome.CHANGED
        ]
        if changed and changed[-1].changed_fine is not None:
            fine = Decimal(changed[-1].changed_fine)
    return fine, gains


def has_money(decision: Decision | None) -> bool:
    if decision is None:
        return False
    fine, gains = amounts(decision)
    return fine + gains > sc.ZERO


def due_on(decision: Decision) -> date | None:
    """R-40: the decision's stored due date (15 CD after service), or computed from the
    service date when the row has none."""
    if decision.payment_due_on:
        return decision.payment_due_on
    if decision.served_on:
        return sc.payment_due_on(decision.served_on)
    return None


def schedule_for(decision: Decision) -> tuple[sc.Instalment, ...]:
    """R-40 one due date, or R-42 the approved plan's instalments."""
    fine, gains = amounts(decision)
    principal = fine + gains
    original = due_on(decision)
    plan = approved_plan(decision)
    if plan is not None and original is not None:
        rows = [sc.Instalment(i.due_on, i.amount) for i in plan.instalments.all()]
        paid_before = min(Decimal(plan.paid_before), principal)
        planned = sum((r.amount for r in rows), sc.ZERO)
        if planned + paid_before == principal:
            return sc.plan_schedule(principal, original, rows, paid_before_plan=paid_before)
    return sc.single_schedule(principal, original)


def pauses_for(decision: Decision) -> list[sc.Pause]:
    """R-43: the days a reconsideration or lawsuit was pending."""
    return [
        sc.Pause(r.filed_on, r.decided_on, str(r.get_kind_display())) for r in remedies_of(decision)
    ]


def account_statement(decision: Decision, *, on: date | None = None) -> sc.Statement:
    """The decision's account on `on` (default today): due, paid, surcharge (R-40–R-43)."""
    fine, gains = amounts(decision)
    return sc.statement(
        fine=fine,
        other=gains,
        schedule=schedule_for(decision),
        on=on or clock.today(),
        payments=[sc.PaymentLine(p.paid_on, p.amount) for p in payments_of(decision)],
        pauses=pauses_for(decision),
    )


# --- Guards --------------------------------------------------------------------------------
def execution_verdict(case: Case, user: Any, decision: Decision | None = None) -> Verdict:
    """What every act of execution needs: the user may act on the case (not closed, R-45;
    assigned or supervisor; R-04), a served decision with money to collect (R-40)."""
    verdict = guards.may_change(case, user)
    verdict += guards.in_states(case, EXECUTION_STATES, "R-40", _("办理罚没款的执行"))
    decision = decision if decision is not None else execution_decision(case)
    if decision is None or decision.status == Decision.Status.ISSUED:
        verdict += Verdict.refuse("R-40", _("处罚决定书尚未送达，缴款期限尚未起算"))
    elif not has_money(decision):
        verdict += Verdict.refuse("R-40", _("本案处罚决定没有需要缴纳的罚没款"))
    return verdict


def check_date(value: Any, label: str, *, not_before: date | None = None) -> date:
    if not isinstance(value, date):
        raise DomainError(_("请填写%(label)s") % {"label": label})
    today = clock.today()
    if value > today:
        raise DomainError(
            _("%(label)s %(d)s 晚于今天（%(t)s）")
            % {"label": label, "d": value.isoformat(), "t": today.isoformat()}
        )
    if not_before and value < not_before:
        raise DomainError(
            _("%(label)s %(d)s 早于处罚决定日期 %(n)s")
            % {"label": label, "d": value.isoformat(), "n": not_before.isoformat()}
        )
    return value


def parse_amount(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise DomainError(_("金额格式不正确")) from None
    if not amount.is_finite() or amount <= 0 or amount != sc.to_fen(amount):
        raise DomainError(_("金额须为大于零的数额，最多两位小数"))
    return amount


def overpayment_verdict(decision: Decision, amount: Decimal, paid_on: date) -> Verdict:
    """R-40: nothing is recorded beyond what is owed (principal and surcharge)."""
    lines = [sc.PaymentLine(p.paid_on, p.amount) for p in payments_of(decision)]
    fine, gains = amounts(decision)
    after = sc.statement(
        fine=fine,
        other=gains,
        schedule=schedule_for(decision),
        on=max(clock.today(), paid_on),
        payments=[*lines, sc.PaymentLine(paid_on, amount)],
        pauses=pauses_for(decision),
    )
    if after.paid > after.total:
        owed = after.total - (after.paid - amount)
        return Verdict.refuse(
            "R-40",
            _("缴款金额 %(a)s 元超过尚欠金额 %(o)s 元") % {"a": money(amount), "o": money(owed)},
        )
    return Verdict()


def ensure_executing(case: Case, *, by: Any, data: dict | None = None) -> None:
    """The first act of execution moves a served (or on-the-spot) case to EXECUTING."""
    if case.state in START_STATES:
        transition(case, State.EXECUTING, by=by, data=data or {})


def locked_decision(case: Case) -> Decision:
    decision = execution_decision(case)
    if decision is None:
        raise RuleViolation("R-40", _("处罚决定书尚未送达，缴款期限尚未起算"))
    return Decision.objects.select_for_update().select_related("document").get(pk=decision.pk)


def result_data(decision: Decision) -> dict:
    st = account_statement(decision)
    return {
        "outstanding": st.outstanding,
        "surcharge": st.surcharge,
        "paid": st.paid,
        "paid_in_full": st.paid_in_full,
    }


def pending_hand_ins(case: Case):
    return OnSpotCollection.objects.filter(
        payment__case_id=case.pk, handed_in_on__isnull=True
    ).select_related("payment")


# --- The stored account and the daily task (R-43) ------------------------------------------
def _account_state(decision: Decision, st: sc.Statement) -> str:
    S = ExecutionAccount.State
    if st.principal <= 0:
        return S.NOTHING
    if st.paid_in_full:
        return S.PAID
    if any(r.pending for r in remedies_of(decision)) and st.is_overdue:
        return S.PAUSED
    if st.is_overdue or st.outstanding_surcharge > 0:
        return S.OVERDUE
    return S.NOT_DUE


FIGURES = (
    "state",
    "principal",
    "paid",
    "surcharge",
    "outstanding",
    "days_counted",
    "days_paused",
    "next_due_on",
)


def refresh_account(
    decision: Decision, *, on: date | None = None, actor_name: str | None = None
) -> tuple[ExecutionAccount, bool]:
    """Store today's figures; (account, changed). The daily task records a change in
    the audit trail (the services record the act that caused it instead)."""
    on = on or clock.today()
    st = account_statement(decision, on=on)
    values = {
        "state": _account_state(decision, st),
        "principal": st.principal,
        "paid": st.paid,
        "surcharge": st.surcharge,
        "outstanding": st.outstanding,
        "days_counted": st.days_counted,
        "days_paused": st.days_paused,
        "next_due_on": st.next_due_on,
    }
    account = ExecutionAccount.objects.filter(decision_id=decision.pk).first()
    if account is None:
        account = ExecutionAccount.objects.create(
            decision_id=decision.pk,
            case_id=decision.case_id,
            as_of=on,
            updated_at=clock.now(),
            **values,
        )
        changed = True
        before: dict = {}
    else:
        before = {k: getattr(account, k) for k in FIGURES}
        changed = any(
            (Decimal(before[k]) != Decimal(v)) if isinstance(v, Decimal) else before[k] != v
            for k, v in values.items()
        )
        if not changed and account.as_of == on:
            return account, False
        for key, value in values.items():
            setattr(account, key, value)
        account.as_of = on
        account.updated_at = clock.now()
        account.save(update_fields=[*FIGURES, "as_of", "updated_at"])
    if changed and actor_name:
        audit.record(
            "penalties.execution.account_updated",
            account,
            by=None,
            actor_name=actor_name,
            before=before,
            after=values,
            data={"as_of": on, "capped": st.surcharge_capped, "rule": "R-43"},
        )
    return account, changed


def decisions_to_execute():
    """Decisions with money whose case is still open (served, on the spot or executing)."""
    return with_execution_data(
        Decision.objects.filter(
            status__in=LIVE_DECISIONS,
            served_on__isnull=False,
            case__state__in=list(EXECUTION_STATES),
        )
        .filter(Q(fine__gt=0) | Q(confiscated_gains__gt=0))
        .select_related("document")
        .order_by("pk")
    )


def daily_surcharge_update(*, on: date | None = None) -> dict[str, int]:
    """R-43 daily: recompute every open decision's surcharge and store it; R-41: flag cash
    not handed in within 2 WD. Idempotent: a second run on the same day changes nothing."""
    on = on or clock.today()
    result = {"checked": 0, "updated": 0, "hand_in_overdue": 0}
    for decision in decisions_to_execute().iterator(chunk_size=200):
        with transaction.atomic():
            _account, changed = refresh_account(decision, on=on, actor_name=TASK_ACTOR)
        result["checked"] += 1
        result["updated"] += int(changed)
    late = OnSpotCollection.objects.filter(
        handed_in_on__isnull=True, hand_in_due_on__lt=on, hand_in_overdue=False
    ).select_related("payment")
    for collection in late:
        with transaction.atomic():
            locked = OnSpotCollection.objects.select_for_update().get(pk=collection.pk)
            if locked.hand_in_overdue or locked.handed_in_on is not None:
                continue
            locked.hand_in_overdue = True  # not handed in within 2 WD
            locked.save(update_fields=["hand_in_overdue"])
            audit.record(
                "penalties.on_spot.hand_in_overdue",
                collection.payment,
                by=None,
                actor_name=TASK_ACTOR,
                data={
                    "receipt_number": collection.payment.receipt_number,
                    "hand_in_due_on": locked.hand_in_due_on,
                    "rule": "R-41",
                },
            )
            result["hand_in_overdue"] += 1
    return result


# --- is execution complete? ----------------------------------------------------------
def execution_complete(case: Case) -> Verdict:
    """For DECISION's complete-file check (R-48): execution is complete when the money was
    paid in full with proof (bank reference, or official receipt and cash handed in), or a
    court enforcement application was filed, or there is nothing to collect."""
    decision = execution_decision(case)
    if decision is None or not has_money(decision):
        return Verdict()
    if (
        CourtApplication.objects.filter(decision__case_id=case.pk)
        .exclude(outcome=CourtApplication.Outcome.WITHDRAWN)
        .exists()
    ):
        return Verdict()
    problems: list[RuleViolation] = []
    st = account_statement(decision)
    if not st.paid_in_full:
        problems.append(
            RuleViolation(
                "R-48",
                _("罚没款缴清的凭证（尚欠 %(o)s 元）或申请人民法院强制执行的材料")
                % {"o": money(st.outstanding)},
            )
        )
    for payment in payments_of(decision):
        if not payment.proof:
            problems.append(
                RuleViolation(
                    "R-48",
                    _("%(d)s 缴款 %(a)s 元的缴款凭证号")
                    % {"d": payment.paid_on.isoformat(), "a": money(payment.amount)},
                )
            )
    for collection in pending_hand_ins(case):
        problems.append(
            RuleViolation(
                "R-48",
                _("当场收缴罚款（票据 %(r)s）上交本机关的记录")
                % {"r": collection.payment.receipt_number},
            )
        )
    return Verdict.of(problems)


__all__ = [
    "ACTION_LABELS",
    "EXECUTION_STATES",
    "LIVE_DECISIONS",
    "START_STATES",
    "TASK_ACTOR",
    "account_statement",
    "amounts",
    "approved_plan",
    "check_date",
    "daily_surcharge_update",
    "decisions_to_execute",
    "due_on",
    "ensure_executing",
    "execution_complete",
    "execution_decision",
    "execution_verdict",
    "has_money",
    "locked_decision",
    "money",
    "overpayment_verdict",
    "parse_amount",
    "pauses_for",
    "payments_of",
    "pending_hand_ins",
    "refresh_account",
    "remedies_of",
    "result_data",
    "schedule_for",
    "with_execution_data",
]
