"""Guards shared by the services of a case: plain functions returning a Verdict, so the
UI asks the very same functions why an action is unavailable (DESIGN.md, "The case
workflow"). Services call `.raise_if_refused()` on them before they write.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cases import workflow as ws
from cases.models import Case, CaseOfficer, Recusal, officer_of
from cases.recusal import recusal
from cases.states import State
from core.errors import RuleViolation, Verdict
from core.roles import Role, has_role

# Rule label for refusals that are about who may act rather than a numbered legal rule.
ACCESS = "权限"


def refuse(rule: str, message: str) -> Verdict:
    return Verdict.refuse(rule, message)


def officers_recusal(case: Case, officers) -> Verdict:
    """R-04 for every participating officer of an act (not only the one who records it)."""
    ids = [o.pk for o in officers]
    blocked = (
        Recusal.objects.filter(case_id=case.pk, officer_id__in=ids)
        .exclude(status=Recusal.Status.REFUSED)
        .select_related("officer")
    )
    verdict = Verdict()
    seen: set[int] = set()
    for r in blocked:
        if r.officer_id in seen:
            continue
        seen.add(r.officer_id)
        if r.status == Recusal.Status.GRANTED:
            msg = _("%(name)s已准予回避，不得再参与本案执法活动")
        else:
            msg = _("%(name)s的回避申请尚未决定，决定前不得参与本案执法活动")
        verdict += refuse("R-04", msg % {"name": r.officer.name})
    return verdict


def not_closed(case: Case) -> Verdict:
    """R-45: a closed case is read-only (legal-office corrections excepted)."""
    if case.state in ws.READ_ONLY:
        return refuse("R-45", _("案件已结案，案卷只读，不得修改（法制监督机构可登记更正）"))
    return Verdict()


def same_agency(case: Case, user: Any) -> bool:
    officer = officer_of(user)
    return officer is not None and officer.agency_id == case.agency_id


def is_supervisor_of(case: Case, user: Any) -> bool:
    return same_agency(case, user) and has_role(user, Role.SUPERVISOR)


def supervisor(case: Case, user: Any, rule: str, what: str) -> Verdict:
    """`what` needs the approval of a supervisor (负责人) of the case's own agency."""
    if is_supervisor_of(case, user):
        return Verdict()
    return refuse(rule, _("%(what)s须经本机关负责人批准，您不是本机关负责人") % {"what": what})


def is_assigned(case: Case, user: Any) -> bool:
    officer = officer_of(user)
    if officer is None:
        return False
    return CaseOfficer.objects.filter(case_id=case.pk, officer_id=officer.pk, active=True).exists()


def can_change(case: Case, user: Any) -> bool:
    """Assigned officers (django-guardian object permission, given on assignment and
    removed on reassignment) and the agency's supervisors may change a case."""
    if not same_agency(case, user):
        return False
    if has_role(user, Role.SUPERVISOR):
        return True
    return bool(user.has_perm("cases.change_case", case))


def may_change(case: Case, user: Any) -> Verdict:
    """Everything an ordinary write needs: not closed (R-45), the user may change the
    case, and has no pending or granted recusal on it (R-04)."""
    verdict = not_closed(case)
    if not can_change(case, user):
        verdict += refuse(ACCESS, _("您不是本案承办人员或本机关负责人，不能办理本案事项"))
    return verdict + recusal(case, user)


def in_states(case: Case, states, rule: str, what: str) -> Verdict:
    if case.state in states:
        return Verdict()
    return refuse(
        rule,
        _("案件处于“%(state)s”状态，不能%(what)s")
        % {"state": case.get_state_display(), "what": what},
    )


def edge_allowed(case: Case, target: str, what: str, rule: str = "") -> Verdict:
    from_state = case.state
    if ws.is_allowed(from_state, target):
        return Verdict()
    return refuse(
        rule or ACCESS,
        _("案件处于“%(state)s”状态，不能%(what)s")
        % {"state": case.get_state_display(), "what": what},
    )


def investigative(case: Case, what: str) -> Verdict:
    """Evidence, records and preservation belong to the investigation (R-22, R-23)."""
    return in_states(case, ws.INVESTIGATIVE, "R-22", what)


def not_blank(value: str | None, rule: str, message: str) -> Verdict:
    if value is None or not str(value).strip():
        return refuse(rule, message)
    return Verdict()


def raise_(rule: str, message: str) -> None:
    raise RuleViolation(rule, message)


__all__ = [
    "ACCESS",
    "State",
    "can_change",
    "edge_allowed",
    "in_states",
    "investigative",
    "is_assigned",
    "is_supervisor_of",
    "may_change",
    "not_blank",
    "not_closed",
    "officers_recusal",
    "recusal",
    "same_agency",
    "supervisor",
]
