"""Django admin for the calendar rows (a developer tool: production has no admin login).

Administrators use the calendar page (`accounts:calendar`), which validates input and
records every change in the audit trail; changes made here only invalidate the cache.
"""

from __future__ import annotations

from django.contrib import admin

from core.models import CalendarDay, CalendarYear


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "is_workday", "name", "entered_by", "entered_at")
    list_filter = ("is_workday",)
    date_hierarchy = "date"
    search_fields = ("name",)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "is_complete", "marked_by", "marked_at")
