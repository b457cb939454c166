"""The actions offered on a case page: when each is shown, the guard that says whether
it is available (and why not), its form, and the service it calls.

The page lists every action relevant to the case's state; an unavailable one is shown
disabled with the guard's reasons (the rule that blocks it and why). The action view
(`views.case_action`) renders the same form and calls the same service, which checks the
same guards again before it writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import deadlines, forms, guards, services, workflow
from cases.models import (
    Approval,
    Case,
    Preservation,
    Recusal,
    Transfer,
)
from cases.services import leads as lead_services
from cases.services import lifecycle
from cases.states import State
from core.errors import DomainError, Verdict
from core.roles import Role, has_role

S = State


@dataclass(frozen=True)
class ActionDef:
    code: str
    label: Any
    form: type
    run: Callable[[Case, Any, Any], str]  # (case, user, form) -> success message
    guard: Callable[[Case, Any], Verdict]
    shown: Callable[[Case], bool]
    kind: str = "do"  # do | approve | danger


def _states(*states) -> Callable[[Case], bool]:
    wanted = {str(s) for s in states}
    return lambda case: case.state in wanted


def _pending(kind: str) -> Callable[[Case], bool]:
    return lambda case: Approval.objects.filter(
        case=case, kind=kind, status=Approval.Status.PENDING
    ).exists()


def _pending_approval(case: Case, kind: str) -> Approval:
    approval = (
        Approval.objects.filter(case=case, kind=kind, status=Approval.Status.PENDING)
        .order_by("-pk")
        .first()
    )
    if approval is None:
        raise DomainError(_("没有待审批的申请"))
    return approval


def _change(case: Case, user: Any) -> Verdict:
    return guards.may_change(case, user)


def _supervise(rule: str, what) -> Callable[[Case, Any], Verdict]:
    return lambda case, user: (
        guards.not_closed(case) + guards.supervisor(case, user, rule, str(what))
    )


def _edge(target: str, what, rule: str = "") -> Callable[[Case, Any], Verdict]:
    return lambda case, user: (
        guards.may_change(case, user) + guards.edge_allowed(case, target, str(what), rule)
    )


def _both(*fns) -> Callable[[Case, Any], Verdict]:
    def guard(case: Case, user: Any) -> Verdict:
        verdict = Verdict()
        for fn in fns:
            verdict += fn(case, user)
        return verdict

    return guard


OPEN = [s for s in State if s.value not in workflow.TERMINAL]
INVESTIGATIVE = list(workflow.INVESTIGATIVE)


# --- run functions ----------------------------------------------------------------------
def _request_filing(case, user, form):
    services.request_filing(case, by=user, reasons=form.cleaned_data["reasons"])
    return _("已提请立案，等待负责人审批")


def _decide_filing(case, user, form):
    case = services.decide_filing(
        case, by=user, approve=form.approve, note=form.cleaned_data["note"]
    )
    return _("已批准立案，案件编号 %(n)s") % {"n": case.number} if form.approve else _("已退回核查")


def _not_file(case, user, form):
    services.not_file(case, by=user, **form.cleaned_data)
    return _("已登记不予立案")


def _lead_extension(case, user, form):
    services.request_lead_extension(case, by=user, reasons=form.cleaned_data["reasons"])
    return _("已申请延长核查期限")


def _decide_lead_extension(case, user, form):
    approval = _pending_approval(case, Approval.Kind.LEAD_EXTENSION)
    services.decide_lead_extension(
        approval, by=user, approve=form.approve, note=form.cleaned_data["note"]
    )
    return _("已审批")


def _add_party(case, user, form):
    d = form.cleaned_data
    party, _created = services.register_party(
        by=user,
        kind=d["kind"],
        name=d["name"],
        id_type=d["id_type"],
        id_number=d["id_number"],
        birth_date=d.get("birth_date"),
        phone=d.get("phone", ""),
        address=d.get("address", ""),
        legal_representative=d.get("legal_representative", ""),
    )
    services.add_party_to_case(case, by=user, party=party, primary=d.get("primary", False))
    return _("已添加当事人 %(name)s") % {"name": party.name}


def _assign(case, user, form):
    d = form.cleaned_data
    services.assign_officer(case, by=user, officer=d["officer"], is_lead=d["is_lead"])
    return _("已分派 %(name)s") % {"name": d["officer"].name}


def _end_assignment(case, user, form):
    d = form.cleaned_data
    if d.get("replacement"):
        services.reassign(
            case,
            by=user,
            from_officer=d["officer"],
            to_officer=d["replacement"],
            reason=d["reason"],
        )
    else:
        services.end_assignment(case, by=user, officer=d["officer"], reason=d["reason"])
    return _("已调整承办人员")


def _set_lead(case, user, form):
    services.set_lead_officer(case, by=user, officer=form.cleaned_data["officer"])
    return _("已变更主办人员")


def _request_recusal(case, user, form):
    services.request_recusal(case, by=user, **form.cleaned_data)
    return _("已登记回避申请；决定前该人员不得参与本案执法活动")


def _decide_recusal(case, user, form):
    d = form.cleaned_data
    services.decide_recusal(
        d["recusal"], by=user, grant=d["decision"] == "grant", reasons=d["reasons"]
    )
    return _("已决定回避申请")


def _start_investigation(case, user, form):
    services.start_investigation(case, by=user)
    return _("已开始调查")


def _close_investigation(case, user, form):
    services.close_investigation(case, by=user, summary=form.cleaned_data["reasons"])
    return _("调查已终结")


def _reopen(case, user, form):
    services.reopen_investigation(case, by=user, reasons=form.cleaned_data["reasons"])
    return _("已恢复补充调查")


def _request_suspension(case, user, form):
    services.request_suspension(case, by=user, **form.cleaned_data)
    return _("已申请中止调查")


def _decide_suspension(case, user, form):
    approval = _pending_approval(case, Approval.Kind.SUSPENSION)
    services.decide_suspension(
        approval, by=user, approve=form.approve, note=form.cleaned_data["note"]
    )
    return _("已审批")


def _resume(case, user, form):
    services.resume(case, by=user, reasons=form.cleaned_data["reasons"])
    return _("已恢复调查")


def _request_termination(case, user, form):
    services.request_termination(case, by=user, **form.cleaned_data)
    return _("已申请终止调查")


def _decide_termination(case, user, form):
    approval = _pending_approval(case, Approval.Kind.TERMINATION)
    services.decide_termination(
        approval, by=user, approve=form.approve, note=form.cleaned_data["note"]
    )
    return _("已审批")


def _withdraw(case, user, form):
    services.withdraw_case(case, by=user, reasons=form.cleaned_data["reasons"])
    return _("已撤销立案")


def _transfer(case, user, form):
    d = form.cleaned_data
    services.transfer_case(
        case,
        by=user,
        kind=d["kind"],
        reasons=d["reasons"],
        to_agency=d.get("to_agency"),
        to_body=d.get("to_body", ""),
    )
    return _("已移送")


def _transfer_receipt(case, user, form):
    d = form.cleaned_data
    services.record_transfer_receipt(
        d["transfer"],
        by=user,
        receipt_on=d["receipt_on"],
        receipt_by=d["receipt_by"],
        note=d["note"],
    )
    return _("已登记回执")


def _assistance(case, user, form):
    services.request_assistance(case, by=user, **form.cleaned_data)
    return _("已发出协助请求")


def _add_evidence(case, user, form):
    d = dict(form.cleaned_data)
    upload = d.pop("file", None)
    evidence = services.add_evidence(case, by=user, **d)
    if upload:
        services.attach_file(evidence, by=user, upload=upload)
    return _("已登记证据 %(n)s") % {"n": evidence.seq}


def _preservation(case, user, form):
    services.request_preservation(case, by=user, **form.cleaned_data)
    return _("已申请先行登记保存")


def _decide_preservation(case, user, form):
    d = form.cleaned_data
    services.decide_preservation(d["preservation"], by=user, approve=form.approve, note=d["note"])
    return _("已审批")


def _dispose(case, user, form):
    d = form.cleaned_data
    services.dispose_preservation(
        d["preservation"], by=user, disposal=d["disposal"], note=d["note"]
    )
    return _("已作出处理决定")


def _record(case, user, form):
    services.create_record(case, by=user, **form.cleaned_data)
    return _("已制作笔录")


def _time_extension(case, user, form):
    services.request_time_extension(case, by=user, **form.cleaned_data)
    return _("已申请延长办案期限")


def _decide_time_extension(case, user, form):
    approval = _pending_approval(case, Approval.Kind.TIME_EXTENSION)
    services.decide_time_extension(
        approval, by=user, approve=form.approve, note=form.cleaned_data["note"]
    )
    return _("已审批")


def _add_period(case, user, form):
    services.add_excluded_period(case, by=user, **form.cleaned_data)
    return _("已登记不计入办案期限的期间")


def _end_period(case, user, form):
    d = form.cleaned_data
    services.end_excluded_period(d["period"], by=user, end=d["end"])
    return _("已结束该期间")


def _request_closing(case, user, form):
    services.request_closing(case, by=user, summary=form.cleaned_data["summary"])
    return _("已提交结案报告，等待负责人审批")


def _decide_closing(case, user, form):
    approval = _pending_approval(case, Approval.Kind.CLOSING)
    services.decide_closing(approval, by=user, approve=form.approve, note=form.cleaned_data["note"])
    return _("已结案") if form.approve else _("已退回结案报告")


def _correct(case, user, form):
    services.correct_closed_case(case, by=user, **form.cleaned_data)
    return _("已登记更正")


# --- guards -----------------------------------------------------------------------------
def _lead_extension_guard(case, user):
    v = _change(case, user) + guards.in_states(case, {S.LEAD}, "R-21", _("申请延长核查期限"))
    if case.verification_extended:
        v += Verdict.refuse("R-21", _("线索核查期限只能延长一次，已延长过"))
    return v


def _suspension_guard(case, user):
    return _change(case, user) + lifecycle.r46_state(case, _("中止调查"))


def _termination_guard(case, user):
    return _change(case, user) + lifecycle.r46_state(case, _("终止调查"))


def _closing_guard(case, user):
    return _change(case, user) + lifecycle.closing_verdict(case)


def _time_extension_guard(case, user):
    # The form may carry the collective discussion: show only the state problem here.
    v = _change(case, user) + guards.in_states(
        case, deadlines.CLOCK_STATES, "R-35", _("延长办案期限")
    )
    return v


def _correct_guard(case, user):
    if guards.same_agency(case, user) and has_role(user, Role.LEGAL_OFFICE):
        return Verdict()
    return Verdict.refuse("R-45", _("已结案案件只能由本机关法制监督机构登记更正"))


def _transfer_guard(case, user):
    return (
        guards.not_closed(case)
        + guards.supervisor(case, user, "R-47", _("移送"))
        + guards.edge_allowed(case, S.TRANSFERRED, _("移送"), "R-47")
    )


def _recusal_request_guard(case, user):
    v = guards.not_closed(case)
    if not (guards.can_change(case, user) or guards.is_supervisor_of(case, user)):
        v += Verdict.refuse(guards.ACCESS, _("您不是本案承办人员或本机关负责人，不能办理本案事项"))
    return v


def _receipt_guard(case, user):
    v = Verdict()
    if not (guards.can_change(case, user) or guards.is_supervisor_of(case, user)):
        v += Verdict.refuse(guards.ACCESS, _("您不是本案承办人员或本机关负责人，不能办理本案事项"))
    return v


def _investigative_change(what):
    return lambda case, user: _change(case, user) + guards.investigative(case, str(what))


L = gettext_lazy

ACTIONS: list[ActionDef] = [
    # Lead
    ActionDef("request_filing", L("提请立案"), forms.ReasonsForm, _request_filing,
              lead_services.filing_request_verdict, _states(S.LEAD)),
    ActionDef("decide_filing", L("立案审批"), forms.DecisionForm, _decide_filing,
              _both(_supervise("R-21", L("立案")), lambda c, u: guards.edge_allowed(c, S.FILED, _("批准立案"), "R-21")),
              _states(S.FILING_REVIEW), "approve"),
    ActionDef("request_lead_extension", L("申请延长核查期限"), forms.ReasonsForm, _lead_extension,
              _lead_extension_guard, _states(S.LEAD)),
    ActionDef("decide_lead_extension", L("审批延长核查期限"), forms.DecisionForm, _decide_lead_extension,
              _supervise("R-21", L("延长核查期限")), _pending(Approval.Kind.LEAD_EXTENSION), "approve"),
    ActionDef("not_file", L("不予立案"), forms.NotFileForm, _not_file,
              _edge(S.NOT_FILED, L("不予立案"), "R-21"), _states(S.LEAD), "danger"),
    # Parties and officers
    ActionDef("add_party", L("添加当事人"), forms.AddPartyForm, _add_party,
              _investigative_change(L("添加当事人")), _states(*INVESTIGATIVE)),
    ActionDef("assign", L("分派承办人员"), forms.AssignForm, _assign,
              lambda c, u: guards.not_closed(c) + guards.supervisor(c, u, guards.ACCESS, _("分派承办人员")),
              _states(*OPEN)),
    ActionDef("end_assignment", L("调整承办人员"), forms.EndAssignmentForm, _end_assignment,
              lambda c, u: guards.not_closed(c) + guards.supervisor(c, u, guards.ACCESS, _("调整承办人员")),
              _states(*OPEN)),
    ActionDef("set_lead", L("指定主办人员"), forms.LeadOfficerForm, _set_lead,
              lambda c, u: guards.not_closed(c) + guards.supervisor(c, u, guards.ACCESS, _("指定主办人员")),
              _states(*OPEN)),
    ActionDef("request_recusal", L("登记回避申请"), forms.RecusalRequestForm, _request_recusal,
              _recusal_request_guard, _states(*OPEN)),
    ActionDef("decide_recusal", L("决定回避申请"), forms.RecusalDecisionForm, _decide_recusal,
              _supervise("R-04", L("回避申请")),
              lambda c: Recusal.objects.filter(case=c, status=Recusal.Status.PENDING).exists(), "approve"),
    # Investigation
    ActionDef("start_investigation", L("开始调查"), forms.EmptyForm, _start_investigation,
              _edge(S.INVESTIGATING, L("开始调查")), _states(S.FILED)),
    ActionDef("add_evidence", L("登记证据"), forms.EvidenceForm, _add_evidence,
              _investigative_change(L("收集证据")), _states(*INVESTIGATIVE)),
    ActionDef("create_record", L("制作笔录"), forms.RecordForm, _record,
              _investigative_change(L("制作笔录")), _states(*INVESTIGATIVE)),
    ActionDef("request_preservation", L("申请先行登记保存"), forms.PreservationForm, _preservation,
              lambda c, u: _change(c, u) + guards.in_states(c, {S.FILED, S.INVESTIGATING}, "R-23", _("申请先行登记保存")),
              _states(S.FILED, S.INVESTIGATING)),
    ActionDef("decide_preservation", L("审批先行登记保存"), forms.PreservationDecisionForm, _decide_preservation,
              _supervise("R-23", L("先行登记保存")),
              lambda c: Preservation.objects.filter(case=c, status=Preservation.Status.PENDING).exists(), "approve"),
    ActionDef("dispose_preservation", L("先行登记保存处理决定"), forms.DisposalForm, _dispose,
              _change, lambda c: Preservation.objects.filter(case=c, status=Preservation.Status.APPROVED).exists()),
    ActionDef("request_assistance", L("请求协助调查"), forms.AssistanceForm, _assistance,
              _change, _states(S.LEAD, S.FILED, S.INVESTIGATING, S.INVESTIGATION_CLOSED)),
    ActionDef("close_investigation", L("调查终结"), forms.ReasonsForm, _close_investigation,
              _edge(S.INVESTIGATION_CLOSED, L("调查终结")), _states(S.INVESTIGATING)),
    ActionDef("reopen_investigation", L("补充调查"), forms.ReasonsForm, _reopen,
              _edge(S.INVESTIGATING, L("补充调查")), _states(S.INVESTIGATION_CLOSED)),
    # Suspension, termination, withdrawal, transfer
    ActionDef("request_suspension", L("申请中止调查"), forms.SuspensionForm, _request_suspension,
              _suspension_guard, _states(S.INVESTIGATING, S.FILED, S.INVESTIGATION_CLOSED, *workflow.DECIDED_STATES)),
    ActionDef("decide_suspension", L("审批中止调查"), forms.DecisionForm, _decide_suspension,
              _supervise("R-46", L("中止调查")), _pending(Approval.Kind.SUSPENSION), "approve"),
    ActionDef("resume", L("恢复调查"), forms.ReasonsForm, _resume,
              _supervise("R-46", L("恢复调查")), _states(S.SUSPENDED)),
    ActionDef("request_termination", L("申请终止调查"), forms.TerminationForm, _request_termination,
              _termination_guard, _states(S.INVESTIGATING, S.FILED, S.INVESTIGATION_CLOSED, S.SUSPENDED, *workflow.DECIDED_STATES), "danger"),
    ActionDef("decide_termination", L("审批终止调查"), forms.DecisionForm, _decide_termination,
              _supervise("R-46", L("终止调查")), _pending(Approval.Kind.TERMINATION), "approve"),
    ActionDef("withdraw", L("撤销立案"), forms.ReasonsForm, _withdraw,
              _both(_supervise("R-21", L("撤销立案")), lambda c, u: guards.edge_allowed(c, S.WITHDRAWN, _("撤销立案"))),
              _states(S.FILED, S.INVESTIGATING), "danger"),
    ActionDef("transfer", L("移送"), forms.TransferForm, _transfer,
              _transfer_guard, _states(S.LEAD, S.FILED, S.INVESTIGATING, S.INVESTIGATION_CLOSED), "danger"),
    ActionDef("transfer_receipt", L("登记移送回执"), forms.TransferReceiptForm, _transfer_receipt,
              _receipt_guard, lambda c: Transfer.objects.filter(case=c, receipt_on__isnull=True).exists()),
    # Statutory clock
    ActionDef("request_time_extension", L("申请延长办案期限"), forms.TimeExtensionForm, _time_extension,
              _time_extension_guard, _states(*deadlines.CLOCK_STATES)),
    ActionDef("decide_time_extension", L("审批延长办案期限"), forms.DecisionForm, _decide_time_extension,
              _supervise("R-35", L("延长办案期限")), _pending(Approval.Kind.TIME_EXTENSION), "approve"),
    ActionDef("add_period", L("登记不计入期限的期间"), forms.PeriodForm, _add_period,
              lambda c, u: _change(c, u) + guards.in_states(c, deadlines.CLOCK_STATES, "R-35", _("登记不计入办案期限的期间")),
              _states(*deadlines.CLOCK_STATES)),
    ActionDef("end_period", L("结束不计入期限的期间"), forms.EndPeriodForm, _end_period, _change,
              lambda c: c.excluded_periods.filter(end__isnull=True).exclude(kind="suspension").exists()),
    # Closing
    ActionDef("request_closing", L("提交结案报告"), forms.ClosingForm, _request_closing,
              _closing_guard, _states(*workflow.CLOSABLE)),
    ActionDef("decide_closing", L("结案审批"), forms.DecisionForm, _decide_closing,
              _supervise("R-45", L("结案")), _pending(Approval.Kind.CLOSING), "approve"),
    ActionDef("correct", L("登记更正"), forms.CorrectionForm, _correct, _correct_guard, _states(S.CLOSED)),
]  # fmt: skip
BY_CODE: dict[str, ActionDef] = {a.code: a for a in ACTIONS}
# The actions this app defines (higher apps append theirs with register_action).
OWN_ACTIONS: tuple[ActionDef, ...] = tuple(ACTIONS)


@dataclass(frozen=True)
class Offered:
    action: ActionDef
    verdict: Verdict

    @property
    def available(self) -> bool:
        return self.verdict.ok


def offered(case: Case, user: Any) -> list[Offered]:
    """The actions relevant to the case now, each with its guard's verdict."""
    return [Offered(a, a.guard(case, user)) for a in ACTIONS if a.shown(case)]


NEXT_STEP = {
    S.LEAD: gettext_lazy("核查线索，提请立案或不予立案"),
    S.FILING_REVIEW: gettext_lazy("等待负责人立案审批"),
    S.FILED: gettext_lazy("开始调查"),
    S.INVESTIGATING: gettext_lazy("调查取证"),
    S.INVESTIGATION_CLOSED: gettext_lazy("提出处理意见"),
    S.SUSPENDED: gettext_lazy("中止事由消除后恢复调查"),
    S.PROPOSED: gettext_lazy("送达行政处罚告知书"),
    S.NOTIFIED: gettext_lazy("听取陈述申辩"),
    S.HEARING_REQUESTED: gettext_lazy("安排听证"),
    S.HEARING_SCHEDULED: gettext_lazy("举行听证"),
    S.HEARING_HELD: gettext_lazy("提交审核或审批"),
    S.COLLECTIVE_DISCUSSION: gettext_lazy("集体讨论"),
    S.LEGAL_REVIEW: gettext_lazy("法制审核"),
    S.APPROVAL: gettext_lazy("负责人审批"),
    S.DECIDED: gettext_lazy("送达决定书"),
    S.SERVED: gettext_lazy("执行或结案"),
    S.EXECUTING: gettext_lazy("执行完毕后结案"),
}


def next_step(case: Case) -> str:
    if case.state in NEXT_STEP:
        return str(NEXT_STEP[case.state])
    if case.state in workflow.CLOSABLE:
        return _("提交结案报告")
    return ""


def register_action(action: ActionDef) -> ActionDef:
    """Add an action that a higher app (penalties) offers on the case page; its `run`
    calls that app's service and its `guard` that app's guard."""
    if action.code in BY_CODE:
        raise ValueError(f"case action {action.code!r} is registered twice")
    ACTIONS.append(action)
    BY_CODE[action.code] = action
    return action
