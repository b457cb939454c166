"""R-70 public disclosure and the public half of R-39: what an anonymous visitor sees."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import workflow
from core import clock
from officers.models import Agency, Certificate, Officer, Power
from penalties.models import BenchmarkTier, BenchmarkVersion, Decision, Publication
from tests.penalties.factories import ViolationTypeFactory
from tests.portal.factories import (
    AgencyFactory,
    CertificateFactory,
    DomainFactory,
    officer,
    publication,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 9, 1)
CHECK = "/public/certificates/"


@pytest.fixture(autouse=True)
def _today():
    with clock.travel(TODAY):
        yield


def _cert(state=Certificate.State.VALID, **kwargs) -> Certificate:
    o = officer(certified=False, name=kwargs.pop("name", "张伟"))
    return CertificateFactory(officer=o, state=state, **kwargs)


# --- Certificate check --------------------------------------------------------------------


def test_r70_certificate_check_valid_shows_holder_agency_domains_state_validity(client):
    cert = _cert(number="33020012345")
    officer_ = cert.officer
    resp = client.get(CHECK, {"number": " 33020012345 "})
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "张伟" in html and officer_.agency.name in html
    assert "食品安全" in html
    assert "有效" in html
    assert cert.expires_on.strftime("%Y-%m-%d") in html
    assert officer_.id_number and officer_.id_number not in html


def test_r70_certificate_check_expired_certificate_is_not_valid(client):
    _cert(number="EXP001", expires_on=TODAY - timedelta(days=1))
    html = client.get(CHECK, {"number": "EXP001"}).content.decode()
    assert "已过期" in html
    assert "该证件当前不能用于执法" in html


def test_r70_certificate_check_suspended_certificate(client):
    _cert(number="SUS001", state=Certificate.State.SUSPENDED)
    html = client.get(CHECK, {"number": "SUS001"}).content.decode()
    assert "暂扣" in html
    assert "该证件当前不能用于执法" in html


def test_r70_certificate_check_review_missed_is_not_valid(client):
    _cert(number="REV001", review_due_on=TODAY - timedelta(days=1))
    html = client.get(CHECK, {"number": "REV001"}).content.decode()
    assert "逾期未年审" in html


def test_r70_certificate_check_officer_suspended_shows_status(client):
    cert = _cert(number="OFF001")
    Officer.objects.filter(pk=cert.officer_id).update(status=Officer.Status.SUSPENDED)
    html = client.get(CHECK, {"number": "OFF001"}).content.decode()
    assert "暂停执法" in html and "该证件当前不能用于执法" in html


def test_r70_certificate_check_unknown_number_says_not_found(client):
    resp = client.get(CHECK, {"number": "NOPE-404"})
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "未查到" in html and "NOPE-404" in html


def test_r70_certificate_check_bad_input_translated_error_never_500(client):
    resp = client.get(CHECK, {"number": "A\x00B"})
    assert resp.status_code == 200
    assert "空字符" in resp.content.decode() or "不允许" in resp.content.decode()
    resp = client.get(CHECK, {"number": ""})
    assert "请输入执法证号" in resp.content.decode()
    resp = client.get(CHECK, {"number": "x" * 500})
    assert resp.status_code == 200
    assert "未查到" not in resp.content.decode()


def test_r70_certificate_check_is_rate_limited_per_ip(client, settings):
    settings.PORTAL_RATE_LIMITS = {"certificate_check": (3, 60)}
    _cert(number="RATE01")
    for _ in range(3):
        assert client.get(CHECK, {"number": "RATE01"}).status_code == 200
    resp = client.get(CHECK, {"number": "RATE01"})
    assert resp.status_code == 429
    assert "操作过于频繁" in resp.content.decode()
    assert "张伟" not in resp.content.decode()
    # Another address is not affected.
    other = client.get(CHECK, {"number": "RATE01"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


# --- Officers, agencies, powers -------------------------------------------------------------


def test_r70_officer_list_shows_enforcement_officers_only_and_never_id_numbers(client):
    agency = AgencyFactory()
    shown = officer(agency, name="李娜")
    clerk = officer(agency, name="王文员", certified=False)
    transferred = officer(agency, name="赵调离", status=Officer.Status.TRANSFERRED)
    suspended = officer(agency, name="钱暂停", status=Officer.Status.SUSPENDED)
    html = client.get("/public/officers/", {"agency": agency.pk}).content.decode()
    assert "李娜" in html and "钱暂停" in html and "暂停执法" in html
    assert shown.certificates.first().number in html
    assert "王文员" not in html and "赵调离" not in html
    for o in (shown, clerk, transferred, suspended):
        assert o.id_number not in html
        assert o.id_number[:6] + "*" not in html


def test_r70_officer_list_costs_constant_queries(client):
    agency = AgencyFactory()
    officer(agency)
    with CaptureQueriesContext(connection) as few:
        client.get("/public/officers/", {"agency": agency.pk})
    for _ in range(8):
        officer(agency)
    with CaptureQueriesContext(connection) as many:
        resp = client.get("/public/officers/", {"agency": agency.pk})
    assert resp.status_code == 200
    assert len(many) == len(few)


def test_r70_no_public_page_shows_an_identity_number(client):
    agency = AgencyFactory()
    o = officer(agency, duties="食品经营监督检查")
    pages = [
        "/public/",
        "/public/agencies/",
        f"/public/agencies/{agency.pk}/",
        "/public/officers/",
        f"/public/certificates/?number={o.certificates.first().number}",
        "/public/procedure/",
        "/public/remedies/",
        "/public/legal-aid/",
        "/public/commitments/",
        "/public/benchmarks/",
        "/public/decisions/",
        "/public/complaints/new/",
        "/public/complaints/lookup/",
    ]
    for url in pages:
        resp = client.get(url)
        assert resp.status_code == 200, url
        assert o.id_number not in resp.content.decode(), url


def test_r70_agency_page_shows_powers_with_legal_basis_posts_and_hotline(client):
    agency = AgencyFactory(hotline="0571-12315")
    domain = DomainFactory()
    agency.domains.add(domain)
    ViolationTypeFactory(code="FOOD-009", name="经营超过保质期的食品", domain=domain)
    Power.objects.create(
        agency=agency,
        domain=domain,
        violation_code="FOOD-009",
        legal_basis="《中华人民共和国食品安全法》第一百二十四条",
        valid_from=date(2020, 1, 1),
    )
    Power.objects.create(
        agency=agency,
        domain=domain,
        violation_code="OLD-1",
        legal_basis="已废止的依据",
        valid_from=date(2010, 1, 1),
        valid_to=date(2015, 1, 1),
    )
    officer(agency, post="食品安全监管科", duties="负责食品经营监督检查")
    html = client.get(f"/public/agencies/{agency.pk}/").content.decode()
    assert "第一百二十四条" in html and "经营超过保质期的食品" in html
    assert "已废止的依据" not in html
    assert "食品安全监管科" in html and "负责食品经营监督检查" in html
    assert "0571-12315" in html


def test_r70_non_enforcement_and_inactive_agencies_are_not_public(client):
    hidden = AgencyFactory(kind=Agency.Kind.NON_ENFORCEMENT)
    inactive = AgencyFactory(is_active=False)
    assert client.get(f"/public/agencies/{hidden.pk}/").status_code == 404
    assert client.get(f"/public/agencies/{inactive.pk}/").status_code == 404
    assert client.get("/public/agencies/99999999999999999999/").status_code == 404
    html = client.get("/public/agencies/").content.decode()
    assert hidden.name not in html and inactive.name not in html


# --- Flowchart -------------------------------------------------------------------------------


def test_r70_flowchart_shows_every_edge_of_the_workflow_table(client):
    html = client.get("/public/procedure/").content.decode()
    for edge in workflow.EDGES:
        assert f'data-edge="{edge.source}:{edge.target}"' in html, edge
        assert str(edge.label) in html
    for state in workflow.State:
        assert f'id="state-{state.value}"' in html
        assert str(state.label) in html
    assert html.count("data-edge=") == len(workflow.EDGES)


def test_r70_remedies_page_states_the_periods_and_hotlines(client):
    agency = AgencyFactory(hotline="0577-12315")
    html = client.get("/public/remedies/").content.decode()
    assert "60 日内" in html and "6 个月内" in html
    assert "0577-12315" in html and agency.name in html


# --- Benchmarks ----------------------------------------------------------------------------


def test_r70_published_benchmarks_are_public_drafts_are_not(client):
    agency = AgencyFactory()
    vt = ViolationTypeFactory(code="AD-001", name="发布虚假广告")
    published = BenchmarkVersion.objects.create(
        agency=agency,
        violation=vt,
        label="2026年版",
        status=BenchmarkVersion.Status.PUBLISHED,
        effective_from=date(2026, 1, 1),
    )
    BenchmarkTier.objects.create(
        version=published, tier="ordinary", conditions="一般情节", penalty_types=["fine"]
    )
    draft = BenchmarkVersion.objects.create(
        agency=agency, violation=vt, label="2027年草稿", status=BenchmarkVersion.Status.DRAFT
    )
    html = client.get("/public/benchmarks/", {"agency": agency.pk}).content.decode()
    assert "2026年版" in html and "2027年草稿" not in html
    detail = client.get(f"/public/benchmarks/{published.pk}/").content.decode()
    assert "一般情节" in detail
    assert client.get(f"/public/benchmarks/{draft.pk}/").status_code == 404


# --- Published decisions (R-39) --------------------------------------------------------------


def test_r39_only_published_served_in_force_decisions_are_public(client):
    agency = AgencyFactory()
    shown = publication(agency, title="公示的决定")
    pending = publication(agency, status=Publication.Status.PENDING, title="待公示的决定")
    withdrawn = publication(agency, status=Publication.Status.WITHDRAWN, title="撤回的决定")
    revoked = publication(agency, decision_status=Decision.Status.REVOKED, title="撤销的决定")
    unserved = publication(agency, served=False, title="未送达的决定")
    html = client.get("/public/decisions/").content.decode()
    assert "公示的决定" in html
    for hidden in ("待公示的决定", "撤回的决定", "撤销的决定", "未送达的决定"):
        assert hidden not in html
    detail = client.get(f"/public/decisions/{shown.pk}/")
    assert detail.status_code == 200
    assert "张某" in detail.content.decode()
    for p in (pending, withdrawn, revoked, unserved):
        assert client.get(f"/public/decisions/{p.pk}/").status_code == 404


def test_r70_public_pages_need_no_login_and_load_nothing_from_another_host(client):
    html = client.get("/public/").content.decode()
    assert "login" not in client.get("/public/").get("Location", "")
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html
    assert "<script>" not in html and "style=" not in html


def test_r70_officer_search_by_name_or_certificate_number(client):
    agency = AgencyFactory()
    li = officer(agency, name="李娜")
    officer(agency, name="王强")
    number = li.certificates.first().number
    for q in ("李", number):
        html = client.get("/public/officers/", {"q": q}).content.decode()
        assert "李娜" in html and "王强" not in html, q
    resp = client.get("/public/officers/", {"q": "\x00", "agency": "x", "page": "-1"})
    assert resp.status_code == 200
