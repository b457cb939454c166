"""Reads and guards of the steps before the decision (R-27, R-28, R-29): what a case
needs, whether each step is done for the proposal in force, who may act, and the queues.
Plain functions returning values or Verdicts, so pages and services agree; the writes are
in `penalties.services.reviews`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cases import guards
from cases.models import Case, CaseOfficer, officer_of
from cases.states import State
from core.errors import RuleViolation, Verdict
from core.roles import Role, has_role
from penalties.models import (
    CollectiveDiscussion,
    DecisionApproval,
    Hearing,
    LegalReview,
    Proposal,
)
from penalties.selectors import violation_version_on
from penalties.services.proposals import current_proposal

# States from which the officer submits the case for the steps before the decision.
SUBMIT_FROM = frozenset({State.NOTIFIED, State.HEARING_HELD})
# A supervisor may require a collective discussion until the approval starts.
DISCUSSION_CHOSEN_IN = frozenset(
    {
        State.PROPOSED,
        State.NOTIFIED,
        State.HEARING_REQUESTED,
        State.HEARING_SCHEDULED,
        State.HEARING_HELD,
        State.LEGAL_REVIEW,
    }
)
# a collective discussion is held by the agency's leadership, not a pair of officers.
MIN_ATTENDEES = 3
CONCLUSIONS = (
    CollectiveDiscussion.Conclusion.AGREE,
    CollectiveDiscussion.Conclusion.CHANGE,
    CollectiveDiscussion.Conclusion.NO_PENALTY,
    CollectiveDiscussion.Conclusion.NOT_ESTABLISHED,
)


# --- What the case needs ---------------------------------------------------------------


def _flags(proposal: Proposal | None) -> dict:
    if proposal is None:
        return {}
    for source in (proposal.check_result, proposal.recommendation):
        flags = source.get("flags") if isinstance(source, dict) else None
        if isinstance(flags, dict):
            return flags
    return {}


def _context(proposal: Proposal | None) -> dict:
    rec = proposal.recommendation if proposal is not None else None
    ctx = rec.get("context") if isinstance(rec, dict) else None
    return ctx if isinstance(ctx, dict) else {}


def hearing_held(case: Case) -> bool:
    return Hearing.objects.filter(case_id=case.pk, status=Hearing.Status.HELD).exists()


def _rows_for(qs: QuerySet, proposal: Proposal | None) -> QuerySet:
    return qs.filter(proposal=proposal) if proposal is not None else qs.filter(proposal=None)


def chosen_discussion(case: Case) -> CollectiveDiscussion | None:
    """A discussion a supervisor required (pending)."""
    return (
        CollectiveDiscussion.objects.filter(
            case_id=case.pk,
            status=CollectiveDiscussion.Status.PENDING,
            trigger=CollectiveDiscussion.Trigger.SUPERVISOR,
        )
        .order_by("-pk")
        .first()
    )


def discussion_reasons(case: Case, proposal: Proposal | None = None) -> list[str]:
    """R-27: why this case needs a collective discussion (Trigger codes; empty: it does not)."""
    proposal = proposal if proposal is not None else current_proposal(case)
    reasons = []
    if _flags(proposal).get("collective_discussion_needed"):
        reasons.append(CollectiveDiscussion.Trigger.ENGINE)
    if case.is_major:
        reasons.append(CollectiveDiscussion.Trigger.MAJOR)
    if chosen_discussion(case) is not None:
        reasons.append(CollectiveDiscussion.Trigger.SUPERVISOR)
    return reasons


def review_reasons(case: Case, proposal: Proposal | None = None) -> list[str]:
    """R-28: why this case needs a legal review (Reason codes; empty: it does not)."""
    proposal = proposal if proposal is not None else current_proposal(case)
    ctx = _context(proposal)
    facts = proposal.facts if proposal is not None and isinstance(proposal.facts, dict) else {}
    reasons = []
    if ctx.get("major_public_interest") or facts.get("major_public_interest"):
        reasons.append(LegalReview.Reason.MAJOR_PUBLIC_INTEREST)
    if hearing_held(case):
        reasons.append(LegalReview.Reason.HEARING)
    if case.is_major or ctx.get("complex_case") or facts.get("complex_case"):
        reasons.append(LegalReview.Reason.COMPLEX)
    version = violation_version_on(case.violation_code, case.act_date) if case.act_date else None
    if version is not None and version.needs_legal_review:
        reasons.append(LegalReview.Reason.CATALOGUE)
    if not reasons and _flags(proposal).get("legal_review_needed"):
        reasons.append(LegalReview.Reason.ENGINE)
    return reasons


def discussion_held(case: Case, proposal: Proposal | None = None) -> CollectiveDiscussion | None:
    proposal = proposal if proposal is not None else current_proposal(case)
    qs = CollectiveDiscussion.objects.filter(
        case_id=case.pk, status=CollectiveDiscussion.Status.HELD
    )
    return _rows_for(qs, proposal).order_by("-pk").first()


def review_passed(case: Case, proposal: Proposal | None = None) -> LegalReview | None:
    proposal = proposal if proposal is not None else current_proposal(case)
    qs = LegalReview.objects.filter(case_id=case.pk, status=LegalReview.Status.PASSED)
    return _rows_for(qs, proposal).order_by("-pk").first()


def approval_given(case: Case, proposal: Proposal | None = None) -> DecisionApproval | None:
    proposal = proposal if proposal is not None else current_proposal(case)
    qs = DecisionApproval.objects.filter(case_id=case.pk, status=DecisionApproval.Status.APPROVED)
    return _rows_for(qs, proposal).order_by("-pk").first()


def pending_approval(case: Case) -> DecisionApproval | None:
    return (
        DecisionApproval.objects.filter(case_id=case.pk, status=DecisionApproval.Status.PENDING)
        .order_by("-pk")
        .first()
    )


def pending_review(case: Case) -> LegalReview | None:
    return (
        LegalReview.objects.filter(case_id=case.pk, status=LegalReview.Status.PENDING)
        .order_by("-pk")
        .first()
    )


def pending_discussion(case: Case) -> CollectiveDiscussion | None:
    return (
        CollectiveDiscussion.objects.filter(
            case_id=case.pk, status=CollectiveDiscussion.Status.PENDING
        )
        .order_by("-pk")
        .first()
    )


def prerequisites(case: Case, proposal: Proposal | None = None) -> Verdict:
    """R-27 and R-28: the discussion and the review the case needs are done."""
    proposal = proposal if proposal is not None else current_proposal(case)
    problems = []
    if discussion_reasons(case, proposal) and discussion_held(case, proposal) is None:
        problems.append(
            RuleViolation("R-27", _("本案须经行政机关负责人集体讨论决定，尚无集体讨论记录"))
        )
    if review_reasons(case, proposal) and review_passed(case, proposal) is None:
        problems.append(
            RuleViolation("R-28", _("本案须经法制审核，尚未审核通过，不得作出决定"))
        )
    return Verdict.of(problems)


def next_stage(case: Case, proposal: Proposal | None) -> str:
    """Where the case goes next: discussion, review, or approval."""
    if discussion_reasons(case, proposal) and discussion_held(case, proposal) is None:
        return State.COLLECTIVE_DISCUSSION
    if review_reasons(case, proposal) and review_passed(case, proposal) is None:
        return State.LEGAL_REVIEW
    return State.APPROVAL


# --- Who may act -------------------------------------------------------------------------


def investigator_ids(case: Case) -> set[int]:
    """Officers ever assigned to the case (current or past)."""
    return set(CaseOfficer.objects.filter(case_id=case.pk).values_list("officer_id", flat=True))


def is_investigator(case: Case, user: Any) -> bool:
    officer = officer_of(user)
    return officer is not None and officer.pk in investigator_ids(case)


def reviewer_user_ids(case: Case) -> set[int]:
    return set(
        LegalReview.objects.filter(case_id=case.pk, reviewer__isnull=False).values_list(
            "reviewer__user_id", flat=True
        )
    )


def reviewer_verdict(case: Case, user: Any) -> Verdict:
    """R-28: legal staff of the agency with a legal qualification, not an investigator."""
    officer = officer_of(user)
    if (
        officer is None
        or officer.agency_id != case.agency_id
        or not has_role(user, Role.LEGAL_REVIEWER)
    ):
        return Verdict.refuse("R-28", _("法制审核须由本机关法制审核人员办理"))
    problems = []
    if not (officer.legal_qualification or "").strip():
        problems.append(  # legal professional qualification recorded
            RuleViolation(
                "R-28",
                _("%(name)s未登记法律职业资格，不能从事法制审核") % {"name": officer.name},
            )
        )
    if officer.pk in investigator_ids(case):
        problems.append(  # not an investigator of the case
            RuleViolation(
                "R-28", _("%(name)s是本案执法人员，不得审核本案") % {"name": officer.name}
            )
        )
    return Verdict.of(problems) + guards.recusal(case, user)


def approver_verdict(case: Case, user: Any, proposal: Proposal | None = None) -> Verdict:
    """R-29 four eyes: a supervisor of the agency who is not an investigator, the
    proposer or the legal reviewer of the case."""
    if not guards.is_supervisor_of(case, user):
        return Verdict.refuse("R-29", _("处罚决定须经行政机关负责人批准，您不是本机关负责人"))
    proposal = proposal if proposal is not None else current_proposal(case)
    problems = []
    if is_investigator(case, user):
        problems.append(  # never an investigator
            RuleViolation("R-29", _("您是本案执法人员，不得审批本案处罚决定"))
        )
    if proposal is not None and proposal.proposed_by_id == user.pk:
        problems.append(  # never the proposer
            RuleViolation("R-29", _("您是本案拟处罚意见的提出人，不得审批本案处罚决定"))
        )
    if user.pk in reviewer_user_ids(case):
        problems.append(  # never the legal reviewer
            RuleViolation("R-29", _("您是本案法制审核人员，不得审批本案处罚决定"))
        )
    return Verdict.of(problems) + guards.recusal(case, user)


def submit_verdict(case: Case, user: Any) -> Verdict:
    verdict = guards.may_change(case, user) + guards.in_states(
        case, SUBMIT_FROM, "R-29", _("提交审核审批")
    )
    if case.state in SUBMIT_FROM and current_proposal(case) is None:
        verdict += Verdict.refuse("R-17", _("本案没有生效的拟处罚意见，不能提交审核审批"))
    return verdict


def require_discussion_verdict(case: Case, user: Any) -> Verdict:
    verdict = guards.not_closed(case) + guards.supervisor(case, user, "R-27", _("提交集体讨论"))
    verdict += guards.in_states(case, DISCUSSION_CHOSEN_IN, "R-27", _("提交集体讨论"))
    if pending_discussion(case) is not None:
        verdict += Verdict.refuse("R-27", _("本案已有待进行的集体讨论"))
    return verdict


def discussion_verdict(case: Case, user: Any) -> Verdict:
    """Who records a discussion: a supervisor or an officer who may change the case."""
    verdict = guards.in_states(case, {State.COLLECTIVE_DISCUSSION}, "R-27", _("登记集体讨论记录"))
    if not guards.is_supervisor_of(case, user):
        verdict += guards.may_change(case, user)
    return verdict


# --- Queues ------------------------------------------------------------------------------


def _agency_id(user: Any) -> int | None:
    officer = officer_of(user)
    return officer.agency_id if officer is not None else None


def review_queue(user: Any) -> QuerySet[LegalReview]:
    """R-28: pending reviews of the user's agency, for legal reviewers (oldest first)."""
    agency_id = _agency_id(user)
    if agency_id is None or not has_role(user, Role.LEGAL_REVIEWER):
        return LegalReview.objects.none()
    return (
        LegalReview.objects.filter(
            case__agency_id=agency_id,
            case__state=State.LEGAL_REVIEW,
            status=LegalReview.Status.PENDING,
        )
        .select_related("case", "proposal", "requested_by")
        .order_by("requested_at", "pk")
    )


def approval_queue(user: Any) -> QuerySet[DecisionApproval]:
    """R-29: pending approvals of the user's agency, for supervisors (oldest first)."""
    agency_id = _agency_id(user)
    if agency_id is None or not has_role(user, Role.SUPERVISOR):
        return DecisionApproval.objects.none()
    return (
        DecisionApproval.objects.filter(
            case__agency_id=agency_id,
            case__state=State.APPROVAL,
            status=DecisionApproval.Status.PENDING,
        )
        .select_related("case", "proposal", "proposal__proposed_by", "requested_by")
        .order_by("requested_at", "pk")
    )


def discussion_queue(user: Any) -> QuerySet[CollectiveDiscussion]:
    agency_id = _agency_id(user)
    if agency_id is None or not has_role(user, Role.SUPERVISOR, Role.OFFICER):
        return CollectiveDiscussion.objects.none()
    return (
        CollectiveDiscussion.objects.filter(
            case__agency_id=agency_id,
            case__state=State.COLLECTIVE_DISCUSSION,
            status=CollectiveDiscussion.Status.PENDING,
        )
        .select_related("case")
        .order_by("requested_at", "pk")
    )
