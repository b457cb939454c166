"""On PostgreSQL the audit table refuses UPDATE, DELETE and TRUNCATE (migration 0002)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from audit.models import AuditEvent
from audit.verify import verify_chain
from tests.audit.helpers import make_events, raw

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET actor_name = 'mallory' WHERE seq = 2",
        "DELETE FROM audit_auditevent WHERE seq = 2",
    ],
    ids=["update", "delete"],
)
def test_triggers_refuse_update_and_delete(sql):
    make_events(3)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(sql)
    assert AuditEvent.objects.get(seq=2).actor_name == "system"
    assert AuditEvent.objects.count() == 3


def test_trigger_refuses_truncate_unless_the_test_setting_is_on():
    make_events(3)
    with pytest.raises(DatabaseError, match="TRUNCATE on audit_auditevent refused"):
        with transaction.atomic():
            raw("SET LOCAL enforcement.audit_truncate_allowed = 'off'")
            raw("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.count() == 3


def test_orm_update_and_delete_are_refused_too():
    make_events(2)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(data={"x": "forged"})
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=1).delete()
    assert verify_chain().ok


def test_triggers_fire_even_in_replica_mode():
    """ENABLE ALWAYS: `session_replication_role = replica` does not switch them off."""
    make_events(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("SET LOCAL session_replication_role = replica")
        raw("DELETE FROM audit_auditevent")
