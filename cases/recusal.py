"""R-04: the recusal guard, used by `workflow.transition` and by every service."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cases.models import Case, Recusal, officer_of
from core.errors import Verdict


def recusal(case: Case, user: Any) -> Verdict:
    """R-04: an officer with an undecided recusal request on the case may not act on it
    until a supervisor decides; one whose recusal was granted may not act at all."""
    officer = officer_of(user)
    if officer is None or case.pk is None:
        return Verdict()
    statuses = set(
        Recusal.objects.filter(case_id=case.pk, officer_id=officer.pk)
        .exclude(status=Recusal.Status.REFUSED)
        .values_list("status", flat=True)
    )
    if Recusal.Status.GRANTED in statuses:
        return Verdict.refuse(
            "R-04", _("%(name)s已准予回避，不得再参与本案执法活动") % {"name": officer.name}
        )
    if Recusal.Status.PENDING in statuses:
        return Verdict.refuse(
            "R-04",
            _("%(name)s的回避申请尚未决定，决定前不得参与本案执法活动") % {"name": officer.name},
        )
    return Verdict()
