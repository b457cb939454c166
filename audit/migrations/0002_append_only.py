"""Make the audit table append-only on PostgreSQL, and create the chain head.

Triggers refuse UPDATE and DELETE always, and TRUNCATE unless the database carries the
setting `enforcement.audit_truncate_allowed = on` — which only throw-away test databases
set (their flush between tests truncates every table). `ENABLE ALWAYS` keeps the triggers
firing even for sessions in replica mode. A superuser can still disable them; the hash
chain exists for that case (verify_audit).
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE'
       AND coalesce(current_setting('enforcement.audit_truncate_allowed', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
ALTER TABLE audit_auditevent ENABLE ALWAYS TRIGGER audit_event_no_update_delete;
ALTER TABLE audit_auditevent ENABLE ALWAYS TRIGGER audit_event_no_truncate;
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS audit_event_no_update_delete ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_refuse_change();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


def create_head(apps, schema_editor):
    ChainHead = apps.get_model("audit", "ChainHead")
    ChainHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": "0" * 64})


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [
        migrations.RunPython(forward, backward),
        migrations.RunPython(create_head, migrations.RunPython.noop),
    ]
