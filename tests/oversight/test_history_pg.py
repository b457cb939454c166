"""Row history by triggers (PostgreSQL): installed at migrate time for every tracked
table (no migration in the tracked apps), written for inserts, updates and deletes, and a
row changed in SQL outside the application is listed — and recorded in the audit chain —
while changes made through the services (which record an audit event in the same
transaction) are not."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from audit.models import AuditEvent, EventTransaction
from cases.models import Case, Evidence
from oversight import scan
from oversight.history import tracked
from oversight.models import CaseHistory, EvidenceHistory, OutsideChange
from tests.cases.factories import investigating
from tests.oversight.support import evidence

# Real commits: each service call and each hand-made SQL statement is its own transaction.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_triggers_exist_for_every_tracked_table(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE NOT t.tgisinternal AND t.tgname LIKE 'pgtrigger_%%'"
        )
        rows = cursor.fetchall()
    by_table: dict[str, set[str]] = {}
    for table, name in rows:
        by_table.setdefault(table, set()).add(name.split("_")[1])
    for t in tracked():
        assert by_table.get(t.model._meta.db_table) == {"insert", "update", "delete"}, t.label
        assert "append" in by_table.get(t.history._meta.db_table, set()), t.label
    labels = {t.label for t in tracked()}
    assert {
        "cases.case",
        "cases.evidence",
        "penalties.proposal",
        "penalties.decision",
        "penalties.payment",
        "officers.officer",
        "officers.certificate",
    } <= labels


def test_tracked_apps_need_no_migration():
    from io import StringIO

    out = StringIO()
    call_command(
        "makemigrations", "cases", "officers", "penalties", "oversight",
        "--check", "--dry-run", stdout=out,
    )  # fmt: skip
    assert "No changes detected" in out.getvalue()


def test_service_writes_are_explained_by_their_audit_events(w):
    case = investigating(w)
    item = evidence(case, w, with_file=False)
    history = CaseHistory.objects.filter(pgh_obj_id=case.pk)
    assert history.filter(pgh_label="insert").count() == 1
    assert history.filter(pgh_label="update").exists()
    row = history.order_by("-pgh_id").first()
    assert row.state == case.state and row.pgh_txid is not None
    # the same transaction pair is on the audit events
    assert EventTransaction.objects.filter(txid=row.pgh_txid, xact_at=row.pgh_created_at).exists()
    assert EvidenceHistory.objects.filter(pgh_obj_id=item.pk, pgh_label="insert").exists()
    scan.scan(full=True)
    listed = set(OutsideChange.objects.values_list("object_type", "object_id"))
    assert ("cases.case", str(case.pk)) not in listed
    assert ("cases.evidence", str(item.pk)) not in listed


def test_row_changed_in_sql_is_listed_as_outside_the_application(w):
    case = investigating(w)
    item = evidence(case, w, with_file=False)
    scan.scan(full=True)
    before = OutsideChange.objects.count()
    _sql("UPDATE cases_case SET title = %s WHERE id = %s", ["手工改的案由", case.pk])
    _sql("DELETE FROM cases_evidence_collected_by WHERE evidence_id = %s", [item.pk])
    _sql("DELETE FROM cases_evidence WHERE id = %s", [item.pk])
    run = scan.scan()
    assert run.found == 2
    changes = OutsideChange.objects.order_by("pk")[before:]
    assert [(c.object_type, c.object_id, c.operation) for c in changes] == [
        ("cases.case", str(case.pk), "update"),
        ("cases.evidence", str(item.pk), "delete"),
    ]
    assert all(c.case_id == case.pk and c.agency_id == w.agency.pk for c in changes)
    history = CaseHistory.objects.get(pk=changes[0].history_id)
    assert history.title == "手工改的案由"
    # the finding is an audit event (the explorer shows it under oversight.row)
    event = AuditEvent.objects.get(seq=changes[0].event_seq)
    assert event.action == "oversight.row.changed_outside"
    assert event.case_id == case.pk and event.agency_id == w.agency.pk
    assert event.actor_name == scan.ACTOR
    # a second pass lists nothing twice
    assert scan.scan().found == 0
    assert Case.objects.filter(pk=case.pk, title="手工改的案由").exists()
    assert not Evidence.objects.filter(pk=item.pk).exists()


def test_history_is_append_only(w):
    case = investigating(w)
    row = CaseHistory.objects.filter(pgh_obj_id=case.pk).first()
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("UPDATE oversight_casehistory SET title = 'x' WHERE pgh_id = %s", [row.pgh_id])
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("DELETE FROM oversight_casehistory WHERE pgh_id = %s", [row.pgh_id])


def test_outside_changes_page_lists_and_shows_the_change(client, w):
    from datetime import timedelta

    from django.db.models import F

    from oversight.models import HistoryScan
    from tests.factories import OfficerFactory

    case = investigating(w)
    scan.scan(full=True)
    # page loads within 10 s of a pass reuse it; this one is older
    HistoryScan.objects.update(started_at=F("started_at") - timedelta(minutes=1))
    _sql("UPDATE cases_case SET title = %s WHERE id = %s", ["手工改的案由", case.pk])
    client.force_login(w.legal)
    response = client.get("/oversight/outside-changes/")  # the page runs the scan
    rows = response.context["rows"]
    change = next(r for r in rows if r.object_type == "cases.case" and r.operation == "update")
    assert change.object_id == str(case.pk)
    detail = client.get(f"/oversight/outside-changes/{change.pk}/")
    diff = {d["name"]: d for d in detail.context["diff"]}
    assert diff["title"]["after"] == "手工改的案由" and diff["title"]["changed"]
    assert diff["title"]["before"] == case.title
    assert not diff["state"]["changed"]
    # another agency's legal office sees neither the list entry nor the detail
    other = OfficerFactory(agency=w.other_agency, user__roles=["legal_office"]).user
    client.force_login(other)
    assert change not in client.get("/oversight/outside-changes/").context["rows"]
    assert client.get(f"/oversight/outside-changes/{change.pk}/").status_code == 404
    client.force_login(w.a)
    assert client.get("/oversight/outside-changes/").status_code == 404


def test_scan_command(w):
    from io import StringIO

    out = StringIO()
    call_command("oversight_scan", "--full", stdout=out)
    assert "new outside the application" in out.getvalue()
