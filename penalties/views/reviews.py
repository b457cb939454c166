"""The legal review queue and checklist (R-28) and the head's approval queue and page
(R-29). A review or approval outside the user's agency or role is a 404; a refused
action shows the service's reasons; bad input is a form error, never a 500."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.selectors import citable_evidence
from core import clock
from core.errors import DomainError
from core.roles import Role, has_role
from penalties import documents_data, gate
from penalties.forms_decisions import ApprovalForm, ReviewForm
from penalties.models import (
    CollectiveDiscussion,
    DecisionApproval,
    Hearing,
    LegalReview,
    Statement,
)
from penalties.services import decisions, reviews
from penalties.services.proposals import current_proposal
from penalties.views.proposals import present_check, present_recommendation

MAX_ID = 2**63 - 1
REASONS = frozenset(LegalReview.Reason.values)


def _valid(pk: int) -> None:
    if not 0 < pk <= MAX_ID:
        raise Http404()


def case_summary(case, *, on=None) -> dict[str, Any]:
    """What a reviewer or approver needs to see about the case, in one dict."""
    on = on or clock.today()
    proposal = current_proposal(case)
    statements = list(
        Statement.objects.filter(case=case)
        .select_related("recheck", "recheck__rechecked_by", "notice__document")
        .order_by("seq")
    )
    hearings = list(
        Hearing.objects.filter(case=case)
        .select_related("presiding_officer", "record", "record__document")
        .order_by("pk")
    )
    return {
        "case": case,
        "proposal": proposal,
        "proposal_rows": documents_data.penalty_rows(proposal) if proposal else [],
        "rec": present_recommendation(proposal.recommendation) if proposal else None,
        "check": present_check(proposal.check_result) if proposal else None,
        "notice": gate.current_notice(case),
        "statements": statements,
        "hearings": hearings,
        "evidence": list(citable_evidence(case)),
        "review_reasons": [LegalReview.Reason(r).label for r in reviews.review_reasons(case)],
        "discussion_reasons": [
            CollectiveDiscussion.Trigger(r).label for r in reviews.discussion_reasons(case)
        ],
        "discussions": list(
            CollectiveDiscussion.objects.filter(case=case).select_related("document").order_by("pk")
        ),
        "legal_reviews": list(
            LegalReview.objects.filter(case=case)
            .select_related("reviewer", "document")
            .order_by("pk")
        ),
        "gate": gate.decision_gate(case, on=on),
        "time_limit": decisions.time_limit_verdict(case, on=on),
        "items": LegalReview.Item,
    }


# --- Legal review (R-28) -----------------------------------------------------------------


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.LEGAL_REVIEWER):
        raise Http404()
    rows = list(reviews.review_queue(request.user)[:200])
    return render(
        request,
        "penalties/reviews/review_queue.html",
        {
            "rows": [
                (r, [LegalReview.Reason(x).label for x in r.reasons_required if x in REASONS])
                for r in rows
            ]
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    _valid(pk)
    review = reviews.review_queue(request.user).filter(pk=pk).first()
    if review is None:
        raise Http404()
    case = review.case
    verdict = reviews.reviewer_verdict(case, request.user)
    form = ReviewForm(request.POST or None, case=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            reviews.complete_review(
                review,
                by=request.user,
                findings=form.findings(),
                opinion=form.cleaned_data["opinion"],
                passed=form.cleaned_data["result"] == "passed",
                return_reasons=form.cleaned_data["return_reasons"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            passed = form.cleaned_data["result"] == "passed"
            messages.success(
                request, _("法制审核已通过") if passed else _("已退回承办人员补充调查")
            )
            return redirect("penalties:review_queue")
    context = case_summary(case)
    context.update({"review": review, "form": form, "verdict": verdict})
    return render(request, "penalties/reviews/review_page.html", context)


# --- Approval (R-29) ---------------------------------------------------------------------


@login_required
@require_GET
def approval_queue(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.SUPERVISOR):
        raise Http404()
    rows = list(reviews.approval_queue(request.user)[:200])
    today = clock.today()
    return render(
        request,
        "penalties/reviews/approval_queue.html",
        {
            "rows": [
                {
                    "approval": a,
                    "proposal": a.proposal,
                    "penalties": documents_data.penalty_rows(a.proposal) if a.proposal else [],
                    "departure": bool(a.proposal and a.proposal.is_departure),
                    "gate": gate.decision_gate(a.case, on=today),
                    "four_eyes": reviews.approver_verdict(a.case, request.user, a.proposal),
                }
                for a in rows
            ]
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def approval_page(request: HttpRequest, pk: int) -> HttpResponse:
    _valid(pk)
    approval = (
        DecisionApproval.objects.filter(pk=pk)
        .select_related("case", "proposal", "approver", "requested_by")
        .first()
    )
    if approval is None or not reviews.approval_queue(request.user).filter(pk=pk).exists():
        # decided approvals stay readable for the agency's supervisors
        officer = getattr(request.user, "officer", None)
        if (
            approval is None
            or officer is None
            or officer.agency_id != approval.case.agency_id
            or not has_role(request.user, Role.SUPERVISOR)
        ):
            raise Http404()
    case = approval.case
    verdict = reviews.approve_verdict(case, request.user)
    return_verdict = reviews.approver_verdict(case, request.user)
    form = ApprovalForm(
        request.POST or None,
        case=case,
        user=request.user,
        initial={"outcome": approval.outcome},
    )
    if request.method == "POST" and approval.status == DecisionApproval.Status.PENDING:
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            try:
                reviews.decide_approval(
                    approval,
                    by=request.user,
                    approve=approve,
                    reasons=form.cleaned_data["reasons"],
                    outcome=form.cleaned_data["outcome"] or None,
                    return_to=form.cleaned_data["return_to"],
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已批准") if approve else _("已退回"))
                return redirect("penalties:decision_page", case_id=case.pk)
    elif request.method == "POST":
        messages.error(request, _("该审批已办结，无需重复审批"))
        return redirect("penalties:approval_page", pk=approval.pk)
    context = case_summary(case)
    context.update(
        {
            "approval": approval,
            "form": form,
            "verdict": verdict,
            "return_verdict": return_verdict,
            "pending": approval.status == DecisionApproval.Status.PENDING,
        }
    )
    return render(request, "penalties/reviews/approval_page.html", context)
