"""Assignment (分派) and reassignment of officers, and recusal (回避, R-04).

Assignment checks R-01 with `may_act` on the assignment date; the assigned officer gets
django-guardian's object permissions on the case (view, change), removed when the
assignment ends. A recusal request is recorded and decided by a supervisor before the
officer acts again on the case (every service asks `guards.recusal`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from audit import services as audit
from cases import guards
from cases.models import Case, CaseOfficer, Recusal
from cases.services.common import clean_text, lock, save
from core import clock
from core.errors import DomainError, RuleViolation
from officers.models import Officer
from officers.qualification import may_act, with_qualification_data

OBJECT_PERMS = ("cases.view_case", "cases.change_case")


def _grant(officer: Officer, case: Case) -> None:
    for perm in OBJECT_PERMS:
        assign_perm(perm, officer.user, case)


def _revoke(officer: Officer, case: Case) -> None:
    for perm in OBJECT_PERMS:
        remove_perm(perm, officer.user, case)


def assignment_verdict(case: Case, by: Any, officer: Officer):
    verdict = guards.not_closed(case)
    if not guards.is_supervisor_of(case, by):
        verdict += guards.refuse(guards.ACCESS, _("分派承办人员须由本机关负责人办理"))
    return verdict


@transaction.atomic
def assign_officer(
    case: Case, *, by: Any, officer: Officer, is_lead: bool = False, system: bool = False
) -> CaseOfficer:
    """Assign `officer` (R-01: qualified today); `system=True` is the registration's own
    assignment of the registering officer, which needs no supervisor."""
    case = lock(case)
    if not system:
        assignment_verdict(case, by, officer).raise_if_refused()
    if officer.agency_id != case.agency_id:
        raise DomainError(_("只能分派本机关执法人员"))
    today = clock.today()
    officer = with_qualification_data(Officer.objects.filter(pk=officer.pk)).get()
    may_act(officer, case.domain_id, on=today).raise_if_refused()  # R-01 on the assignment date
    if Recusal.objects.filter(case=case, officer=officer, status=Recusal.Status.GRANTED).exists():
        raise RuleViolation("R-04", _("%(name)s已准予回避，不得分派本案") % {"name": officer.name})
    if CaseOfficer.objects.filter(case=case, officer=officer, active=True).exists():
        raise DomainError(_("%(name)s已是本案承办人员") % {"name": officer.name})
    if is_lead:
        CaseOfficer.objects.filter(case=case, active=True, is_lead=True).update(is_lead=False)
    row = CaseOfficer.objects.create(
        case=case, officer=officer, is_lead=is_lead, assigned_on=today, assigned_by=by
    )
    if is_lead or case.lead_officer_id is None:
        if not is_lead:
            row.is_lead = True
            row.save(update_fields=["is_lead"])
        case.lead_officer = officer
        save(case, ["lead_officer"])
    _grant(officer, case)
    audit.record(
        "cases.assignment.assigned",
        row,
        by=by,
        data={"officer": officer.name, "officer_id": officer.pk, "lead": row.is_lead},
    )
    return row


@transaction.atomic
def end_assignment(
    case: Case, *, by: Any, officer: Officer, reason: str, system: bool = False
) -> CaseOfficer:
    """Take an officer off the case (reason recorded; the row is kept)."""
    case = lock(case)
    if not system:
        assignment_verdict(case, by, officer).raise_if_refused()
    reason = clean_text(reason, required=True, label=_("调整原因"))
    row = (
        CaseOfficer.objects.select_for_update()
        .filter(case=case, officer=officer, active=True)
        .first()
    )
    if row is None:
        raise DomainError(_("%(name)s不是本案在办人员") % {"name": officer.name})
    row.active = False
    row.ended_on = clock.today()
    row.end_reason = reason
    row.save(update_fields=["active", "ended_on", "end_reason"])
    if row.is_lead:
        case.lead_officer = None
        save(case, ["lead_officer"])
    _revoke(officer, case)
    audit.record(
        "cases.assignment.ended", row, by=by, data={"officer": officer.name, "reason": reason}
    )
    return row


@transaction.atomic
def reassign(
    case: Case, *, by: Any, from_officer: Officer, to_officer: Officer, reason: str
) -> CaseOfficer:
    """Replace one officer by another; the newcomer takes over the lead if it was held."""
    was_lead = CaseOfficer.objects.filter(
        case=case, officer=from_officer, active=True, is_lead=True
    ).exists()
    end_assignment(case, by=by, officer=from_officer, reason=reason)
    row = assign_officer(case, by=by, officer=to_officer, is_lead=was_lead)
    audit.record(
        "cases.assignment.reassigned",
        case,
        by=by,
        data={"from": from_officer.name, "to": to_officer.name, "reason": reason},
    )
    return row


@transaction.atomic
def set_lead_officer(case: Case, *, by: Any, officer: Officer) -> None:
    case = lock(case)
    assignment_verdict(case, by, officer).raise_if_refused()
    row = CaseOfficer.objects.filter(case=case, officer=officer, active=True).first()
    if row is None:
        raise DomainError(_("%(name)s不是本案在办人员") % {"name": officer.name})
    CaseOfficer.objects.filter(case=case, active=True).update(is_lead=False)
    CaseOfficer.objects.filter(pk=row.pk).update(is_lead=True)
    case.lead_officer = officer
    save(case, ["lead_officer"])
    audit.record("cases.assignment.lead_changed", case, by=by, data={"officer": officer.name})


# --- Recusal (R-04) -----------------------------------------------------------------------
@transaction.atomic
def request_recusal(
    case: Case, *, by: Any, officer: Officer, applicant: str, grounds: str
) -> Recusal:
    """R-04: record the party's request; the officer may not act until it is decided."""
    case = lock(case)
    guards.not_closed(case).raise_if_refused()
    if not (guards.can_change(case, by) or guards.is_supervisor_of(case, by)):
        raise DomainError(_("您不是本案承办人员或本机关负责人，不能办理本案事项"))
    if not CaseOfficer.objects.filter(case=case, officer=officer).exists():
        raise DomainError(_("%(name)s不是本案承办人员") % {"name": officer.name})
    if Recusal.objects.filter(case=case, officer=officer, status=Recusal.Status.PENDING).exists():
        raise DomainError(_("对%(name)s的回避申请尚未决定") % {"name": officer.name})
    recusal = Recusal.objects.create(
        case=case,
        officer=officer,
        applicant=clean_text(applicant, required=True, label=_("申请人")),
        grounds=clean_text(grounds, required=True, label=_("申请理由")),
        requested_on=clock.today(),
        recorded_by=by,
    )
    audit.record(
        "cases.recusal.requested",
        recusal,
        by=by,
        data={"officer": officer.name, "grounds": recusal.grounds},
    )
    return recusal


@transaction.atomic
def decide_recusal(recusal: Recusal, *, by: Any, grant: bool, reasons: str) -> Recusal:
    """R-04: a supervisor decides; a granted recusal takes the officer off the case."""
    recusal = Recusal.objects.select_for_update().select_related("officer").get(pk=recusal.pk)
    case = lock(recusal.case_id)
    guards.not_closed(case).raise_if_refused()
    guards.supervisor(case, by, "R-04", _("回避申请")).raise_if_refused()
    if recusal.status != Recusal.Status.PENDING:
        raise DomainError(_("该回避申请已决定"))
    if guards.officer_of(by) is not None and guards.officer_of(by).pk == recusal.officer_id:
        raise RuleViolation("R-04", _("被申请回避的人员不得自行决定回避申请"))
    recusal.status = Recusal.Status.GRANTED if grant else Recusal.Status.REFUSED
    recusal.decided_by = by
    recusal.decided_on = clock.today()
    recusal.decision_reasons = clean_text(reasons, required=True, label=_("决定理由"))
    recusal.save(update_fields=["status", "decided_by", "decided_on", "decision_reasons"])
    audit.record(
        "cases.recusal.granted" if grant else "cases.recusal.refused",
        recusal,
        by=by,
        data={"officer": recusal.officer.name, "reasons": recusal.decision_reasons},
    )
    if (
        grant
        and CaseOfficer.objects.filter(case=case, officer=recusal.officer, active=True).exists()
    ):
        end_assignment(case, by=by, officer=recusal.officer, reason=_("准予回避"), system=True)
    return recusal
