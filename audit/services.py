"""audit.record: the only way to write the audit trail.

Called inside the caller's transaction, so that a state change and its event commit or
roll back together. Celery tasks and management commands pass `by=None, actor_name=
"task:…"`; nothing depends on a request being present.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from audit import chain
from audit.models import AuditEvent, ChainHead, VerificationRun
from core import context
from core.roles import primary_role


def _object_ref(obj: Any) -> tuple[str, str, str]:
    if obj is None:
        return "", "", ""
    if isinstance(obj, models.Model):
        meta = obj._meta
        return f"{meta.app_label}.{meta.model_name}", str(obj.pk), str(obj)[:255]
    return type(obj).__name__.lower(), "", str(obj)[:255]


def _case_and_agency(obj: Any) -> tuple[int | None, int | None]:
    """Case and agency ids from the object's own `audit_case_id` / `audit_agency_id`
    (models opt in by defining them) so that audit knows nothing of the domain."""
    case_id = getattr(obj, "audit_case_id", None)
    agency_id = getattr(obj, "audit_agency_id", None)
    return (
        int(case_id) if case_id is not None else None,
        int(agency_id) if agency_id is not None else None,
    )


def _locked_head() -> ChainHead:
    """Lock the chain head; recreate it from the last event if it is missing (a fresh
    database, or a test database that was flushed)."""
    try:
        return ChainHead.objects.select_for_update().get(pk=1)
    except ChainHead.DoesNotExist:
        last = AuditEvent.objects.order_by("-seq").only("seq", "hash", "at").first()
        ChainHead.objects.bulk_create(
            [
                ChainHead(
                    pk=1,
                    seq=last.seq if last else 0,
                    hash=last.hash if last else chain.GENESIS_HASH,
                    at=last.at if last else None,
                )
            ],
            ignore_conflicts=True,
        )
        return ChainHead.objects.select_for_update().get(pk=1)


def record(
    action: str,
    obj: Any = None,
    *,
    by: Any = None,
    data: dict[str, Any] | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_name: str | None = None,
    case_id: int | None = None,
    agency_id: int | None = None,
    role: str | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the current transaction.

    `action` is a namespaced code (`cases.case.filed`, see audit.actions). `by` is the
    acting user; when omitted inside a request, the request's user is taken. IP and
    request id come from the request context when there is one.
    """
    meta = context.current()
    if by is None and meta is not None and getattr(meta.user, "is_authenticated", False):
        by = meta.user
    if by is not None and not getattr(by, "is_authenticated", False):
        by = None
    obj_type, obj_id, obj_repr = _object_ref(obj)
    obj_case, obj_agency = _case_and_agency(obj)
    name = actor_name or (by.get_username() if by is not None else "system")
    with transaction.atomic():
        head = _locked_head()
        at = timezone.now()
        if head.at is not None and at < head.at:
            at = head.at  # never before the previous event: `at` grows with `seq`
        event = {
            "seq": head.seq + 1,
            "at": at,
            "actor_id": by.pk if by is not None else None,
            "actor_name": chain.clean_text(str(name))[:150],
            "role": role if role is not None else (primary_role(by) if by is not None else ""),
            "ip": chain.normalise_ip(meta.ip) if meta else None,
            "request_id": chain.clean_text(meta.request_id or "")[:64] if meta else "",
            "action": action,
            "object_type": obj_type,
            "object_id": chain.clean_text(obj_id)[:64],
            "object_repr": chain.clean_text(obj_repr)[:255],
            "case_id": case_id if case_id is not None else obj_case,
            "agency_id": agency_id if agency_id is not None else obj_agency,
            "before": chain.jsonable(before),
            "after": chain.jsonable(after),
            "data": chain.jsonable(data or {}),
            "prev_hash": head.hash,
        }
        digest = chain.event_hash(head.hash, event)
        created = AuditEvent.objects.create(hash=digest, **event)
        head.seq, head.hash, head.at = created.seq, digest, at
        head.save(update_fields=["seq", "hash", "at"])
    return created


def snapshot(obj: models.Model, fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """The named fields of a model instance, for before/after of plain edits."""
    out: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            out[name] = sorted(related.pk for related in getattr(obj, name).all())
            continue
        out[name] = (
            getattr(obj, field.attname) if field.is_relation else field.value_from_object(obj)
        )
    return chain.jsonable(out)


TASK_ACTOR = "task:audit.verify_chain"
# The run row's progress is written at most this often (seconds): the page polls it.
PROGRESS_EVERY = 0.5


def run_verification(
    *, triggered_by_id: int | None = None, request_id: str = "", run_id: int | None = None
) -> VerificationRun:
    """Verify the chain and keep the result: a `VerificationRun` row and an
    `audit.chain.verified` event whose actor is the task (not the user who asked for it,
    who is named in the event's data). A failed run alerts the audit administrators.

    The run row is committed before the (long) pass so that the explorer can show that a
    verification is under way, and `checked` is updated as the pass goes (the page polls
    it); no transaction is held open during the pass. `run_id` continues a row the view
    created when it queued the task.
    """
    import time

    from audit import alerts
    from audit.verify import verify_chain

    head_seq = ChainHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
    run = VerificationRun.objects.filter(pk=run_id, finished_at__isnull=True).first()
    if run is None:
        run = VerificationRun.objects.create(
            started_at=timezone.now(), triggered_by_id=triggered_by_id, target_seq=head_seq
        )
    else:
        run.target_seq = head_seq
        run.save(update_fields=["target_seq"])
    last_write = [0.0]

    def progress(checked: int, seq: int) -> None:
        now = time.monotonic()
        if now - last_write[0] >= PROGRESS_EVERY:
            last_write[0] = now
            VerificationRun.objects.filter(pk=run.pk).update(checked=checked)

    result = verify_chain(progress=progress)
    # The task acts for itself: a request's user, IP and id (eager runs inside the "verify
    # now" request) must not be taken as the actor; the request id is kept to correlate.
    token = context.bind(context.RequestMeta(request_id=request_id, ip=None, user=None))
    try:
        with transaction.atomic():
            run.finished_at = timezone.now()
            run.checked = result.checked
            run.ok = result.ok
            run.first_bad_seq = result.first_bad_seq
            run.reason = result.reason
            run.save(update_fields=["finished_at", "checked", "ok", "first_bad_seq", "reason"])
            record(
                "audit.chain.verified",
                run,
                by=None,
                actor_name=TASK_ACTOR,
                data={
                    "ok": result.ok,
                    "checked": result.checked,
                    "last_seq": result.last_seq,
                    "first_bad_seq": result.first_bad_seq,
                    "kind": result.kind,
                    "reason": result.reason,
                    "triggered_by_id": triggered_by_id,
                },
            )
            if not result.ok:
                alerts.chain_broken(run)
    finally:
        context.unbind(token)
    return run
