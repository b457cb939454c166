"""Navigation by role. Entries whose page does not exist (yet) are left out."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from core.roles import Role, role_codes

STAFF = {Role.OFFICER, Role.SUPERVISOR, Role.LEGAL_REVIEWER, Role.LEGAL_OFFICE, Role.AGENCY_ADMIN}

# (label, url name, roles that see it); the first entry a user may see is their home.
NAVIGATION: list[tuple[str, str, set[str]]] = [
    (_("工作台"), "core:home", set(Role)),
    (_("案件"), "cases:case_list", STAFF),
    (_("线索"), "cases:lead_list", {Role.OFFICER, Role.SUPERVISOR}),
    (_("当事人"), "cases:party_list", STAFF),
    (_("审批"), "penalties:approval_queue", {Role.SUPERVISOR}),
    (_("法制审核"), "penalties:review_queue", {Role.LEGAL_REVIEWER}),
    (_("裁量基准"), "penalties:benchmark_list", {Role.AGENCY_ADMIN, Role.LEGAL_OFFICE, Role.SUPERVISOR}),
    (_("执法人员"), "officers:officer_list", {Role.AGENCY_ADMIN, Role.LEGAL_OFFICE, Role.SUPERVISOR}),
    (_("我的档案"), "officers:my_file", {Role.OFFICER, Role.SUPERVISOR, Role.LEGAL_REVIEWER}),
    (_("审计日志"), "audit:event_list", {Role.LEGAL_OFFICE, Role.AUDIT_ADMIN}),
    (_("法制监督"), "oversight:dashboard", {Role.LEGAL_OFFICE}),
    (_("投诉举报"), "portal:complaint_queue", {Role.LEGAL_OFFICE}),
    (_("执法承诺"), "portal:commitment_admin", {Role.AGENCY_ADMIN}),
    (_("工作日历"), "accounts:calendar", {Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN}),
]


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    codes = role_codes(user)
    items = []
    for label, name, roles in NAVIGATION:
        if codes & {str(r) for r in roles} or (name == "core:home"):
            url = _url(name)
            if url:
                items.append({"label": label, "url": url, "active": request.path == url or (url != "/" and request.path.startswith(url))})
    return {"nav_items": items, "user_roles": sorted(codes)}
