"""The rendering service the Celery task calls: one version → PDF file, hash, state.

A version moves pending → rendering → done (or failed). The PDF is built completely in
memory before anything is written; the file is written under MEDIA_ROOT (outside the web
root), read back and checked against its sha256, and only then does the version row say
`done`. If anything fails after the file was written, the file is deleted, so no version
ever points at a partial file. Lock errors propagate so that the task retries.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import OperationalError, transaction

from audit import services as audit
from core import clock
from documents import actions, rendering
from documents.models import DocumentVersion

log = logging.getLogger(__name__)

ACTOR = "task:documents.render"


def _progress(version_id: int, percent: int) -> None:
    DocumentVersion.objects.filter(pk=version_id, state=DocumentVersion.State.RENDERING).update(
        progress=percent
    )


def _fail(version_id: int, exc: BaseException) -> None:
    log.exception("rendering document version %s failed", version_id, exc_info=exc)
    with transaction.atomic():
        version = (
            DocumentVersion.objects.select_for_update()
            .select_related("document")
            .get(pk=version_id)
        )
        if version.state == DocumentVersion.State.DONE:
            return
        version.state = DocumentVersion.State.FAILED
        version.progress = 0
        version.error = f"{type(exc).__name__}: {exc}"[:2000]
        version.save(update_fields=["state", "progress", "error"])
        audit.record(
            actions.RENDER_FAILED,
            version.document,
            by=None,
            actor_name=ACTOR,
            data={"version": version.n, "error": version.error[:500]},
        )


def render_version_now(version_id: int) -> str:
    """Render one version; returns its final state ("done", "failed") or "missing"."""
    with transaction.atomic():
        version = (
            DocumentVersion.objects.select_for_update()
            .select_related("document", "document__agency")
            .filter(pk=version_id)
            .first()
        )
        if version is None:
            return "missing"
        if version.state == DocumentVersion.State.DONE:
            return "done"
        version.state = DocumentVersion.State.RENDERING
        version.progress = 10
        version.error = ""
        version.save(update_fields=["state", "progress", "error"])

    try:
        html = rendering.render_html(version.document)
        _progress(version_id, 40)
        pdf = rendering.html_to_pdf(html)
        _progress(version_id, 80)
    except OperationalError:
        raise
    except Exception as exc:  # noqa: BLE001 - any rendering error marks the version failed
        _fail(version_id, exc)
        return "failed"

    digest = hashlib.sha256(pdf).hexdigest()
    storage = version.file.storage
    name = ""
    try:
        name = storage.save(
            version.file.field.generate_filename(version, "v.pdf"), ContentFile(pdf)
        )
        with storage.open(name, "rb") as fh:
            if hashlib.sha256(fh.read()).hexdigest() != digest:
                raise OSError(f"stored file {name} does not match its sha256")
        with transaction.atomic():
            locked = (
                DocumentVersion.objects.select_for_update()
                .select_related("document")
                .get(pk=version_id)
            )
            if locked.state == DocumentVersion.State.DONE:  # a redelivered run finished first
                storage.delete(name)
                return "done"
            locked.file.name = name
            locked.sha256 = digest
            locked.size = len(pdf)
            locked.rendered_at = clock.now()
            locked.state = DocumentVersion.State.DONE
            locked.progress = 100
            locked.error = ""
            locked.save(
                update_fields=[
                    "file",
                    "sha256",
                    "size",
                    "rendered_at",
                    "state",
                    "progress",
                    "error",
                ]
            )
            audit.record(
                actions.RENDERED,
                locked.document,
                by=None,
                actor_name=ACTOR,
                data={"version": locked.n, "sha256": digest, "size": len(pdf)},
            )
    except OperationalError:
        if name:
            storage.delete(name)
        raise
    except Exception as exc:  # noqa: BLE001
        if name:
            storage.delete(name)
        _fail(version_id, exc)
        return "failed"
    return "done"
