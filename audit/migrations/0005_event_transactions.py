"""Record, for every audit event, the database transaction that wrote it (PostgreSQL).

An AFTER INSERT trigger on the event table writes `(seq, txid_current(), now())` into
`audit_eventtransaction`; the application never writes that table. The row-history
triggers of oversight stamp the same pair on the rows they record, which is how a row
change is matched to the application events of its own transaction (a change made by
hand in SQL has none). The table is append-only like the event table (same function).

Also fills `ChainHead.at` from the last event (record() keeps `at` non-decreasing).
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION audit_note_transaction() RETURNS trigger AS $$
BEGIN
    INSERT INTO audit_eventtransaction (seq, txid, xact_at)
        VALUES (NEW.seq, txid_current(), now());
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_note_transaction
    AFTER INSERT ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_note_transaction();
ALTER TABLE audit_auditevent ENABLE ALWAYS TRIGGER audit_event_note_transaction;

CREATE TRIGGER audit_eventtransaction_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_eventtransaction
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_eventtransaction_no_truncate
    BEFORE TRUNCATE ON audit_eventtransaction
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
ALTER TABLE audit_eventtransaction ENABLE ALWAYS TRIGGER audit_eventtransaction_no_update_delete;
ALTER TABLE audit_eventtransaction ENABLE ALWAYS TRIGGER audit_eventtransaction_no_truncate;
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS audit_event_note_transaction ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_eventtransaction_no_update_delete ON audit_eventtransaction;
DROP TRIGGER IF EXISTS audit_eventtransaction_no_truncate ON audit_eventtransaction;
DROP FUNCTION IF EXISTS audit_note_transaction();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


def head_time(apps, schema_editor):
    ChainHead = apps.get_model("audit", "ChainHead")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    last = AuditEvent.objects.order_by("-seq").values_list("at", flat=True).first()
    if last is not None:
        ChainHead.objects.filter(pk=1).update(at=last)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_explorer_checkpoints_alerts")]
    operations = [
        migrations.RunPython(forward, backward),
        migrations.RunPython(head_time, migrations.RunPython.noop),
    ]
