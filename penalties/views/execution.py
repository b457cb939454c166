"""The execution page of a case (执行, R-40–R-44, R-62) and its case-page card and actions.

One page per case shows the amount due today with the surcharge broken down day by day,
the payments (with on-the-spot collections and their hand-in), deferral and instalment
plans, reconsideration and litigation, the fault review, demand notices and the court
application with its window. Each action has its own form page; an unavailable action
is shown disabled with its guard's reasons — the same guard the service checks before it
writes. A case the user may not see is a 404; bad input is a translated form error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L
from django.views.decorators.http import require_GET, require_http_methods

from cases import guards
from cases.models import Case
from cases.states import State
from core import clock, workdays
from core.errors import DomainError, Verdict
from penalties import forms_execution as f
from penalties import surcharge as sc
from penalties.models import (
    CourtApplication,
    DeferralOrInstalment,
    DemandNotice,
    FaultReview,
    Payment,
    RemedyProceeding,
)
from penalties.services import enforcement, execution, payments, plans, remedies

MAX_ID = 2**63 - 1
S = State
# Where the card shows on the case page: from service on, and kept after closing.
SECTION_STATES = frozenset({S.SERVED, S.SUMMARY_DECIDED, S.EXECUTING, S.CLOSED})


@dataclass(frozen=True)
class Action:
    code: str
    label: Any
    form: type
    run: Callable[[Case, Any, Any], str]  # (case, user, form) -> success message
    guard: Callable[[Case, Any], Verdict]
    shown: Callable[[Case], bool]
    kind: str = "do"  # do | approve | danger
    multipart: bool = False
    on_case_page: bool = True


# --- shown ---------------------------------------------------------------------------------
def _executing(case: Case) -> bool:
    return case.state in execution.EXECUTION_STATES


def _money(case: Case) -> bool:
    return _executing(case) and execution.has_money(execution.execution_decision(case))


def _in_force(case: Case) -> bool:
    if not _executing(case):
        return False
    decision = execution.execution_decision(case)
    return decision is not None and decision.in_force


def _pending(model, **filters) -> Callable[[Case], bool]:
    return lambda case: model.objects.filter(case_id=case.pk, **filters).exists()


# --- run -----------------------------------------------------------------------------------
def _pay(case, user, form):
    d = form.cleaned_data
    payment = payments.record_payment(
        case,
        by=user,
        amount=d["amount"],
        paid_on=d["paid_on"],
        channel=d["channel"],
        reference=d["reference"],
        note=d["note"],
    )
    st = execution.account_statement(payment.decision)
    if st.paid_in_full:
        return _("已登记缴款 %(a)s 元，罚没款已缴清，可以提交结案报告") % {
            "a": execution.money(payment.amount)
        }
    return _("已登记缴款 %(a)s 元，尚欠 %(o)s 元") % {
        "a": execution.money(payment.amount),
        "o": execution.money(st.outstanding),
    }


def _on_spot(case, user, form):
    d = form.cleaned_data
    payment = payments.collect_on_spot(
        case,
        by=user,
        amount=d["amount"],
        collected_on=d["collected_on"],
        receipt_number=d["receipt_number"],
        ground=d["ground"],
        ground_note=d["ground_note"],
        party_requested=d["party_requested"],
    )
    return _("已登记当场收缴 %(a)s 元（票据 %(r)s），须于 %(d)s 前上交本机关") % {
        "a": execution.money(payment.amount),
        "r": payment.receipt_number,
        "d": payment.on_spot.hand_in_due_on.isoformat(),
    }


def _hand_in(case, user, form):
    d = form.cleaned_data
    collection = payments.record_hand_in(d["collection"], by=user, handed_in_on=d["handed_in_on"])
    if collection.hand_in_overdue:
        return _("已登记上交（逾期上交，已标记）")
    return _("已登记上交")


def _apply_plan(case, user, form):
    d = form.cleaned_data
    plans.apply_for_plan(
        case,
        by=user,
        kind=d["kind"],
        applied_on=d["applied_on"],
        reasons=d["reasons"],
        instalments=d["instalments"],
    )
    return _("已登记申请，等待负责人审批")


def _decide_plan(case, user, form):
    plan = plans.pending_plan(case)
    plans.decide_plan(plan, by=user, approve=form.approve, note=form.cleaned_data["note"])
    return _("已批准，缴款期限按批准的期限执行") if form.approve else _("已不予批准")


def _remedy(case, user, form):
    d = form.cleaned_data
    remedy = remedies.record_remedy(
        case,
        by=user,
        kind=d["kind"],
        filed_on=d["filed_on"],
        body=d["body"],
        reference=d["reference"],
    )
    return _("已登记%(k)s，审理期间不计算加处罚款") % {"k": remedy.get_kind_display()}


def _remedy_outcome(case, user, form):
    d = form.cleaned_data
    remedy = remedies.pending_remedy(execution.execution_decision(case))
    remedy = remedies.record_remedy_outcome(
        remedy,
        by=user,
        outcome=d["outcome"],
        decided_on=d["decided_on"],
        note=d["note"],
        changed_fine=d["changed_fine"],
    )
    if remedy.outcome == RemedyProceeding.Outcome.REVOKED:
        return _("已登记撤销结果：处罚决定已撤销，公示将撤回，已启动错案审查")
    return _("已登记结果：%(o)s") % {"o": remedy.get_outcome_display()}


def _fault_review(case, user, form):
    review = remedies.pending_fault_review(case)
    finding = form.cleaned_data["finding"]
    if form.cleaned_data["decision"] == "confirm":
        review = remedies.confirm_fault_review(review, by=user, finding=finding)
        return _("已认定为错案，已为 %(n)d 名执法人员记录执法过错") % {"n": review.faults.count()}
    remedies.dismiss_fault_review(review, by=user, finding=finding)
    return _("已认定不属于错案")


def _issue_demand(case, user, form):
    notice = enforcement.issue_demand_notice(
        case, by=user, perform_by=form.cleaned_data["perform_by"]
    )
    return _("已制作催告书 %(n)s，请送达当事人并登记送达") % {"n": notice.document.number}


def _serve_demand(case, user, form):
    d = form.cleaned_data
    notice = enforcement.serve_demand_notice(
        form.notice,
        by=user,
        method=d["method"],
        served_on=d["served_on"],
        recipient=d["recipient"],
        proof=d.get("proof"),
        receipt=d.get("receipt"),
        consent_reference=d.get("consent_reference", ""),
        refused_to_sign=d.get("refused_to_sign", False),
        note=d.get("note", ""),
    )
    return _("已登记催告书送达，%(d)s 起可申请人民法院强制执行（另须复议、诉讼期限届满）") % {
        "d": sc.court_application_earliest(notice.served_on).isoformat()
    }


def _court(case, user, form):
    d = form.cleaned_data
    application = enforcement.file_court_application(
        case,
        by=user,
        court=d["court"],
        filed_on=d["filed_on"],
        court_reference=d["court_reference"],
    )
    return _("已登记申请人民法院强制执行，申请执行金额 %(a)s 元") % {
        "a": execution.money(application.amount_claimed)
    }


def _court_outcome(case, user, form):
    d = form.cleaned_data
    application = enforcement.pending_court_application(case)
    enforcement.record_court_outcome(
        application, by=user, outcome=d["outcome"], outcome_on=d["outcome_on"], note=d["note"]
    )
    return _("已登记法院裁定结果")


# --- guards --------------------------------------------------------------------------------
def _hand_in_guard(case, user):
    verdict = guards.may_change(case, user)
    if not payments.pending_hand_ins(case).exists():
        verdict += Verdict.refuse("R-41", _("没有待上交的当场收缴罚款"))
    return verdict


def _decide_plan_guard(case, user):
    return plans.decide_plan_verdict(plans.pending_plan(case), case, user)


def _outcome_guard(case, user):
    return remedies.outcome_verdict(
        remedies.pending_remedy(execution.execution_decision(case)), case, user
    )


def _fault_guard(case, user):
    return remedies.fault_review_verdict(remedies.pending_fault_review(case), case, user)


def _serve_guard(case, user):
    decision = execution.execution_decision(case)
    notice = enforcement.unserved_notice(decision) if decision else None
    return enforcement.serve_verdict(notice, case, user)


def _court_outcome_guard(case, user):
    return enforcement.court_outcome_verdict(
        enforcement.pending_court_application(case), case, user
    )


ACTIONS: list[Action] = [
    Action("exec_payment", L("登记缴款"), f.PaymentForm, _pay, payments.payment_verdict, _money),
    Action("exec_on_spot", L("当场收缴罚款"), f.OnSpotForm, _on_spot, payments.payment_verdict, _money),
    Action("exec_hand_in", L("登记当场收缴罚款上交"), f.HandInForm, _hand_in, _hand_in_guard,
           lambda c: payments.pending_hand_ins(c).exists()),
    Action("exec_plan", L("申请延期或分期缴纳"), f.PlanForm, _apply_plan, plans.plan_verdict, _money),
    Action("exec_plan_decide", L("审批延期或分期缴纳"), f.ApproveForm, _decide_plan, _decide_plan_guard,
           _pending(DeferralOrInstalment, status=DeferralOrInstalment.Status.PENDING), "approve"),
    Action("exec_remedy", L("登记行政复议或行政诉讼"), f.RemedyForm, _remedy, remedies.remedy_verdict,
           _in_force),
    Action("exec_remedy_outcome", L("登记复议或诉讼结果"), f.RemedyOutcomeForm, _remedy_outcome,
           _outcome_guard, _pending(RemedyProceeding, outcome=RemedyProceeding.Outcome.PENDING),
           "approve"),
    Action("exec_fault_review", L("错案认定"), f.FaultReviewForm, _fault_review, _fault_guard,
           _pending(FaultReview, status=FaultReview.Status.PENDING), "approve"),
    Action("exec_demand", L("制作催告书"), f.DemandNoticeForm, _issue_demand,
           enforcement.demand_notice_verdict, _money),
    Action("exec_demand_serve", L("登记催告书送达"), f.DemandServiceForm, _serve_demand, _serve_guard,
           lambda c: _money(c) and enforcement.unserved_notice(execution.execution_decision(c)) is not None,
           multipart=True, on_case_page=False),
    Action("exec_court", L("申请人民法院强制执行"), f.CourtApplicationForm, _court,
           enforcement.court_application_verdict, _money, "danger"),
    Action("exec_court_outcome", L("登记法院裁定结果"), f.CourtOutcomeForm, _court_outcome,
           _court_outcome_guard,
           _pending(CourtApplication, outcome=CourtApplication.Outcome.PENDING)),
]  # fmt: skip
BY_CODE: dict[str, Action] = {a.code: a for a in ACTIONS}


def offered(case: Case, user: Any) -> list[dict[str, Any]]:
    """The actions relevant now, each with its guard's verdict."""
    out = []
    for action in ACTIONS:
        if not action.shown(case):
            continue
        verdict = action.guard(case, user)
        out.append({"action": action, "verdict": verdict, "available": verdict.ok})
    return out


# --- Pages ---------------------------------------------------------------------------------
def case_or_404(request: HttpRequest, case_id: int) -> Case:
    if not 0 < case_id <= MAX_ID:
        raise Http404()
    case = (
        Case.objects.visible_to(request.user)
        .select_related("agency", "primary_party", "domain")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404()
    return case


def page_context(case: Case, user: Any) -> dict[str, Any]:
    today = clock.today()
    decision = execution.execution_decision(case)
    ctx: dict[str, Any] = {"case": case, "today": today, "decision": decision}
    if decision is None:
        return {**ctx, "actions": []}
    st = execution.account_statement(decision, on=today)
    window = enforcement.court_window_for(decision)
    dates = [d for d in (decision.served_on, st.next_due_on, window and window.last) if d]
    ctx.update(
        {
            "fine": execution.amounts(decision)[0],
            "gains": execution.amounts(decision)[1],
            "st": st,
            "segments": st.segments,
            "payments": list(
                Payment.objects.filter(decision=decision)
                .select_related("on_spot", "recorded_by")
                .order_by("paid_on", "pk")
            ),
            "plans": list(
                DeferralOrInstalment.objects.filter(decision=decision)
                .prefetch_related("instalments")
                .select_related("decided_by")
                .order_by("-pk")
            ),
            "remedies": list(
                RemedyProceeding.objects.filter(decision=decision).order_by("filed_on")
            ),
            "fault_reviews": list(
                FaultReview.objects.filter(case=case).prefetch_related("faults__officer")
            ),
            "notices": [
                {"notice": n, "served_on": enforcement.demand_served_on(n)}
                for n in DemandNotice.objects.filter(decision=decision).select_related("document")
            ],
            "court_applications": list(
                CourtApplication.objects.filter(decision=decision).select_related(
                    "demand_notice__document"
                )
            ),
            "window": window,
            "remedy_end": enforcement.remedy_periods_end(decision),
            "uncovered": [
                workdays.fallback_note(y) for y in workdays.uncovered_years(d.year for d in dates)
            ],
            "actions": offered(case, user),
        }
    )
    return ctx


@login_required
@require_GET
def execution_page(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_or_404(request, case_id)
    return render(request, "penalties/execution/page.html", page_context(case, request.user))


@login_required
@require_http_methods(["GET", "POST"])
def execution_action(request: HttpRequest, case_id: int, code: str) -> HttpResponse:
    case = case_or_404(request, case_id)
    action = BY_CODE.get(code)
    if action is None or not action.shown(case):
        raise Http404()
    verdict = action.guard(case, request.user)
    form_kwargs = {"case": case, "user": request.user}
    if request.method == "POST" and verdict.ok:
        form = action.form(request.POST, request.FILES, **form_kwargs)
        if form.is_valid():
            try:
                with transaction.atomic():
                    message = action.run(case, request.user, form)
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, message)
                return redirect("penalties:execution_page", case_id=case.pk)
    else:
        form = action.form(**form_kwargs)
        if request.method == "POST":
            messages.error(request, "；".join(verdict.reasons))
    return render(
        request,
        "penalties/execution/action.html",
        {"case": case, "action": action, "form": form, "verdict": verdict},
    )


# --- Case page -----------------------------------------------------------------------------
def case_section(case: Case, request: HttpRequest) -> dict | None:
    """The execution card on the case page (cases.sections)."""
    if case.state not in SECTION_STATES:
        return None
    decision = execution.execution_decision(case)
    if decision is None or decision.served_on is None:
        return None
    st = execution.account_statement(decision)
    return {
        "title": _("执行"),
        "template": "penalties/execution/_case_section.html",
        "order": 70,
        "context": {
            "decision": decision,
            "st": st,
            "has_money": st.principal > 0,
            "page_url": reverse("penalties:execution_page", args=[case.pk]),
        },
    }


def install() -> None:
    """Called from penalties' AppConfig.ready(): audit labels, the case-page card and the
    execution actions on the case page (cases.actions; the same guards and services)."""
    from audit import actions as audit_actions
    from cases import actions as case_actions
    from cases.sections import register_section

    for module in (execution, enforcement, remedies):
        for code, label in module.ACTION_LABELS.items():
            audit_actions.register(code, label)
    register_section(case_section)
    for action in ACTIONS:
        if action.on_case_page and action.code not in case_actions.BY_CODE:
            case_actions.register_action(
                case_actions.ActionDef(
                    code=action.code,
                    label=action.label,
                    form=action.form,
                    run=action.run,
                    guard=action.guard,
                    shown=action.shown,
                    kind=action.kind,
                )
            )
