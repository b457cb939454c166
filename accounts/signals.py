"""Authentication events go to the audit trail from day one, and the 三权分立 guard.

Receivers on Django's own auth signals are request-bound by nature (a login *is* a
request), so here a signal is the right tool; domain changes are recorded explicitly.
IP and request id come from the request context bound by core.middleware.
"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from audit.actions import register
from audit.services import record
from core.middleware import SessionTimeoutMiddleware
from core.roles import check_role_combination

User = get_user_model()

LOGIN_SUCCEEDED = register("accounts.login.succeeded", _("登录成功"))
LOGIN_FAILED = register("accounts.login.failed", _("登录失败"))
LOCKED_OUT = register("accounts.login.locked_out", _("账号锁定"))
LOGGED_OUT = register("accounts.logout", _("退出登录"))
SESSION_EXPIRED = register("accounts.session.expired", _("会话超时退出"))
PASSWORD_CHANGED = register("accounts.password.changed", _("修改密码"))
ROLE_GRANTED = register("accounts.role.granted", _("授予角色"))  # accounts.services
ROLE_REVOKED = register("accounts.role.revoked", _("撤销角色"))


def _username(value: object) -> str:
    return str(value or "")[:150]


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        SessionTimeoutMiddleware.stamp_login(request)  # the 12-hour limit counts from here
    record(LOGIN_SUCCEEDED, user, by=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is None:
        return
    reason = getattr(request, SessionTimeoutMiddleware.REASON_ATTR, None)
    if reason:
        record(SESSION_EXPIRED, user, by=user, data={"reason": reason})
    else:
        record(LOGGED_OUT, user, by=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    """Every refused attempt, including those refused because the name is locked."""
    username = _username(credentials.get("username"))
    locked = bool(getattr(request, "axes_locked_out", False))
    record(
        LOGIN_FAILED,
        None,
        by=None,
        actor_name=username or "?",
        role="",
        data={"username": username, "locked": locked},
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs) -> None:
    record(
        LOCKED_OUT,
        None,
        by=None,
        actor_name=_username(username) or "?",
        role="",
        data={"username": _username(username), "ip": ip_address},
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
