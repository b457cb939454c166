"""Helpers the portal's services share: who is the legal office of an agency, and the
audit action codes with their labels."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from audit import actions
from cases.services.common import clean_text
from core.roles import Role, has_role
from officers.models import Agency, Officer
from officers.selectors import officer_of

PUBLIC_ACTOR = "public"

ACTION_LABELS = {
    "portal.evaluation.submitted": _("当事人提交评议"),
    "portal.complaint.submitted": _("公众提交投诉举报"),
    "portal.complaint.viewed": _("查看投诉举报"),
    "portal.complaint.assigned": _("分派投诉举报"),
    "portal.complaint.answered": _("答复投诉举报"),
    "portal.complaint.converted": _("举报转为线索"),
    "portal.complaint.attachment_downloaded": _("下载投诉举报附件"),
    "portal.commitment.saved": _("保存执法承诺"),
    "portal.commitment.removed": _("删除执法承诺"),
    "portal.settings.updated": _("修改公开门户设置"),
    "portal.legal_aid.referred": _("登记法律援助转介"),
}


def register_audit_labels() -> None:
    for code, label in ACTION_LABELS.items():
        actions.register(code, label)


def staff_officer(user: Any) -> Officer | None:
    return officer_of(user)


def is_legal_office_of(user: Any, agency: Agency | int) -> bool:
    """The legal office (法制监督) of `agency` handles its complaints (R-71)."""
    officer = officer_of(user)
    agency_id = agency if isinstance(agency, int) else agency.pk
    return (
        officer is not None and officer.agency_id == agency_id and has_role(user, Role.LEGAL_OFFICE)
    )


__all__ = ["PUBLIC_ACTOR", "clean_text", "is_legal_office_of", "register_audit_labels"]
