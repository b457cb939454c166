"""Payment (R-40), on-the-spot collection (R-41), deferral and instalments (R-42), the
surcharge through the services (R-43), the daily recalculation and `execution_complete`
(R-48), on decisions served through DECISION's real services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from cases.states import State
from core import clock
from core.errors import DomainError, RuleViolation
from penalties import discretion as d
from penalties import tasks
from penalties.models import DeferralOrInstalment, ExecutionAccount, OnSpotCollection, Payment
from penalties.services import execution, payments, plans, remedies
from penalties.services.plans import PlannedInstalment
from tests.penalties.decision_support import reload, served
from tests.penalties.execution_support import (
    DUE,
    SERVED,
    served_case,
    summary_case,
    summary_world,
    world,
)

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dw():
    return world()


@pytest.fixture
def served_6000(dw):
    return served_case(dw)


def pay(case, user, day, amount, reference, channel="bank"):
    with clock.travel(day):
        return payments.record_payment(
            case, by=user, amount=amount, paid_on=day, channel=channel, reference=reference
        )


def statement(decision, day):
    return execution.account_statement(reload(decision), on=day)


# --- R-40 -------------------------------------------------------------------------------------
def test_r40_due_date_15_days_after_service_rolled_over_national_day(served_6000):
    """R-40: served 2026-09-20; + 15 CD = 10-05 is in the 10-01..10-07 rest → 10-08."""
    case, decision = served_6000
    assert decision.served_on == SERVED
    assert decision.payment_due_on == DUE == date(2026, 10, 8)
    assert statement(decision, DUE).surcharge == 0
    assert statement(decision, date(2026, 10, 9)).surcharge == D("180.00")


def test_r40_bank_payment_refused_without_its_reference(served_6000, dw):
    case, _decision = served_6000
    with clock.travel(date(2026, 9, 25)), pytest.raises(RuleViolation) as exc:
        payments.record_payment(
            case, by=dw.a, amount="6000", paid_on=date(2026, 9, 25), channel="bank", reference=" "
        )
    assert str(exc.value) == "R-40: 银行或电子支付缴款须登记缴款凭证号（交易流水号）"
    assert not Payment.objects.exists()
    assert reload(case).state == State.SERVED


def test_r40_partial_then_full_payment(served_6000, dw):
    """A partial payment starts execution; the rest on the due date completes it (R-48)."""
    case, decision = served_6000
    pay(case, dw.a, date(2026, 9, 28), "2000", "ICBC-0001")
    case = reload(case)
    assert case.state == State.EXECUTING
    with clock.travel(date(2026, 9, 28)):
        assert execution.execution_complete(case).reasons == [
            "R-48: 罚没款缴清的凭证（尚欠 4000.00 元）或申请人民法院强制执行的材料"
        ]
    pay(case, dw.a, DUE, "4000", "WX-20261008-9", channel="e_payment")
    assert execution.execution_complete(reload(case)).ok
    st = statement(decision, date(2026, 12, 31))
    assert st.paid_in_full and st.surcharge == 0
    events = list(
        AuditEvent.objects.filter(case_id=case.pk, action__startswith="penalties.payment")
        .order_by("seq")
        .values_list("data", flat=True)
    )
    assert [e["outstanding"] for e in events] == ["4000.00", "0.00"]
    assert events[-1]["paid_in_full"] is True
    assert AuditEvent.objects.filter(case_id=case.pk, action="cases.case.executing").count() == 1
    account = ExecutionAccount.objects.get(decision=decision)
    assert account.state == ExecutionAccount.State.PAID


def test_r40_overpayment_and_duplicate_reference_refused(served_6000, dw):
    case, _decision = served_6000
    with pytest.raises(RuleViolation) as exc:
        pay(case, dw.a, date(2026, 9, 28), "6000.01", "ICBC-1")
    assert str(exc.value) == "R-40: 缴款金额 6000.01 元超过尚欠金额 6000.00 元"
    pay(case, dw.a, date(2026, 9, 28), "100", "ICBC-1")
    with pytest.raises(RuleViolation) as exc:
        pay(case, dw.a, date(2026, 9, 29), "100", "ICBC-1")
    assert str(exc.value) == "R-40: 缴款凭证号 ICBC-1 已登记，不得重复登记"
    assert Payment.objects.count() == 1


def test_r40_bad_input_is_a_clear_error(served_6000, dw):
    case, _decision = served_6000
    for amount in ("abc", "-1", "0", "1.001", "NaN"):
        with pytest.raises(DomainError):
            pay(case, dw.a, date(2026, 9, 28), amount, f"R-{amount}")
    with clock.travel(date(2026, 9, 28)), pytest.raises(DomainError) as exc:
        payments.record_payment(
            case, by=dw.a, amount="10", paid_on=date(2026, 9, 29), channel="bank", reference="X"
        )
    assert str(exc.value) == "缴款日期 2026-09-29 晚于今天（2026-09-28）"
    with clock.travel(date(2026, 9, 28)), pytest.raises(DomainError):
        payments.record_payment(
            case, by=dw.a, amount="10", paid_on=date(2026, 9, 28), channel="bank", reference="\x00"
        )
    assert not Payment.objects.exists()


def test_r40_outsiders_and_unserved_decisions_refused(dw):
    case, decision = served_case(dw)
    with pytest.raises(RuleViolation) as exc:
        pay(case, dw.outsider, date(2026, 9, 28), "10", "X1")
    assert "您不是本案承办人员或本机关负责人" in str(exc.value)
    warned, _w = served(dw, on=SERVED, penalty=d.Proposal.of(d.PenaltyType.WARNING))
    with pytest.raises(RuleViolation) as exc:
        pay(warned, dw.a, date(2026, 9, 28), "10", "X2")
    assert str(exc.value) == "R-40: 本案处罚决定没有需要缴纳的罚没款"
    assert execution.execution_complete(warned).ok  # nothing to collect


# --- R-43 through the services ----------------------------------------------------------------
def test_r43_paid_ten_days_late_owes_the_surcharge(served_6000, dw):
    """6,000 × 3 % × 10 days = 1,800: the fine paid on 10-18 leaves 1,800 owed."""
    case, decision = served_6000
    pay(case, dw.a, date(2026, 10, 18), "6000", "ICBC-A")
    st = statement(decision, date(2026, 10, 30))
    assert (st.surcharge, st.outstanding, st.days_counted) == (D("1800.00"), D("1800.00"), 10)
    assert execution.execution_complete(reload(case)).reasons == [
        "R-48: 罚没款缴清的凭证（尚欠 1800.00 元）或申请人民法院强制执行的材料"
    ]
    pay(case, dw.a, date(2026, 10, 30), "1800", "ICBC-B")
    assert execution.execution_complete(reload(case)).ok


def test_r43_capped_at_the_fine(served_6000):
    _case, decision = served_6000
    st = statement(decision, date(2026, 12, 31))
    assert st.surcharge == D("6000.00") and st.surcharge_capped
    assert st.outstanding == D("12000.00")


def test_r43_reconsideration_days_not_counted(served_6000, dw):
    """Reconsideration pending 10-12..10-23 (12 days): 22 days late, 10 counted → 1,800."""
    case, decision = served_6000
    with clock.travel(date(2026, 10, 12)):
        remedy = remedies.record_remedy(
            case,
            by=dw.a,
            kind="reconsideration",
            filed_on=date(2026, 10, 12),
            body="测试市人民政府",
        )
        assert statement(decision, date(2026, 10, 12)).surcharge == D("540.00")  # 3 days
    with clock.travel(date(2026, 10, 23)):
        remedies.record_remedy_outcome(
            remedy, by=dw.legal, outcome="upheld", decided_on=date(2026, 10, 23)
        )
    st = statement(decision, date(2026, 10, 30))
    assert (st.days_counted, st.days_paused, st.surcharge) == (10, 12, D("1800.00"))


# --- R-42 ---------------------------------------------------------------------------------------
def apply(case, user, day, rows, kind="deferral", reasons="经营困难，暂无力缴纳"):
    with clock.travel(day):
        return plans.apply_for_plan(
            case,
            by=user,
            kind=kind,
            applied_on=day,
            reasons=reasons,
            instalments=[PlannedInstalment(due, D(str(amount))) for due, amount in rows],
        )


def test_r42_deferral_needs_the_heads_approval_and_moves_the_due_date(served_6000, dw):
    case, decision = served_6000
    plan = apply(case, dw.a, date(2026, 9, 30), [(date(2026, 12, 8), 6000)])
    assert plan.status == DeferralOrInstalment.Status.PENDING
    assert reload(case).state == State.EXECUTING
    # Not approved yet: the original due date stands.
    assert statement(decision, date(2026, 10, 18)).surcharge == D("1800.00")
    with clock.travel(date(2026, 10, 9)), pytest.raises(RuleViolation) as exc:
        plans.decide_plan(plan, by=dw.a, approve=True)
    assert str(exc.value) == "R-42: 延期或分期缴纳须经本机关负责人批准，您不是本机关负责人"
    assert reload(plan).status == DeferralOrInstalment.Status.PENDING
    with clock.travel(date(2026, 10, 9)):
        plans.decide_plan(plan, by=dw.supervisor, approve=True, note="同意暂缓至12月8日")
    # No surcharge in the deferred period, 3 % a day after the new due date.
    assert statement(decision, date(2026, 10, 18)).surcharge == 0
    assert statement(decision, date(2026, 12, 8)).surcharge == 0
    assert statement(decision, date(2026, 12, 10)).surcharge == D("360.00")
    assert AuditEvent.objects.filter(case_id=case.pk, action="penalties.plan.approved").exists()


def test_r42_refused_plan_leaves_the_due_date(served_6000, dw):
    case, decision = served_6000
    plan = apply(case, dw.a, date(2026, 9, 30), [(date(2026, 12, 8), 6000)])
    with clock.travel(date(2026, 10, 1)), pytest.raises(RuleViolation) as exc:
        plans.decide_plan(plan, by=dw.supervisor, approve=False)
    assert str(exc.value) == "R-42: 不予批准的，须写明理由"
    with clock.travel(date(2026, 10, 1)):
        plans.decide_plan(plan, by=dw.supervisor, approve=False, note="未提供经济困难证明")
    assert statement(decision, date(2026, 10, 18)).surcharge == D("1800.00")


def test_r42_application_after_the_due_date_refused(served_6000, dw):
    case, _decision = served_6000
    with pytest.raises(RuleViolation) as exc:
        apply(case, dw.a, date(2026, 10, 9), [(date(2026, 12, 8), 6000)])
    assert str(exc.value) == "R-42: 延期或分期缴纳须在缴款期限（2026-10-08）届满前申请"
    assert not DeferralOrInstalment.objects.exists()


def test_r42_instalments_cover_exactly_what_is_unpaid(served_6000, dw):
    case, decision = served_6000
    pay(case, dw.a, date(2026, 9, 28), "1000", "ICBC-P")
    with pytest.raises(RuleViolation) as exc:
        apply(
            case,
            dw.a,
            date(2026, 9, 30),
            [(date(2026, 11, 2), 2000), (date(2026, 12, 1), 2000)],
            kind="instalment",
        )
    assert str(exc.value) == "R-42: 各期金额合计 4000.00 元须等于尚未缴纳的罚没款 5000.00 元"
    plan = apply(
        case,
        dw.a,
        date(2026, 9, 30),
        [(date(2026, 11, 2), 2500), (date(2026, 12, 1), 2500)],
        kind="instalment",
    )
    with clock.travel(date(2026, 10, 1)):
        plans.decide_plan(plan, by=dw.supervisor, approve=True, note="同意分两期")
    # Second instalment not yet due on 11-05; the first is 3 days late: 2,500 × 3 % × 3.
    st = statement(decision, date(2026, 11, 5))
    assert st.surcharge == D("225.00") and st.next_due_on == date(2026, 11, 2)


# --- R-41 ---------------------------------------------------------------------------------------
def collect(case, user, amount, receipt="NO.0001", ground="small_summary", **kwargs):
    with clock.travel(SERVED):
        return payments.collect_on_spot(
            case,
            by=user,
            amount=amount,
            collected_on=SERVED,
            receipt_number=receipt,
            ground=ground,
            **kwargs,
        )


def test_r41_summary_fine_of_101_not_collected_on_the_spot_without_another_ground():
    w = summary_world()
    case, _decision = summary_case(w, amount=101)
    with pytest.raises(RuleViolation) as exc:
        collect(case, w.a, "101")
    assert str(exc.value) == (
        "R-41: 罚款 101.00 元超过一百元，且未说明不当场收缴事后难以执行或边远、水上、"
        "交通不便地区当事人提出的情形，不得当场收缴"
    )
    assert not Payment.objects.exists()
    assert reload(case).state == State.SUMMARY_DECIDED
    # With a ground of Art 68 (2) it may be collected.
    collect(case, w.a, "101", ground="hard_to_collect", ground_note="当事人系外地流动摊贩")
    assert Payment.objects.get().channel == Payment.Channel.ON_SPOT


def test_r41_summary_fine_of_100_collected_with_a_receipt_and_handed_in_within_2_wd():
    w = summary_world()
    case, decision = summary_case(w, amount=100)
    with pytest.raises(RuleViolation) as exc:
        collect(case, w.a, "100", receipt="")
    assert str(exc.value) == "R-41: 当场收缴罚款须出具财政部门统一制发的专用票据，请填写票据号码"
    payment = collect(case, w.a, "100")
    collection = payment.on_spot
    # Collected on Sunday 2026-09-20 (a make-up working day): 2 WD → Tuesday 09-22.
    assert collection.hand_in_due_on == date(2026, 9, 22)
    assert reload(case).state == State.EXECUTING
    assert execution.execution_complete(reload(case)).reasons == [
        "R-48: 当场收缴罚款（票据 NO.0001）上交本机关的记录"
    ]
    with clock.travel(date(2026, 9, 22)):
        payments.record_hand_in(collection, by=w.a, handed_in_on=date(2026, 9, 22))
    assert not reload(collection).hand_in_overdue
    assert execution.execution_complete(reload(case)).ok
    assert statement(decision, date(2026, 12, 1)).paid_in_full


def test_r41_hand_in_after_2_wd_is_flagged_overdue():
    w = summary_world()
    case, _decision = summary_case(w, amount=100)
    collection = collect(case, w.a, "100").on_spot
    with clock.travel(date(2026, 9, 22)):
        assert execution.daily_surcharge_update()["hand_in_overdue"] == 0
    with clock.travel(date(2026, 9, 23)):
        assert execution.daily_surcharge_update()["hand_in_overdue"] == 1
        assert execution.daily_surcharge_update()["hand_in_overdue"] == 0  # idempotent
    assert reload(collection).hand_in_overdue
    event = AuditEvent.objects.get(action="penalties.on_spot.hand_in_overdue")
    assert event.actor_name == "task:penalties.daily_surcharge_update"
    with clock.travel(date(2026, 9, 24)):
        payments.record_hand_in(collection, by=w.a, handed_in_on=date(2026, 9, 24))
    assert reload(collection).hand_in_overdue


def test_r41_remote_area_needs_the_partys_request_and_general_decisions_no_small_ground(dw):
    case, _decision = served_case(dw)
    with pytest.raises(RuleViolation) as exc:
        collect(case, dw.a, "100", ground="remote_area", ground_note="海岛渔村")
    assert str(exc.value) == "R-41: 边远、水上、交通不便地区当场收缴罚款须由当事人提出"
    with pytest.raises(RuleViolation) as exc:
        collect(case, dw.a, "100")
    assert str(exc.value) == "R-41: 罚款一百元以下当场收缴仅适用于当场作出的处罚决定"
    payment = collect(
        case,
        dw.a,
        "6000",
        ground="remote_area",
        ground_note="海岛渔村，无银行网点",
        party_requested=True,
    )
    assert payment.on_spot.ground == OnSpotCollection.Ground.REMOTE_AREA


# --- The daily task (R-43) ---------------------------------------------------------------------
def test_r43_daily_task_is_idempotent_and_audited(served_6000):
    case, decision = served_6000
    with clock.travel(date(2026, 10, 18)):
        first = execution.daily_surcharge_update()
        again = execution.daily_surcharge_update()
    assert first["updated"] == 1 and again["updated"] == 0
    account = ExecutionAccount.objects.get(decision=decision)
    assert (account.state, account.surcharge, account.outstanding) == (
        ExecutionAccount.State.OVERDUE,
        D("1800.00"),
        D("7800.00"),
    )
    events = AuditEvent.objects.filter(action="penalties.execution.account_updated")
    assert events.count() == 1
    assert events.get().actor_name == "task:penalties.daily_surcharge_update"
    assert events.get().case_id == case.pk
    with clock.travel(date(2026, 10, 19)):
        assert execution.daily_surcharge_update()["updated"] == 1
    assert reload(account).surcharge == D("1980.00")


def test_r43_celery_task_runs_the_daily_update(served_6000):
    _case, decision = served_6000
    with clock.travel(date(2026, 10, 18)):
        result = tasks.daily_surcharge_update.delay().get()
    assert result == {"checked": 1, "updated": 1, "hand_in_overdue": 0}
    assert ExecutionAccount.objects.get(decision=decision).surcharge == D("1800.00")
