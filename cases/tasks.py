"""Celery tasks of the cases app (thin: they call a service)."""

from __future__ import annotations

from celery import shared_task

from cases.services.clock import daily_deadline_check as _daily_deadline_check


@shared_task(name="cases.tasks.daily_deadline_check")
def daily_deadline_check() -> dict[str, int]:
    """R-35 / R-21: flag overdue cases and remind lead officers (beat: daily)."""
    return _daily_deadline_check()
