"""The administrator's part of the working-day calendar (R-50).

chinese-calendar knows the official holidays and make-up working days (调休) only for the
years its release covers (2004–2026 in 1.11.0). For later years — and to correct the
library — the administrator enters single days (`CalendarDay`, which win over the library)
and marks a year as entered completely (`CalendarYear`), after which deadlines in that year
are no longer flagged as computed on the Mon–Fri fallback. `core.workdays` reads both;
these rows change a handful of times a year, so it caches them (see its module docstring).

Core sits below audit: the writes that also record audit events live in
`accounts.calendar_services`.
"""

from __future__ import annotations

from django.db import models
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """One day whose status the administrator fixed: a holiday (放假) on a weekday, or a
    make-up working day (调休上班) on a weekend — or any correction of the library."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    name = models.CharField(_("名称"), max_length=50, help_text=_("如：国庆节、调休上班"))
    entered_by = models.CharField(_("录入人"), max_length=150, blank=True)
    # Bookkeeping time (real time, like the audit trail), not a rule date.
    entered_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    class Meta:
        verbose_name = _("工作日历调整")
        verbose_name_plural = _("工作日历调整")
        ordering = ["date"]

    def __str__(self) -> str:
        kind = _("工作日") if self.is_workday else _("休息日")
        return f"{self.date.isoformat()} {self.name}（{kind}）"


class CalendarYear(models.Model):
    """The administrator's statement that every holiday and make-up day of `year` has
    been entered, so the year counts as covered (R-50) even without library data."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    is_complete = models.BooleanField(_("已完整录入"), default=False)
    marked_by = models.CharField(_("标记人"), max_length=150, blank=True)
    marked_at = models.DateTimeField(_("标记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("工作日历年度")
        verbose_name_plural = _("工作日历年度")
        ordering = ["year"]

    def __str__(self) -> str:
        state = _("已完整录入") if self.is_complete else _("未完整录入")
        return f"{self.year}（{state}）"


@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
@receiver(post_save, sender=CalendarYear)
@receiver(post_delete, sender=CalendarYear)
def _calendar_changed(sender, **kwargs) -> None:
    """Any change to the administrator's calendar invalidates every process's cache."""
    from core import workdays

    workdays.invalidate()


@receiver(post_migrate)
def _tables_reset(sender, **kwargs) -> None:
    """After migrate or a test flush the rows may be gone without delete signals."""
    from core import workdays

    workdays.reset_cache()
