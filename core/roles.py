"""The roles of DESIGN.md as Django groups.

Group names are stable English codes; labels are translated. The three administrator
roles (system, security, audit: 三权分立) are mutually exclusive: no account holds two.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("执法人员")
    SUPERVISOR = "supervisor", _("负责人")
    LEGAL_REVIEWER = "legal_reviewer", _("法制审核人员")
    LEGAL_OFFICE = "legal_office", _("法制监督")
    AGENCY_ADMIN = "agency_admin", _("机关管理员")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


# 三权分立: an account may hold at most one of these.
ADMIN_TRIAD: frozenset[str] = frozenset(
    {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
)


def ensure_groups() -> dict[str, Group]:
    """Create the role groups if missing (idempotent; also used after test flushes)."""
    return {role.value: Group.objects.get_or_create(name=role.value)[0] for role in Role}


def role_codes(user) -> frozenset[str]:
    """The role codes a user holds, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_role_codes", None)
    if cached is None:
        valid = {r.value for r in Role}
        cached = frozenset(n for n in user.groups.values_list("name", flat=True) if n in valid)
        user._role_codes = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(role_codes(user) & set(roles))


def primary_role(user) -> str:
    """The role recorded in audit events: the most senior the user holds."""
    codes = role_codes(user)
    for role in (
        Role.AUDIT_ADMIN,
        Role.SECURITY_ADMIN,
        Role.SYSTEM_ADMIN,
        Role.LEGAL_OFFICE,
        Role.LEGAL_REVIEWER,
        Role.SUPERVISOR,
        Role.AGENCY_ADMIN,
        Role.OFFICER,
    ):
        if role in codes:
            return role.value
    return ""


def check_role_combination(codes: set[str] | frozenset[str]) -> None:
    """Refuse a set of roles that holds two of the three administrator roles."""
    held = sorted(ADMIN_TRIAD & set(codes))
    if len(held) > 1:
        labels = "、".join(str(Role(c).label) for c in held)
        raise ValidationError(
            _("三权分立：系统管理员、安全管理员、审计管理员不得由同一账号兼任（%(roles)s）。")
            % {"roles": labels},
            code="admin_triad",
        )
