"""R-03: an agency may open a case only with a power (directly or by delegation) valid on
the act date; non-enforcement bodies never."""

from __future__ import annotations

from datetime import date

import pytest

from officers.authority import Authority, may_enforce
from officers.models import Agency, Delegation, Power
from tests.factories import AgencyFactory, DomainFactory

pytestmark = pytest.mark.django_db

D0 = date(2026, 1, 1)
D1 = date(2026, 12, 31)


@pytest.fixture
def food():
    return DomainFactory()


@pytest.fixture
def ads():
    return DomainFactory(code="advertising", name="广告监管")


@pytest.fixture
def agency(food):
    agency = AgencyFactory()
    Power.objects.create(
        agency=agency,
        domain=food,
        violation_code="FS-001",
        legal_basis="《食品安全法》第一百二十四条",
        valid_from=D0,
        valid_to=D1,
    )
    return agency


def test_r03_direct_power_valid_on_both_edges(agency, food):
    for on in (D0, date(2026, 6, 1), D1):
        result = may_enforce(agency, food, "FS-001", on=on)
        assert isinstance(result, Authority)
        assert result.verdict.ok, on
        assert result.acting_agency == agency
        assert result.delegation is None


def test_r03_refused_day_before_and_day_after_power(agency, food):
    for on in (date(2025, 12, 31), date(2027, 1, 1)):
        result = may_enforce(agency, food, "FS-001", on=on)
        assert not result.verdict.ok
        assert result.verdict.problems[0].rule == "R-03"
        assert on.isoformat() in result.verdict.reasons[0]
        assert result.acting_agency is None and result.delegation is None


def test_r03_other_violation_or_domain_not_covered(agency, food, ads):
    assert not may_enforce(agency, food, "FS-999", on=D0).verdict.ok
    refused = may_enforce(agency, ads, "FS-001", on=D0)
    assert not refused.verdict.ok
    assert "广告监管" in refused.verdict.reasons[0]


def test_r03_blank_code_power_covers_whole_domain(food, ads):
    agency = AgencyFactory()
    Power.objects.create(
        agency=agency, domain=ads, violation_code="", legal_basis="《广告法》", valid_from=D0
    )
    assert may_enforce(agency, ads.pk, "AD-777", on=date(2030, 5, 5)).verdict.ok
    assert not may_enforce(agency, food.pk, "AD-777", on=date(2030, 5, 5)).verdict.ok


def test_r03_non_enforcement_body_cannot_open_cases(agency, food):
    agency.kind = Agency.Kind.NON_ENFORCEMENT
    agency.save()
    result = may_enforce(agency, food, "FS-001", on=D0)
    assert not result.verdict.ok
    assert result.verdict.reasons[0].startswith("R-03: ")
    assert "不是执法主体" in result.verdict.reasons[0]


def test_r03_inactive_agency_refused(agency, food):
    agency.is_active = False
    agency.save()
    assert not may_enforce(agency, food, "FS-001", on=D0).verdict.ok


@pytest.fixture
def delegation(agency, food):
    entrusted = AgencyFactory(kind=Agency.Kind.ENTRUSTED)
    delegation = Delegation.objects.create(
        principal=agency,
        delegate=entrusted,
        scope="食品安全检查与处罚",
        valid_from=date(2026, 3, 1),
        valid_to=date(2026, 9, 30),
    )
    delegation.domains.add(food)
    return delegation


def test_r03_delegation_acts_in_principal_name_on_edges(delegation, food):
    for on in (date(2026, 3, 1), date(2026, 9, 30)):
        result = may_enforce(delegation.delegate, food, "FS-001", on=on)
        assert result.verdict.ok, on
        assert result.acting_agency == delegation.principal
        assert result.delegation == delegation


def test_r03_delegation_outside_validity_refused(delegation, food):
    for on in (date(2026, 2, 28), date(2026, 10, 1)):
        result = may_enforce(delegation.delegate, food, "FS-001", on=on)
        assert not result.verdict.ok
        assert result.delegation is None


def test_r03_delegation_domain_not_included(delegation, ads):
    Power.objects.create(
        agency=delegation.principal,
        domain=ads,
        violation_code="",
        legal_basis="《广告法》",
        valid_from=D0,
    )
    assert not may_enforce(delegation.delegate, ads, "AD-1", on=date(2026, 5, 1)).verdict.ok


def test_r03_delegation_principal_lacking_power_refused(delegation, food):
    # the principal's power ends before the delegation does
    Power.objects.filter(agency=delegation.principal).update(valid_to=date(2026, 6, 30))
    assert may_enforce(delegation.delegate, food, "FS-001", on=date(2026, 6, 30)).verdict.ok
    assert not may_enforce(delegation.delegate, food, "FS-001", on=date(2026, 7, 1)).verdict.ok
