"""R-60: exams decide who may act; training records include new-law training."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from core import clock
from core.errors import DomainError, PermissionDenied, RuleViolation
from officers import services
from officers.models import Officer, Training
from officers.qualification import may_act
from tests.factories import DomainFactory, OfficerFactory
from tests.officers.factories import agency_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return agency_admin()


@pytest.fixture
def officer(admin):
    return OfficerFactory(agency=admin.agency, name="王磊")


def _exam(officer, admin, passed, days_ago=0):
    return services.record_exam(
        officer,
        by=admin.user,
        subject="行政执法资格考试",
        taken_on=clock.today() - timedelta(days=days_ago),
        passed=passed,
        score=Decimal("52") if not passed else Decimal("85"),
    )


def test_r60_first_fail_puts_officer_off_post(officer, admin):
    _exam(officer, admin, passed=False)
    officer.refresh_from_db()
    assert officer.status == Officer.Status.OFF_POST_STUDY
    assert not officer.flagged_for_transfer
    verdict = may_act(officer, DomainFactory())
    assert verdict.problems[0].rule == "R-60"
    assert AuditEvent.objects.filter(
        action="officers.officer.off_post_study", object_id=str(officer.pk)
    ).exists()


def test_r60_second_fail_after_study_flags_for_transfer(officer, admin):
    _exam(officer, admin, passed=False, days_ago=30)
    _exam(officer, admin, passed=False)
    officer.refresh_from_db()
    assert officer.status == Officer.Status.OFF_POST_STUDY  # the transfer is the head's decision
    assert officer.flagged_for_transfer
    assert AuditEvent.objects.filter(action="officers.officer.flagged_for_transfer").count() == 1


def test_r60_pass_after_study_returns_to_post(officer, admin):
    _exam(officer, admin, passed=False, days_ago=30)
    _exam(officer, admin, passed=True)
    officer.refresh_from_db()
    assert officer.status == Officer.Status.ON_POST
    assert may_act(officer, DomainFactory()).ok


def test_r60_fail_pass_fail_is_not_consecutive(officer, admin):
    _exam(officer, admin, passed=False, days_ago=60)
    _exam(officer, admin, passed=True, days_ago=30)
    _exam(officer, admin, passed=False)
    officer.refresh_from_db()
    assert officer.status == Officer.Status.OFF_POST_STUDY
    assert not officer.flagged_for_transfer


def test_r60_flagged_officer_needs_head_decision_to_transfer(officer, admin):
    _exam(officer, admin, passed=False, days_ago=30)
    _exam(officer, admin, passed=False)
    services.change_status(
        officer, by=admin.user, status=Officer.Status.TRANSFERRED, reason="局长办公会决定调离"
    )
    officer.refresh_from_db()
    assert officer.status == Officer.Status.TRANSFERRED and not officer.flagged_for_transfer


def test_r60_cannot_return_from_study_without_passing(officer, admin):
    _exam(officer, admin, passed=False)
    with pytest.raises(RuleViolation) as exc:
        services.change_status(
            officer, by=admin.user, status=Officer.Status.ON_POST, reason="提前返岗"
        )
    assert exc.value.rule == "R-60"
    officer.refresh_from_db()
    assert officer.status == Officer.Status.OFF_POST_STUDY


def test_r60_new_staff_cleared_only_with_exam_and_certificate(admin):
    food = DomainFactory()
    new = OfficerFactory(agency=admin.agency, certified=False, is_new_staff=True, name="新人")
    _exam(new, admin, passed=True)
    new.refresh_from_db()
    assert new.is_new_staff  # passed, but no certificate yet
    assert may_act(new, food).problems[0].rule == "R-60"
    services.issue_certificate(
        new,
        by=admin.user,
        number="ZF-NEW-1",
        issuer="测试市人民政府",
        domains=[food],
        issued_on=clock.today(),
        expires_on=clock.today() + timedelta(days=3 * 365),
    )
    new.refresh_from_db()
    assert not new.is_new_staff
    assert may_act(new, food).ok
    assert AuditEvent.objects.filter(
        action="officers.officer.cleared", object_id=str(new.pk)
    ).exists()


def test_r60_new_staff_flag_cannot_be_cleared_by_hand(admin):
    new = OfficerFactory(agency=admin.agency, certified=False, is_new_staff=True)
    with pytest.raises(RuleViolation):
        services.update_officer(new, by=admin.user, is_new_staff=False)


def test_exam_of_another_agency_refused(officer):
    other_admin = agency_admin()
    with pytest.raises(PermissionDenied):
        _exam(officer, other_admin, passed=False)
    officer.refresh_from_db()
    assert officer.status == Officer.Status.ON_POST and not officer.exams.exists()


def test_new_law_training_needs_the_law_and_is_audited(officer, admin):
    with pytest.raises(DomainError):
        services.record_training(
            officer,
            by=admin.user,
            kind=Training.Kind.NEW_LAW,
            title="新法培训",
            started_on=date(2026, 3, 1),
            ended_on=date(2026, 3, 2),
            hours=Decimal("8"),
        )
    training = services.record_training(
        officer,
        by=admin.user,
        kind=Training.Kind.NEW_LAW,
        title="新修订《行政复议法》专题培训",
        law_name="中华人民共和国行政复议法（2023修订）",
        started_on=date(2026, 3, 1),
        ended_on=date(2026, 3, 2),
        hours=Decimal("12"),
    )
    assert training.hours == Decimal("12")
    assert AuditEvent.objects.filter(
        action="officers.training.recorded", object_id=str(training.pk)
    ).exists()


def test_training_dates_validated(officer, admin):
    with pytest.raises(DomainError):
        services.record_training(
            officer,
            by=admin.user,
            title="x",
            started_on=date(2026, 3, 2),
            ended_on=date(2026, 3, 1),
            hours=Decimal("1"),
        )
