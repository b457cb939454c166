"""The stages of a filed case this app owns: investigation, suspension and termination
(R-46), transfer and assistance (R-47), withdrawal, closing (R-45) and the legal office's
recorded corrections of a closed case."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import services as audit
from cases import closing, guards, workflow
from cases.deadlines import validate_period
from cases.models import (
    Approval,
    AssistanceRequest,
    Case,
    CaseParty,
    ClosingReport,
    Correction,
    ExcludedPeriod,
    Transfer,
    officer_of,
)
from cases.services.common import clean_text, ensure_can_change, lock, save
from cases.services.leads import _decide
from cases.states import State
from core import clock, workdays
from core.errors import DomainError, RuleViolation, Verdict
from core.roles import Role, has_role
from officers.models import Agency

SUSPENSION_GROUNDS = {
    "pending_other_case": gettext_lazy(
        "须以相关案件的裁判结果或其他行政决定为依据，而相关案件尚未审结或决定尚未作出"
    ),
    "legal_interpretation": gettext_lazy("涉及法律适用等问题，需要送请有权机关作出解释或者确认"),
    "force_majeure": gettext_lazy("因不可抗力致使案件暂时无法调查"),
    "party_missing": gettext_lazy("因当事人下落不明致使案件暂时无法调查"),
    "other": gettext_lazy("其他应当中止调查的情形"),
}
TERMINATION_GROUNDS = {
    "person_died": gettext_lazy("涉嫌违法的公民死亡"),
    "org_dissolved": gettext_lazy(
        "法人或者其他组织终止，且无权利义务承受人，致使案件调查无法继续进行"
    ),
    "other": gettext_lazy("其他依法应当终止调查的情形"),
}
CLOSING_OUTCOMES = {
    State.EXECUTING: gettext_lazy("执行完毕"),
    State.SERVED: gettext_lazy("执行完毕"),
    State.SUMMARY_DECIDED: gettext_lazy("执行完毕"),
    State.NO_PENALTY: gettext_lazy("不予行政处罚"),
    State.NOT_ESTABLISHED: gettext_lazy("违法事实不成立"),
    State.TRANSFERRED: gettext_lazy("已移送"),
    State.TERMINATED: gettext_lazy("终止调查"),
    State.WITHDRAWN: gettext_lazy("撤销立案"),
}
CORRECTABLE_FIELDS = ("title", "facts", "place")


def _pending(case: Case, kind: str) -> Approval | None:
    return (
        Approval.objects.filter(case=case, kind=kind, status=Approval.Status.PENDING)
        .order_by("-pk")
        .first()
    )


def _request(case: Case, *, by: Any, kind: str, reasons: str, data: dict | None = None) -> Approval:
    if _pending(case, kind) is not None:
        raise DomainError(_("已有待审批的同类申请"))
    approval = Approval.objects.create(
        case=case,
        kind=kind,
        reasons=reasons,
        data=data or {},
        requested_by=by,
        requested_on=clock.today(),
    )
    audit.record(
        f"cases.approval.{kind}_requested",
        approval,
        by=by,
        data={"reasons": reasons, **(data or {})},
    )
    return approval


# --- Investigation ------------------------------------------------------------------------
@transaction.atomic
def start_investigation(case: Case, *, by: Any) -> Case:
    case = lock(case)
    ensure_can_change(case, by)
    return workflow.transition(case, State.INVESTIGATING, by=by)


@transaction.atomic
def close_investigation(case: Case, *, by: Any, summary: str) -> Case:
    """调查终结: the investigation report is recorded with the transition."""
    case = lock(case)
    ensure_can_change(case, by)
    text = clean_text(summary, required=True, label=_("调查终结报告"))
    return workflow.transition(case, State.INVESTIGATION_CLOSED, by=by, data={"summary": text})


@transaction.atomic
def reopen_investigation(case: Case, *, by: Any, reasons: str) -> Case:
    case = lock(case)
    ensure_can_change(case, by)
    text = clean_text(reasons, required=True, label=_("补充调查理由"))
    return workflow.transition(case, State.INVESTIGATING, by=by, data={"reasons": text})


# --- Suspension and termination (R-46) ---------------------------------------------------
def r46_state(case: Case, what: str) -> Verdict:
    """R-46: only a case under investigation; a decided case never."""
    if case.state in workflow.DECIDED_STATES or case.decided_on is not None:
        return Verdict.refuse("R-46", _("案件已作出决定，不得%(what)s") % {"what": what})
    if case.state != State.INVESTIGATING:
        return Verdict.refuse(
            "R-46",
            _("只有调查中的案件可以%(what)s（当前状态：%(state)s）")
            % {"what": what, "state": case.get_state_display()},
        )
    return Verdict()


def _ground(grounds: dict, ground: str, rule: str) -> str:
    if ground not in grounds:
        raise RuleViolation(rule, _("须选择法定事由"))
    return str(grounds[ground])


@transaction.atomic
def request_suspension(case: Case, *, by: Any, ground: str, reasons: str) -> Approval:
    case = lock(case)
    ensure_can_change(case, by)
    r46_state(case, _("中止调查")).raise_if_refused()
    label = _ground(SUSPENSION_GROUNDS, ground, "R-46")
    reasons = clean_text(reasons, required=True, label=_("中止理由"))
    return _request(
        case,
        by=by,
        kind=Approval.Kind.SUSPENSION,
        reasons=reasons,
        data={"ground": ground, "ground_label": label},
    )


@transaction.atomic
def decide_suspension(approval: Approval, *, by: Any, approve: bool, note: str = "") -> Approval:
    """R-46: head approval; the suspension stops the R-35 clock until resumed."""
    approval, case = _decide(
        approval, by=by, approve=approve, note=note, rule="R-46", what=_("中止调查")
    )
    if approve:
        r46_state(case, _("中止调查")).raise_if_refused()
        today = clock.today()
        validate_period(
            case, kind=ExcludedPeriod.Kind.SUSPENSION, start=today, end=None
        ).raise_if_refused()
        ExcludedPeriod.objects.create(
            case=case,
            kind=ExcludedPeriod.Kind.SUSPENSION,
            start=today,
            end=None,
            reasons=approval.data.get("ground_label", "") + "；" + approval.reasons,
            recorded_by=by,
        )
        workflow.transition(
            case, State.SUSPENDED, by=by, data={"approval": approval.pk, **approval.data}
        )
    else:
        audit.record(
            "cases.approval.suspension_rejected",
            approval,
            by=by,
            data={"note": approval.decision_note},
        )
    return approval


@transaction.atomic
def resume(case: Case, *, by: Any, reasons: str) -> Case:
    """The ground of suspension is gone: the supervisor resumes, the clock runs again."""
    case = lock(case)
    guards.not_closed(case).raise_if_refused()
    guards.supervisor(case, by, "R-46", _("恢复调查")).raise_if_refused()
    reasons = clean_text(reasons, required=True, label=_("恢复理由"))
    period = (
        ExcludedPeriod.objects.select_for_update()
        .filter(case=case, kind=ExcludedPeriod.Kind.SUSPENSION, end__isnull=True)
        .first()
    )
    if period is not None:
        # The suspension stopped the clock up to the day before resumption.
        period.end = max(period.start, clock.today() - timedelta(days=1))
        period.save(update_fields=["end"])
    return workflow.transition(case, State.INVESTIGATING, by=by, data={"reasons": reasons})


@transaction.atomic
def request_termination(case: Case, *, by: Any, ground: str, reasons: str) -> Approval:
    case = lock(case)
    ensure_can_change(case, by)
    r46_state(case, _("终止调查")).raise_if_refused()
    label = _ground(TERMINATION_GROUNDS, ground, "R-46")
    reasons = clean_text(reasons, required=True, label=_("终止理由"))
    return _request(
        case,
        by=by,
        kind=Approval.Kind.TERMINATION,
        reasons=reasons,
        data={"ground": ground, "ground_label": label},
    )


@transaction.atomic
def decide_termination(approval: Approval, *, by: Any, approve: bool, note: str = "") -> Approval:
    approval, case = _decide(
        approval, by=by, approve=approve, note=note, rule="R-46", what=_("终止调查")
    )
    if approve:
        r46_state(case, _("终止调查")).raise_if_refused()
        workflow.transition(
            case, State.TERMINATED, by=by, data={"approval": approval.pk, **approval.data}
        )
    else:
        audit.record(
            "cases.approval.termination_rejected",
            approval,
            by=by,
            data={"note": approval.decision_note},
        )
    return approval


@transaction.atomic
def withdraw_case(case: Case, *, by: Any, reasons: str) -> Case:
    """撤销立案 (e.g. filed in error), by a supervisor with reasons."""
    case = lock(case)
    guards.not_closed(case).raise_if_refused()
    guards.supervisor(case, by, "R-21", _("撤销立案")).raise_if_refused()
    reasons = clean_text(reasons, required=True, label=_("撤销理由"))
    return workflow.transition(case, State.WITHDRAWN, by=by, data={"reasons": reasons})


# --- Transfer and assistance (R-47) -------------------------------------------------------
@transaction.atomic
def transfer_case(
    case: Case,
    *,
    by: Any,
    kind: str,
    reasons: str,
    to_agency: Agency | None = None,
    to_body: str = "",
) -> Transfer:
    """R-47: transfer a lead or case, with reasons, to another agency or to the judicial
    organs (suspected crime). A transfer to an agency in the system opens a lead there."""
    case = lock(case)
    guards.not_closed(case).raise_if_refused()
    guards.supervisor(case, by, "R-47", _("移送")).raise_if_refused()
    guards.edge_allowed(case, State.TRANSFERRED, _("移送"), "R-47").raise_if_refused()
    if kind not in Transfer.Kind.values:
        raise DomainError(_("请选择移送类型"))
    reasons = clean_text(reasons, label=_("移送理由"))
    if not reasons:
        raise RuleViolation("R-47", _("移送须说明理由"))
    to_body = clean_text(to_body, label=_("接收单位"))
    if kind == Transfer.Kind.AGENCY:
        if to_agency is None:
            raise RuleViolation("R-47", _("移送其他行政机关须选择接收机关"))
        if to_agency.pk == case.agency_id:
            raise DomainError(_("不能移送本机关"))
        to_body = to_agency.name
    elif not to_body:
        raise RuleViolation("R-47", _("移送司法机关须填写接收的司法机关"))
    transfer = Transfer.objects.create(
        case=case,
        kind=kind,
        to_agency=to_agency if kind == Transfer.Kind.AGENCY else None,
        to_body=to_body,
        reasons=reasons,
        transferred_on=clock.today(),
        transferred_by=by,
    )
    workflow.transition(
        case,
        State.TRANSFERRED,
        by=by,
        data={"transfer": transfer.pk, "to": to_body, "reasons": reasons},
    )
    if transfer.to_agency is not None:
        _open_referred_lead(case, transfer)
    return transfer


def _open_referred_lead(case: Case, transfer: Transfer) -> Case:
    """The receiving agency gets the matter as a referred lead (no officer yet)."""
    agency = transfer.to_agency
    s = getattr(agency, "rule_settings", None)
    today = clock.today()
    lead = Case.objects.create(
        agency=agency,
        domain_id=case.domain_id,
        source=Case.Source.REFERRAL,
        referring_body=case.agency.name,
        source_detail=_("%(agency)s移送（%(number)s）：%(reasons)s")
        % {"agency": case.agency.name, "number": case.display_number, "reasons": transfer.reasons},
        title=case.title,
        facts=case.facts,
        place=case.place,
        act_date=case.act_date,
        is_continuing=case.is_continuing,
        act_end_date=case.act_end_date,
        discovered_on=case.discovered_on,
        violation_code=case.violation_code,
        violation_name=case.violation_name,
        safety_related=case.safety_related,
        state=State.LEAD,
        state_changed_at=clock.now(),
        registered_on=today,
        verification_due_on=workdays.add_workdays(today, s.lead_verification_wd if s else 15),
        primary_party=case.primary_party,
        party_name=case.party_name,
    )
    CaseParty.objects.bulk_create(
        [
            CaseParty(case=lead, party_id=cp.party_id, is_primary=cp.is_primary)
            for cp in case.case_parties.all()
        ]
    )
    audit.record(
        "cases.case.registered",
        lead,
        by=None,
        actor_name=f"transfer:{case.agency.name}",
        after={"state": State.LEAD, "source": Case.Source.REFERRAL, "transfer": transfer.pk},
    )
    return lead


@transaction.atomic
def record_transfer_receipt(
    transfer: Transfer, *, by: Any, receipt_on: date, receipt_by: str, note: str = ""
) -> Transfer:
    """R-47: the receiving body's receipt (回执)."""
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    case = Case.objects.get(pk=transfer.case_id)
    if not guards.same_agency(case, by) or not (
        guards.can_change(case, by) or guards.is_supervisor_of(case, by)
    ):
        raise DomainError(_("您不是本案承办人员或本机关负责人，不能办理本案事项"))
    if transfer.receipt_on is not None:
        raise DomainError(_("已登记回执"))
    if receipt_on > clock.today():
        raise DomainError(_("回执日期不得晚于今天"))
    if receipt_on < transfer.transferred_on:
        raise DomainError(_("回执日期不得早于移送日期"))
    transfer.receipt_on = receipt_on
    transfer.receipt_by = clean_text(receipt_by, required=True, label=_("签收人"))
    transfer.receipt_note = clean_text(note, label=_("回执说明"))
    transfer.save(update_fields=["receipt_on", "receipt_by", "receipt_note"])
    audit.record(
        "cases.transfer.receipt_recorded",
        transfer,
        by=by,
        data={"receipt_on": receipt_on, "receipt_by": transfer.receipt_by},
    )
    return transfer


@transaction.atomic
def request_assistance(case: Case, *, by: Any, to_agency: Agency, matter: str) -> AssistanceRequest:
    """R-47: ask another agency for assistance; the matter is recorded."""
    case = lock(case)
    ensure_can_change(case, by)
    if to_agency.pk == case.agency_id:
        raise DomainError(_("不能向本机关请求协助"))
    matter = clean_text(matter, label=_("协助事项"))
    if not matter:
        raise RuleViolation("R-47", _("协助请求须写明协助事项"))
    req = AssistanceRequest.objects.create(
        case=case,
        from_agency_id=case.agency_id,
        to_agency=to_agency,
        matter=matter,
        requested_on=clock.today(),
        requested_by=by,
    )
    audit.record(
        "cases.assistance.requested", req, by=by, data={"to": to_agency.name, "matter": matter}
    )
    return req


@transaction.atomic
def respond_assistance(
    req: AssistanceRequest, *, by: Any, status: str, response: str
) -> AssistanceRequest:
    """R-47: the requested agency answers; a refusal states its reasons."""
    req = AssistanceRequest.objects.select_for_update().get(pk=req.pk)
    officer = officer_of(by)
    if (
        officer is None
        or officer.agency_id != req.to_agency_id
        or not has_role(by, Role.SUPERVISOR, Role.OFFICER)
    ):
        raise DomainError(_("只有被请求机关的人员可以答复协助请求"))
    allowed = {
        AssistanceRequest.Status.PENDING: {
            AssistanceRequest.Status.ACCEPTED,
            AssistanceRequest.Status.REFUSED,
        },
        AssistanceRequest.Status.ACCEPTED: {AssistanceRequest.Status.COMPLETED},
    }
    if status not in allowed.get(req.status, set()):
        raise DomainError(_("该协助请求当前不能作此答复"))
    response = clean_text(response, label=_("答复内容"))
    if status == AssistanceRequest.Status.REFUSED and not response:
        raise RuleViolation("R-47", _("拒绝协助须向请求机关说明理由"))
    req.status = status
    req.response = response
    req.responded_on = clock.today()
    req.responded_by = by
    req.save(update_fields=["status", "response", "responded_on", "responded_by"])
    audit.record(
        f"cases.assistance.{status}",
        req,
        by=by,
        agency_id=req.to_agency_id,
        data={"response": response, "from": req.from_agency_id},
    )
    return req


# --- Closing (R-45) ---------------------------------------------------------------------
def closing_verdict(case: Case) -> Verdict:
    """R-45: closable state; R-48 and later checks through the closing hook."""
    if case.state not in workflow.CLOSABLE:
        return Verdict.refuse(
            "R-45", _("案件处于“%(state)s”状态，不能结案") % {"state": case.get_state_display()}
        )
    return closing.run_checks(case)


@transaction.atomic
def request_closing(case: Case, *, by: Any, summary: str) -> ClosingReport:
    case = lock(case)
    ensure_can_change(case, by)
    closing_verdict(case).raise_if_refused()
    summary = clean_text(summary, label=_("结案报告"))
    if not summary:
        raise RuleViolation("R-45", _("结案须提交结案报告"))
    approval = _request(
        case, by=by, kind=Approval.Kind.CLOSING, reasons=summary, data={"state": case.state}
    )
    report = ClosingReport.objects.create(
        case=case,
        outcome=str(CLOSING_OUTCOMES.get(case.state, case.get_state_display())),
        summary=summary,
        approval=approval,
        drafted_by=by,
        drafted_on=clock.today(),
    )
    return report


@transaction.atomic
def decide_closing(approval: Approval, *, by: Any, approve: bool, note: str = "") -> Approval:
    """R-45: the head approves the closing report; the case becomes read-only."""
    approval, case = _decide(
        approval, by=by, approve=approve, note=note, rule="R-45", what=_("结案")
    )
    if approve:
        closing_verdict(case).raise_if_refused()
        workflow.transition(
            case, State.CLOSED, by=by, data={"approval": approval.pk, "outcome": case.state}
        )
    else:
        audit.record(
            "cases.approval.closing_rejected",
            approval,
            by=by,
            data={"note": approval.decision_note},
        )
    return approval


@transaction.atomic
def correct_closed_case(
    case: Case, *, by: Any, field: str, new_value: str, reasons: str
) -> Correction:
    """R-45: the one change a closed case accepts — a recorded correction by the legal
    office of the same agency."""
    case = lock(case)
    if case.state != State.CLOSED:
        raise DomainError(_("只有已结案案件需要登记更正，未结案案件请直接修改"))
    if not (guards.same_agency(case, by) and has_role(by, Role.LEGAL_OFFICE)):
        raise RuleViolation("R-45", _("已结案案件只能由本机关法制监督机构登记更正"))
    if field not in CORRECTABLE_FIELDS:
        raise DomainError(_("该事项不能更正"))
    new_value = clean_text(new_value, required=field == "title", label=_("更正内容"))
    reasons = clean_text(reasons, required=True, label=_("更正理由"))
    old = getattr(case, field)
    correction = Correction.objects.create(
        case=case,
        field=field,
        old_value=old,
        new_value=new_value,
        reasons=reasons,
        corrected_by=by,
        corrected_on=clock.today(),
    )
    setattr(case, field, new_value)
    save(case, [field])
    audit.record(
        "cases.case.corrected",
        correction,
        by=by,
        before={field: old},
        after={field: new_value},
        data={"reasons": reasons},
    )
    return correction
