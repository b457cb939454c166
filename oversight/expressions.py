"""`txid_current()` as a column default of the row-history tables (PostgreSQL).

The row-history triggers (pghistory) insert only the tracked columns and pgh_*; the
`pgh_txid` column takes its value from this default, i.e. the id of the transaction that
changed the row. The audit trail stamps the same id on its events (audit migration 0005),
so a row change is matched to the application events of its own transaction. SQLite has
no triggers and no transaction ids: the default is NULL there.
"""

from __future__ import annotations

from django.db.models import BigIntegerField, Func


class TxId(Func):
    function = "txid_current"
    template = "txid_current()"
    output_field = BigIntegerField()
    arity = 0

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []
