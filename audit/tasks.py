"""Celery tasks of the audit trail (thin: the work is in audit.verify and audit.services)."""

from __future__ import annotations

from celery import shared_task

from audit.services import run_verification


@shared_task(name="audit.tasks.verify_chain")
def verify_chain(triggered_by_id: int | None = None, request_id: str = "") -> int:
    """Nightly (beat) or on demand ("verify now"): verify the whole chain, store the run
    and append `audit.chain.verified`. Returns the VerificationRun id."""
    return run_verification(triggered_by_id=triggered_by_id, request_id=request_id).pk
