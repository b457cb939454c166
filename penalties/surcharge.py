"""Pure computations of execution (R-40–R-44): due dates, the late surcharge, the court
window. No database, no clock: callers pass the dates, so a test can check the worked
numbers by hand and the page, the daily task and the guards all agree.

R-40 (Art 67): the fine is due 15 calendar days after service; a period that ends on a
rest day ends on the next working day (R-50, `core.workdays.add_calendar_days`).

R-42 (Art 66): an approved deferral or instalment plan replaces the schedule: each
instalment has its own due date; nothing is late before it.

R-43 (Art 72, 73): for every day after a due date on which part of the fine is still
unpaid, 3 % of the unpaid, overdue part of the fine; the total never exceeds the fine.
Days on which a reconsideration (行政复议) or a lawsuit (行政诉讼) is pending are not
counted (Art 73 ¶3). Counting: a payment made on day d still counts day d (the party who
pays ten days late owes ten days); the start (due) day is not counted (R-50).

Choices made here, stated so an auditor can check them:
- The base of each day is the overdue part of the fine not yet paid (a party who paid
  half owes 3 % of the other half); with one due date and no payment that is the fine.
- Payments go first to the amounts decided (the fine, then confiscated gains), then to
  the surcharge; so a payment stops the surcharge on the part of the fine it pays.
- Confiscated gains (没收违法所得) are collected with the fine but bear no surcharge.
- The exact daily amounts are added up and the total is rounded once, to the fen
  (half up), after the cap.

R-44 (行政强制法 Art 53, 54; Art 72 ¶2): a court application needs a demand notice served
at least 10 working days before, and is filed within 3 months after the remedy periods
expire (60 days for reconsideration, 6 months for a lawsuit, both from service), or after
the end of an approved deferral or instalment plan, whichever is later.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from core import workdays

ZERO = Decimal("0")
FEN = Decimal("0.01")
# R-43 (Art 72 (1)): 每日按罚款数额的百分之三加处罚款.
DAILY_RATE = Decimal("0.03")
# R-40 (Art 67 ¶3): 自收到行政处罚决定书之日起十五日内.
PAYMENT_DAYS = 15
# R-41 (Art 71): cash collected on the spot is handed in within 2 WD.
HAND_IN_WORKDAYS = 2
# R-41 (Art 68 (1)): 依法给予一百元以下罚款的.
ON_THE_SPOT_LIMIT = Decimal("100")
# R-44 (行政强制法 Art 54): 催告书送达十日后 (ten days or less in that law are WD, Art 69).
DEMAND_NOTICE_WORKDAYS = 10
# R-44 (行政强制法 Art 53): 自期限届满之日起三个月内.
COURT_WINDOW_MONTHS = 3
# 行政复议法 Art 20 (60 days), 行政诉讼法 Art 46 (6 months), from service.
RECONSIDERATION_DAYS = 60
LITIGATION_MONTHS = 6
# 行政诉讼法 Art 45: a lawsuit may follow a reconsideration decision within 15 days; a
# first-instance judgment may be appealed within 15 days (Art 85).
AFTER_REMEDY_DAYS = 15

ONE_DAY = timedelta(days=1)


def to_fen(amount: Decimal) -> Decimal:
    """Round to the fen (0.01 yuan), half up, as amounts are printed."""
    return Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP)


def add_months(d: date, months: int) -> date:
    """The same day `months` later; the last day of a shorter month otherwise."""
    month = d.month - 1 + months
    year = d.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def roll_to_workday(d: date) -> date:
    """R-50: a period that ends on a rest day ends on the next working day."""
    return workdays.add_calendar_days(d, 0)


# --- Due dates (R-40, R-41, R-44) --------------------------------------------------------
def payment_due_on(served_on: date) -> date:
    """R-40: 15 CD after service, rolled over rest days (R-50)."""
    return workdays.add_calendar_days(served_on, PAYMENT_DAYS)


def hand_in_due_on(collected_on: date) -> date:
    """R-41 (Art 71): cash collected on the spot reaches the agency within 2 WD."""
    return workdays.add_workdays(collected_on, HAND_IN_WORKDAYS)


def court_application_earliest(demand_served_on: date) -> date:
    """R-44 (行政强制法 Art 54): the first day 10 WD after the demand notice's service."""
    return workdays.add_workdays(demand_served_on, DEMAND_NOTICE_WORKDAYS)


def reconsideration_until(served_on: date) -> date:
    return workdays.add_calendar_days(served_on, RECONSIDERATION_DAYS)


def litigation_until(served_on: date) -> date:
    return roll_to_workday(add_months(served_on, LITIGATION_MONTHS))


def remedy_periods_end(
    served_on: date,
    *,
    reconsideration_until_on: date | None = None,
    litigation_until_on: date | None = None,
    reconsideration_first: bool = False,
    remedies_decided_on: Iterable[date] = (),
) -> date:
    """The last day on which the party could still seek a remedy (行政强制法 Art 53).

    The later of the reconsideration period (60 days) and the litigation period (6 months)
    from service; after a reconsideration or judgment, the 15 days to sue or appeal. An
    on-the-spot decision must go to reconsideration first (行政复议法 Art 23), so only the
    60 days run from service. The decision's stored dates are used when given (R-36).
    """
    ends = [reconsideration_until_on or reconsideration_until(served_on)]
    if not reconsideration_first:
        ends.append(litigation_until_on or litigation_until(served_on))
    ends += [workdays.add_calendar_days(d, AFTER_REMEDY_DAYS) for d in remedies_decided_on]
    return max(ends)


@dataclass(frozen=True)
class CourtWindow:
    """R-44: a court application is filed on `first` .. `last` (both included)."""

    periods_end: date  # the remedy periods (or the deferral, Art 72 ¶2) end on this day
    first: date
    last: date

    def contains(self, d: date) -> bool:
        return self.first <= d <= self.last


def court_window(periods_end: date, *, plan_ends_on: date | None = None) -> CourtWindow:
    """行政强制法 Art 53: within 3 months from the day the periods expire; with an approved
    deferral or instalment plan, counted from the end of the plan (Art 72 ¶2)."""
    start = max(periods_end, plan_ends_on) if plan_ends_on else periods_end
    return CourtWindow(
        periods_end=start,
        first=start + ONE_DAY,
        last=roll_to_workday(add_months(start, COURT_WINDOW_MONTHS)),
    )


# --- The surcharge (R-43) ----------------------------------------------------------------
@dataclass(frozen=True)
class Instalment:
    due_on: date
    amount: Decimal


@dataclass(frozen=True)
class Pause:
    """A pending reconsideration or lawsuit: `start`..`end` (both included; open-ended
    while pending). R-43: those days are not counted."""

    start: date
    end: date | None = None
    label: str = ""

    def covers(self, d: date) -> bool:
        return self.start <= d and (self.end is None or d <= self.end)


@dataclass(frozen=True)
class PaymentLine:
    paid_on: date
    amount: Decimal


@dataclass(frozen=True)
class Segment:
    """A run of days with the same base: counted (3 % of `base` a day) or paused."""

    start: date
    end: date
    days: int
    base: Decimal
    paused: bool
    amount: Decimal  # exact (not rounded); 0 when paused or past the cap
    pause_label: str = ""


@dataclass(frozen=True)
class Statement:
    """Everything the execution page shows for one day: what was decided, what is due,
    what was paid and the surcharge with its breakdown."""

    on: date
    fine: Decimal
    other: Decimal  # confiscated gains collected with the fine (no surcharge)
    principal: Decimal
    schedule: tuple[Instalment, ...]
    paid: Decimal
    surcharge: Decimal  # rounded to the fen, capped at the fine
    surcharge_capped: bool
    days_counted: int
    days_paused: int
    segments: tuple[Segment, ...] = field(default_factory=tuple)

    @property
    def paid_principal(self) -> Decimal:
        return min(self.paid, self.principal)

    @property
    def paid_surcharge(self) -> Decimal:
        return min(self.paid - self.paid_principal, self.surcharge)

    @property
    def outstanding_principal(self) -> Decimal:
        return self.principal - self.paid_principal

    @property
    def outstanding_surcharge(self) -> Decimal:
        return self.surcharge - self.paid_surcharge

    @property
    def outstanding(self) -> Decimal:
        """The amount due today: unpaid principal and surcharge."""
        return self.outstanding_principal + self.outstanding_surcharge

    @property
    def total(self) -> Decimal:
        return self.principal + self.surcharge

    @property
    def paid_in_full(self) -> bool:
        return self.principal > ZERO and self.outstanding <= ZERO

    @property
    def overdue_principal(self) -> Decimal:
        """The part of the principal whose due date has passed and is unpaid."""
        due = sum((i.amount for i in self.schedule if i.due_on < self.on), ZERO)
        return max(ZERO, due - self.paid_principal)

    @property
    def is_overdue(self) -> bool:
        return self.overdue_principal > ZERO

    @property
    def next_due_on(self) -> date | None:
        """The due date of the first instalment not yet fully paid."""
        covered = self.paid_principal
        for instalment in self.schedule:
            if covered >= instalment.amount:
                covered -= instalment.amount
                continue
            return instalment.due_on
        return None

    @property
    def surcharge_pending_pause(self) -> bool:
        return any(s.paused and s.end == self.on for s in self.segments)


def single_schedule(principal: Decimal, due_on: date | None) -> tuple[Instalment, ...]:
    """R-40: the whole amount on one due date (none before service)."""
    if due_on is None or principal <= ZERO:
        return ()
    return (Instalment(due_on, Decimal(principal)),)


def plan_schedule(
    principal: Decimal,
    original_due_on: date,
    instalments: Sequence[Instalment],
    *,
    paid_before_plan: Decimal = ZERO,
) -> tuple[Instalment, ...]:
    """R-42: an approved plan covers what was unpaid when it was applied for; what was
    paid before stays on the original due date (it was paid then)."""
    rows = sorted(instalments, key=lambda i: i.due_on)
    planned = sum((i.amount for i in rows), ZERO)
    paid = Decimal(paid_before_plan)
    if planned + paid != Decimal(principal):
        raise ValueError(f"plan {planned} + paid {paid} != principal {principal}")
    head = (Instalment(original_due_on, paid),) if paid > ZERO else ()
    return head + tuple(rows)


def statement(
    *,
    fine: Decimal | None,
    schedule: Sequence[Instalment],
    on: date,
    payments: Iterable[PaymentLine] = (),
    pauses: Iterable[Pause] = (),
    other: Decimal | None = None,
) -> Statement:
    """The account of a decision on day `on` (R-40, R-42, R-43)."""
    fine = Decimal(fine or 0)
    other = Decimal(other or 0)
    principal = fine + other
    schedule = tuple(sorted(schedule, key=lambda i: i.due_on))
    scheduled = sum((i.amount for i in schedule), ZERO)
    if schedule and scheduled != principal:
        raise ValueError(f"schedule {scheduled} != principal {principal}")
    pays = sorted((p for p in payments if p.paid_on <= on), key=lambda p: p.paid_on)
    pauses = tuple(pauses)
    paid = sum((p.amount for p in pays), ZERO)

    segments: list[Segment] = []
    exact = ZERO
    capped = False
    counted = paused_days = 0
    if schedule and fine > ZERO:
        first_day = schedule[0].due_on + ONE_DAY
        # Days on which the base or the pause can change: it is constant in between.
        cuts = {first_day, on + ONE_DAY}
        cuts |= {i.due_on + ONE_DAY for i in schedule}
        cuts |= {p.paid_on + ONE_DAY for p in pays}
        for pause in pauses:
            cuts.add(pause.start)
            if pause.end is not None:
                cuts.add(pause.end + ONE_DAY)
        cuts = sorted(c for c in cuts if first_day <= c <= on + ONE_DAY)
        for start, stop in zip(cuts, cuts[1:], strict=False):
            due = sum((i.amount for i in schedule if i.due_on < start), ZERO)
            paid_before = sum((p.amount for p in pays if p.paid_on < start), ZERO)
            overdue = due - min(paid_before, principal)
            if overdue <= ZERO:
                continue
            # Payments pay the fine first; gains bear no surcharge.
            base = min(overdue, fine - min(paid_before, fine))
            if base <= ZERO:
                continue
            days = (stop - start).days
            end = stop - ONE_DAY
            pause = next((p for p in pauses if p.covers(start)), None)
            if pause is not None:  # R-43 (Art 73 ¶3): not counted while pending
                paused_days += days
                segments.append(Segment(start, end, days, base, True, ZERO, pause.label))
                continue
            counted += days
            amount = base * DAILY_RATE * days
            if exact + amount >= fine:  # R-43 (Art 72 (1)): never above the fine
                amount = fine - exact
                capped = True
            exact += amount
            segments.append(Segment(start, end, days, base, False, amount))
    surcharge = min(to_fen(exact), fine)
    return Statement(
        on=on,
        fine=fine,
        other=other,
        principal=principal,
        schedule=schedule,
        paid=paid,
        surcharge=surcharge,
        surcharge_capped=capped,
        days_counted=counted,
        days_paused=paused_days,
        segments=tuple(segments),
    )


__all__ = [
    "AFTER_REMEDY_DAYS",
    "COURT_WINDOW_MONTHS",
    "DAILY_RATE",
    "DEMAND_NOTICE_WORKDAYS",
    "FEN",
    "HAND_IN_WORKDAYS",
    "LITIGATION_MONTHS",
    "ON_THE_SPOT_LIMIT",
    "PAYMENT_DAYS",
    "RECONSIDERATION_DAYS",
    "ZERO",
    "CourtWindow",
    "Instalment",
    "Pause",
    "PaymentLine",
    "Segment",
    "Statement",
    "add_months",
    "court_application_earliest",
    "court_window",
    "hand_in_due_on",
    "litigation_until",
    "payment_due_on",
    "plan_schedule",
    "reconsideration_until",
    "remedy_periods_end",
    "roll_to_workday",
    "single_schedule",
    "statement",
    "to_fen",
]
