"""Certificate life cycle: every state change writes a CertificateEvent and an audit event."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from audit.models import AuditEvent
from core import clock
from core.errors import DomainError, InvalidTransition
from officers import services
from officers.models import Certificate
from tests.factories import CertificateFactory, DomainFactory, OfficerFactory
from tests.officers.factories import agency_admin

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 10)


@pytest.fixture(autouse=True)
def _today():
    with clock.travel(TODAY):
        yield


@pytest.fixture
def admin():
    return agency_admin()


@pytest.fixture
def cert(admin):
    officer = OfficerFactory(agency=admin.agency, certified=False)
    return services.issue_certificate(
        officer,
        by=admin.user,
        number="zf-2026-0001",
        issuer="测试市人民政府",
        domains=[DomainFactory()],
        issued_on=date(2025, 7, 1),
        expires_on=date(2028, 6, 30),
    )


def test_issue_sets_first_review_a_year_on_and_records_history(cert):
    assert cert.number == "ZF-2026-0001"
    assert cert.review_due_on == date(2026, 7, 1)
    assert list(cert.events.values_list("kind", "to_state")) == [("issued", "valid")]
    assert AuditEvent.objects.filter(
        action="officers.certificate.issued", object_id=str(cert.pk)
    ).exists()


def test_issue_refuses_duplicate_number(cert, admin):
    with pytest.raises(DomainError):
        services.issue_certificate(
            cert.officer,
            by=admin.user,
            number="ZF-2026-0001",
            issuer="x",
            domains=[DomainFactory()],
            issued_on=TODAY,
            expires_on=TODAY + timedelta(days=10),
        )


def test_r61_annual_review_moves_due_date_one_year_on(cert, admin):
    services.review_certificate(cert, by=admin.user, note="年审合格")
    cert.refresh_from_db()
    assert cert.review_due_on == date(2027, 7, 1)
    assert cert.events.last().kind == "reviewed"


def test_r61_failed_review_suspends(cert, admin):
    services.review_certificate(cert, by=admin.user, passed=False, note="年审不合格")
    cert.refresh_from_db()
    assert cert.state == Certificate.State.SUSPENDED


def test_suspend_restore_revoke_history(cert, admin):
    services.suspend_certificate(cert, by=admin.user, reason="涉嫌违规执法，调查期间暂扣")
    with pytest.raises(InvalidTransition):
        services.suspend_certificate(cert, by=admin.user, reason="again")
    services.restore_certificate(cert, by=admin.user, reason="调查结束")
    services.revoke_certificate(cert, by=admin.user, reason="严重违纪")
    cert.refresh_from_db()
    assert cert.state == Certificate.State.REVOKED
    assert [e.kind for e in cert.events.all()] == ["issued", "suspended", "restored", "revoked"]
    assert [e.to_state for e in cert.events.all()] == ["valid", "suspended", "valid", "revoked"]
    with pytest.raises(InvalidTransition):
        services.restore_certificate(cert, by=admin.user, reason="x")
    actions = list(
        AuditEvent.objects.filter(
            object_id=str(cert.pk), object_type="officers.certificate"
        ).values_list("action", flat=True)
    )
    assert actions == [
        "officers.certificate.issued",
        "officers.certificate.suspended",
        "officers.certificate.restored",
        "officers.certificate.revoked",
    ]


def test_r61_restore_refused_when_review_overdue(admin):
    cert = CertificateFactory(
        officer=OfficerFactory(agency=admin.agency, certified=False),
        review_due_on=TODAY - timedelta(days=1),
        state=Certificate.State.SUSPENDED,
    )
    with pytest.raises(InvalidTransition) as exc:
        services.restore_certificate(cert, by=admin.user, reason="x")
    assert "R-61" in str(exc.value)
    # the annual review itself restores a certificate suspended for the missed review
    cert.events.create(
        at=clock.now(),
        from_state="valid",
        to_state="suspended",
        kind="review_missed",
        by_name="task",
    )
    services.review_certificate(cert, by=admin.user)
    cert.refresh_from_db()
    assert cert.state == Certificate.State.VALID and cert.review_due_on >= TODAY


def test_expire_only_past_expiry(cert, admin):
    with clock.travel(date(2028, 6, 30)):
        assert services.expire_certificate(cert, by=admin.user) is None
    with clock.travel(date(2028, 7, 1)):
        assert services.expire_certificate(cert, by=admin.user).state == Certificate.State.EXPIRED
        assert services.expire_certificate(cert, by=admin.user) is None
