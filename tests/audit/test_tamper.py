"""A database superuser who disables the triggers (PostgreSQL) — or anybody with the
SQLite file — and edits, deletes, reorders or truncates rows is caught by verify_chain and
`manage.py verify_audit`, which name the first bad sequence number. Runs on both
databases; on PostgreSQL with `ALTER TABLE … DISABLE TRIGGER ALL` first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command, execute_from_command_line
from django.db.models import F

from audit.models import AuditEvent, ChainHead
from audit.services import record
from audit.verify import BEYOND_HEAD, DELETED, EDITED, HEAD_MISMATCH, REORDERED, verify_chain
from tests.audit.helpers import make_events, swap_contents, triggers_disabled

pytestmark = pytest.mark.django_db


def _tamper(seq: int, **values) -> None:
    with triggers_disabled():
        AuditEvent.objects.filter(seq=seq).update(**values)


def test_edited_row_is_named():
    make_events(6)
    _tamper(4, data={"n": 999})
    result = verify_chain()
    assert not result.ok
    assert (result.first_bad_seq, result.kind) == (4, EDITED)
    assert result.checked == 3
    assert result.reason.startswith("edited:")


@pytest.mark.parametrize(
    "change",
    [
        {"at": F("at") - timedelta(days=1)},
        {"actor_name": "mallory"},
        {"ip": "10.9.9.9"},
        {"case_id": 42},
        {"after": {"状态": "已结案"}},
        {"action": "tests.thing.undone"},
    ],
    ids=["time", "actor", "ip", "case", "after", "action"],
)
def test_every_hashed_column_is_covered(change):
    make_events(3)
    _tamper(2, **change)
    result = verify_chain()
    assert (result.ok, result.first_bad_seq, result.kind) == (False, 2, EDITED)


def test_deleted_middle_row_is_named():
    make_events(6)
    with triggers_disabled():
        AuditEvent.objects.filter(seq=3).delete()
    result = verify_chain()
    assert (result.ok, result.first_bad_seq, result.kind) == (False, 3, DELETED)
    assert "第 3 号事件缺失" in result.reason


def test_reordered_rows_are_named():
    make_events(6)
    swap_contents(3, 4)
    result = verify_chain()
    assert (result.ok, result.first_bad_seq, result.kind) == (False, 3, REORDERED)


def test_renumbered_rows_are_named():
    """Swapping the sequence numbers of two rows (the whole rows trade places)."""
    make_events(6)
    with triggers_disabled():
        AuditEvent.objects.filter(seq__in=[2, 5]).update(seq=-F("seq"))
        AuditEvent.objects.filter(seq=-2).update(seq=5)
        AuditEvent.objects.filter(seq=-5).update(seq=2)
    result = verify_chain()
    assert (result.ok, result.first_bad_seq, result.kind) == (False, 2, REORDERED)


def test_deleted_tail_is_a_head_mismatch():
    make_events(6)
    with triggers_disabled():
        AuditEvent.objects.filter(seq__gte=5).delete()
    result = verify_chain()
    assert (result.ok, result.first_bad_seq, result.kind) == (False, 5, HEAD_MISMATCH)
    assert "链头为第 6 号，但最后一条事件为第 4 号" in result.reason


def test_deleted_tail_with_head_rewound_is_still_caught_when_the_head_hash_differs():
    make_events(4)
    ChainHead.objects.filter(pk=1).update(seq=3)  # the head row is not append-only
    result = verify_chain()
    assert not result.ok and result.kind == HEAD_MISMATCH and result.first_bad_seq == 3


def test_event_slipped_in_past_the_head_is_named():
    events = make_events(3)
    head = ChainHead.objects.get(pk=1)
    ChainHead.objects.filter(pk=1).update(seq=2, hash=events[1].hash)
    result = verify_chain()
    assert (result.ok, result.first_bad_seq, result.kind) == (False, 3, BEYOND_HEAD)
    ChainHead.objects.filter(pk=1).update(seq=head.seq, hash=head.hash)
    assert verify_chain().ok


def test_start_seq_checks_from_there_and_reports_progress():
    make_events(10)
    seen = []
    result = verify_chain(
        start_seq=4, progress=lambda checked, seq: seen.append((checked, seq)), chunk_size=3
    )
    assert result.ok and result.checked == 7 and result.last_seq == 10
    assert seen == [(3, 6), (6, 9), (7, 10)]
    _tamper(2, data={"x": 1})
    assert verify_chain(start_seq=4).ok  # event 2 is before the start
    assert verify_chain().first_bad_seq == 2


def test_chain_still_grows_after_tampering_and_stays_broken():
    make_events(3)
    _tamper(2, data={"x": 1})
    record("tests.thing.done", None)
    result = verify_chain()
    assert (result.first_bad_seq, result.kind) == (2, EDITED)


def test_empty_chain_is_ok():
    assert verify_chain().ok
    assert verify_chain().checked == 0


def test_verify_audit_command_ok(capsys):
    make_events(4)
    call_command("verify_audit")
    assert capsys.readouterr().out.strip() == "OK: 4 events"


def test_verify_audit_command_exits_non_zero_naming_the_seq(capsys):
    make_events(5)
    _tamper(2, actor_name="mallory")
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "verify_audit"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "FAILED at seq 2 (edited)" in err
    assert "after 1 good events" in err


def test_verify_audit_command_names_a_deleted_row(capsys):
    make_events(5)
    with triggers_disabled():
        AuditEvent.objects.filter(seq=3).delete()
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "verify_audit"])
    assert exit_info.value.code == 2
    assert "FAILED at seq 3 (deleted)" in capsys.readouterr().err
