"""R-62: faults (执法过错) and their consequences."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from core import clock
from core.errors import DomainError
from officers import services
from officers.models import Fault, Officer
from officers.qualification import may_act
from tests.factories import DomainFactory, OfficerFactory
from tests.officers.factories import agency_admin

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _today():
    with clock.travel(TODAY):
        yield


@pytest.fixture
def admin():
    return agency_admin()


@pytest.fixture
def officer(admin):
    return OfficerFactory(agency=admin.agency, name="赵敏")


def _fault(officer, admin, kind=Fault.Kind.ORDINARY, on=TODAY, **kw):
    return services.record_fault(
        officer,
        by=admin.user,
        kind=kind,
        occurred_on=on,
        finding="未出示执法证件即开展检查",
        case_reference="测监罚〔2026〕12号",
        **kw,
    )


def test_r62_wrongful_case_suspends_at_once(officer, admin):
    _fault(officer, admin, kind=Fault.Kind.WRONGFUL_CASE)
    officer.refresh_from_db()
    assert officer.status == Officer.Status.SUSPENDED
    assert "错案" in officer.status_reason
    verdict = may_act(officer, DomainFactory())
    assert verdict.problems[0].rule == "R-62"
    assert (
        AuditEvent.objects.filter(
            action="officers.officer.suspended", object_id=str(officer.pk)
        ).count()
        == 1
    )


def test_r62_ordinary_fault_alone_changes_nothing(officer, admin):
    _fault(officer, admin)
    officer.refresh_from_db()
    assert officer.status == Officer.Status.ON_POST and not officer.flagged_for_review


def test_r62_two_faults_within_12_months_flag(officer, admin):
    _fault(officer, admin, on=date(2025, 11, 20))
    _fault(officer, admin, on=date(2026, 11, 20))  # exactly 12 months later: within
    officer.refresh_from_db()
    assert officer.flagged_for_review
    assert AuditEvent.objects.filter(action="officers.officer.flagged_for_review").count() == 1


def test_r62_faults_13_months_apart_do_not_flag(officer, admin):
    _fault(officer, admin, on=date(2025, 10, 20))
    _fault(officer, admin, on=date(2026, 11, 20))
    officer.refresh_from_db()
    assert not officer.flagged_for_review


def test_r62_serious_impact_needs_suspension_or_removal(officer, admin):
    with pytest.raises(DomainError) as exc:
        _fault(officer, admin, kind=Fault.Kind.SERIOUS_IMPACT)
    assert "R-62" in str(exc.value)
    assert not Fault.objects.exists()
    _fault(officer, admin, kind=Fault.Kind.SERIOUS_IMPACT, measure=Fault.Measure.REMOVAL)
    officer.refresh_from_db()
    assert officer.status == Officer.Status.TRANSFERRED


def test_r62_serious_impact_suspension(officer, admin):
    _fault(officer, admin, kind=Fault.Kind.SERIOUS_IMPACT, measure=Fault.Measure.SUSPENSION)
    officer.refresh_from_db()
    assert officer.status == Officer.Status.SUSPENDED


def test_r62_compensation_recovery_tracked(officer, admin):
    fault = _fault(officer, admin, kind=Fault.Kind.WRONGFUL_CASE, recovery_amount=Decimal("5000"))
    assert fault.recovery_status == Fault.Recovery.PENDING
    with pytest.raises(DomainError):
        services.update_fault(fault, by=admin.user, recovered_amount=Decimal("6000"))
    services.update_fault(
        fault,
        by=admin.user,
        recovered_amount=Decimal("2000"),
        recovery_status=Fault.Recovery.PARTIAL,
    )
    fault.refresh_from_db()
    assert fault.recovered_amount == Decimal("2000")
    event = AuditEvent.objects.get(action="officers.fault.updated")
    assert event.after["recovery_status"] == "partial"


def test_fault_dates_cannot_be_in_the_future(officer, admin):
    with pytest.raises(DomainError):
        _fault(officer, admin, on=date(2026, 11, 21))
