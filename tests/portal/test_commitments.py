"""R-72 commitments: edited by the agency admin (audited, other agencies 404), published
with figures measured from case data, complaints and evaluations."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from audit.models import AuditEvent
from cases.models import Case
from core import clock
from core.errors import PermissionDenied
from core.roles import Role
from portal import compliance
from portal.models import Commitment, Complaint, Evaluation, PortalSettings
from portal.services import commitments as svc
from tests.portal.factories import AgencyFactory, decided_case, document, officer

pytestmark = pytest.mark.django_db

TODAY = date(2026, 9, 1)
M = Commitment.Metric


@pytest.fixture(autouse=True)
def _today():
    with clock.travel(TODAY):
        yield


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def admin(agency):
    return officer(agency, role=Role.AGENCY_ADMIN, certified=False).user


def _complaint(agency, n, *, received, due, responded=None):
    return Complaint.objects.create(
        number=f"TS2026-{n:06d}",
        year=2026,
        seq=n,
        verify_digest="0" * 64,
        kind=Complaint.Kind.REPORT,
        agency=agency,
        description="x",
        received_on=received,
        due_on=due,
        submitted_at=clock.now(),
        status=Complaint.Status.ANSWERED if responded else Complaint.Status.RECEIVED,
        responded_on=responded,
    )


def test_r72_decisions_in_time_measured_from_case_data(agency):
    d = TODAY - timedelta(days=30)
    decided_case(agency, filed_on=d - timedelta(days=60), decided_on=d, due_on=d)  # on the day
    decided_case(
        agency, filed_on=d - timedelta(days=60), decided_on=d, due_on=d + timedelta(days=5)
    )
    decided_case(
        agency, filed_on=d - timedelta(days=99), decided_on=d, due_on=d - timedelta(days=1)
    )
    # Not counted: summary procedure, decided before the window, another agency, undecided.
    decided_case(
        agency, filed_on=d, decided_on=d, due_on=d - timedelta(days=9),
        procedure=Case.Procedure.SUMMARY,
    )  # fmt: skip
    old = TODAY - timedelta(days=400)
    decided_case(agency, filed_on=old, decided_on=old, due_on=old - timedelta(days=1))
    decided_case(AgencyFactory(), filed_on=d, decided_on=d, due_on=d - timedelta(days=1))
    fig = compliance.compute([agency.pk], today=TODAY)[agency.pk][M.DECISIONS_IN_TIME]
    assert (fig.numerator, fig.denominator) == (2, 3)
    assert fig.display == "66.7%（2/3）"


def test_r72_complaints_answered_in_time(agency):
    r = TODAY - timedelta(days=40)
    _complaint(agency, 1, received=r, due=r + timedelta(days=21), responded=r + timedelta(days=3))
    _complaint(agency, 2, received=r, due=r + timedelta(days=21), responded=r + timedelta(days=30))
    _complaint(agency, 3, received=r, due=r + timedelta(days=21))  # open and overdue
    _complaint(agency, 4, received=TODAY, due=TODAY + timedelta(days=21))  # open, not yet due
    fig = compliance.compute([agency.pk], today=TODAY)[agency.pk][M.COMPLAINTS_IN_TIME]
    assert (fig.numerator, fig.denominator) == (1, 3)


def test_r72_evaluation_score_average(agency):
    for scores in ((5, 5, 5), (3, 4, 2)):
        Evaluation.objects.create(
            document=document(agency),
            agency=agency,
            courtesy=scores[0],
            lawfulness=scores[1],
            rights_explained=scores[2],
            submitted_on=TODAY,
            submitted_at=clock.now(),
        )
    fig = compliance.compute([agency.pk], today=TODAY)[agency.pk][M.EVALUATION_SCORE]
    assert fig.value == 4.0 and fig.denominator == 2
    assert fig.display == "4.0 分（2 份评议）"


def test_r72_no_data_is_said_plainly(agency):
    figs = compliance.compute([agency.pk], today=TODAY)[agency.pk]
    assert all(f.display == "暂无数据" for f in figs.values())


def test_r72_public_page_shows_commitments_and_measured_figures(client, agency, admin):
    svc.save_commitment(
        agency,
        by=admin,
        position=1,
        item="按期办结案件",
        standard="在法定办案期限内作出处理决定",
        metric=M.DECISIONS_IN_TIME,
        is_active=True,
    )
    svc.save_commitment(
        agency, by=admin, position=2, item="内部草案", standard="不公开", metric="", is_active=False
    )
    d = TODAY - timedelta(days=10)
    decided_case(agency, filed_on=d - timedelta(days=30), decided_on=d, due_on=d)
    for url in ("/public/commitments/", f"/public/agencies/{agency.pk}/"):
        html = client.get(url).content.decode()
        assert "按期办结案件" in html and "在法定办案期限内作出处理决定" in html
        assert "100.0%（1/1）" in html
        assert "内部草案" not in html


def test_r72_admin_edits_are_audited_and_scoped(client, agency, admin):
    client.force_login(admin)
    resp = client.post(
        "/public/staff/commitments/new/",
        {
            "position": 1,
            "item": "文明执法",
            "standard": "亮证执法",
            "metric": "",
            "is_active": "on",
        },
    )
    assert resp.status_code == 302
    c = Commitment.objects.get()
    assert AuditEvent.objects.filter(action="portal.commitment.saved", agency_id=agency.pk).exists()
    other = Commitment.objects.create(agency=AgencyFactory(), item="他机关", standard="x")
    assert client.get(f"/public/staff/commitments/{other.pk}/").status_code == 404
    assert client.post(f"/public/staff/commitments/{other.pk}/delete/").status_code == 404
    assert Commitment.objects.filter(pk=other.pk).exists()
    resp = client.post(f"/public/staff/commitments/{c.pk}/delete/")
    assert resp.status_code == 302 and not Commitment.objects.filter(pk=c.pk).exists()
    assert AuditEvent.objects.filter(action="portal.commitment.removed").exists()


def test_r72_only_the_agency_admin_edits(client, agency):
    legal = officer(agency, role=Role.LEGAL_OFFICE).user
    client.force_login(legal)
    assert client.get("/public/staff/commitments/").status_code == 404
    with pytest.raises(PermissionDenied):
        svc.save_commitment(agency, by=legal, item="x", standard="y")
    assert not Commitment.objects.exists()


def test_r72_bad_input_translated_errors_nothing_saved(client, agency, admin):
    client.force_login(admin)
    resp = client.post(
        "/public/staff/commitments/new/",
        {"position": "x", "item": "a\x00", "standard": "", "metric": "nonsense"},
    )
    html = resp.content.decode()
    assert resp.status_code == 400
    assert "空字符" in html and "该字段是必填项" in html and "选择一个有效的选项" in html
    assert not Commitment.objects.exists()
    resp = client.post("/public/staff/commitments/", {"complaint_handling_wd": "0"})
    assert resp.status_code == 400
    assert not PortalSettings.objects.exists()


def test_r73_settings_saved_by_admin_are_public_and_audited(client, agency, admin):
    client.force_login(admin)
    resp = client.post(
        "/public/staff/commitments/",
        {
            "legal_aid_centre": "滨江市法律援助中心",
            "legal_aid_address": "滨江市人民路1号",
            "legal_aid_phone": "12348",
            "legal_aid_note": "工作日受理",
            "complaint_handling_wd": "10",
        },
    )
    assert resp.status_code == 302
    assert PortalSettings.objects.get(agency=agency).complaint_handling_wd == 10
    assert AuditEvent.objects.filter(action="portal.settings.updated").exists()
    client.logout()
    html = client.get("/public/legal-aid/").content.decode()
    assert "滨江市法律援助中心" in html and "12348" in html
