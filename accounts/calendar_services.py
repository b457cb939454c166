"""Writes to the working-day calendar (R-50), each with its audit event.

The calendar's rows live in `core.models` and are read by `core.workdays`; core sits below
audit and may not record events, so the administrator's actions are services of this app
(above audit). Saving or deleting a row invalidates the workdays cache in every process
(`core.models` signal → `core.workdays.invalidate`).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.actions import register
from audit.services import record, snapshot
from core import workdays
from core.errors import DomainError, RuleViolation, Verdict
from core.models import CalendarDay, CalendarYear

# Audit action codes (core's data, recorded here because core is below audit).
DAY_SET = register("core.calendar.day_set", gettext_lazy("录入工作日历调整"))
DAY_REMOVED = register("core.calendar.day_removed", gettext_lazy("删除工作日历调整"))
YEAR_COMPLETED = register("core.calendar.year_completed", gettext_lazy("标记年度节假日已完整录入"))
YEAR_REOPENED = register("core.calendar.year_reopened", gettext_lazy("撤销年度完整录入标记"))

DAY_FIELDS = ("date", "is_workday", "name", "entered_by")
YEAR_FIELDS = ("year", "is_complete", "marked_by")

# Years an administrator may enter: beyond these a date is a typo, not a calendar.
FIRST_YEAR = 2000
LAST_YEAR = 2100


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(
            _("年度应在 %(first)s 至 %(last)s 之间。") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )


@transaction.atomic
def set_day(*, day: date, is_workday: bool, name: str, by) -> CalendarDay:
    """Enter or change one day; it wins over chinese-calendar and the Mon–Fri fallback."""
    _check_year(day.year)
    name = name.strip()
    if not name or "\x00" in name:
        raise DomainError(_("请填写名称（如：国庆节、调休上班），且不得包含空字符。"))
    row = CalendarDay.objects.select_for_update().filter(date=day).first()
    before = snapshot(row, DAY_FIELDS) if row else None
    if row is None:
        row = CalendarDay(date=day)
    row.is_workday = is_workday
    row.name = name
    row.entered_by = by.get_username()
    row.entered_at = timezone.now()
    row.save()
    record(
        DAY_SET,
        row,
        by=by,
        before=before,
        after=snapshot(row, DAY_FIELDS),
        data={"rule": "R-50", "year": day.year},
    )
    return row


@transaction.atomic
def remove_day(*, day: date, by) -> None:
    """Remove the administrator's entry: the day reverts to the library / Mon–Fri."""
    row = CalendarDay.objects.select_for_update().filter(date=day).first()
    if row is None:
        raise DomainError(
            _("%(date)s 没有管理员录入的调整，无需删除。") % {"date": day.isoformat()}
        )
    before = snapshot(row, DAY_FIELDS)
    record(
        DAY_REMOVED,
        row,
        by=by,
        before=before,
        after=None,
        data={"rule": "R-50", "year": day.year},
    )
    row.delete()


def can_mark_complete(year: int) -> Verdict:
    """A year may be declared complete when the library lacks it and at least one of its
    holidays has been entered (every year has 元旦): otherwise the R-50 warning would
    disappear while deadlines still run on a bare Mon–Fri guess."""
    problems: list[RuleViolation] = []
    if workdays.library_covers(year):
        problems.append(
            RuleViolation("R-50", _("%(year)s 年已有法定节假日数据，无需标记。") % {"year": year})
        )
    elif not CalendarDay.objects.filter(date__year=year, is_workday=False).exists():
        problems.append(
            RuleViolation(
                "R-50",
                _("%(year)s 年尚未录入任何节假日，不能标记为已完整录入。") % {"year": year},
            )
        )
    return Verdict.of(problems)


@transaction.atomic
def mark_year(*, year: int, complete: bool, by) -> CalendarYear:
    """Declare `year` completely entered (deadlines no longer flagged), or withdraw that."""
    _check_year(year)
    row, created = CalendarYear.objects.select_for_update().get_or_create(year=year)
    if complete:
        can_mark_complete(year).raise_if_refused()
    if row.is_complete == complete:
        raise DomainError(
            _("%(year)s 年已标记为已完整录入。") % {"year": year}
            if complete
            else _("%(year)s 年尚未标记为已完整录入。") % {"year": year}
        )
    before = None if created else snapshot(row, YEAR_FIELDS)
    row.is_complete = complete
    row.marked_by = by.get_username()
    row.marked_at = timezone.now()
    row.save()
    record(
        YEAR_COMPLETED if complete else YEAR_REOPENED,
        row,
        by=by,
        before=before,
        after=snapshot(row, YEAR_FIELDS),
        data={"rule": "R-50", "year": year},
    )
    return row
