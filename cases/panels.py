"""The officer's workspace panel on the home page (core.home.register_panel)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from cases import actions, deadlines, selectors
from cases.models import officer_of
from core.roles import Role, has_role


def workspace(request: HttpRequest) -> dict | None:
    user = request.user
    if officer_of(user) is None or not has_role(user, Role.OFFICER, Role.SUPERVISOR):
        return None
    rows = []
    for case in selectors.my_cases(user, limit=15):
        rows.append(
            {
                "case": case,
                "deadline": deadlines.next_deadline(case),
                "next_action": actions.next_step(case),
            }
        )
    leads = list(selectors.leads_to_verify(user, limit=10))
    return {
        "title": _("我的案件"),
        "template": "cases/panels/workspace.html",
        "context": {"rows": rows, "leads": leads},
        "order": 10,
    }
