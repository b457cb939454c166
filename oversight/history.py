"""Row history by PostgreSQL triggers (django-pghistory) and how a changed row is matched
to the application's audit events.

Tracking
--------
`track(Model, "ModelHistory", fields=[...])` (called in oversight/models.py — one line per
tracked model) declares an event model in this app with insert, update and delete
triggers on the tracked table. pgtrigger installs the triggers after every `migrate`
(settings: PGTRIGGER_MIGRATIONS = False, PGTRIGGER_INSTALL_ON_MIGRATE = True), so the
tracked apps get no migration of their own. The field lists are frozen on purpose: a
field another app adds later is simply not tracked (instead of breaking that app's writes
on PostgreSQL until this app has a migration for the new column); copied fields keep only
their structure (PGHISTORY_EXCLUDE_FIELD_KWARGS strips labels, choices and defaults), so
that a label changed in another app does not ask for a migration here. The history
tables are append-only (UPDATE/DELETE refused by a trigger).

Matching ("changed outside the application")
---------------------------------------------
Every write of the application calls `audit.record()` in the same database transaction
(STYLE.md). Both sides stamp that transaction with the same pair, from the database
itself, not from Python:

* each history row: `pgh_txid` = `txid_current()` (column default) and
  `pgh_created_at` = `now()` (the trigger), i.e. the transaction's id and start time;
* each audit event: `audit_eventtransaction(seq, txid, xact_at)` = the same pair,
  written by a trigger on the event table.

A history row is *explained* when at least one audit event carries its transaction's
pair. `txid_current()` is the top-level transaction id (savepoints, which record() uses,
share it); the start time guards against txids reused after a dump and restore. A change
made by hand in SQL (psql, a script, a DBA tool) has no audit event in its transaction and
is listed. The matching does not depend on clocks, request context, user ids or object
naming (a service may record its event on the case while it changes the evidence).
Limits: a write through the application that forgets to call record() is listed too —
which is the point; and a database superuser can forge both sides, which only the hash
chain and the signed checkpoints can expose.
"""

from __future__ import annotations

from dataclasses import dataclass

import pghistory
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from oversight.expressions import TxId


@dataclass(frozen=True)
class Tracked:
    model: type[models.Model]
    history: type[models.Model]
    label: str  # "cases.case": the audit object type of the tracked rows
    case_field: str | None  # attname holding the case id (None: not a case row)
    agency_field: str | None  # attname holding the agency id, when the row has one
    officer_field: str | None  # attname of the officer (its agency is the row's agency)


_tracked: list[Tracked] = []


def track(
    model: type[models.Model],
    name: str,
    *,
    fields: list[str],
    case_field: str | None = None,
    agency_field: str | None = None,
    officer_field: str | None = None,
) -> type[models.Model]:
    """Declare `name` (in oversight.models) as the trigger-written history of `model`:
    inserts, updates (of the listed fields) and deletes. Returns the event model.

    `case_field` / `agency_field` / `officer_field` name the columns (attnames) that say
    which case and agency a row belongs to (the legal office sees its own agency's)."""
    meta = model._meta
    short = meta.model_name[:12]
    history = pghistory.create_event_model(
        model,
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        fields=fields,
        model_name=name,
        app_label="oversight",
        abstract=False,
        context_field=None,
        append_only=True,
        obj_field=pghistory.ObjForeignKey(related_name="+", related_query_name="+"),
        attrs={
            "pgh_txid": models.BigIntegerField(
                _("事务号"), null=True, editable=False, db_default=TxId()
            ),
            "__str__": lambda self: f"{self.pgh_label} {self.pgh_obj_id} @ {self.pgh_created_at}",
        },
        meta={
            "verbose_name": format_lazy(_("{}变更历史"), meta.verbose_name),
            "verbose_name_plural": format_lazy(_("{}变更历史"), meta.verbose_name),
            "default_permissions": (),
            "indexes": [
                models.Index(fields=["pgh_created_at"], name=f"ovs_{short}_hist_at"),
            ],
        },
    )
    _tracked.append(
        Tracked(
            model,
            history,
            f"{meta.app_label}.{meta.model_name}",
            case_field=case_field,
            agency_field=agency_field,
            officer_field=officer_field,
        )
    )
    return history


def tracked() -> list[Tracked]:
    return list(_tracked)


def for_label(label: str) -> Tracked | None:
    return next((t for t in _tracked if t.label == label), None)
