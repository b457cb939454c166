"""Celery tasks of documents: thin, take ids, retry on lock errors (routed to the
"documents" queue by settings.CELERY_TASK_ROUTES)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from documents import pipeline


@shared_task(
    name="documents.tasks.render_version",
    autoretry_for=(OperationalError,),
    retry_backoff=1,
    retry_backoff_max=30,
    max_retries=5,
    acks_late=True,
)
def render_version(version_id: int) -> str:
    """Render one DocumentVersion to PDF (WeasyPrint) and store it with its sha256."""
    return pipeline.render_version_now(int(version_id))
