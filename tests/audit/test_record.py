"""audit.record: gap-free, linked, in the caller's transaction; values survive the trip
through the database so that the chain verifies (run on SQLite and on PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from audit import chain
from audit.models import AuditEvent, ChainHead
from audit.services import record, snapshot
from audit.verify import verify_chain
from core.context import RequestMeta, bind, unbind
from core.roles import Role
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_record_writes_gap_free_linked_sequence():
    events = [record("tests.thing.done", None, data={"i": i}) for i in range(5)]
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == chain.GENESIS_HASH
    for prev, cur in zip(events, events[1:], strict=False):
        assert cur.prev_hash == prev.hash
    head = ChainHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (5, events[-1].hash)
    assert verify_chain().ok


def test_event_rolls_back_with_the_callers_transaction():
    record("tests.thing.before", None)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        record("tests.thing.doomed", None, data={"x": 1})
        raise Boom

    assert not AuditEvent.objects.filter(action="tests.thing.doomed").exists()
    assert ChainHead.objects.get(pk=1).seq == 1  # the head rolled back too: no gap
    after = record("tests.thing.after", None)
    assert after.seq == 2
    result = verify_chain()
    assert result.ok and result.checked == 2


def test_actor_role_and_object_are_recorded():
    user = UserFactory(username="li.fa", roles=[Role.LEGAL_OFFICE])
    agency = AgencyFactory()
    event = record("tests.agency.viewed", agency, by=user, agency_id=agency.pk)
    assert event.actor_id == user.pk
    assert event.actor_name == "li.fa"
    assert event.role == "legal_office"
    assert event.object_type == "officers.agency"
    assert event.object_id == str(agency.pk)
    assert event.object_repr == str(agency)
    assert event.agency_id == agency.pk


def test_task_actor_and_request_context():
    task_event = record("tests.task.ran", None, by=None, actor_name="task:tests.nightly")
    assert task_event.actor_id is None and task_event.actor_name == "task:tests.nightly"

    user = UserFactory(username="wang")
    token = bind(RequestMeta(request_id="req-0001-abcd", ip="::FFFF:10.0.0.7", user=user))
    try:
        event = record("tests.thing.done", None)
    finally:
        unbind(token)
    assert event.actor_id == user.pk  # taken from the request when `by` is omitted
    assert event.request_id == "req-0001-abcd"
    stored = AuditEvent.objects.get(pk=event.pk)
    assert chain.normalise_ip(stored.ip) == chain.normalise_ip("::ffff:10.0.0.7")
    assert verify_chain().ok


def test_garbage_ip_is_dropped_not_fatal():
    token = bind(RequestMeta(request_id="req-0002-abcd", ip="unknown, 1.2.3.4"))
    try:
        event = record("tests.thing.done", None)
    finally:
        unbind(token)
    assert event.ip is None


def test_chain_verifies_with_chinese_decimals_dates_and_nesting():
    """Ordinary writes on either database: the stored row recomputes to its hash."""
    shanghai = ZoneInfo("Asia/Shanghai")
    payloads = [
        {"当事人": "某某食品有限公司", "金额": Decimal("12345.60"), "期限": date(2026, 12, 4)},
        {"嵌套": {"层级": {"列表": [1, 2.5, "三", None, True, {"四": Decimal("4.0")}]}}},
        {"时间": datetime(2026, 11, 27, 16, 30, 15, 250, tzinfo=shanghai), "空": {}},
        {"浮点": [0.1, 1e16, 1.5e300, 1e-7, -2.0], "大整数": 2**70, "零": 0},
        {"引号": 'a"b\\c\n\t', "表情": "😀", "NUL": "x\x00y", "": "empty key"},
    ]
    for i, data in enumerate(payloads):
        record("tests.thing.done", None, data=data, before={"i": i}, after={"i": i + 1})
    record("tests.thing.done", None, before=None, after=None)
    result = verify_chain()
    assert result.ok, result.reason
    assert result.checked == 6
    stored = AuditEvent.objects.get(seq=1).data
    assert stored == {"当事人": "某某食品有限公司", "金额": "12345.60", "期限": "2026-12-04"}


def test_long_and_nul_text_fits_the_columns():
    event = record("tests.thing.done", None, actor_name="名" * 400)
    assert len(event.actor_name) == 150
    assert verify_chain().ok


def test_snapshot_gives_jsonable_fields():
    agency = AgencyFactory(name="测试市市场监督管理局")
    snap = snapshot(agency, ["name", "kind"])
    assert snap == {"name": "测试市市场监督管理局", "kind": agency.kind}


def test_head_is_recreated_when_missing():
    """A flushed test database has no head row: record() rebuilds it from the last event."""
    first = record("tests.thing.done", None)
    ChainHead.objects.all().delete()
    second = record("tests.thing.done", None)
    assert second.seq == 2 and second.prev_hash == first.hash
    assert verify_chain().ok
