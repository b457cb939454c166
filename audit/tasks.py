"""Celery tasks of the audit trail (thin: the work is in audit.verify, audit.services and
audit.checkpoints)."""

from __future__ import annotations

import logging

from celery import shared_task

from audit.services import run_verification

log = logging.getLogger(__name__)


@shared_task(name="audit.tasks.verify_chain")
def verify_chain(
    triggered_by_id: int | None = None, request_id: str = "", run_id: int | None = None
) -> int:
    """Nightly (beat) or on demand ("verify now"): verify the whole chain, store the run
    and append `audit.chain.verified`. Returns the VerificationRun id."""
    return run_verification(
        triggered_by_id=triggered_by_id, request_id=request_id, run_id=run_id
    ).pk


@shared_task(name="audit.tasks.sign_checkpoint")
def sign_checkpoint() -> int | None:
    """Daily (beat): sign the chain head. Without a configured key it logs how to set one
    and does nothing (the page shows the same instructions)."""
    from audit import checkpoints

    try:
        checkpoint = checkpoints.sign_checkpoint(actor_name=checkpoints.TASK_ACTOR)
    except checkpoints.SigningKeyError as exc:
        log.warning("audit checkpoint not signed: %s", exc)
        return None
    return checkpoint.pk
