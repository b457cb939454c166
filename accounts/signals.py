"""Authentication events go to the audit trail from day one, and the 三权分立 guard.

Receivers on Django's own auth signals are request-bound by nature (a login *is* a
request), so here a signal is the right tool; domain changes are recorded explicitly.
"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from audit.services import record
from core.roles import check_role_combination

User = get_user_model()


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    record("accounts.login.succeeded", user, by=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record("accounts.logout", user, by=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))[:150]
    record("accounts.login.failed", None, actor_name=username or "?", data={"username": username})


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs) -> None:
    record(
        "accounts.login.locked_out",
        None,
        actor_name=str(username or "?")[:150],
        data={"username": username, "ip": ip_address},
    )


@receiver(m2m_changed, sender=User.groups.through)
def _guard_admin_triad(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """No account may hold two of the system/security/audit administrator roles,
    whichever path adds the group (admin, shell, service)."""
    if action != "pre_add" or not pk_set:
        return
    if not reverse:
        added = set(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
        held = set(instance.groups.values_list("name", flat=True))
        check_role_combination(held | added)
    else:
        for user in User.objects.filter(pk__in=pk_set):
            held = set(user.groups.values_list("name", flat=True))
            check_role_combination(held | {instance.name})
