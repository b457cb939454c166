"""The decision page of a case (审核、审批、决定、送达) and the publication queue (R-39).

The page shows where the case stands before the decision (discussion R-27, review R-28,
approval R-29), the gate of the notice stage (R-24–R-26) and the time limit (R-35) beside
the disabled "作出处罚决定" button, the decision with its service (R-38) and publication
(R-39). Each action is a service plus its guard; an unavailable one is shown disabled
with the guard's reasons. Cases the user may not see are 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L
from django.views.decorators.http import require_GET, require_http_methods

from cases import guards
from cases.models import Case
from cases.states import State
from core import clock
from core.errors import DomainError, Verdict
from core.roles import Role, has_role
from penalties import forms_decisions as f
from penalties.models import Decision, Publication
from penalties.services import decisions, publicity, reviews, summary
from penalties.services.proposals import current_proposal
from penalties.views.reviews import case_summary

MAX_ID = 2**63 - 1
S = State
# States in which the decision card shows on the case page.
CARD_STATES = frozenset(
    {
        S.NOTIFIED,
        S.HEARING_HELD,
        S.COLLECTIVE_DISCUSSION,
        S.LEGAL_REVIEW,
        S.APPROVAL,
        S.DECIDED,
        S.SERVED,
        S.EXECUTING,
        S.NO_PENALTY,
        S.NOT_ESTABLISHED,
        S.INVESTIGATION_CLOSED,
        S.CLOSED,
    }
)


@dataclass(frozen=True)
class Action:
    code: str
    label: Any
    form: type
    run: Callable[[Case, Any, Any], str]
    guard: Callable[[Case, Any], Verdict]
    shown: Callable[[Case], bool]
    kind: str = "do"
    multipart: bool = False


def _states(*states) -> Callable[[Case], bool]:
    wanted = {str(s) for s in states}
    return lambda case: case.state in wanted


def _submit(case, user, form):
    case = reviews.submit_for_decision(case, by=user)
    return _("已提交：%(s)s") % {"s": case.get_state_display()}


def _require_discussion(case, user, form):
    reviews.require_discussion(case, by=user, reasons=form.cleaned_data["reasons"])
    return _("已决定提交集体讨论")


def _record_discussion(case, user, form):
    c = form.cleaned_data
    row = reviews.record_discussion(
        case,
        by=user,
        held_at=c["held_at"],
        place=c["place"],
        chair=c["chair"],
        recorder=c["recorder"],
        attendees=c["attendees"],
        opinions=c["opinions"],
        conclusion=c["conclusion"],
        conclusion_text=c["conclusion_text"],
    )
    return _("已登记集体讨论，集体讨论记录 %(n)s") % {"n": row.document.number}


def _issue(case, user, form):
    decision = decisions.issue_decision(case, by=user)
    return _("已作出决定，%(t)s %(n)s；请于 %(d)s 前送达当事人") % {
        "t": decision.document.title,
        "n": decision.document.number,
        "d": decision.service_due_on.isoformat(),
    }


def _no_penalty(case, user, form):
    c = form.cleaned_data
    decision = decisions.decide_without_penalty(
        case, by=user, outcome=c["outcome"], reasons=c["reasons"], education=c["education"]
    )
    return _("已作出不予行政处罚决定 %(n)s") % {"n": decision.document.number}


def _serve(case, user, form):
    c = form.cleaned_data
    decision = decisions.serve_decision(
        decisions.current_decision(case),
        by=user,
        method=c["method"],
        served_on=c["served_on"],
        recipient=c["recipient"],
        proof=c["proof"],
        consent_reference=c["consent_reference"],
        refused_to_sign=c["refused_to_sign"],
        note=c["note"],
    )
    if decision.payment_due_on:
        return _("已登记送达；缴款期限至 %(d)s") % {"d": decision.payment_due_on.isoformat()}
    return _("已登记送达")


def _change(case, user, form):
    c = form.cleaned_data
    decisions.revoke_or_change(
        decisions.current_decision(case), by=user, status=c["status"], reasons=c["reasons"]
    )
    return _("已登记决定的撤销或变更")


def _issued(case: Case) -> bool:
    d = decisions.current_decision(case)
    return d is not None and d.status == Decision.Status.ISSUED


def _in_force(case: Case) -> bool:
    return decisions.current_decision(case) is not None


def _serve_guard(case, user) -> Verdict:
    d = decisions.current_decision(case)
    if d is None:
        return Verdict.refuse("R-38", _("本案没有待送达的决定书"))
    return decisions.serve_verdict(d, user)


def _change_guard(case, user) -> Verdict:
    d = decisions.current_decision(case)
    if d is None:
        return Verdict.refuse("R-39", _("本案没有生效的决定"))
    return decisions.change_verdict(d, user)


ACTIONS: list[Action] = [
    Action(
        "submit",
        L("提交审核审批"),
        f.ConfirmForm,
        _submit,
        reviews.submit_verdict,
        _states(S.NOTIFIED, S.HEARING_HELD),
    ),
    Action(
        "require-discussion",
        L("决定提交集体讨论"),
        f.ReasonsForm,
        _require_discussion,
        reviews.require_discussion_verdict,
        lambda c: c.state in reviews.DISCUSSION_CHOSEN_IN,
        kind="approve",
    ),
    Action(
        "discussion",
        L("登记集体讨论"),
        f.DiscussionForm,
        _record_discussion,
        reviews.discussion_verdict,
        _states(S.COLLECTIVE_DISCUSSION),
    ),
    Action(
        "issue",
        L("作出处罚决定"),
        f.ConfirmForm,
        _issue,
        decisions.issue_verdict,
        _states(S.APPROVAL),
        kind="approve",
    ),
    Action(
        "no-penalty",
        L("作出不予行政处罚决定"),
        f.NoPenaltyForm,
        _no_penalty,
        decisions.direct_verdict,
        _states(S.INVESTIGATION_CLOSED),
        kind="approve",
    ),
    Action(
        "serve",
        L("登记决定书送达"),
        f.ServeForm,
        _serve,
        _serve_guard,
        _issued,
        multipart=True,
    ),
    Action(
        "change",
        L("登记决定的撤销或变更"),
        f.ChangeForm,
        _change,
        _change_guard,
        _in_force,
        kind="danger",
    ),
]
BY_CODE = {a.code: a for a in ACTIONS}


def case_or_404(request: HttpRequest, case_id: int) -> Case:
    if not 0 < case_id <= MAX_ID:
        raise Http404()
    case = (
        Case.objects.visible_to(request.user)
        .select_related("agency", "agency__rule_settings", "primary_party", "domain")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404()
    return case


def offered(case: Case, user: Any) -> list[dict[str, Any]]:
    out = []
    for action in ACTIONS:
        if action.shown(case):
            verdict = action.guard(case, user)
            out.append({"action": action, "verdict": verdict, "available": verdict.ok})
    return out


def decision_context(case: Case, user: Any) -> dict[str, Any]:
    today = clock.today()
    context = case_summary(case, on=today)
    decision = decisions.current_decision(case)
    context.update(
        {
            "today": today,
            "decisions": decisions.decisions_of(case),
            "decision": decision,
            "service_overdue": decision is not None and decisions.service_overdue(decision),
            "publication": getattr(decision, "publication", None) if decision else None,
            "approvals": list(case.decision_approvals.select_related("approver").order_by("pk")),
            "decision_verdict": decisions.decision_verdict(case, on=today)
            if case.state == S.APPROVAL
            else None,
            "actions": offered(case, user),
            "pending_approval": reviews.pending_approval(case),
            "pending_review": reviews.pending_review(case),
        }
    )
    return context


@login_required
@require_GET
def decision_page(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_or_404(request, case_id)
    return render(
        request, "penalties/decisions/decision_page.html", decision_context(case, request.user)
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_action(request: HttpRequest, case_id: int, code: str) -> HttpResponse:
    case = case_or_404(request, case_id)
    action = BY_CODE.get(code)
    if action is None or not action.shown(case):
        raise Http404()
    verdict = action.guard(case, request.user)
    kwargs = {"case": case, "user": request.user}
    if request.method == "POST" and verdict.ok:
        form = action.form(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            try:
                message = action.run(case, request.user, form)
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, message)
                return redirect("penalties:decision_page", case_id=case.pk)
    else:
        form = action.form(**kwargs)
        if request.method == "POST":
            messages.error(request, "；".join(verdict.reasons))
    return render(
        request,
        "penalties/decisions/action.html",
        {"case": case, "action": action, "form": form, "verdict": verdict},
    )


# --- Publication queue (R-39) ------------------------------------------------------------


def _legal_office(request: HttpRequest) -> None:
    if (
        not has_role(request.user, Role.LEGAL_OFFICE)
        or getattr(request.user, "officer", None) is None
    ):
        raise Http404()


@login_required
@require_GET
def publication_queue(request: HttpRequest) -> HttpResponse:
    _legal_office(request)
    today = clock.today()
    rows = [
        {
            "pub": p,
            "overdue": publicity.overdue(p, on=today),
            "verdict": publicity.publish_verdict(p, request.user),
        }
        for p in publicity.publication_queue(request.user)[:200]
    ]
    return render(
        request,
        "penalties/decisions/publication_queue.html",
        {
            "rows": rows,
            "recent": list(publicity.recent_publications(request.user)),
            "overdue_services": list(decisions.overdue_services(request.user)[:100]),
            "today": today,
        },
    )


def _publication_or_404(request: HttpRequest, pk: int) -> Publication:
    _legal_office(request)
    if not 0 < pk <= MAX_ID:
        raise Http404()
    pub = (
        Publication.objects.filter(pk=pk, agency_id=request.user.officer.agency_id)
        .select_related("decision", "decision__case", "decision__document")
        .first()
    )
    if pub is None:
        raise Http404()
    return pub


@login_required
@require_http_methods(["GET", "POST"])
def publication_publish(request: HttpRequest, pk: int) -> HttpResponse:
    pub = _publication_or_404(request, pk)
    verdict = publicity.publish_verdict(pub, request.user)
    form = f.PublishForm(request.POST or None, initial={"masked_text": pub.masked_text})
    if request.method == "POST" and form.is_valid():
        try:
            publicity.publish(pub, by=request.user, masked_text=form.cleaned_data["masked_text"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已公示"))
            return redirect("penalties:publication_queue")
    return render(
        request,
        "penalties/decisions/publication_form.html",
        {"pub": pub, "form": form, "verdict": verdict, "title": _("公示处罚决定")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def publication_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    pub = _publication_or_404(request, pk)
    verdict = publicity.withdraw_verdict(pub, request.user)
    form = f.WithdrawForm(request.POST or None, initial={"reasons": pub.reasons})
    if request.method == "POST" and form.is_valid():
        try:
            publicity.withdraw(pub, by=request.user, reasons=form.cleaned_data["reasons"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已撤回公示"))
            return redirect("penalties:publication_queue")
    return render(
        request,
        "penalties/decisions/publication_form.html",
        {"pub": pub, "form": form, "verdict": verdict, "title": _("撤回公示")},
    )


# --- The case page card (cases.sections hook) --------------------------------------------


def case_section(case: Case, request: HttpRequest) -> dict | None:
    """审核、审批与决定: where the case stands and what blocks the decision."""
    if case.procedure != Case.Procedure.GENERAL or case.state not in CARD_STATES:
        return None
    today = clock.today()
    decision = decisions.current_decision(case)
    if case.state == S.INVESTIGATION_CLOSED and current_proposal(case) is None:
        verdict = decisions.direct_verdict(case, request.user, on=today)
    elif case.state == S.APPROVAL:
        verdict = decisions.decision_verdict(case, on=today)
    else:
        verdict = None
    return {
        "title": _("审核、审批与决定"),
        "template": "penalties/decisions/_case_section.html",
        "context": {
            "case": case,
            "decision": decision,
            "service_overdue": decision is not None and decisions.service_overdue(decision),
            "verdict": verdict,
            "pending_approval": reviews.pending_approval(case),
            "pending_review": reviews.pending_review(case),
            "page_url": reverse("penalties:decision_page", args=[case.pk]),
            "may_change": guards.may_change(case, request.user).ok,
        },
        "order": 40,
    }


# --- Home panel (core.home) --------------------------------------------------------------


def home_panel(request: HttpRequest) -> dict | None:
    """The decision stage's work for this user: approvals (R-29), reviews (R-28),
    publications (R-39), decisions not served in time (R-38), on-the-spot decisions to
    file (R-20), and the way to the summary procedure."""
    user = request.user
    officer = getattr(user, "officer", None) if getattr(user, "is_authenticated", False) else None
    if officer is None or not has_role(
        user, Role.OFFICER, Role.SUPERVISOR, Role.LEGAL_REVIEWER, Role.LEGAL_OFFICE
    ):
        return None
    rows = []
    if has_role(user, Role.SUPERVISOR):
        rows.append(
            (
                _("待审批的处罚决定"),
                reviews.approval_queue(user).count(),
                "penalties:approval_queue",
            )
        )
    if has_role(user, Role.LEGAL_REVIEWER):
        rows.append((_("待法制审核"), reviews.review_queue(user).count(), "penalties:review_queue"))
    if has_role(user, Role.LEGAL_OFFICE):
        rows.append(
            (
                _("待公示或撤回"),
                publicity.publication_queue(user).count(),
                "penalties:publication_queue",
            )
        )
    if has_role(user, Role.SUPERVISOR, Role.LEGAL_OFFICE):
        rows.append(
            (_("当场处罚待备案"), summary.filing_queue(user).count(), "penalties:summary_list")
        )
    overdue = decisions.overdue_services(user).count()
    return {
        "title": _("审批、决定与当场处罚"),
        "template": "penalties/decisions/_panel.html",
        "context": {
            "rows": [{"label": label, "count": n, "url": reverse(name)} for label, n, name in rows],
            "overdue_services": overdue,
            "may_decide_on_the_spot": has_role(user, Role.OFFICER),
        },
        "order": 30,
    }
