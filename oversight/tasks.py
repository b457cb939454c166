"""Celery tasks of the legal office's oversight (thin: the work is in oversight.bundle and
oversight.scan)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="oversight.tasks.build_case_bundle")
def build_case_bundle(bundle_id: int) -> str:
    """Build one case-file ZIP (一案一卷); the page polls its progress."""
    from oversight.bundle import build_now

    return build_now(bundle_id)


@shared_task(name="oversight.tasks.scan_outside_changes")
def scan_outside_changes(full: bool = False) -> int | None:
    """List row changes that no application event explains (PostgreSQL)."""
    from oversight.scan import scan

    run = scan(full=full)
    return run.pk if run is not None else None
