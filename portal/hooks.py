"""What the portal adds to lower apps' pages through their registries: the legal aid card
on the case page (R-73) and the complaints panel on the staff home page (R-71)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.sections import register_section
from core.home import register_panel
from core.roles import Role, has_role
from portal.services import commitments as commitment_svc
from portal.services import complaints as complaint_svc
from portal.services import legal_aid as legal_aid_svc


def legal_aid_section(case: Any, request: HttpRequest) -> dict | None:
    """R-73 card: referrals recorded so far, where to apply, and the link to record one."""
    referrals = legal_aid_svc.referrals_of(case)
    verdict = legal_aid_svc.referral_verdict(case, request.user)
    if not referrals and not verdict.ok:
        return None
    return {
        "title": _("法律援助"),
        "template": "portal/staff/_legal_aid_section.html",
        "order": 90,
        "context": {
            "referrals": referrals,
            "verdict": verdict,
            "settings": commitment_svc.settings_for(case.agency_id),
            "url": reverse("portal:legal_aid_referral", kwargs={"case_id": case.pk}),
        },
    }


def complaints_panel(request: HttpRequest) -> dict | None:
    """Open and overdue complaints for the legal office and for assigned handlers."""
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return None
    open_count, overdue = complaint_svc.open_counts(user)
    if not open_count and not has_role(user, Role.LEGAL_OFFICE):
        return None
    return {
        "title": _("投诉举报"),
        "template": "portal/staff/_complaints_panel.html",
        "order": 60,
        "context": {
            "open": open_count,
            "overdue": overdue,
            "url": reverse("portal:complaint_queue"),
        },
    }


def register() -> None:
    register_section(legal_aid_section)
    register_panel(complaints_panel)
