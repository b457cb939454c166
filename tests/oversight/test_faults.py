"""Fault reviews from a case (R-62): the legal office opens a review against officers of
the case, records the finding and sanction through the officers' services — a wrongful
case suspends the officer at once, the officer's file shows the fault — and closes the
review when every officer has a finding. Others get 404; bad input changes nothing."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from core import clock
from core.roles import Role
from officers.models import Fault, Officer
from oversight.models import FaultFinding, FaultReview
from tests.cases.factories import investigating
from tests.factories import OfficerFactory, UserFactory
from tests.oversight.conftest import START

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(w):
    with clock.travel(START):
        yield investigating(w)


def _open(client, w, case, officers, grounds="复议机关撤销本案处罚决定，需审查是否构成错案"):
    client.force_login(w.legal)
    return client.post(
        f"/oversight/cases/{case.pk}/faults/new/",
        {"officers": [o.pk for o in officers], "grounds": grounds},
    )


def test_case_page_shows_the_legal_offices_card_only_to_it(client, w, case):
    client.force_login(w.legal)
    body = client.get(f"/cases/{case.pk}/").content.decode()
    assert "法制监督" in body and f"/oversight/cases/{case.pk}/faults/new/" in body
    client.force_login(w.a)
    body = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/oversight/cases/{case.pk}/faults/new/" not in body


def test_r62_wrongful_case_suspends_the_officer_at_once(client, w, case):
    a, b = w.a.officer, w.b.officer
    response = _open(client, w, case, [a, b])
    review = FaultReview.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/oversight/faults/{review.pk}/"
    assert set(review.officers.all()) == {a, b}
    opened = AuditEvent.objects.get(action="oversight.fault_review.opened")
    assert opened.case_id == case.pk and opened.data["rule"] == "R-62"

    response = client.post(
        f"/oversight/faults/{review.pk}/finding/",
        {
            "officer": a.pk,
            "outcome": "fault",
            "kind": Fault.Kind.WRONGFUL_CASE,
            "occurred_on": "2026-08-20",
            "finding": "未查明违法事实即作出处罚，构成错案",
            "sanction": "暂停执法资格，调离执法岗位",
        },
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.status == Officer.Status.SUSPENDED  # at once
    fault = Fault.objects.get(officer=a)
    assert fault.kind == Fault.Kind.WRONGFUL_CASE and fault.case_reference == case.number
    assert fault.sanction == "暂停执法资格，调离执法岗位"
    finding = FaultFinding.objects.get(officer=a)
    assert finding.fault == fault and finding.outcome == "fault"
    assert AuditEvent.objects.filter(
        action="officers.officer.suspended", object_id=str(a.pk)
    ).exists()
    assert (
        AuditEvent.objects.get(action="oversight.fault_review.finding_recorded").case_id == case.pk
    )
    # the officer's file shows the fault
    body = client.get(f"/officers/{a.pk}/").content.decode()
    assert "未查明违法事实即作出处罚" in body

    # not closable while b has no finding
    page = client.get(f"/oversight/faults/{review.pk}/").content.decode()
    assert "尚未记录对" in page and b.name in page
    response = client.post(f"/oversight/faults/{review.pk}/close/", {"conclusion": "办结"})
    assert response.status_code == 400
    assert FaultReview.objects.get().status == FaultReview.Status.OPEN

    client.post(
        f"/oversight/faults/{review.pk}/finding/",
        {"officer": b.pk, "outcome": "cleared", "note": "仅协助调查，未参与决定"},
    )
    b.refresh_from_db()
    assert b.status == Officer.Status.ON_POST and not Fault.objects.filter(officer=b).exists()
    response = client.post(
        f"/oversight/faults/{review.pk}/close/", {"conclusion": "认定主办人员错案，协办人员无过错"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == FaultReview.Status.CLOSED and review.closed_by == w.legal
    assert AuditEvent.objects.filter(
        action="oversight.fault_review.closed", case_id=case.pk
    ).exists()


def test_r62_two_faults_in_twelve_months_flag_the_officer(client, w, case):
    a = w.a.officer
    for day in ("2026-03-01", "2026-08-01"):
        _open(client, w, case, [a])
        review = FaultReview.objects.latest("pk")
        client.post(
            f"/oversight/faults/{review.pk}/finding/",
            {
                "officer": a.pk,
                "outcome": "fault",
                "kind": Fault.Kind.ORDINARY,
                "occurred_on": day,
                "finding": "文书送达不规范",
            },
        )
    a.refresh_from_db()
    assert a.flagged_for_review and a.status == Officer.Status.ON_POST


def test_only_officers_of_the_case_can_be_reviewed(client, w, case):
    stranger = OfficerFactory(agency=w.agency)
    response = _open(client, w, case, [stranger])
    assert response.status_code == 200
    assert "有效的选项" in response.content.decode()  # not one of the case's officers
    assert not FaultReview.objects.exists()
    from oversight import faults

    with pytest.raises(Exception, match="未承办本案"):
        faults.open_review(case, by=w.legal, officers=[stranger], grounds="x")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"outcome": "fault"}, "请选择过错类型"),
        ({"outcome": "fault", "kind": "wrongful"}, "请填写过错发生日期"),
        ({"outcome": "fault", "kind": "wrongful", "occurred_on": "2026-08-01"}, "请填写认定事实"),
        (
            {"outcome": "fault", "kind": "serious", "occurred_on": "2026-08-01", "finding": "x"},
            "R-62",
        ),
        ({"outcome": "cleared", "note": "a\x00b"}, "空字符串"),
        ({"outcome": "nonsense"}, "有效的选项"),
        (
            {"outcome": "fault", "kind": "wrongful", "occurred_on": "2099-01-01", "finding": "x"},
            "不能晚于今天",
        ),
    ],
)
def test_bad_findings_change_nothing(client, w, case, data, message):
    a = w.a.officer
    _open(client, w, case, [a])
    review = FaultReview.objects.get()
    with clock.travel(START):
        response = client.post(f"/oversight/faults/{review.pk}/finding/", {"officer": a.pk, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    a.refresh_from_db()
    assert a.status == Officer.Status.ON_POST
    assert not Fault.objects.exists() and not FaultFinding.objects.exists()


def test_open_form_errors(client, w, case):
    response = _open(client, w, case, [], grounds="")
    assert response.status_code == 200
    body = response.content.decode()
    assert "请选择被审查的执法人员" in body
    assert not FaultReview.objects.exists()


@pytest.mark.parametrize("who", ["a", "supervisor", "outsider_legal", "auditor", "agency_admin"])
def test_fault_pages_are_404_for_others(client, w, case, who):
    _open(client, w, case, [w.a.officer])
    review = FaultReview.objects.get()
    if who == "outsider_legal":
        user = OfficerFactory(agency=w.other_agency, user__roles=[Role.LEGAL_OFFICE]).user
    elif who == "auditor":
        user = UserFactory(roles=[Role.AUDIT_ADMIN])
    elif who == "agency_admin":
        user = OfficerFactory(agency=w.agency, user__roles=[Role.AGENCY_ADMIN]).user
    else:
        user = getattr(w, who)
    client.force_login(user)
    assert client.get(f"/oversight/cases/{case.pk}/faults/new/").status_code == 404
    assert client.post(f"/oversight/cases/{case.pk}/faults/new/", {}).status_code == 404
    assert client.get(f"/oversight/faults/{review.pk}/").status_code == 404
    response = client.post(
        f"/oversight/faults/{review.pk}/finding/",
        {"officer": w.a.officer.pk, "outcome": "fault", "kind": "wrongful",
         "occurred_on": "2026-08-01", "finding": "x"},
    )  # fmt: skip
    assert response.status_code == 404
    assert (
        client.post(f"/oversight/faults/{review.pk}/close/", {"conclusion": "x"}).status_code == 404
    )
    assert not Fault.objects.exists()
    assert FaultReview.objects.get().status == FaultReview.Status.OPEN


def test_unknown_ids_are_404(client, w):
    client.force_login(w.legal)
    for url in (
        "/oversight/faults/999999/",
        f"/oversight/faults/{2**64}/",
        "/oversight/cases/999999/faults/new/",
        f"/oversight/cases/{2**64}/",
    ):
        assert client.get(url).status_code == 404, url
