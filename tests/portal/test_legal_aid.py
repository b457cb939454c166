"""R-73 legal aid: parties are told where to apply (public page, agency setting), and a
referral recorded on the case side is kept and audited; the case page shows the card."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from audit.models import AuditEvent
from cases.states import State
from core import clock
from core.errors import DomainError, RuleViolation
from portal.models import LegalAidReferral, PortalSettings
from portal.services import legal_aid as svc
from tests.cases.factories import in_state, lead, make_world, person

pytestmark = pytest.mark.django_db

START = date(2026, 9, 1)


@pytest.fixture(autouse=True)
def _today():
    with clock.travel(START):
        yield


@pytest.fixture
def w():
    return make_world()


@pytest.fixture
def case(w):
    return lead(w, party=person(w.a, name="张三"))


def _url(case) -> str:
    return f"/public/staff/cases/{case.pk}/legal-aid/"


def test_r73_referral_recorded_and_audited(client, w, case):
    PortalSettings.objects.create(agency=w.agency, legal_aid_centre="测试市法律援助中心")
    party = case.case_parties.get().party
    client.force_login(w.a)
    page = client.get(_url(case))
    assert page.status_code == 200 and "测试市法律援助中心" in page.content.decode()
    resp = client.post(
        _url(case),
        {
            "party": party.pk,
            "referred_on": "2026-09-01",
            "centre": "测试市法律援助中心",
            "note": "当事人经济困难",
        },
    )
    assert resp.status_code == 302 and resp["Location"] == f"/cases/{case.pk}/"
    ref = LegalAidReferral.objects.get()
    assert (ref.case_id, ref.party_id, ref.party_name, ref.by) == (case.pk, party.pk, "张三", w.a)
    event = AuditEvent.objects.get(action="portal.legal_aid.referred")
    assert event.case_id == case.pk and event.actor_id == w.a.pk
    assert event.agency_id == w.agency.pk


def test_r73_case_page_shows_the_legal_aid_card(client, w, case):
    svc.record_referral(
        case, by=w.a, party=case.case_parties.get().party, referred_on=START, centre="援助中心"
    )
    client.force_login(w.a)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "法律援助" in html and "援助中心" in html and _url(case) in html


def test_r73_other_agency_cannot_see_or_record(client, w, case):
    client.force_login(w.outsider)
    assert client.get(_url(case)).status_code == 404
    assert client.post(_url(case), {"centre": "x"}).status_code == 404
    with pytest.raises(RuleViolation) as exc:
        svc.record_referral(case, by=w.outsider, party=None, referred_on=START, centre="x")
    assert exc.value.rule == "R-73"
    assert not LegalAidReferral.objects.exists()


def test_r73_closed_case_is_read_only(w):
    closed = in_state(w, State.CLOSED)
    assert not svc.referral_verdict(closed, w.a).ok
    with pytest.raises(RuleViolation) as exc:
        svc.record_referral(
            closed, by=w.supervisor, party=None, referred_on=START, centre="援助中心"
        )
    assert exc.value.rule == "R-45"


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"referred_on": "2026-13-40"}, "有效的日期"),
        ({"referred_on": (START + timedelta(days=1)).isoformat()}, "转介日期不得晚于今天"),
        ({"centre": ""}, "该字段是必填项"),
        ({"centre": "中心\x00"}, "空字符"),
        ({"party": "999999"}, "选择一个有效的选项"),
    ],
)
def test_r73_bad_input_translated_errors_nothing_saved(client, w, case, bad, message):
    party = case.case_parties.get().party
    client.force_login(w.a)
    data = {"party": party.pk, "referred_on": "2026-09-01", "centre": "援助中心", **bad}
    resp = client.post(_url(case), data)
    assert resp.status_code == 400
    assert message in resp.content.decode()
    assert not LegalAidReferral.objects.exists()


def test_r73_party_must_belong_to_the_case(w, case):
    stranger = person(w.a, name="李四")
    with pytest.raises(DomainError, match="不是本案当事人"):
        svc.record_referral(case, by=w.a, party=stranger, referred_on=START, centre="援助中心")


def test_r73_public_page_says_where_to_apply(client, w):
    PortalSettings.objects.create(
        agency=w.agency,
        legal_aid_centre="测试市法律援助中心",
        legal_aid_address="测试市民生路8号",
        legal_aid_phone="12348",
    )
    html = client.get("/public/legal-aid/").content.decode()
    assert "测试市法律援助中心" in html and "测试市民生路8号" in html and "12348" in html
    # An agency without a setting still tells the public where to go.
    assert w.other_agency.name in html and "司法行政部门" in html
