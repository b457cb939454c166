"""Alerting the audit administrators (审计管理员) when the chain fails verification.

One notification row per administrator and failed run (shown on their home page), and an
email to those with an address, sent after the transaction commits. Recipients are the
active accounts in the `audit_admin` group: audit needs nothing from the apps above it.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAlert, VerificationRun
from core.roles import Role

log = logging.getLogger(__name__)


def audit_admins():
    return get_user_model().objects.filter(groups__name=Role.AUDIT_ADMIN.value, is_active=True)


def _message(run: VerificationRun) -> str:
    return _(
        "审计链校验未通过（校验记录 #%(run)s）：第 %(seq)s 号事件异常。%(reason)s "
        "请立即核查数据库访问记录，并运行 manage.py verify_audit 复核。"
    ) % {"run": run.pk, "seq": run.first_bad_seq, "reason": run.reason}


def _send(alert_ids: list[int]) -> None:
    for alert in AuditAlert.objects.filter(pk__in=alert_ids).select_related("recipient"):
        address = alert.recipient.email
        if not address:
            continue
        try:
            send_mail(
                _("【审计告警】审计链校验未通过"),
                alert.message,
                settings.DEFAULT_FROM_EMAIL,
                [address],
            )
        except Exception:  # noqa: BLE001 - the row is the alert; mail is best effort
            log.exception("audit alert %s: mail to %s failed", alert.pk, address)
            continue
        AuditAlert.objects.filter(pk=alert.pk).update(emailed=True)


def chain_broken(run: VerificationRun) -> list[AuditAlert]:
    """Alert every audit administrator about a failed run (idempotent per run)."""
    created: list[AuditAlert] = []
    message = _message(run)
    now = timezone.now()
    for user in audit_admins():
        alert, made = AuditAlert.objects.get_or_create(
            recipient=user,
            run=run,
            defaults={
                "kind": AuditAlert.Kind.CHAIN_BROKEN,
                "message": message,
                "created_at": now,
            },
        )
        if made:
            created.append(alert)
    if created:
        ids = [a.pk for a in created]
        transaction.on_commit(lambda: _send(ids))
    return created


def unread_for(user) -> list[AuditAlert]:
    return list(
        AuditAlert.objects.filter(recipient=user, read_at__isnull=True)
        .select_related("run")
        .order_by("-created_at", "-pk")[:20]
    )
