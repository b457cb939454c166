"""Payment of a decision (R-40) and on-the-spot collection (R-41).

Collection is separate from the decision (Art 67): the party pays at the designated bank
or by e-payment and the officer records the reference; only where R-41 allows do the
officers take cash on the spot, against an official receipt, and hand it in within 2 WD.
The first payment starts execution (SERVED / SUMMARY_DECIDED → EXECUTING). The figures
come from `penalties.services.execution`; `execution_complete` (R-48) and the daily task
are re-exported here for their callers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from cases import guards
from cases.models import Case, officer_of
from cases.services.common import clean_text
from core import clock
from core.errors import DomainError, RuleViolation, Verdict
from penalties import surcharge as sc
from penalties.models import (
    Decision,
    OnSpotCollection,
    Payment,
)
from penalties.services.execution import (
    ACTION_LABELS,
    EXECUTION_STATES,
    TASK_ACTOR,
    account_statement,
    amounts,
    check_date,
    daily_surcharge_update,
    ensure_executing,
    execution_complete,
    execution_decision,
    execution_verdict,
    locked_decision,
    money,
    overpayment_verdict,
    parse_amount,
    pending_hand_ins,
    refresh_account,
    result_data,
)

# --- Payment (R-40) ------------------------------------------------------------------------
REFERENCE_CHANNELS = (Payment.Channel.BANK, Payment.Channel.E_PAYMENT)


def payment_verdict(case: Case, user: Any) -> Verdict:
    """Whether a payment can be recorded now (the UI shows the reasons)."""
    decision = execution_decision(case)
    verdict = execution_verdict(case, user, decision)
    if verdict.ok and account_statement(decision).outstanding <= 0:
        verdict += Verdict.refuse("R-40", _("罚没款及加处罚款已缴清"))
    return verdict


@transaction.atomic
def record_payment(
    case: Case,
    *,
    by: Any,
    amount: Any,
    paid_on: date,
    channel: str,
    reference: str = "",
    note: str = "",
) -> Payment:
    """R-40: a payment at the bank or by e-payment, with its reference; full or partial.
    The first payment starts execution (SERVED/SUMMARY_DECIDED → EXECUTING)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    decision = locked_decision(case)
    execution_verdict(case, by, decision).raise_if_refused()
    if channel == Payment.Channel.ON_SPOT:
        raise RuleViolation("R-41", _("当场收缴罚款请通过“当场收缴罚款”登记，并填写专用票据号码"))
    if channel not in REFERENCE_CHANNELS:
        raise DomainError(_("缴款方式无效"))
    amount = parse_amount(amount)
    paid_on = check_date(paid_on, _("缴款日期"), not_before=decision.decided_on)
    reference = clean_text(reference, label=_("缴款凭证号"))
    note = clean_text(note, label=_("备注"))
    if not reference:
        # the payment reference is recorded (collection separate from decision).
        raise RuleViolation("R-40", _("银行或电子支付缴款须登记缴款凭证号（交易流水号）"))
    if Payment.objects.filter(decision=decision, channel=channel, reference=reference).exists():
        raise RuleViolation("R-40", _("缴款凭证号 %(r)s 已登记，不得重复登记") % {"r": reference})
    overpayment_verdict(decision, amount, paid_on).raise_if_refused()
    payment = Payment.objects.create(
        case=case,
        decision=decision,
        amount=amount,
        paid_on=paid_on,
        channel=channel,
        reference=reference,
        note=note,
        recorded_by=by,
        recorded_at=clock.now(),
    )
    result = result_data(decision)
    audit.record(
        "penalties.payment.recorded",
        payment,
        by=by,
        data={
            "decision": decision.number,
            "amount": amount,
            "paid_on": paid_on,
            "channel": channel,
            "reference": reference,
            **result,
        },
    )
    ensure_executing(case, by=by, data={"payment": payment.pk})
    refresh_account(decision)
    return payment


# --- On-the-spot collection (R-41) ---------------------------------------------------------
def on_spot_verdict(
    decision: Decision,
    *,
    ground: str,
    party_requested: bool = False,
    ground_note: str = "",
) -> Verdict:
    """R-41 (Art 68, 69): may the officers take the fine in cash on the spot?"""
    fine, _gains = amounts(decision)
    is_summary = decision.kind == Decision.Kind.SUMMARY
    problems: list[RuleViolation] = []
    if ground == OnSpotCollection.Ground.SMALL_SUMMARY:
        if not is_summary:
            problems.append(
                RuleViolation("R-41", _("罚款一百元以下当场收缴仅适用于当场作出的处罚决定"))
            )
        elif fine > sc.ON_THE_SPOT_LIMIT:
            problems.append(
                RuleViolation(
                    "R-41",
                    _(
                        "罚款 %(f)s 元超过一百元，且未说明不当场收缴事后难以执行或边远、"
                        "水上、交通不便地区当事人提出的情形，不得当场收缴"
                    )
                    % {"f": money(fine)},
                )
            )
    elif ground == OnSpotCollection.Ground.HARD_TO_COLLECT:
        if not is_summary:
            problems.append(
                RuleViolation("R-41", _("不当场收缴事后难以执行的情形仅适用于当场作出的处罚决定"))
            )
        if not ground_note.strip():
            problems.append(RuleViolation("R-41", _("须说明不当场收缴事后难以执行的具体情形")))
    elif ground == OnSpotCollection.Ground.REMOTE_AREA:
        if not party_requested:
            problems.append(
                RuleViolation(
                    "R-41",
                    _("边远、水上、交通不便地区当场收缴罚款须由当事人提出"),
                )
            )
        if not ground_note.strip():
            problems.append(
                RuleViolation("R-41", _("须说明边远、水上或交通不便的地点及当事人缴款困难的情况"))
            )
    else:
        problems.append(RuleViolation("R-41", _("请选择当场收缴罚款的法定情形")))
    return Verdict.of(problems)


@transaction.atomic
def collect_on_spot(
    case: Case,
    *,
    by: Any,
    amount: Any,
    collected_on: date,
    receipt_number: str,
    ground: str,
    ground_note: str = "",
    party_requested: bool = False,
) -> Payment:
    """R-41: cash taken on the spot against an official receipt (Art 70); the officer
    hands it in to the agency within 2 WD (Art 71)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    decision = locked_decision(case)
    execution_verdict(case, by, decision).raise_if_refused()
    officer = officer_of(by)
    if officer is None or officer.agency_id != case.agency_id:
        raise DomainError(_("当场收缴罚款须由本机关执法人员办理"))
    ground_note = clean_text(ground_note, label=_("情况说明"))
    receipt_number = clean_text(receipt_number, label=_("专用票据号码"))
    on_spot_verdict(
        decision, ground=ground, party_requested=party_requested, ground_note=ground_note
    ).raise_if_refused()
    if not receipt_number:
        # R-41 (Art 70): the official receipt of the finance department.
        raise RuleViolation(
            "R-41", _("当场收缴罚款须出具财政部门统一制发的专用票据，请填写票据号码")
        )
    amount = parse_amount(amount)
    collected_on = check_date(collected_on, _("收缴日期"), not_before=decision.decided_on)
    if Payment.objects.filter(
        case__agency_id=case.agency_id,
        channel=Payment.Channel.ON_SPOT,
        receipt_number=receipt_number,
    ).exists():
        raise RuleViolation(
            "R-41", _("专用票据 %(r)s 已使用，不得重复登记") % {"r": receipt_number}
        )
    overpayment_verdict(decision, amount, collected_on).raise_if_refused()
    payment = Payment.objects.create(
        case=case,
        decision=decision,
        amount=amount,
        paid_on=collected_on,
        channel=Payment.Channel.ON_SPOT,
        receipt_number=receipt_number,
        recorded_by=by,
        recorded_at=clock.now(),
    )
    due = sc.hand_in_due_on(collected_on)  # within 2 WD
    collection = OnSpotCollection.objects.create(
        payment=payment,
        ground=ground,
        ground_note=ground_note,
        party_requested=bool(party_requested),
        collected_by=officer,
        hand_in_due_on=due,
        hand_in_overdue=clock.today() > due,
    )
    audit.record(
        "penalties.on_spot.collected",
        payment,
        by=by,
        data={
            "decision": decision.number,
            "amount": amount,
            "collected_on": collected_on,
            "receipt_number": receipt_number,
            "ground": ground,
            "party_requested": collection.party_requested,
            "hand_in_due_on": due,
            **result_data(decision),
        },
    )
    ensure_executing(case, by=by, data={"payment": payment.pk})
    refresh_account(decision)
    return payment


def hand_in_verdict(collection: OnSpotCollection, user: Any) -> Verdict:
    verdict = guards.may_change(collection.payment.case, user)
    if collection.handed_in_on is not None:
        verdict += Verdict.refuse(
            "R-41", _("该笔罚款已于 %(d)s 上交") % {"d": collection.handed_in_on.isoformat()}
        )
    return verdict


@transaction.atomic
def record_hand_in(
    collection: OnSpotCollection, *, by: Any, handed_in_on: date
) -> OnSpotCollection:
    """R-41 (Art 71): the cash reached the agency; later than 2 WD is flagged overdue."""
    collection = (
        OnSpotCollection.objects.select_for_update()
        .select_related("payment", "payment__case")
        .get(pk=collection.pk)
    )
    hand_in_verdict(collection, by).raise_if_refused()
    handed_in_on = check_date(handed_in_on, _("上交日期"), not_before=collection.payment.paid_on)
    collection.handed_in_on = handed_in_on
    collection.handed_in_recorded_by = by
    collection.hand_in_overdue = handed_in_on > collection.hand_in_due_on
    collection.save(update_fields=["handed_in_on", "handed_in_recorded_by", "hand_in_overdue"])
    audit.record(
        "penalties.on_spot.handed_in",
        collection.payment,
        by=by,
        data={
            "receipt_number": collection.payment.receipt_number,
            "handed_in_on": handed_in_on,
            "hand_in_due_on": collection.hand_in_due_on,
            "late": collection.hand_in_overdue,
        },
    )
    return collection


__all__ = [
    "ACTION_LABELS",
    "EXECUTION_STATES",
    "REFERENCE_CHANNELS",
    "TASK_ACTOR",
    "account_statement",
    "collect_on_spot",
    "daily_surcharge_update",
    "execution_complete",
    "execution_decision",
    "hand_in_verdict",
    "on_spot_verdict",
    "payment_verdict",
    "pending_hand_ins",
    "record_hand_in",
    "record_payment",
]
