"""三权分立: no account holds two of the system, security and audit administrator roles,
whichever way the group is added; nothing is saved when refused."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.services import grant_role, revoke_role
from audit.models import AuditEvent
from core.errors import DomainError
from core.roles import Role

pytestmark = pytest.mark.django_db

MESSAGE = "三权分立：系统管理员、安全管理员、审计管理员不得由同一账号兼任"


@pytest.fixture
def user():
    return get_user_model().objects.create_user("admin1", password="x-Strong-123")


def _groups(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


@pytest.mark.parametrize(
    ("held", "added"),
    [
        (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN),
        (Role.SECURITY_ADMIN, Role.AUDIT_ADMIN),
        (Role.AUDIT_ADMIN, Role.SYSTEM_ADMIN),
    ],
)
def test_second_admin_role_is_refused(roles, user, held, added):
    user.groups.add(roles[held])
    # (Django adds groups in atomic(savepoint=False): a caller who goes on after the
    # refusal needs its own savepoint; accounts.services.grant_role checks first.)
    with pytest.raises(ValidationError) as exc, transaction.atomic():
        user.groups.add(roles[added])
    assert MESSAGE in exc.value.messages[0]
    assert _groups(user) == {held.value}


def test_two_admin_roles_at_once_are_refused(roles, user):
    with pytest.raises(ValidationError), transaction.atomic():
        user.groups.add(roles[Role.SYSTEM_ADMIN], roles[Role.AUDIT_ADMIN])
    assert _groups(user) == set()


def test_set_replacing_one_admin_role_by_another_is_allowed(roles, user):
    user.groups.add(roles[Role.SYSTEM_ADMIN])
    user.groups.set([roles[Role.AUDIT_ADMIN]])
    assert _groups(user) == {"audit_admin"}


def test_refused_from_the_group_side_too(roles, user):
    user.groups.add(roles[Role.SECURITY_ADMIN])
    with pytest.raises(ValidationError), transaction.atomic():
        roles[Role.AUDIT_ADMIN].user_set.add(user)
    assert _groups(user) == {"security_admin"}


def test_an_admin_role_with_ordinary_roles_is_allowed(roles, user):
    user.groups.add(roles[Role.AUDIT_ADMIN], roles[Role.LEGAL_OFFICE])
    assert _groups(user) == {"audit_admin", "legal_office"}


def test_grant_role_service_refuses_with_the_reason_and_records_grants(roles, user):
    boss = get_user_model().objects.create_user("boss", password="x-Strong-123")
    assert grant_role(user, Role.SECURITY_ADMIN, by=boss) is True
    assert grant_role(user, Role.SECURITY_ADMIN, by=boss) is False  # already held
    with pytest.raises(DomainError) as exc:
        grant_role(user, Role.SYSTEM_ADMIN, by=boss)
    assert MESSAGE in str(exc.value)
    assert _groups(user) == {"security_admin"}
    [event] = AuditEvent.objects.filter(action="accounts.role.granted")
    assert event.actor_id == boss.pk and event.object_id == str(user.pk)
    assert event.before == {"roles": []} and event.after == {"roles": ["security_admin"]}
    assert revoke_role(user, Role.SECURITY_ADMIN, by=boss) is True
    assert grant_role(user, Role.SYSTEM_ADMIN, by=boss) is True
    assert _groups(user) == {"system_admin"}
    assert AuditEvent.objects.filter(action="accounts.role.revoked").count() == 1


def test_grant_role_refuses_unknown_roles(roles, user):
    with pytest.raises(DomainError, match="未知角色"):
        grant_role(user, "superhero", by=None)
