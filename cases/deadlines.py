"""The statutory clock of a case (R-35, counted per R-50) and its next deadline.

R-35: a decision within `decision_time_limit_cd` calendar days of filing (agency setting,
default 90), plus approved extensions, plus the periods that stop the clock (hearing,
testing/appraisal, expert review, public notice, suspension). R-50: the start day is not
counted; a CD deadline that ends on a rest day moves to the next working day
(`core.workdays.add_calendar_days`).

An excluded period [start, end] stops the clock for every day from `start` to `end`
inclusive; an open period (end None) counts up to today, so the due date moves on day by
day while it lasts. The computation is pure given its inputs, so the case page, the list
(cached `Case.decision_due_on`) and the daily task agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from cases.models import Case, ExcludedPeriod, Preservation, TimeExtension
from cases.states import State
from core import clock, workdays
from core.errors import RuleViolation, Verdict

# The R-35 clock runs from filing until a decision is taken (or the case leaves the
# general procedure). Suspension is an excluded period, so the clock stays "running" there.
CLOCK_STATES: frozenset[str] = frozenset(
    {
        State.FILED,
        State.INVESTIGATING,
        State.INVESTIGATION_CLOSED,
        State.PROPOSED,
        State.NOTIFIED,
        State.HEARING_REQUESTED,
        State.HEARING_SCHEDULED,
        State.HEARING_HELD,
        State.COLLECTIVE_DISCUSSION,
        State.LEGAL_REVIEW,
        State.APPROVAL,
        State.SUSPENDED,
    }
)


@dataclass(frozen=True)
class Period:
    kind: str
    label: str
    start: date
    end: date | None
    days: int


@dataclass(frozen=True)
class StatutoryClock:
    """What the case page shows under "办案期限"."""

    filed_on: date
    limit_days: int
    extension_days: int
    extensions: list[TimeExtension]
    periods: list[Period]
    excluded_days: int
    due_on: date
    today: date
    running: bool  # counting today (no open excluded period and not decided)
    stopped_by: str  # label of the open period, if any
    fallback: bool  # the count crossed a year without calendar data

    @property
    def days_left(self) -> int:
        return (self.due_on - self.today).days

    @property
    def overdue(self) -> bool:
        return self.today > self.due_on

    @property
    def total_days(self) -> int:
        return self.limit_days + self.extension_days + self.excluded_days


@dataclass(frozen=True)
class Deadline:
    on: date
    label: str
    overdue: bool
    rule: str = ""
    extra: dict = field(default_factory=dict)


def _settings(case: Case):
    return getattr(case.agency, "rule_settings", None)


def limit_days(case: Case) -> int:
    s = _settings(case)
    return s.decision_time_limit_cd if s is not None else 90


def period_days(start: date, end: date | None, today: date) -> int:
    """Days an excluded period stops the clock: start to end (or today) inclusive."""
    last = end if end is not None else today
    if last < start:
        return 0
    return (last - start).days + 1


def compute(
    case: Case,
    *,
    today: date | None = None,
    extensions: list[TimeExtension] | None = None,
    periods: list[ExcludedPeriod] | None = None,
) -> StatutoryClock | None:
    """The R-35 clock of a filed case, or None before filing or outside the procedure."""
    if case.filed_on is None or case.procedure != Case.Procedure.GENERAL:
        return None
    today = today or clock.today()
    if extensions is None:
        extensions = list(case.extensions.all())
    if periods is None:
        periods = list(case.excluded_periods.all())
    ext_days = sum(e.days for e in extensions)
    shown: list[Period] = []
    excluded = 0
    stopped_by = ""
    for p in sorted(periods, key=lambda p: (p.start, p.pk or 0)):
        days = period_days(p.start, p.end, today)
        excluded += days
        shown.append(Period(p.kind, p.get_kind_display(), p.start, p.end, days))
        if p.end is None and p.start <= today:
            stopped_by = p.get_kind_display()
    base = limit_days(case)
    due = workdays.add_calendar_days(case.filed_on, base + ext_days + excluded)
    running = case.state in CLOCK_STATES and not stopped_by
    return StatutoryClock(
        filed_on=case.filed_on,
        limit_days=base,
        extension_days=ext_days,
        extensions=list(extensions),
        periods=shown,
        excluded_days=excluded,
        due_on=due,
        today=today,
        running=running,
        stopped_by=stopped_by,
        fallback=workdays.fallback_used(case.filed_on, due),
    )


def is_overdue(case: Case, *, today: date | None = None, due_on: date | None = None) -> bool:
    """R-21 lead verification or R-35 decision time limit passed."""
    today = today or clock.today()
    if case.state == State.LEAD:
        return today > case.verification_due_on
    due = due_on if due_on is not None else case.decision_due_on
    return case.state in CLOCK_STATES and due is not None and today > due


def refresh(case: Case, *, today: date | None = None) -> list[str]:
    """Recompute the cached clock fields of a (locked) case; returns the changed fields,
    saved with update_fields. Derived data: no version bump, no audit event."""
    today = today or clock.today()
    c = compute(case, today=today)
    due = c.due_on if c is not None else None
    overdue = is_overdue(case, today=today, due_on=due)
    changed = []
    if case.decision_due_on != due:
        case.decision_due_on = due
        changed.append("decision_due_on")
    if case.is_overdue != overdue:
        case.is_overdue = overdue
        changed.append("is_overdue")
    if changed and case.pk:
        Case.objects.filter(pk=case.pk).update(**{f: getattr(case, f) for f in changed})
    return changed


def preservation_overdue(p: Preservation, *, today: date | None = None) -> bool:
    """R-23: no disposal decision within 7 WD of preservation."""
    today = today or clock.today()
    return (
        p.status == Preservation.Status.APPROVED
        and p.disposal_due_on is not None
        and today > p.disposal_due_on
    )


def next_deadline(case: Case, *, today: date | None = None) -> Deadline | None:
    """The nearest deadline the officers must meet on this case."""
    today = today or clock.today()
    found: list[Deadline] = []
    if case.state == State.LEAD:
        found.append(
            Deadline(
                case.verification_due_on,
                _("线索核查期限"),
                today > case.verification_due_on,
                "R-21",
            )
        )
    if case.state in CLOCK_STATES and case.decision_due_on:
        found.append(
            Deadline(
                case.decision_due_on, _("作出处罚决定期限"), today > case.decision_due_on, "R-35"
            )
        )
    for p in case.preservations.all():
        if p.status == Preservation.Status.APPROVED and p.disposal_due_on:
            found.append(
                Deadline(
                    p.disposal_due_on,
                    _("先行登记保存处理期限"),
                    today > p.disposal_due_on,
                    "R-23",
                )
            )
    return min(found, key=lambda d: d.on) if found else None


def validate_period(
    case: Case,
    *,
    kind: str,
    start: date,
    end: date | None,
    exclude_pk: int | None = None,
    today: date | None = None,
) -> Verdict:
    """R-35: an excluded period has one of the listed kinds, starts on or after filing,
    is not in the future, and never overlaps another period of the case."""
    today = today or clock.today()
    problems: list[RuleViolation] = []
    if kind not in ExcludedPeriod.Kind.values:
        problems.append(RuleViolation("R-35", _("不计入办案期限的期间种类无效")))
    if case.filed_on is None:
        problems.append(RuleViolation("R-35", _("案件尚未立案，不能登记不计入办案期限的期间")))
        return Verdict.of(problems)
    if start < case.filed_on:
        problems.append(
            RuleViolation(
                "R-35",
                _("期间开始日期 %(start)s 早于立案日期 %(filed)s")
                % {"start": start.isoformat(), "filed": case.filed_on.isoformat()},
            )
        )
    if start > today:
        problems.append(
            RuleViolation(
                "R-35",
                _("期间开始日期 %(start)s 晚于今天，不得预先登记") % {"start": start.isoformat()},
            )
        )
    if end is not None:
        if end < start:
            problems.append(RuleViolation("R-35", _("期间结束日期不得早于开始日期")))
        if end > today:
            problems.append(
                RuleViolation(
                    "R-35",
                    _("期间结束日期 %(end)s 晚于今天，不得预先登记") % {"end": end.isoformat()},
                )
            )
    # Overlap: [start, end or ∞] against every other period [s, e or ∞].
    others = ExcludedPeriod.objects.filter(case_id=case.pk)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    overlap = others.filter(start__lte=end if end is not None else date.max).filter(
        Q(end__isnull=True) | Q(end__gte=start)
    )
    other = overlap.order_by("start").first()
    if other is not None:
        problems.append(
            RuleViolation(
                "R-35",
                _("与已登记的“%(kind)s”期间（%(start)s 至 %(end)s）重叠")
                % {
                    "kind": other.get_kind_display(),
                    "start": other.start.isoformat(),
                    "end": other.end.isoformat() if other.end else _("至今"),
                },
            )
        )
    return Verdict.of(problems)


def add_years(d: date, years: int) -> date:
    """Same month and day `years` later (29 February → 28 February)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def reminder_window_start(case: Case) -> date | None:
    if case.decision_due_on is None:
        return None
    s = _settings(case)
    days = s.deadline_reminder_days if s is not None else 10
    return case.decision_due_on - timedelta(days=days)
