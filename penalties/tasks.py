"""Celery tasks of the penalties app (thin: they call a service)."""

from __future__ import annotations

from celery import shared_task

from penalties.services.execution import daily_surcharge_update as _daily_surcharge_update


@shared_task(name="penalties.tasks.daily_surcharge_update")
def daily_surcharge_update() -> dict[str, int]:
    """R-43 / R-41 (beat: daily): recompute every open decision's surcharge and amount due,
    flag cash collected on the spot and not handed in within 2 WD. Idempotent."""
    return _daily_surcharge_update()
