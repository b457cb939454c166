"""Services of the statutory clock (R-35): extensions, excluded periods, and the daily
check that flags overdue cases and reminds the lead officer before the deadline."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit import services as audit
from cases import deadlines, guards
from cases.models import Approval, Case, CaseReminder, ExcludedPeriod, TimeExtension
from cases.services.common import clean_text, ensure_can_change, lock
from cases.services.leads import _decide
from cases.states import State
from core import clock
from core.errors import DomainError, RuleViolation, Verdict

TASK_ACTOR = "task:cases.daily_deadline_check"


def _extension_days(case: Case) -> int:
    s = getattr(case.agency, "rule_settings", None)
    return s.decision_extension_cd if s is not None else 30


def extension_verdict(
    case: Case, *, discussion_on: date | None, discussion_conclusion: str
) -> Verdict:
    """R-35: the clock must be running; a further extension needs a recorded collective
    discussion (date and conclusion)."""
    verdict = guards.in_states(case, deadlines.CLOCK_STATES, "R-35", _("延长办案期限"))
    if TimeExtension.objects.filter(case=case).exists() and not (
        discussion_on and (discussion_conclusion or "").strip()
    ):
        verdict += Verdict.refuse(
            "R-35", _("办案期限已延长过，再次延长须经集体讨论决定并记录讨论日期和结论")
        )
    if discussion_on and discussion_on > clock.today():
        verdict += Verdict.refuse("R-35", _("集体讨论日期不得晚于今天"))
    return verdict


@transaction.atomic
def request_time_extension(
    case: Case,
    *,
    by: Any,
    reasons: str,
    discussion_on: date | None = None,
    discussion_conclusion: str = "",
) -> Approval:
    case = lock(case)
    ensure_can_change(case, by)
    conclusion = clean_text(discussion_conclusion, label=_("集体讨论结论"))
    extension_verdict(
        case, discussion_on=discussion_on, discussion_conclusion=conclusion
    ).raise_if_refused()
    if Approval.objects.filter(
        case=case, kind=Approval.Kind.TIME_EXTENSION, status=Approval.Status.PENDING
    ).exists():
        raise DomainError(_("已有待审批的延长申请"))
    approval = Approval.objects.create(
        case=case,
        kind=Approval.Kind.TIME_EXTENSION,
        reasons=clean_text(reasons, required=True, label=_("延长理由")),
        data={
            "days": _extension_days(case),
            "discussion_on": discussion_on.isoformat() if discussion_on else "",
            "discussion_conclusion": conclusion,
        },
        requested_by=by,
        requested_on=clock.today(),
    )
    audit.record("cases.approval.time_extension_requested", approval, by=by, data=approval.data)
    return approval


@transaction.atomic
def decide_time_extension(
    approval: Approval, *, by: Any, approve: bool, note: str = ""
) -> Approval:
    """R-35: the head approves; the extension's days are added to the time limit."""
    approval, case = _decide(
        approval, by=by, approve=approve, note=note, rule="R-35", what=_("延长办案期限")
    )
    if not approve:
        audit.record(
            "cases.approval.time_extension_rejected",
            approval,
            by=by,
            data={"note": approval.decision_note},
        )
        return approval
    d = approval.data or {}
    discussion_on = date.fromisoformat(d["discussion_on"]) if d.get("discussion_on") else None
    extension_verdict(
        case, discussion_on=discussion_on, discussion_conclusion=d.get("discussion_conclusion", "")
    ).raise_if_refused()
    before = case.decision_due_on
    ext = TimeExtension.objects.create(
        case=case,
        days=int(d.get("days") or _extension_days(case)),
        reasons=approval.reasons,
        approval=approval,
        approved_by=by,
        approved_on=clock.today(),
        discussion_on=discussion_on,
        discussion_conclusion=d.get("discussion_conclusion", ""),
    )
    deadlines.refresh(case)
    audit.record(
        "cases.case.time_extended",
        ext,
        by=by,
        before={"decision_due_on": before},
        after={"decision_due_on": case.decision_due_on, "days": ext.days},
    )
    return approval


@transaction.atomic
def add_excluded_period(
    case: Case, *, by: Any, kind: str, start: date, end: date | None = None, reasons: str = ""
) -> ExcludedPeriod:
    """R-35: record a period that stops the clock (validated; suspension periods come
    from the suspension service)."""
    case = lock(case)
    ensure_can_change(case, by)
    guards.in_states(
        case, deadlines.CLOCK_STATES, "R-35", _("登记不计入办案期限的期间")
    ).raise_if_refused()
    if kind == ExcludedPeriod.Kind.SUSPENSION:
        raise RuleViolation("R-35", _("中止期间经中止调查审批自动登记，不能直接登记"))
    deadlines.validate_period(case, kind=kind, start=start, end=end).raise_if_refused()
    before = case.decision_due_on
    period = ExcludedPeriod.objects.create(
        case=case,
        kind=kind,
        start=start,
        end=end,
        reasons=clean_text(reasons, label=_("说明")),
        recorded_by=by,
    )
    deadlines.refresh(case)
    audit.record(
        "cases.clock.period_added",
        period,
        by=by,
        data={"kind": kind, "start": start, "end": end},
        before={"decision_due_on": before},
        after={"decision_due_on": case.decision_due_on},
    )
    return period


@transaction.atomic
def end_excluded_period(period: ExcludedPeriod, *, by: Any, end: date) -> ExcludedPeriod:
    period = ExcludedPeriod.objects.select_for_update().get(pk=period.pk)
    case = lock(period.case_id)
    ensure_can_change(case, by)
    if period.end is not None:
        raise DomainError(_("该期间已结束"))
    if period.kind == ExcludedPeriod.Kind.SUSPENSION:
        raise RuleViolation("R-35", _("中止期间随恢复调查结束"))
    deadlines.validate_period(
        case, kind=period.kind, start=period.start, end=end, exclude_pk=period.pk
    ).raise_if_refused()
    period.end = end
    period.save(update_fields=["end"])
    deadlines.refresh(case)
    audit.record("cases.clock.period_ended", period, by=by, data={"end": end})
    return period


def daily_deadline_check(*, today: date | None = None) -> dict[str, int]:
    """Flag overdue cases (R-21 lead verification, R-35 decision time limit) and remind
    the lead officer `deadline_reminder_days` before the decision deadline. Idempotent:
    flags are set once (an event only when a flag changes) and a reminder exists at most
    once per case, recipient and due date."""
    today = today or clock.today()
    counts = {"checked": 0, "flagged": 0, "cleared": 0, "reminded": 0}
    ids = list(
        Case.objects.filter(state__in=[State.LEAD, *deadlines.CLOCK_STATES]).values_list(
            "pk", flat=True
        )
    ) + list(
        Case.objects.filter(is_overdue=True)
        .exclude(state__in=[State.LEAD, *deadlines.CLOCK_STATES])
        .values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            case = (
                Case.objects.select_for_update(of=("self",))
                .select_related("agency__rule_settings", "lead_officer")
                .get(pk=pk)
            )
            counts["checked"] += 1
            was = case.is_overdue
            deadlines.refresh(case, today=today)
            if case.is_overdue and not was:
                counts["flagged"] += 1
                audit.record(
                    "cases.case.overdue",
                    case,
                    by=None,
                    actor_name=TASK_ACTOR,
                    data={
                        "rule": "R-21" if case.state == State.LEAD else "R-35",
                        "due": case.verification_due_on
                        if case.state == State.LEAD
                        else case.decision_due_on,
                    },
                )
            elif was and not case.is_overdue:
                counts["cleared"] += 1
                audit.record("cases.case.overdue_cleared", case, by=None, actor_name=TASK_ACTOR)
            if _remind(case, today):
                counts["reminded"] += 1
    return counts


def _remind(case: Case, today: date) -> bool:
    if (
        case.state not in deadlines.CLOCK_STATES
        or case.decision_due_on is None
        or case.lead_officer_id is None
    ):
        return False
    window = deadlines.reminder_window_start(case)
    if window is None or not (window <= today <= case.decision_due_on):
        return False
    recipient_id = case.lead_officer.user_id
    if CaseReminder.objects.filter(
        case=case, recipient_id=recipient_id, due_on=case.decision_due_on
    ).exists():
        return False
    message = _(
        "案件 %(number)s 的办案期限将于 %(due)s 届满（剩余 %(days)s 天），请及时作出决定"
    ) % {
        "number": case.display_number,
        "due": case.decision_due_on.isoformat(),
        "days": (case.decision_due_on - today).days,
    }
    try:
        with transaction.atomic():
            reminder = CaseReminder.objects.create(
                case=case,
                recipient_id=recipient_id,
                due_on=case.decision_due_on,
                message=message,
                created_on=today,
            )
    except IntegrityError:  # a concurrent run created it
        return False
    case.last_reminder_on = today
    case.save(update_fields=["last_reminder_on"])
    audit.record(
        "cases.case.deadline_reminded",
        reminder,
        by=None,
        actor_name=TASK_ACTOR,
        data={"recipient": case.lead_officer.name, "due": case.decision_due_on},
    )
    return True
