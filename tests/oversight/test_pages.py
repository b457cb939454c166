"""The legal office's pages: the full-process record of a case (every event from lead to
closing, documents with every version's sha256, evidence with sha256, who did what when;
reading it is audited), the oversight dashboard (overdue cases, decisions past their
service deadline, departures, fines at the statutory maximum by officer and violation),
and the home-page panel. 404 for other roles and agencies."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case, EvidenceFile
from core import clock
from core.roles import Role
from oversight.selectors import statutory_max
from tests.cases.factories import investigating
from tests.factories import OfficerFactory, UserFactory
from tests.oversight.support import evidence

pytestmark = pytest.mark.django_db


def test_url_names():
    assert reverse("oversight:dashboard") == "/oversight/"
    assert reverse("oversight:case_record", args=[3]) == "/oversight/cases/3/"


def test_case_record_shows_everything_and_is_audited(client, w):
    case = investigating(w)
    item = evidence(case, w)
    f = EvidenceFile.objects.get(evidence=item)
    client.force_login(w.legal)
    response = client.get(f"/oversight/cases/{case.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    actions = [row["event"].action for row in response.context["rows"]]
    assert actions[0] == "cases.case.registered"  # from the lead on, oldest first
    assert "cases.evidence.file_uploaded" in actions
    assert f.sha256 in body and "进货单" in body
    assert w.a.username in body  # who did what
    event = AuditEvent.objects.filter(action="oversight.case_record.viewed").get()
    assert event.actor_id == w.legal.pk and event.case_id == case.pk


def test_case_record_pages_by_seq(client, w):
    from oversight import selectors

    case = investigating(w)
    client.force_login(w.legal)
    first, _more = selectors.timeline(case)
    response = client.get(f"/oversight/cases/{case.pk}/", {"after": first[2].seq})
    assert [r["event"].seq for r in response.context["rows"]][0] == first[3].seq
    assert client.get(f"/oversight/cases/{case.pk}/", {"after": "x"}).status_code == 200


@pytest.mark.parametrize("who", ["a", "supervisor", "outsider_legal", "auditor"])
def test_record_and_dashboard_are_404_for_others(client, w, who):
    case = investigating(w)
    if who == "outsider_legal":
        user = OfficerFactory(agency=w.other_agency, user__roles=[Role.LEGAL_OFFICE]).user
    elif who == "auditor":
        user = UserFactory(roles=[Role.AUDIT_ADMIN])
    else:
        user = getattr(w, who)
    client.force_login(user)
    assert client.get(f"/oversight/cases/{case.pk}/").status_code == 404
    if who != "outsider_legal":
        assert client.get("/oversight/").status_code == 404
        assert client.get("/oversight/outside-changes/").status_code == 404
    assert not AuditEvent.objects.filter(action="oversight.case_record.viewed").exists()


def test_anonymous_goes_to_login(client):
    response = client.get("/oversight/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_dashboard_lists_overdue_cases_of_the_agency_only(client, w):
    mine = investigating(w)
    Case.objects.filter(pk=mine.pk).update(is_overdue=True, decision_due_on=clock.today())
    other = OfficerFactory(agency=w.other_agency, user__roles=[Role.LEGAL_OFFICE]).user
    client.force_login(w.legal)
    response = client.get("/oversight/")
    assert response.status_code == 200
    d = response.context["d"]
    assert d["overdue"]["count"] == 1 and d["overdue"]["rows"][0] == mine
    client.force_login(other)
    assert client.get("/oversight/").context["d"]["overdue"]["count"] == 0
    assert client.get("/oversight/", {"months": "7"}).status_code == 200  # bad period: default


def test_home_panel_for_the_legal_office(client, w):
    client.force_login(w.legal)
    body = client.get("/").content.decode()
    assert "/oversight/" in body and "法制监督看板" in body
    client.force_login(w.a)
    assert "法制监督看板" not in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("recommendation", "expected"),
    [
        ({"statutory_fine": ["1000", "10000"]}, Decimal("10000")),
        (
            {"statutory_fine": None, "fine_multiples": ["1", "5"], "fine_basis_amount": "300.00"},
            Decimal("1500"),
        ),
        ({"statutory_fine": None, "fine_multiples": None}, None),
        (None, None),
        ({"statutory_fine": ["x", "y"]}, None),
    ],
)
def test_statutory_maximum_from_the_recommendation(recommendation, expected):
    assert statutory_max(recommendation) == expected


def test_dashboard_fines_at_maximum_and_late_service(client):
    """A decision fining the statutory maximum (10,000 of 1,000–10,000) counts for its
    lead officer and its violation; unserved past its service deadline, it is listed."""
    from penalties.models import Decision
    from tests.penalties.decision_support import AFTER_PERIOD, decided, dworld

    dw = dworld()
    case, decision = decided(dw)  # 6,000 yuan, within the recommended tier
    # Reaching the maximum through the services takes an approved departure; the
    # dashboard reads the stored decision, so the amount is set directly here.
    Decision.objects.filter(pk=decision.pk).update(fine=Decimal("10000"))
    decision.refresh_from_db()
    legal = dw.w.legal
    client.force_login(legal)
    with clock.travel(decision.service_due_on + timedelta(days=1)):
        d = client.get("/oversight/").context["d"]
    fines = d["fines"]
    assert fines["decisions"] == 1 and fines["at_max"] == 1
    officer_row = fines["by_officer"][0]
    assert (officer_row.fines, officer_row.at_max, officer_row.share) == (1, 1, 100)
    assert fines["by_violation"][0].key == decision.violation_code
    assert d["service_late"]["count"] == 1 and d["service_late"]["rows"][0] == decision
    with clock.travel(AFTER_PERIOD):
        d = client.get("/oversight/").context["d"]
    assert d["service_late"]["count"] == 0
    assert case.pk
