"""Worked numbers of the pure execution computations (penalties.surcharge): due dates
(R-40, R-41, R-44) and the late surcharge (R-43) with its cap and pauses, deferral and
instalments (R-42). Every figure below can be checked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from penalties import surcharge as sc
from penalties.surcharge import Instalment, Pause, PaymentLine

pytestmark = pytest.mark.django_db

D = Decimal
DUE = date(2026, 10, 8)  # service 2026-09-20 + 15 CD = 10-05 (National Day) → 10-08


def one(fine, due=DUE, other=None):
    principal = D(fine) + D(other or 0)
    return sc.single_schedule(principal, due)


# --- R-40 due dates ------------------------------------------------------------------------
def test_r40_due_date_rolls_over_national_day():
    """R-40/R-50: 2026-09-20 + 15 CD = 2026-10-05, inside the 10-01..10-07 rest: 10-08."""
    assert sc.payment_due_on(date(2026, 9, 20)) == date(2026, 10, 8)


def test_r40_due_date_on_a_working_day_stays():
    assert sc.payment_due_on(date(2026, 11, 2)) == date(2026, 11, 17)  # a Tuesday


def test_r41_hand_in_due_two_working_days_later():
    # Friday 2026-11-20 → Monday 23rd, Tuesday 24th.
    assert sc.hand_in_due_on(date(2026, 11, 20)) == date(2026, 11, 24)


def test_r44_court_application_earliest_ten_working_days_after_service():
    # Served Monday 2026-11-02: ten working days → Monday 2026-11-16.
    assert sc.court_application_earliest(date(2026, 11, 2)) == date(2026, 11, 16)


def test_r44_remedy_periods_end_is_the_later_of_60_days_and_6_months():
    served = date(2026, 3, 2)
    # 60 days → 2026-05-01 (May Day rest) → later; 6 months → 2026-09-02 (Wednesday).
    assert sc.remedy_periods_end(served) == date(2026, 9, 2)
    # A reconsideration decided late moves it: 15 days to sue after it.
    assert sc.remedy_periods_end(served, remedies_decided_on=[date(2026, 9, 1)]) == date(
        2026, 9, 16
    )
    # An on-the-spot decision: reconsideration first, so only the 60 days (rolled over
    # the May Day rest 05-01..05-05).
    assert sc.remedy_periods_end(served, reconsideration_first=True) == date(2026, 5, 6)


def test_r44_court_window_three_months_and_from_the_end_of_a_plan():
    window = sc.court_window(date(2026, 4, 2))
    assert (window.first, window.last) == (date(2026, 4, 3), date(2026, 7, 2))
    assert not window.contains(date(2026, 4, 2)) and window.contains(date(2026, 7, 2))
    assert not window.contains(date(2026, 7, 3))
    # Art 72 ¶2: counted from the end of an approved deferral when that is later.
    later = sc.court_window(date(2026, 4, 2), plan_ends_on=date(2026, 6, 1))
    assert (later.first, later.last) == (date(2026, 6, 2), date(2026, 9, 1))


# --- R-43 the surcharge ----------------------------------------------------------------------
def test_r43_not_late_on_the_due_date():
    st = sc.statement(fine=D("5000"), schedule=one(5000), on=DUE)
    assert st.surcharge == D("0.00") and st.days_counted == 0 and not st.is_overdue
    assert st.outstanding == D("5000")


def test_r43_ten_days_late_is_1500():
    """R-43: 5,000 × 3 % × 10 days = 1,500."""
    st = sc.statement(fine=D("5000"), schedule=one(5000), on=date(2026, 10, 18))
    assert st.days_counted == 10
    assert st.surcharge == D("1500.00")
    assert st.outstanding == D("6500.00")
    assert not st.surcharge_capped and st.is_overdue


def test_r43_forty_days_late_is_capped_at_the_fine():
    """R-43 (Art 72): 40 × 150 = 6,000 would exceed the fine: capped at 5,000."""
    st = sc.statement(fine=D("5000"), schedule=one(5000), on=date(2026, 11, 17))
    assert st.days_counted == 40
    assert st.surcharge == D("5000.00")
    assert st.surcharge_capped
    assert st.outstanding == D("10000.00")


def test_r43_reconsideration_days_are_not_counted():
    """R-43 (Art 73 ¶3): a 12-day reconsideration (10-12..10-23) in 22 days late:
    10 days counted → 1,500; the 12 pending days are not."""
    pause = Pause(date(2026, 10, 12), date(2026, 10, 23), "行政复议")
    st = sc.statement(fine=D("5000"), schedule=one(5000), on=date(2026, 10, 30), pauses=[pause])
    assert (st.days_counted, st.days_paused) == (10, 12)
    assert st.surcharge == D("1500.00")
    paused = [s for s in st.segments if s.paused]
    assert len(paused) == 1 and paused[0].days == 12 and paused[0].pause_label == "行政复议"


def test_r43_pending_litigation_pauses_until_decided():
    pause = Pause(date(2026, 10, 14))  # pending
    st = sc.statement(fine=D("5000"), schedule=one(5000), on=date(2026, 12, 31), pauses=[pause])
    assert st.days_counted == 5  # 10-09..10-13
    assert st.surcharge == D("750.00")
    assert st.surcharge_pending_pause


def test_r43_partial_payment_lowers_the_base():
    """2,000 paid on day 5: five days on 5,000 (750), then five on 3,000 (450)."""
    st = sc.statement(
        fine=D("5000"),
        schedule=one(5000),
        on=date(2026, 10, 18),
        payments=[PaymentLine(date(2026, 10, 13), D("2000"))],
    )
    assert st.surcharge == D("1200.00")
    assert st.outstanding_principal == D("3000")
    assert st.outstanding == D("4200.00")
    assert [(s.days, s.base) for s in st.segments] == [(5, D("5000")), (5, D("3000"))]


def test_r43_paid_on_time_in_full():
    st = sc.statement(
        fine=D("5000"),
        schedule=one(5000),
        on=date(2026, 12, 1),
        payments=[PaymentLine(DUE, D("5000"))],
    )
    assert st.paid_in_full and st.surcharge == D("0.00") and st.outstanding == D("0")


def test_r43_fine_paid_late_leaves_the_surcharge_due_and_it_stops_growing():
    pays = [PaymentLine(date(2026, 10, 18), D("5000"))]
    st = sc.statement(fine=D("5000"), schedule=one(5000), on=date(2026, 10, 25), payments=pays)
    assert st.surcharge == D("1500.00") and st.outstanding == D("1500.00")
    assert not st.paid_in_full and not st.is_overdue
    pays.append(PaymentLine(date(2026, 10, 20), D("1500")))
    st = sc.statement(fine=D("5000"), schedule=one(5000), on=date(2026, 11, 30), payments=pays)
    assert st.paid_in_full and st.surcharge == D("1500.00")


def test_r43_rounded_once_to_the_fen():
    st = sc.statement(fine=D("33.33"), schedule=one("33.33"), on=DUE.replace(day=9))
    assert st.surcharge == D("1.00")  # 0.9999 → 1.00
    st = sc.statement(fine=D("33.33"), schedule=one("33.33"), on=DUE.replace(day=11))
    assert st.surcharge == D("3.00")  # 2.9997 → 3.00


def test_r43_confiscated_gains_bear_no_surcharge():
    st = sc.statement(
        fine=D("1000"),
        other=D("500"),
        schedule=one(1000, other=500),
        on=date(2026, 10, 18),
        payments=[PaymentLine(date(2026, 10, 10), D("1000"))],
    )
    # Two days on the fine (10-09, 10-10) = 60; then only gains are unpaid: no surcharge.
    assert st.surcharge == D("60.00")
    assert st.outstanding == D("560.00")


def test_r43_no_fine_no_surcharge():
    st = sc.statement(fine=None, schedule=(), on=date(2026, 12, 1))
    assert st.principal == 0 and st.surcharge == 0 and not st.paid_in_full


# --- R-42 deferral and instalments -------------------------------------------------------
def test_r42_deferral_moves_the_due_date_no_surcharge_in_the_deferred_period():
    plan = sc.plan_schedule(D("5000"), DUE, [Instalment(date(2026, 12, 8), D("5000"))])
    st = sc.statement(fine=D("5000"), schedule=plan, on=date(2026, 12, 8))
    assert st.surcharge == D("0.00") and not st.is_overdue
    st = sc.statement(fine=D("5000"), schedule=plan, on=date(2026, 12, 10))
    assert st.surcharge == D("300.00")  # two days after the new due date


def test_r42_instalments_each_late_on_its_own_date():
    plan = sc.plan_schedule(
        D("6000"),
        DUE,
        [Instalment(date(2026, 11, 2), D("3000")), Instalment(date(2026, 12, 1), D("3000"))],
    )
    st = sc.statement(
        fine=D("6000"),
        schedule=plan,
        on=date(2026, 11, 6),
        payments=[PaymentLine(date(2026, 11, 6), D("1000"))],
    )
    # 11-03..11-06: four days on the overdue 3,000 (a payment counts its own day) = 360.
    assert st.surcharge == D("360.00")
    assert st.next_due_on == date(2026, 11, 2)
    assert st.overdue_principal == D("2000")


def test_r42_plan_keeps_what_was_paid_before_on_the_original_date():
    plan = sc.plan_schedule(
        D("5000"), DUE, [Instalment(date(2026, 12, 8), D("3000"))], paid_before_plan=D("2000")
    )
    assert plan[0] == Instalment(DUE, D("2000"))
    with pytest.raises(ValueError):
        sc.plan_schedule(D("5000"), DUE, [Instalment(date(2026, 12, 8), D("2000"))])
