"""Officer accounts, ID numbers (GB 11643), roles (三权分立), agency settings, powers and
delegations: each change audited, bad input refused with nothing saved."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from audit.models import AuditEvent
from core.errors import DomainError, PermissionDenied, RuleViolation
from core.roles import Role, role_codes
from officers import services
from officers.authority import may_enforce
from officers.idnumber import check_char, mask, validate_id_number
from officers.models import Agency, AgencySettings, Delegation, Officer, Power
from tests.factories import AgencyFactory, DomainFactory, UserFactory
from tests.officers.factories import agency_admin, valid_id

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def admin():
    return agency_admin()


# --- ID numbers ---------------------------------------------------------------------


def test_id_checksum_known_number():
    # The GB 11643 standard's own example: 11010519491231002X
    assert check_char("11010519491231002") == "X"
    assert validate_id_number("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("110105194912310021", "校验码"),
        ("11010519491231002", "18位"),
        ("1101051949123100AX", "18位"),
        ("110105194913310020", "出生日期"),
    ],
)
def test_id_checksum_validation_rejects(value, words):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        validate_id_number(value)
    assert words in exc.value.messages[0]


def test_id_stored_and_masked():
    assert mask("11010519491231002X") == "110***********002X"


def test_create_officer_validates_id_and_saves_nothing_when_bad(admin):
    with pytest.raises(DomainError) as exc:
        services.create_officer(
            admin.agency, by=admin.user, username="bad", name="错号", id_number="110105194912310021"
        )
    assert "校验码" in str(exc.value)
    assert not User.objects.filter(username="bad").exists()


def test_create_officer_creates_account_and_audits_masked_id(admin):
    food = DomainFactory()
    officer = services.create_officer(
        admin.agency,
        by=admin.user,
        username="zhouxun",
        name="周迅",
        id_number=valid_id(),
        password="Strong-Pass-2026",
        email="zx@example.cn",
        post="食品科",
        domains=[food],
    )
    assert officer.user.check_password("Strong-Pass-2026")
    assert officer.id_number == "11010519491231002X"
    assert role_codes(officer.user) == {"officer"}
    event = AuditEvent.objects.get(action="officers.officer.created")
    assert event.after["id_number"] == "110***********002X"
    assert "11010519491231002X" not in str(event.after)


def test_unmasked_id_view_is_audited(admin):
    officer = services.create_officer(
        admin.agency, by=admin.user, username="a1", name="甲", id_number=valid_id()
    )
    assert services.reveal_id_number(officer, by=admin.user) == "11010519491231002X"
    event = AuditEvent.objects.get(action="officers.officer.id_number_viewed")
    assert event.actor_id == admin.user.pk and event.object_id == str(officer.pk)


def test_unmasked_id_view_refused_to_other_agency(admin):
    officer = services.create_officer(
        admin.agency, by=admin.user, username="a2", name="乙", id_number=valid_id()
    )
    with pytest.raises(PermissionDenied):
        services.reveal_id_number(officer, by=agency_admin().user)
    assert not AuditEvent.objects.filter(action="officers.officer.id_number_viewed").exists()


def test_officer_update_audited_with_before_after(admin):
    officer = services.create_officer(
        admin.agency, by=admin.user, username="a3", name="丙", post="科员"
    )
    services.update_officer(officer, by=admin.user, post="副科长", email="c@example.cn")
    event = AuditEvent.objects.get(action="officers.officer.updated")
    assert event.before == {"post": "科员"}
    assert event.after == {"post": "副科长", "email": "c@example.cn"}


def test_officer_text_with_nul_refused(admin):
    with pytest.raises(DomainError):
        services.create_officer(admin.agency, by=admin.user, username="nul", name="a\x00b")


def test_r28_legal_reviewer_needs_legal_qualification(admin):
    officer = services.create_officer(admin.agency, by=admin.user, username="lr", name="丁")
    with pytest.raises(RuleViolation):
        services.assign_role(officer.user, Role.LEGAL_REVIEWER, by=admin.user)
    services.update_officer(officer, by=admin.user, legal_qualification="A20201101000123")
    services.assign_role(officer.user, Role.LEGAL_REVIEWER, by=admin.user)
    assert Role.LEGAL_REVIEWER in role_codes(User.objects.get(pk=officer.user_id))


# --- roles (三权分立) -----------------------------------------------------------------


def test_assign_role_refuses_two_admin_roles():
    security = UserFactory(roles=[Role.SECURITY_ADMIN])
    user = UserFactory(roles=[Role.SYSTEM_ADMIN])
    with pytest.raises(DomainError) as exc:
        services.assign_role(user, Role.AUDIT_ADMIN, by=security)
    assert "三权分立" in str(exc.value)
    assert role_codes(User.objects.get(pk=user.pk)) == {"system_admin"}


def test_agency_admin_cannot_grant_admin_roles(admin):
    user = UserFactory()
    with pytest.raises(PermissionDenied):
        services.assign_role(user, Role.SYSTEM_ADMIN, by=admin.user)


def test_assign_role_audited(admin):
    officer = services.create_officer(admin.agency, by=admin.user, username="sup", name="戊")
    services.assign_role(officer.user, Role.SUPERVISOR, by=admin.user)
    event = AuditEvent.objects.get(action="officers.role.assigned")
    assert event.after == {"roles": ["officer", "supervisor"]}
    assert event.agency_id == admin.agency_id


# --- agency settings, powers, delegations -------------------------------------------


def test_agency_settings_validated_and_audited(admin):
    with pytest.raises(DomainError):
        services.update_agency_settings(admin.agency, by=admin.user, statement_period_wd=0)
    assert AgencySettings.objects.get(agency=admin.agency).statement_period_wd == 5
    services.update_agency_settings(
        admin.agency,
        by=admin.user,
        statement_period_wd=7,
        hearing_threshold_person=Decimal("20000"),
    )
    event = AuditEvent.objects.get(action="officers.settings.updated")
    assert event.before["statement_period_wd"] == 5 and event.after["statement_period_wd"] == 7


def test_agency_settings_of_other_agency_refused(admin):
    other = AgencyFactory()
    with pytest.raises(PermissionDenied):
        services.update_agency_settings(other, by=admin.user, statement_period_wd=9)


def test_r03_powers_crud_audited(admin):
    food = DomainFactory()
    power = services.create_power(
        admin.agency,
        by=admin.user,
        domain=food,
        violation_code="FS-1",
        legal_basis="《食品安全法》",
        valid_from=date(2026, 1, 1),
    )
    assert may_enforce(admin.agency, food, "FS-1", on=date(2026, 1, 1)).verdict.ok
    services.update_power(power, by=admin.user, valid_to=date(2026, 6, 30))
    assert not may_enforce(admin.agency, food, "FS-1", on=date(2026, 7, 1)).verdict.ok
    with pytest.raises(DomainError):
        services.update_power(power, by=admin.user, valid_to=date(2025, 1, 1))
    services.delete_power(power, by=admin.user)
    assert not Power.objects.exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="officers.power.").values_list(
            "action", flat=True
        )
    )
    assert actions == ["officers.power.created", "officers.power.updated", "officers.power.deleted"]


def test_r03_delegation_to_entrusted_organisation(admin):
    food = DomainFactory()
    services.create_power(
        admin.agency,
        by=admin.user,
        domain=food,
        legal_basis="《食品安全法》",
        valid_from=date(2026, 1, 1),
    )
    plain = AgencyFactory()
    with pytest.raises(DomainError):
        services.create_delegation(
            by=admin.user,
            principal=admin.agency,
            delegate=plain,
            domains=[food],
            scope="x",
            valid_from=date(2026, 1, 1),
            valid_to=date(2026, 12, 31),
        )
    entrusted = AgencyFactory(kind=Agency.Kind.ENTRUSTED)
    delegation = services.create_delegation(
        by=admin.user,
        principal=admin.agency,
        delegate=entrusted,
        domains=[food],
        scope="食品经营日常检查及简易程序处罚",
        valid_from=date(2026, 1, 1),
        valid_to=date(2026, 12, 31),
        document_number="委托〔2026〕1号",
    )
    authority = may_enforce(entrusted, food, "FS-9", on=date(2026, 12, 31))
    assert authority.verdict.ok and authority.acting_agency == admin.agency
    services.update_delegation(delegation, by=admin.user, valid_to=date(2026, 6, 30))
    assert not may_enforce(entrusted, food, "FS-9", on=date(2026, 12, 31)).verdict.ok
    services.delete_delegation(delegation, by=admin.user)
    assert not Delegation.objects.exists()
    assert AuditEvent.objects.filter(action__startswith="officers.delegation.").count() == 3


def test_change_status_needs_reason_and_audits(admin):
    officer = services.create_officer(admin.agency, by=admin.user, username="st", name="己")
    with pytest.raises(DomainError):
        services.change_status(officer, by=admin.user, status=Officer.Status.SUSPENDED, reason=" ")
    services.change_status(
        officer, by=admin.user, status=Officer.Status.SUSPENDED, reason="纪检调查"
    )
    assert (
        AuditEvent.objects.get(action="officers.officer.status_changed").after["status"]
        == "suspended"
    )
