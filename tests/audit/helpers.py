"""Helpers for audit tests: tampering with the stored chain as a database superuser
would, bypassing the append-only triggers on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from audit.models import AuditEvent
from audit.services import record


def make_events(n: int, **kwargs) -> list[AuditEvent]:
    return [
        record("tests.thing.done", None, data={"n": i, "名称": f"事件{i}"}, **kwargs)
        for i in range(1, n + 1)
    ]


@contextmanager
def triggers_disabled() -> Iterator[None]:
    """`ALTER TABLE … DISABLE TRIGGER ALL` as superuser (PostgreSQL), re-enabled after; a
    no-op on SQLite, which has no triggers."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER ALL")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "ALTER TABLE audit_auditevent ENABLE ALWAYS TRIGGER audit_event_no_update_delete"
            )
            cursor.execute(
                "ALTER TABLE audit_auditevent ENABLE ALWAYS TRIGGER audit_event_no_truncate"
            )
            cursor.execute(
                "ALTER TABLE audit_auditevent ENABLE ALWAYS TRIGGER audit_event_note_transaction"
            )


def raw(sql: str, params: list | tuple = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


CONTENT_COLUMNS = (
    "at",
    "actor_id",
    "actor_name",
    "role",
    "ip",
    "request_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "case_id",
    "agency_id",
    "before",
    "after",
    "data",
    "prev_hash",
    "hash",
)


def swap_contents(seq_a: int, seq_b: int) -> None:
    """Exchange everything but the sequence number (and id) of two events: the two rows
    trade places in the chain."""
    a = AuditEvent.objects.get(seq=seq_a)
    b = AuditEvent.objects.get(seq=seq_b)
    with triggers_disabled():
        for target, source in ((a, b), (b, a)):
            values = {c: getattr(source, c) for c in CONTENT_COLUMNS}
            # .update() sends one UPDATE; it bypasses nothing else.
            AuditEvent.objects.filter(pk=target.pk).update(**values)


def rewrite_chain_from(seq: int) -> None:
    """What a forger with database access does after editing event `seq`: recompute
    every following link and hash, and move the chain head, so that the chain is
    consistent again (a plain verification passes; only a signed checkpoint notices)."""
    from audit import chain
    from audit.models import ChainHead
    from audit.verify import _COLUMNS

    prev = (
        AuditEvent.objects.filter(seq=seq - 1).values_list("hash", flat=True).first()
        or chain.GENESIS_HASH
    )
    with triggers_disabled():
        for row in AuditEvent.objects.filter(seq__gte=seq).order_by("seq").values(*_COLUMNS):
            row["prev_hash"] = prev
            digest = chain.event_hash(prev, row)
            AuditEvent.objects.filter(seq=row["seq"]).update(prev_hash=prev, hash=digest)
            prev = digest
        last = AuditEvent.objects.order_by("-seq").first()
        ChainHead.objects.filter(pk=1).update(seq=last.seq if last else 0, hash=prev)
