"""may_act: the one qualification check (R-01, R-60, R-61, R-62), at the date edges."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from officers.models import Certificate, Officer
from officers.qualification import (
    may_act,
    two_qualified,
    valid_certificate,
    with_qualification_data,
)
from tests.factories import AgencyFactory, CertificateFactory, DomainFactory, OfficerFactory

pytestmark = pytest.mark.django_db

EXPIRY = date(2027, 3, 31)
REVIEW_DUE = date(2026, 12, 15)


@pytest.fixture
def food():
    return DomainFactory()


@pytest.fixture
def officer(food):
    officer = OfficerFactory(certified=False, name="张伟")
    CertificateFactory(
        officer=officer,
        number="ZF-EDGE-1",
        domains=[food],
        issued_on=date(2024, 4, 1),
        expires_on=EXPIRY,
        review_due_on=EXPIRY,
    )
    return officer


def test_r01_certificate_valid_on_expiry_day_itself(officer, food):
    assert may_act(officer, food, on=EXPIRY).ok


def test_r01_certificate_refused_day_after_expiry_names_the_date(officer, food):
    verdict = may_act(officer, food, on=EXPIRY + timedelta(days=1))
    assert not verdict.ok
    assert verdict.problems[0].rule == "R-01"
    assert verdict.reasons == ["R-01: 张伟：执法证 ZF-EDGE-1 已于 2027-03-31 过期"]


def test_r01_certificate_not_yet_issued(officer, food):
    assert not may_act(officer, food, on=date(2024, 3, 31)).ok
    assert may_act(officer, food, on=date(2024, 4, 1)).ok


def test_r61_review_due_date_edges(officer, food):
    Certificate.objects.filter(officer=officer).update(review_due_on=REVIEW_DUE)
    officer = Officer.objects.get(pk=officer.pk)
    assert may_act(officer, food, on=REVIEW_DUE).ok
    verdict = may_act(officer, food, on=REVIEW_DUE + timedelta(days=1))
    assert not verdict.ok
    assert verdict.problems[0].rule == "R-61"
    assert "2026-12-15" in verdict.reasons[0]


@pytest.mark.parametrize(
    ("status", "rule", "words"),
    [
        (Officer.Status.OFF_POST_STUDY, "R-60", "离岗培训中"),
        (Officer.Status.SUSPENDED, "R-62", "已被暂停执法资格"),
        (Officer.Status.TRANSFERRED, "R-60", "已调离执法岗位"),
    ],
)
def test_r60_r62_status_refused(officer, food, status, rule, words):
    officer.status = status
    assert may_act(officer, food, on=date(2026, 6, 1)).ok is False
    verdict = may_act(officer, food, on=date(2026, 6, 1))
    assert verdict.problems[0].rule == rule
    assert words in verdict.reasons[0]


def test_r60_new_staff_refused_even_with_certificate(officer, food):
    officer.is_new_staff = True
    verdict = may_act(officer, food, on=date(2026, 6, 1))
    assert verdict.problems[0].rule == "R-60"
    assert "新进人员" in verdict.reasons[0]


@pytest.mark.parametrize(
    "state", [Certificate.State.SUSPENDED, Certificate.State.REVOKED, Certificate.State.EXPIRED]
)
def test_r01_certificate_state_refused(officer, food, state):
    Certificate.objects.filter(officer=officer).update(state=state)
    officer = Officer.objects.get(pk=officer.pk)
    verdict = may_act(officer, food, on=date(2026, 6, 1))
    assert not verdict.ok and verdict.problems[0].rule == "R-01"


def test_r01_domain_not_covered(officer):
    ads = DomainFactory(code="advertising", name="广告监管")
    verdict = may_act(officer, ads, on=date(2026, 6, 1))
    assert not verdict.ok
    assert "不涵盖该执法领域" in verdict.reasons[0]


def test_r01_no_certificate():
    officer = OfficerFactory(certified=False, name="李娜")
    assert may_act(officer, on=date(2026, 6, 1)).reasons == ["R-01: 李娜未持有执法证"]


def test_r01_two_qualified_needs_two_people(officer, food):
    verdict = two_qualified([officer, officer], food, on=date(2026, 6, 1))
    assert not verdict.ok and "两名以上" in verdict.reasons[0]
    other = OfficerFactory(agency=officer.agency)
    assert two_qualified([officer, other], food, on=date(2026, 6, 1)).ok


def test_r02_valid_certificate_is_the_qualifying_one(officer, food):
    assert valid_certificate(officer, food, on=date(2026, 6, 1)).number == "ZF-EDGE-1"
    assert valid_certificate(officer, food, on=EXPIRY + timedelta(days=1)) is None


def test_r01_may_act_over_twenty_officers_costs_constant_queries(django_assert_num_queries, food):
    agency = AgencyFactory()
    for _ in range(20):
        OfficerFactory(agency=agency)
    with django_assert_num_queries(3):  # officers, certificates, certificate domains
        officers = list(with_qualification_data(Officer.objects.filter(agency=agency)))
        verdicts = [may_act(o, food) for o in officers]
    assert len(verdicts) == 20 and all(v.ok for v in verdicts)
