"""Home-page panels of the audit trail (core.home.register_panel): the last verification
for the legal office and the audit administrator, and the audit administrator's alerts."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from audit import alerts
from audit.models import Checkpoint, VerificationRun
from core.roles import Role, has_role


def verification(request: HttpRequest) -> dict | None:
    user = request.user
    if not has_role(user, Role.LEGAL_OFFICE, Role.AUDIT_ADMIN):
        return None
    return {
        "title": _("审计链完整性"),
        "template": "audit/panels/verification.html",
        "context": {
            "run": VerificationRun.objects.select_related("triggered_by").first(),
            "checkpoint": Checkpoint.objects.first(),
        },
        "order": 5,
    }


def audit_alerts(request: HttpRequest) -> dict | None:
    user = request.user
    if not has_role(user, Role.AUDIT_ADMIN):
        return None
    unread = alerts.unread_for(user)
    if not unread:
        return None
    return {
        "title": _("审计告警"),
        "template": "audit/panels/alerts.html",
        "context": {"alerts": unread},
        "order": 1,
    }
