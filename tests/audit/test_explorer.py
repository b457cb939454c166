"""The legal office's audit explorer: who may see it, filters, keyset paging without
COUNT(*), event detail with before/after, verify now."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit import selectors
from audit.models import AuditEvent, VerificationRun
from audit.services import record
from core import clock
from core.roles import Role
from tests.audit.helpers import make_events, triggers_disabled
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/audit/"


@pytest.fixture
def auditor(client):
    user = UserFactory(username="shenji", roles=[Role.AUDIT_ADMIN])
    client.force_login(user)
    return user


def _seqs(response) -> list[int]:
    return [row["event"].seq for row in response.context["rows"]]


def test_urls_are_where_the_navigation_expects_them():
    assert reverse("audit:event_list") == LIST
    assert reverse("audit:event_detail", args=[5]) == "/audit/events/5/"


@pytest.mark.parametrize(
    "role", [Role.OFFICER, Role.SUPERVISOR, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, None]
)
def test_other_roles_get_404(client, role):
    if role:
        user = UserFactory(roles=[role])
    else:  # (UserFactory without roles does not save the password it sets)
        user = get_user_model().objects.create_user("norole", password="x-Strong-123")
    client.force_login(user)
    make_events(1)
    assert client.get(LIST).status_code == 404
    assert client.get("/audit/events/1/").status_code == 404
    assert client.post("/audit/verify/").status_code == 404
    assert not VerificationRun.objects.exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_audit_admin_browses_newest_first_with_labels(client, auditor):
    make_events(3)
    response = client.get(LIST)
    assert response.status_code == 200
    body = response.content.decode()
    assert "审计日志" in body
    # force_login itself recorded a login event (seq 1) before the three test events
    assert _seqs(response) == [4, 3, 2, 1]
    assert "登录成功" in body  # the label registered by accounts
    assert 'href="/audit/"' in body  # the navigation entry now resolves


def test_keyset_paging_newer_and_older_without_count(client, auditor):
    make_events(9)  # with the login event: seq 1..10
    with CaptureQueriesContext(connection) as queries:
        first = client.get(LIST, {"size": 4})
    assert _seqs(first) == [10, 9, 8, 7]
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    assert first.context["newer_url"] is None
    older = client.get(LIST + first.context["older_url"])
    assert _seqs(older) == [6, 5, 4, 3]
    oldest = client.get(LIST + older.context["older_url"])
    assert _seqs(oldest) == [2, 1]
    assert oldest.context["older_url"] is None
    back = client.get(LIST + oldest.context["newer_url"])
    assert _seqs(back) == [6, 5, 4, 3]
    newest = client.get(LIST + back.context["newer_url"])
    assert _seqs(newest) == [10, 9, 8, 7]
    assert newest.context["newer_url"] is None


def test_paging_keeps_the_filters(client, auditor):
    for i in range(5):
        record("tests.thing.done", None, case_id=77, data={"i": i})
        record("tests.other.done", None, case_id=88)
    page = client.get(LIST, {"case": 77, "size": 2})
    assert [row["event"].case_id for row in page.context["rows"]] == [77, 77]
    assert "case=77" in page.context["older_url"]
    nxt = client.get(LIST + page.context["older_url"])
    assert {row["event"].case_id for row in nxt.context["rows"]} == {77}


def test_filters(client, auditor):
    other = UserFactory(username="zhangsan")
    record("cases.case.filed", None, by=other, case_id=5, data={"案由": "无证经营"})
    record("cases.case.closed", None, case_id=6)
    record("officers.certificate.suspended", AgencyFactory())
    assert {r["event"].action for r in client.get(LIST, {"actor": "zhangsan"}).context["rows"]} == {
        "cases.case.filed"
    }
    assert [r["event"].action for r in client.get(LIST, {"action": "cases"}).context["rows"]] == [
        "cases.case.closed",
        "cases.case.filed",
    ]
    assert [
        r["event"].action for r in client.get(LIST, {"action": "cases.case.filed"}).context["rows"]
    ] == ["cases.case.filed"]
    # a prefix matches whole segments only: "case" is not "cases"
    assert client.get(LIST, {"action": "case"}).context["rows"] == []
    assert [r["event"].case_id for r in client.get(LIST, {"case": 6}).context["rows"]] == [6]
    rows = client.get(LIST, {"object_type": "officers.agency"}).context["rows"]
    assert [r["event"].action for r in rows] == ["officers.certificate.suspended"]


def test_date_range_is_in_local_days(client, auditor):
    make_events(2)
    today = clock.today()
    assert len(client.get(LIST, {"date_from": today, "date_to": today}).context["rows"]) == 3
    yesterday = today - timedelta(days=1)
    assert client.get(LIST, {"date_to": yesterday}).context["rows"] == []
    assert client.get(LIST, {"date_from": today + timedelta(days=1)}).context["rows"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"case": "abc"},
        {"case": "99999999999999999999999"},
        {"action": "DROP TABLE"},
        {"actor": "a\x00b"},
        {"date_from": "2026-13-45"},
        {"date_from": "2026-12-05", "date_to": "2026-12-01"},
        {"object_type": "Cases"},
        {"before": "-1"},
        {"after": "1", "before": "5"},
        {"size": "100000"},
    ],
)
def test_bad_filters_give_a_clear_error_not_a_500(client, auditor, params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert "筛选条件有误" in response.content.decode()
    assert response.context["page"] is None


def test_event_detail_shows_before_and_after(client, auditor):
    event = record(
        "cases.case.updated",
        None,
        before={"案由": "无证经营", "金额": "500.00"},
        after={"案由": "超范围经营", "金额": "800.00"},
        case_id=12,
    )
    response = client.get(f"/audit/events/{event.seq}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "无证经营" in body and "超范围经营" in body and "800.00" in body
    assert event.hash in body and event.prev_hash in body
    assert client.get("/audit/events/999/").status_code == 404
    assert client.get(f"/audit/events/{2**64}/").status_code == 404


def test_verify_now_runs_the_task_and_shows_the_result(client, auditor):
    make_events(2)
    response = client.post("/audit/verify/", follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "审计链校验通过：共 3 条事件" in body
    run = VerificationRun.objects.get()
    assert run.ok and run.triggered_by == auditor
    assert response.context["last_run"] == run
    assert AuditEvent.objects.filter(
        action="audit.chain.verified", actor_name="task:audit.verify_chain"
    ).exists()
    assert client.get("/audit/verify/").status_code == 405


def test_verify_now_shows_a_broken_chain(client, auditor):
    make_events(3)
    with triggers_disabled():
        AuditEvent.objects.filter(seq=3).update(actor_name="mallory")
    body = client.post("/audit/verify/", follow=True).content.decode()
    assert "审计链校验未通过：第 3 号事件异常" in body
    assert "未通过" in body


def test_legal_office_sees_its_agencys_events_only(client, monkeypatch):
    mine, theirs = AgencyFactory(), AgencyFactory()
    user = UserFactory(username="fazhi", roles=[Role.LEGAL_OFFICE])
    client.force_login(user)
    record("cases.case.filed", None, agency_id=mine.pk)
    record("cases.case.filed", None, agency_id=theirs.pk)
    # no resolver registered yet: fail closed
    monkeypatch.setattr(selectors, "_agency_resolver", None)
    assert client.get(LIST).context["rows"] == []
    monkeypatch.setattr(
        selectors, "_agency_resolver", lambda u: [mine.pk] if u.pk == user.pk else []
    )
    rows = client.get(LIST).context["rows"]
    assert [r["event"].agency_id for r in rows] == [mine.pk]
    theirs_seq = AuditEvent.objects.get(agency_id=theirs.pk).seq
    assert client.get(f"/audit/events/{theirs_seq}/").status_code == 404
    assert "仅显示本机关的事件" in client.get(LIST).content.decode()


def test_list_is_a_constant_number_of_queries(client, auditor, django_assert_max_num_queries):
    make_events(60)
    with django_assert_max_num_queries(12):
        client.get(LIST, {"size": 50})
