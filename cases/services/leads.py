"""Inspections, leads and filing (R-21, with the checks of cases.filing).

Lead → (request filing) → filing review → (supervisor approves: R-03, R-10, R-11, R-01
checked again, number taken) → filed. Or lead → not filed, with the verification result
and the reasons. The verification deadline is `lead_verification_wd` working days from
registration, extendable once by `lead_extension_wd` with a supervisor's approval.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from cases import deadlines, filing, guards, integrations, violations, workflow
from cases.models import Approval, Case, CaseCounter, CaseParty, Inspection, Party
from cases.services.assignment import assign_officer
from cases.services.common import (
    acting_officer,
    check_version,
    clean_text,
    ensure_can_change,
    lock,
    save,
)
from cases.states import State
from core import clock, workdays
from core.errors import DomainError, RuleViolation, Verdict
from officers.models import Agency, EnforcementDomain, Officer
from officers.qualification import may_act, two_qualified, with_qualification_data

EDITABLE_FIELDS = (
    "title",
    "facts",
    "place",
    "act_date",
    "is_continuing",
    "act_end_date",
    "discovered_on",
    "violation_code",
    "safety_related",
    "is_major",
)


def _settings(agency: Agency):
    return getattr(agency, "rule_settings", None)


def _verification_wd(agency: Agency) -> int:
    s = _settings(agency)
    return s.lead_verification_wd if s is not None else 15


def _extension_wd(agency: Agency) -> int:
    s = _settings(agency)
    return s.lead_extension_wd if s is not None else 15


def _check_dates(
    act_date: date | None, act_end_date: date | None, discovered_on: date | None
) -> None:
    today = clock.today()
    for value, label in (
        (act_date, _("违法行为发生日期")),
        (act_end_date, _("行为终了日期")),
        (discovered_on, _("发现日期")),
    ):
        if value is not None and value > today:
            raise DomainError(_("%(label)s不得晚于今天") % {"label": label})


def _violation_name(code: str) -> str:
    info = violations.get(code)
    return info.name if info else ""


# --- Inspections ------------------------------------------------------------------------
@transaction.atomic
def record_inspection(
    *,
    by: Any,
    party: Party,
    domain: EnforcementDomain,
    inspected_on: date,
    place: str,
    officers: list[Officer],
    findings: str,
    found_violation: bool,
) -> Inspection:
    """R-21 / R-01: an inspection is done by at least two qualified officers."""
    me = acting_officer(by)
    if inspected_on > clock.today():
        raise DomainError(_("检查日期不得晚于今天"))
    if any(o.agency_id != me.agency_id for o in officers):
        raise DomainError(_("检查人员须为本机关执法人员"))
    officers = list(
        with_qualification_data(Officer.objects.filter(pk__in=[o.pk for o in officers]))
    )
    two_qualified(officers, domain, on=inspected_on).raise_if_refused()
    inspection = Inspection.objects.create(
        agency_id=me.agency_id,
        domain=domain,
        party=party,
        inspected_on=inspected_on,
        place=clean_text(place, required=True, label=_("检查地点")),
        findings=clean_text(findings, required=True, label=_("检查情况")),
        found_violation=bool(found_violation),
        recorded_by=by,
    )
    inspection.officers.set(officers)
    audit.record(
        "cases.inspection.recorded",
        inspection,
        by=by,
        data={"officers": [o.name for o in officers], "found_violation": bool(found_violation)},
    )
    return inspection


def inspection_to_lead_verdict(inspection: Inspection) -> Verdict:
    if inspection.lead_id:
        return Verdict.refuse("R-21", _("该检查已转为线索，不得重复转为线索"))
    if not inspection.found_violation:
        return Verdict.refuse("R-21", _("该检查未发现违法行为，不能转为线索"))
    return Verdict()


@transaction.atomic
def inspection_to_lead(
    inspection: Inspection, *, by: Any, title: str, violation_code: str = ""
) -> Case:
    """R-21: an inspection that found a violation becomes a lead, once."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    me = acting_officer(by)
    if me.agency_id != inspection.agency_id:
        raise DomainError(_("只能将本机关的检查转为线索"))
    inspection_to_lead_verdict(inspection).raise_if_refused()
    case = register_lead(
        by=by,
        domain=inspection.domain,
        source=Case.Source.INSPECTION,
        source_detail=_("%(date)s 监督检查：%(findings)s")
        % {"date": inspection.inspected_on.isoformat(), "findings": inspection.findings[:500]},
        title=title,
        facts=inspection.findings,
        place=inspection.place,
        discovered_on=inspection.inspected_on,
        violation_code=violation_code,
        party=inspection.party,
        officers=list(inspection.officers.all()),
    )
    inspection.lead = case
    inspection.save(update_fields=["lead"])
    audit.record(
        "cases.inspection.converted", inspection, by=by, case_id=case.pk, data={"lead": case.pk}
    )
    return case


# --- Leads ------------------------------------------------------------------------------
@transaction.atomic
def register_lead(
    *,
    by: Any,
    domain: EnforcementDomain,
    source: str,
    title: str,
    source_detail: str = "",
    referring_body: str = "",
    facts: str = "",
    place: str = "",
    act_date: date | None = None,
    is_continuing: bool = False,
    act_end_date: date | None = None,
    discovered_on: date | None = None,
    violation_code: str = "",
    safety_related: bool = False,
    party: Party | None = None,
    officers: list[Officer] | None = None,
) -> Case:
    """Register a lead (线索) in the user's agency; the verification clock starts today
    (R-21). The registering officer, when qualified, becomes the lead officer."""
    me = acting_officer(by)
    if source not in Case.Source.values:
        raise DomainError(_("线索来源无效"))
    if source == Case.Source.REFERRAL and not (referring_body or "").strip():
        raise DomainError(_("其他机关移送的线索须填写移送机关"))
    _check_dates(act_date, act_end_date, discovered_on)
    today = clock.today()
    code = clean_text(violation_code, label=_("违法行为代码"))
    case = Case.objects.create(
        agency_id=me.agency_id,
        domain=domain,
        source=source,
        source_detail=clean_text(source_detail, label=_("来源说明")),
        referring_body=clean_text(referring_body, label=_("移送或交办机关")),
        title=clean_text(title, required=True, label=_("案由")),
        facts=clean_text(facts, label=_("案情摘要")),
        place=clean_text(place, label=_("违法行为地点")),
        act_date=act_date,
        is_continuing=bool(is_continuing),
        act_end_date=act_end_date if is_continuing else None,
        discovered_on=discovered_on,
        violation_code=code,
        violation_name=_violation_name(code),
        safety_related=bool(safety_related),
        state=State.LEAD,
        state_changed_at=clock.now(),
        registered_on=today,
        verification_due_on=workdays.add_workdays(today, _verification_wd(me.agency)),
        registered_by=by,
    )
    if party is not None:
        CaseParty.objects.create(case=case, party=party, is_primary=True)
        case.primary_party = party
        case.party_name = party.name
        case.save(update_fields=["primary_party", "party_name"])
    audit.record(
        "cases.case.registered",
        case,
        by=by,
        after={
            "state": State.LEAD,
            "source": source,
            "verification_due_on": case.verification_due_on,
        },
    )
    # Assign the registering officer and the inspection's officers when qualified.
    first = True
    for officer in [me, *(o for o in (officers or []) if o.pk != me.pk)]:
        if officer.agency_id == me.agency_id and may_act(officer, domain, on=today).ok:
            assign_officer(case, by=by, officer=officer, is_lead=first, system=True)
            first = False
    return Case.objects.get(pk=case.pk)


@transaction.atomic
def update_case(case: Case, *, by: Any, expected_version: int | None, **fields: Any) -> Case:
    """Edit the facts of a lead or case. `expected_version` (from the form) refuses a
    stale edit instead of silently overwriting another officer's change."""
    case = lock(case)
    ensure_can_change(case, by)
    check_version(case, expected_version)
    if case.filed_on is not None:
        frozen = {"act_date", "is_continuing", "act_end_date", "discovered_on", "violation_code"}
        touched = [f for f in frozen & set(fields) if fields[f] != getattr(case, f)]
        if touched:
            raise DomainError(_("已立案案件的违法行为、日期等立案要素不得修改"))
    _check_dates(
        fields.get("act_date", case.act_date),
        fields.get("act_end_date", case.act_end_date),
        fields.get("discovered_on", case.discovered_on),
    )
    changed = []
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            continue
        if isinstance(value, str) or name in ("title", "facts", "place", "violation_code"):
            value = clean_text(
                value, required=name == "title", label=str(Case._meta.get_field(name).verbose_name)
            )
        if getattr(case, name) != value:
            setattr(case, name, value)
            changed.append(name)
    if not case.is_continuing and case.act_end_date is not None:
        case.act_end_date = None
        changed.append("act_end_date")
    if "violation_code" in changed:
        case.violation_name = _violation_name(case.violation_code)
        changed.append("violation_name")
    if changed:
        before = {}
        save(case, changed)
        audit.record(
            "cases.case.updated", case, by=by, before=before, after=audit.snapshot(case, changed)
        )
    return case


@transaction.atomic
def request_lead_extension(case: Case, *, by: Any, reasons: str) -> Approval:
    """R-21: one extension of the verification deadline, approved by a supervisor."""
    case = lock(case)
    ensure_can_change(case, by)
    guards.in_states(case, {State.LEAD}, "R-21", _("申请延长核查期限")).raise_if_refused()
    if case.verification_extended:
        raise RuleViolation("R-21", _("线索核查期限只能延长一次，已延长过"))
    if Approval.objects.filter(
        case=case, kind=Approval.Kind.LEAD_EXTENSION, status=Approval.Status.PENDING
    ).exists():
        raise DomainError(_("已有待审批的延长申请"))
    approval = Approval.objects.create(
        case=case,
        kind=Approval.Kind.LEAD_EXTENSION,
        reasons=clean_text(reasons, required=True, label=_("延长理由")),
        requested_by=by,
        requested_on=clock.today(),
    )
    audit.record(
        "cases.lead.extension_requested", approval, by=by, data={"reasons": approval.reasons}
    )
    return approval


def _decide(
    approval: Approval, *, by: Any, approve: bool, note: str, rule: str, what: str
) -> tuple[Approval, Case]:
    """Shared part of every supervisor decision: lock both rows, check the approver."""
    approval = Approval.objects.select_for_update().get(pk=approval.pk)
    case = lock(approval.case_id)
    guards.not_closed(case).raise_if_refused()
    guards.supervisor(case, by, rule, what).raise_if_refused()
    guards.recusal(case, by).raise_if_refused()  # a recused supervisor does not decide
    if approval.status != Approval.Status.PENDING:
        raise DomainError(_("该申请已审批，不能重复审批"))
    approval.status = Approval.Status.APPROVED if approve else Approval.Status.REJECTED
    approval.decided_by = by
    approval.decided_on = clock.today()
    approval.decision_note = clean_text(note, required=not approve, label=_("审批意见"))
    approval.save(update_fields=["status", "decided_by", "decided_on", "decision_note"])
    return approval, case


@transaction.atomic
def decide_lead_extension(
    approval: Approval, *, by: Any, approve: bool, note: str = ""
) -> Approval:
    approval, case = _decide(
        approval, by=by, approve=approve, note=note, rule="R-21", what=_("延长核查期限")
    )
    if approve:
        if case.verification_extended:
            raise RuleViolation("R-21", _("线索核查期限只能延长一次，已延长过"))
        before = case.verification_due_on
        case.verification_due_on = workdays.add_workdays(before, _extension_wd(case.agency))
        case.verification_extended = True
        save(case, ["verification_due_on", "verification_extended"])
        deadlines.refresh(case)
        audit.record(
            "cases.lead.extended",
            approval,
            by=by,
            before={"verification_due_on": before},
            after={"verification_due_on": case.verification_due_on},
        )
    else:
        audit.record(
            "cases.lead.extension_refused", approval, by=by, data={"note": approval.decision_note}
        )
    return approval


def filing_request_verdict(case: Case, user: Any) -> Verdict:
    verdict = guards.may_change(case, user) + guards.edge_allowed(
        case, State.FILING_REVIEW, _("提请立案"), "R-21"
    )
    if verdict.ok:
        verdict += filing.filing_checks(case, user).verdict
    return verdict


@transaction.atomic
def request_filing(case: Case, *, by: Any, reasons: str) -> Approval:
    """Lead → filing review (R-21), once the filing checks pass."""
    case = lock(case)
    filing_request_verdict(case, by).raise_if_refused()
    approval = Approval.objects.create(
        case=case,
        kind=Approval.Kind.FILING,
        reasons=clean_text(reasons, required=True, label=_("立案理由")),
        requested_by=by,
        requested_on=clock.today(),
    )
    workflow.transition(case, State.FILING_REVIEW, by=by, data={"approval": approval.pk})
    return approval


def _next_number(agency: Agency, year: int) -> tuple[str, int]:
    """Take the next case number of (acting agency, year) under a row lock: concurrent
    filings queue on the counter row, and a rolled-back filing gives its number back."""
    CaseCounter.objects.bulk_create(
        [CaseCounter(agency=agency, year=year, last=0)], ignore_conflicts=True
    )
    counter = CaseCounter.objects.select_for_update().get(agency=agency, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    number = _("%(prefix)s立〔%(year)s〕%(seq)s号") % {
        "prefix": agency.doc_prefix,
        "year": year,
        "seq": counter.last,
    }
    return number, counter.last


def filing_approval_verdict(case: Case, user: Any) -> Verdict:
    verdict = guards.not_closed(case) + guards.supervisor(case, user, "R-21", _("立案"))
    verdict += guards.edge_allowed(case, State.FILED, _("批准立案"), "R-21")
    if verdict.ok:
        verdict += filing.filing_checks(case, user).verdict
    return verdict


@transaction.atomic
def decide_filing(case: Case, *, by: Any, approve: bool, note: str = "") -> Case:
    """The supervisor's decision on a filing request (R-21). Approval re-runs every
    check (R-03, R-10, R-11, R-01), numbers the case and issues the 立案审批表."""
    case = lock(case)
    approval = (
        Approval.objects.select_for_update()
        .filter(case=case, kind=Approval.Kind.FILING, status=Approval.Status.PENDING)
        .order_by("-pk")
        .first()
    )
    if approval is None:
        raise DomainError(_("没有待审批的立案申请"))
    if not approve:
        _decide(approval, by=by, approve=False, note=note, rule="R-21", what=_("立案"))
        return workflow.transition(
            case, State.LEAD, by=by, data={"approval": approval.pk, "note": note}
        )
    filing_approval_verdict(case, by).raise_if_refused()
    report = filing.filing_checks(case, by)
    acting = report.authority.acting_agency or case.agency
    _decide(approval, by=by, approve=True, note=note, rule="R-21", what=_("立案"))
    today = clock.today()
    number, seq = _next_number(acting, today.year)
    changes = {
        "number": number,
        "number_year": today.year,
        "number_seq": seq,
        "filed_on": today,
        "acting_agency": acting,
        "delegation": report.authority.delegation,
        "safety_related": filing.is_safety_related(case),
    }
    case = workflow.transition(
        case, State.FILED, by=by, data={"approval": approval.pk, "number": number}, changes=changes
    )
    integrations.issue_filing_approval(case, approval=approval, by=by)
    return case


@transaction.atomic
def not_file(case: Case, *, by: Any, verification_result: str, reasons: str) -> Case:
    """R-21: a lead not filed records the verification result and the reasons."""
    case = lock(case)
    guards.may_change(case, by).raise_if_refused()
    result = clean_text(verification_result, label=_("核查结果"))
    why = clean_text(reasons, label=_("不予立案理由"))
    if not result or not why:
        raise RuleViolation("R-21", _("不予立案须记录核查结果和理由"))
    return workflow.transition(
        case,
        State.NOT_FILED,
        by=by,
        changes={"verification_result": result, "not_filed_reasons": why},
    )
