"""The explorer's filters at scale: role, agency, action app/object prefix, object, time
range (a seq window), CSV export (itself audited); on PostgreSQL every filter is served
by an index that ends in seq (the plan is checked with sequential scans and sorts off)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from audit import selectors
from audit.models import AuditEvent, ChainHead
from audit.services import record
from core.roles import Role
from tests.audit.helpers import triggers_disabled
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _seqs(**filters) -> list[int]:
    return [e.seq for e in selectors.filter_events(**filters).events]


@pytest.fixture
def events():
    lo = UserFactory(username="fazhi", roles=[Role.LEGAL_OFFICE])
    off = UserFactory(username="zhifa", roles=[Role.OFFICER])
    record("cases.case.filed", None, by=off, agency_id=1, case_id=10)  # 1
    record("cases.casefile.made", None, by=off, agency_id=1, case_id=10)  # 2
    record("cases.case.viewed", None, by=lo, agency_id=2, case_id=11)  # 3
    record("casesx.thing.done", None, by=off, agency_id=2)  # 4
    record("officers.certificate.suspended", None, by=lo, agency_id=1)  # 5
    record("cases.case.filed", None, by=off, agency_id=1, case_id=12)  # 6
    return lo, off


def test_action_prefix_by_app_object_and_code(events):
    assert _seqs(action_prefix="cases") == [6, 3, 2, 1]
    assert _seqs(action_prefix="cases.") == [6, 3, 2, 1]
    assert _seqs(action_prefix="cases.case") == [6, 3, 1]
    assert _seqs(action_prefix="cases.case.filed") == [6, 1]
    assert _seqs(action_prefix="cases.case.file") == []
    assert _seqs(action_prefix="case") == []
    assert _seqs(action_prefix="officers.certificate") == [5]


def test_role_agency_and_object_filters(events):
    assert _seqs(role=Role.LEGAL_OFFICE) == [5, 3]
    assert _seqs(agency_id=2) == [4, 3]
    assert _seqs(case_id=10) == [2, 1]
    assert _seqs(actor="zhifa", agency_id=1) == [6, 2, 1]


def test_object_type_and_id(db):
    user = UserFactory(roles=[Role.AUDIT_ADMIN])
    record("accounts.user.updated", user, by=user)
    other = UserFactory()
    record("accounts.user.updated", other, by=user)
    assert _seqs(object_type="auth.user") == [2, 1]
    assert _seqs(object_type="auth.user", object_id=str(user.pk)) == [1]


def _stamp(seq: int, at: datetime) -> None:
    with triggers_disabled():
        AuditEvent.objects.filter(seq=seq).update(at=at)


def test_date_range_is_a_seq_window(db):
    for _ in range(6):
        record("tests.thing.done", None)
    base = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
    for seq, day in zip(range(1, 7), (0, 0, 1, 2, 2, 5), strict=True):
        _stamp(seq, base + timedelta(days=day))
    assert _seqs(date_from=date(2026, 3, 2), date_to=date(2026, 3, 3)) == [5, 4, 3]
    assert _seqs(date_from=date(2026, 3, 3)) == [6, 5, 4]
    assert _seqs(date_to=date(2026, 3, 1)) == [2, 1]
    assert _seqs(date_from=date(2026, 3, 4), date_to=date(2026, 3, 5)) == []
    assert _seqs(date_from=date(2027, 1, 1)) == []


def test_event_time_never_goes_back(db):
    """A wall clock stepped back does not stamp an event before its predecessor, so a
    time range stays a seq range."""
    record("tests.thing.done", None)
    future = timezone.now() + timedelta(hours=3)
    ChainHead.objects.filter(pk=1).update(at=future)
    event = record("tests.thing.done", None)
    assert event.at == future
    assert ChainHead.objects.get().at == future


def test_form_fields_and_bad_input(client):
    client.force_login(UserFactory(roles=[Role.AUDIT_ADMIN]))
    event = record("cases.case.filed", None, agency_id=3)
    response = client.get("/audit/", {"role": "nobody"})
    assert response.status_code == 200 and response.context["page"] is None
    response = client.get("/audit/", {"object_id": "7"})
    assert "请同时填写对象类型" in response.content.decode()
    response = client.get("/audit/", {"agency": "x"})
    assert response.status_code == 200 and response.context["page"] is None
    response = client.get("/audit/", {"actor": "a\x00b"})
    assert response.status_code == 200 and response.context["page"] is None
    response = client.get("/audit/", {"agency": "3", "action": "cases"})
    assert [r["event"].seq for r in response.context["rows"]] == [event.seq]


def test_csv_export_is_filtered_and_audited(client):
    user = UserFactory(roles=[Role.AUDIT_ADMIN])
    client.force_login(user)
    first = record("cases.case.filed", None, case_id=5, data={"名称": "甲"})
    record("cases.case.filed", None, case_id=6)
    response = client.get("/audit/export.csv", {"case": "5"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["seq", "at", "actor_id"]
    assert [r[0] for r in rows[1:]] == [str(first.seq)]
    assert '"名称": "甲"' in rows[1][rows[0].index("data")]
    event = AuditEvent.objects.get(action="audit.events.exported")
    assert event.actor_id == user.pk and event.data["filters"] == {"case_id": 5}
    # bad filters: nothing exported, nothing recorded
    before = AuditEvent.objects.count()
    assert client.get("/audit/export.csv", {"case": "x"}).status_code == 302
    assert AuditEvent.objects.count() == before


def test_csv_export_is_404_for_other_roles(client):
    client.force_login(UserFactory(roles=[Role.OFFICER]))
    assert client.get("/audit/export.csv").status_code == 404
    assert not AuditEvent.objects.filter(action="audit.events.exported").exists()


def test_legal_office_exports_its_agency_only(client):
    from tests.factories import AgencyFactory, OfficerFactory

    agency = AgencyFactory()
    user = OfficerFactory(agency=agency, user__roles=[Role.LEGAL_OFFICE]).user
    client.force_login(user)
    mine = record("cases.case.filed", None, agency_id=agency.pk)
    record("cases.case.filed", None, agency_id=agency.pk + 1000)
    text = b"".join(client.get("/audit/export.csv").streaming_content).decode("utf-8-sig")
    seqs = [r[0] for r in list(csv.reader(io.StringIO(text)))[1:]]
    assert str(mine.seq) in seqs
    assert set(seqs) == {
        str(s) for s in AuditEvent.objects.filter(agency_id=agency.pk).values_list("seq", flat=True)
    }
    assert AuditEvent.objects.get(action="audit.events.exported").agency_id == agency.pk


# --- PostgreSQL plans -----------------------------------------------------------------------
FILTER_INDEX = [
    ({"case_id": 5}, "audit_case_seq"),
    ({"actor": "zhifa"}, "audit_actor_name_seq"),
    ({"role": "officer"}, "audit_role_seq"),
    ({"agency_id": 1}, "audit_agency_seq"),
    ({"action_prefix": "cases"}, "audit_action_app_seq"),
    ({"action_prefix": "cases.case"}, "audit_action_obj_seq"),
    ({"action_prefix": "cases.case.filed"}, "audit_action_seq"),
    ({"object_type": "cases.case"}, "audit_objtype_seq"),
    ({"object_type": "cases.case", "object_id": "5"}, "audit_obj"),  # either object index
]


@pytest.mark.postgres
@pytest.mark.parametrize(("filters", "index"), FILTER_INDEX, ids=[i for _, i in FILTER_INDEX])
def test_every_filter_walks_an_index_ending_in_seq(db, filters, index):
    record("cases.case.filed", None, case_id=5)
    qs = selectors.apply_filters(**filters).order_by("-seq")[:51]
    sql, params = qs.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan
    assert "Sort" not in plan, plan
