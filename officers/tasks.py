"""Celery tasks of the officers app: thin wrappers around services."""

from __future__ import annotations

from celery import shared_task

from officers.services.daily import daily_certificate_check as run_daily_certificate_check


@shared_task(name="officers.tasks.daily_certificate_check")
def daily_certificate_check() -> dict:
    """Daily (beat, 01:00 Asia/Shanghai): reminders, expiry, R-61 suspensions."""
    return run_daily_certificate_check()
