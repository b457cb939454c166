"""The outside-change scan: history rows whose transaction recorded no audit event
(matching explained in oversight/history.py) become `OutsideChange` rows, each also an
audit event `oversight.row.changed_outside`, so that the finding itself is in the chain
and shows in the audit explorer (filter `oversight.row`).

Incremental: each pass reads the history rows stamped since the previous pass started,
minus a margin of `LAG` (a row becomes visible when its transaction commits, and it is
stamped with the transaction's start time; transactions longer than LAG are not expected
in this application). Already listed rows are skipped, so passes may overlap freely.
PostgreSQL only (SQLite records no history).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from audit.models import EventTransaction
from audit.services import record
from cases.models import Case
from core import context
from officers.models import Officer
from oversight.history import Tracked, tracked
from oversight.models import HistoryScan, OutsideChange

LAG = timedelta(hours=2)
BATCH = 2000
ACTOR = "task:oversight.scan_outside_changes"
CHANGED_OUTSIDE = "oversight.row.changed_outside"


def supported() -> bool:
    return connection.vendor == "postgresql"


def unexplained(t: Tracked, since=None):
    """History rows of `t` without an audit event in their transaction, not yet listed."""
    history = t.history
    qs = history.objects.all()
    if since is not None:
        qs = qs.filter(pgh_created_at__gte=since)
    label = history._meta.label_lower
    return (
        qs.alias(
            explained=Exists(
                EventTransaction.objects.filter(
                    txid=OuterRef("pgh_txid"), xact_at=OuterRef("pgh_created_at")
                )
            ),
            listed=Exists(
                OutsideChange.objects.filter(history_model=label, history_id=OuterRef("pgh_id"))
            ),
        )
        .filter(explained=False, listed=False)
        .order_by("pgh_id")
    )


def _agencies(t: Tracked, rows: list[dict]) -> dict[int, tuple[int | None, int | None]]:
    """pgh_id -> (case id, agency id) for a batch of history rows."""
    out: dict[int, tuple[int | None, int | None]] = {}
    case_ids = {r[t.case_field] for r in rows if t.case_field and r.get(t.case_field)}
    officer_ids = {r[t.officer_field] for r in rows if t.officer_field and r.get(t.officer_field)}
    case_agency = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "agency_id"))
    officer_agency = dict(Officer.objects.filter(pk__in=officer_ids).values_list("pk", "agency_id"))
    for r in rows:
        case_id = r.get(t.case_field) if t.case_field else None
        if t.agency_field:
            agency_id = r.get(t.agency_field)
        elif t.case_field:
            agency_id = case_agency.get(case_id)
        elif t.officer_field:
            agency_id = officer_agency.get(r.get(t.officer_field))
        else:
            agency_id = None
        out[r["pgh_id"]] = (case_id, agency_id)
    return out


def recent(seconds: int = 10) -> HistoryScan | None:
    """The last pass if it started less than `seconds` ago (page loads skip a new one)."""
    return HistoryScan.objects.filter(
        started_at__gte=timezone.now() - timedelta(seconds=seconds)
    ).first()


def scan(*, full: bool = False) -> HistoryScan | None:
    """One pass; returns the HistoryScan (None on SQLite). The scan is its own actor, also
    when a page load runs it inside a user's request."""
    if not supported():
        return None
    token = context.bind(context.RequestMeta(request_id="", ip=None, user=None))
    try:
        return _scan(full=full)
    finally:
        context.unbind(token)


def _scan(*, full: bool) -> HistoryScan:
    last = HistoryScan.objects.filter(finished_at__isnull=False).first()
    since = None if full or last is None else last.started_at - LAG
    run = HistoryScan.objects.create(started_at=timezone.now(), since=since)
    found = checked = 0
    for t in tracked():
        label = t.history._meta.label_lower
        base = t.history.objects.all()
        if since is not None:
            base = base.filter(pgh_created_at__gte=since)
        checked += base.count()
        columns = {"pgh_id", "pgh_obj_id", "pgh_label", "pgh_created_at", "pgh_txid"}
        columns |= {c for c in (t.case_field, t.agency_field, t.officer_field) if c}
        while True:
            rows = list(unexplained(t, since).values(*sorted(columns))[:BATCH])
            if not rows:
                break
            where = _agencies(t, rows)
            now = timezone.now()
            with transaction.atomic():
                for row in rows:
                    case_id, agency_id = where[row["pgh_id"]]
                    change, made = OutsideChange.objects.get_or_create(
                        history_model=label,
                        history_id=row["pgh_id"],
                        defaults={
                            "object_type": t.label,
                            "object_id": str(row["pgh_obj_id"]),
                            "operation": row["pgh_label"],
                            "changed_at": row["pgh_created_at"],
                            "txid": row["pgh_txid"],
                            "case_id": case_id,
                            "agency_id": agency_id,
                            "detected_at": now,
                        },
                    )
                    if not made:
                        continue
                    event = record(
                        CHANGED_OUTSIDE,
                        change,
                        by=None,
                        actor_name=ACTOR,
                        data={
                            "object_type": t.label,
                            "object_id": change.object_id,
                            "operation": change.operation,
                            "changed_at": change.changed_at,
                            "txid": change.txid,
                            "history": f"{label}#{change.history_id}",
                        },
                    )
                    OutsideChange.objects.filter(pk=change.pk).update(event_seq=event.seq)
                    found += 1
            if len(rows) < BATCH:
                break
    run.finished_at = timezone.now()
    run.checked, run.found = checked, found
    run.save(update_fields=["finished_at", "checked", "found"])
    return run
