"""Role grants and revocations: checked, audited writes.

The m2m signal guard in accounts.signals refuses a forbidden combination whichever path
adds a group; but Django adds groups inside `atomic(savepoint=False)`, so a refusal there
spoils the caller's transaction. These services check first (raising a `DomainError` a
view can show), then write and record the change.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.signals import ROLE_GRANTED, ROLE_REVOKED
from audit.services import record
from core.errors import DomainError
from core.roles import Role, check_role_combination, ensure_groups

User = get_user_model()


def _role(code: str) -> Role:
    try:
        return Role(code)
    except ValueError as exc:
        raise DomainError(_("未知角色：%(role)s") % {"role": code}) from exc


@transaction.atomic
def grant_role(user, role: str, *, by) -> bool:
    """Give `user` the role; False when already held. Refuses a second administrator role
    of the three (三权分立) with the reason."""
    role = _role(role)
    locked = User.objects.select_for_update().get(pk=user.pk)
    held = set(locked.groups.values_list("name", flat=True))
    if role.value in held:
        return False
    try:
        check_role_combination(held | {role.value})
    except ValidationError as exc:
        raise DomainError(exc.messages[0], code="admin_triad") from exc
    before = sorted(held)
    locked.groups.add(ensure_groups()[role.value])
    record(
        ROLE_GRANTED,
        locked,
        by=by,
        before={"roles": before},
        after={"roles": sorted(held | {role.value})},
        data={"role": role.value},
    )
    user._role_codes = None  # drop the per-request cache (core.roles.role_codes)
    return True


@transaction.atomic
def revoke_role(user, role: str, *, by) -> bool:
    """Take the role away; False when not held."""
    role = _role(role)
    locked = User.objects.select_for_update().get(pk=user.pk)
    held = set(locked.groups.values_list("name", flat=True))
    if role.value not in held:
        return False
    locked.groups.remove(ensure_groups()[role.value])
    record(
        ROLE_REVOKED,
        locked,
        by=by,
        before={"roles": sorted(held)},
        after={"roles": sorted(held - {role.value})},
        data={"role": role.value},
    )
    user._role_codes = None
    return True
