"""What oversight registers in lower apps' registries (called from OversightConfig.ready):
audit action labels, the legal office's card on the case page, its home-page panel."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import officer_of
from oversight import access

ACTION_LABELS = {
    "oversight.case_record.viewed": gettext_lazy("查阅全过程记录"),
    "oversight.case_file.requested": gettext_lazy("申请导出案卷"),
    "oversight.case_file.built": gettext_lazy("生成案卷导出包"),
    "oversight.case_file.failed": gettext_lazy("案卷导出失败"),
    "oversight.case_file.downloaded": gettext_lazy("下载案卷导出包"),
    "oversight.fault_review.opened": gettext_lazy("启动执法过错审查"),
    "oversight.fault_review.finding_recorded": gettext_lazy("记录执法过错认定"),
    "oversight.fault_review.closed": gettext_lazy("办结执法过错审查"),
    "oversight.row.changed_outside": gettext_lazy("发现系统外数据变更"),
}


def case_section(case, request: HttpRequest) -> dict | None:
    """The legal office's card on the case page: full-process record, export, fault
    reviews (R-62). Hidden for everyone else."""
    if not access.is_legal_office(request.user):
        return None
    if officer_of(request.user).agency_id != case.agency_id:
        return None
    from oversight.models import FaultReview

    return {
        "title": _("法制监督"),
        "template": "oversight/sections/case.html",
        "order": 90,
        "context": {
            "case": case,
            "reviews": list(FaultReview.objects.filter(case=case).order_by("-pk")[:10]),
        },
    }


def home_panel(request: HttpRequest) -> dict | None:
    if not access.is_legal_office(request.user):
        return None
    from oversight.models import FaultReview, OutsideChange

    agencies = access.agency_ids(request.user)
    from cases.models import Case

    return {
        "title": _("法制监督"),
        "template": "oversight/panels/home.html",
        "order": 6,
        "context": {
            "overdue": Case.objects.filter(agency_id__in=agencies, is_overdue=True).count(),
            "open_reviews": FaultReview.objects.filter(
                case__agency_id__in=agencies, status=FaultReview.Status.OPEN
            ).count(),
            "outside": OutsideChange.objects.filter(agency_id__in=agencies).count(),
        },
    }


def register() -> None:
    from audit import actions
    from cases.sections import register_section
    from core.home import register_panel

    for code, label in ACTION_LABELS.items():
        actions.register(code, label)
    register_section(case_section)
    register_panel(home_panel)
