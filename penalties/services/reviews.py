"""Before the decision: collective discussion (R-27), legal review (R-28), approval (R-29).

After the notice (and any hearing) the officer submits the case; `advance` then routes it
through the steps it needs, in the order of the workflow table: collective discussion when
the engine's flag (stored on the proposal's check) or a supervisor requires it, then legal
review when R-28 requires it, then the head's approval. A step counts for the proposal in
force only: a case returned and proposed again goes through them again.

Each step is a row (`CollectiveDiscussion`, `LegalReview`, `DecisionApproval`) written only
here; guards are plain functions returning a Verdict so the pages show the same reasons.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import services as audit
from cases import guards
from cases.models import Case, officer_of
from cases.services.common import clean_text, lock
from cases.states import State
from cases.workflow import transition
from core import clock
from core.errors import DomainError, RuleViolation, Verdict
from documents.services import issue_document
from penalties.models import (
    CollectiveDiscussion,
    DecisionApproval,
    LegalReview,
    Proposal,
)
from penalties.services import decision_data as dd
from penalties.services.proposals import current_proposal
from penalties.services.review_checks import (  # noqa: F401  (re-exported: pages, API, demos)
    CONCLUSIONS,
    DISCUSSION_CHOSEN_IN,
    MIN_ATTENDEES,
    SUBMIT_FROM,
    approval_given,
    approval_queue,
    approver_verdict,
    chosen_discussion,
    discussion_held,
    discussion_queue,
    discussion_reasons,
    discussion_verdict,
    hearing_held,
    investigator_ids,
    is_investigator,
    next_stage,
    pending_approval,
    pending_discussion,
    pending_review,
    prerequisites,
    require_discussion_verdict,
    review_passed,
    review_queue,
    review_reasons,
    reviewer_user_ids,
    reviewer_verdict,
    submit_verdict,
)

# --- Routing -----------------------------------------------------------------------------


def _enter(case: Case, stage: str, *, by: Any, proposal: Proposal | None, data: dict) -> None:
    """Open the row of `stage` (reusing a pending one) and move the case there."""
    now = clock.now()
    if stage == State.COLLECTIVE_DISCUSSION:
        row = pending_discussion(case)
        reasons = discussion_reasons(case, proposal)
        if row is None:
            trigger = reasons[0] if reasons else CollectiveDiscussion.Trigger.SUPERVISOR
            row = CollectiveDiscussion.objects.create(
                case=case, proposal=proposal, trigger=trigger, requested_by=by, requested_at=now
            )
        elif row.proposal_id != (proposal.pk if proposal else None):
            row.proposal = proposal
            row.save(update_fields=["proposal"])
        audit.record(
            "penalties.discussion.requested",
            row,
            by=by,
            data={"trigger": row.trigger, "reasons": reasons},
        )
    elif stage == State.LEGAL_REVIEW:
        row = pending_review(case)
        reasons = review_reasons(case, proposal)
        if row is None:
            row = LegalReview.objects.create(
                case=case,
                proposal=proposal,
                reasons_required=reasons,
                requested_by=by,
                requested_at=now,
            )
        else:
            row.proposal, row.reasons_required = proposal, reasons
            row.save(update_fields=["proposal", "reasons_required"])
        audit.record("penalties.review.requested", row, by=by, data={"reasons": reasons})
    else:
        # Approvals of an earlier round (no decision came of them) lapse.
        DecisionApproval.objects.filter(
            case_id=case.pk, status=DecisionApproval.Status.APPROVED
        ).update(status=DecisionApproval.Status.SUPERSEDED)
        outcome = DecisionApproval.Outcome.PENALTY
        held = discussion_held(case, proposal)
        if held is not None and held.conclusion in (
            CollectiveDiscussion.Conclusion.NO_PENALTY,
            CollectiveDiscussion.Conclusion.NOT_ESTABLISHED,
        ):
            outcome = held.conclusion
        elif proposal is not None and not proposal.penalty_types:
            outcome = DecisionApproval.Outcome.NO_PENALTY
        row = pending_approval(case)
        if row is None:
            row = DecisionApproval.objects.create(
                case=case, proposal=proposal, outcome=outcome, requested_by=by, requested_at=now
            )
        else:
            row.proposal, row.outcome = proposal, outcome
            row.save(update_fields=["proposal", "outcome"])
        audit.record("penalties.approval.requested", row, by=by, data={"outcome": outcome})
    transition(case, stage, by=by, data=data)


@transaction.atomic
def submit_for_decision(case: Case, *, by: Any) -> Case:
    """The officer sends the notified case on: discussion, review or approval."""
    case = lock(case)
    submit_verdict(case, by).raise_if_refused()
    proposal = current_proposal(case)
    stage = next_stage(case, proposal)
    _enter(case, stage, by=by, proposal=proposal, data={"proposal": proposal.pk})
    return case


def advance(case: Case, *, by: Any, data: dict | None = None) -> Case:
    """After a step ends: on to the next one (called inside the step's transaction)."""
    proposal = current_proposal(case)
    stage = next_stage(case, proposal)
    if stage == case.state:  # pragma: no cover - a step never routes to itself
        return case
    _enter(case, stage, by=by, proposal=proposal, data=data or {})
    return case


# --- Collective discussion (R-27) --------------------------------------------------------


@transaction.atomic
def require_discussion(case: Case, *, by: Any, reasons: str) -> CollectiveDiscussion:
    """A supervisor decides the case goes to a collective discussion (R-27)."""
    case = lock(case)
    require_discussion_verdict(case, by).raise_if_refused()
    reasons = clean_text(reasons, required=True, label=_("提交集体讨论的理由"))
    row = CollectiveDiscussion.objects.create(
        case=case,
        proposal=current_proposal(case),
        trigger=CollectiveDiscussion.Trigger.SUPERVISOR,
        requested_by=by,
        requested_at=clock.now(),
    )
    audit.record(
        "penalties.discussion.required", row, by=by, data={"reasons": reasons, "state": case.state}
    )
    return row


def _people(items: Any, *, keys: tuple[str, str], label: str) -> list[dict]:
    out = []
    for item in items or []:
        if not isinstance(item, dict):
            raise DomainError(_("%(label)s格式无效") % {"label": label})
        a = clean_text(item.get(keys[0]), label=label)
        b = clean_text(item.get(keys[1]), label=label)
        if a or b:
            if not a:
                raise DomainError(_("%(label)s缺少姓名") % {"label": label})
            out.append({keys[0]: a, keys[1]: b})
    return out


def _discussion_data(case: Case, row: CollectiveDiscussion, proposal: Proposal | None) -> dict:
    data = dd.base_data(case, on=clock.today())
    data.pop("officers", None)
    data.update(
        {
            "held_at": row.held_at,
            "place": row.place,
            "chair": row.chair,
            "attendees": [{"name": a["name"], "title": a.get("post", "")} for a in row.attendees],
            "recorder": row.recorder,
            "discussion": [{"speaker": o["name"], "text": o["opinion"]} for o in row.opinions],
            "conclusion": f"{row.get_conclusion_display()}。{row.conclusion_text}",
        }
    )
    if proposal is not None and proposal.penalty_types:
        data["penalties"] = dd.penalties_list(
            proposal.penalty_types,
            fine=proposal.fine,
            gains=proposal.confiscated_gains,
            property_value=proposal.confiscated_property_value,
        )
    return data


@transaction.atomic
def record_discussion(
    case: Case,
    *,
    by: Any,
    held_at: datetime,
    place: str,
    chair: str,
    recorder: str,
    attendees: list[dict],
    opinions: list[dict],
    conclusion: str,
    conclusion_text: str,
) -> CollectiveDiscussion:
    """R-27: the discussion's attendees, opinions and conclusion, with its 集体讨论记录."""
    case = lock(case)
    discussion_verdict(case, by).raise_if_refused()
    row = (
        CollectiveDiscussion.objects.select_for_update()
        .filter(case_id=case.pk, status=CollectiveDiscussion.Status.PENDING)
        .order_by("-pk")
        .first()
    )
    if row is None:
        raise DomainError(_("本案没有待进行的集体讨论"))
    problems = []
    attendees = _people(attendees, keys=("name", "post"), label=_("参加人员"))
    opinions = _people(opinions, keys=("name", "opinion"), label=_("讨论意见"))
    place = clean_text(place, label=_("讨论地点"))
    chair = clean_text(chair, label=_("主持人"))
    recorder = clean_text(recorder, label=_("记录人"))
    conclusion_text = clean_text(conclusion_text, label=_("结论意见"))
    if len({a["name"] for a in attendees}) < MIN_ATTENDEES:
        problems.append(  # attendees recorded
            RuleViolation(
                "R-27",
                _("集体讨论须记录参加人员（至少 %(n)d 人）") % {"n": MIN_ATTENDEES},
            )
        )
    if not chair:
        problems.append(RuleViolation("R-27", _("须记录集体讨论的主持人")))
    if not recorder:
        problems.append(RuleViolation("R-27", _("须记录集体讨论的记录人")))
    if not opinions:
        problems.append(RuleViolation("R-27", _("须记录参加人员的讨论意见")))
    if conclusion not in CONCLUSIONS:
        problems.append(RuleViolation("R-27", _("须选择集体讨论的结论")))  # conclusion
    if not conclusion_text:
        problems.append(RuleViolation("R-27", _("须写明集体讨论的结论意见")))
    if not isinstance(held_at, datetime):
        problems.append(RuleViolation("R-27", _("须填写讨论时间")))
    elif held_at > clock.now():
        problems.append(RuleViolation("R-27", _("讨论时间不得晚于现在")))
    Verdict.of(problems).raise_if_refused()

    proposal = current_proposal(case)
    row.held_at = held_at
    row.place, row.chair, row.recorder = place, chair, recorder
    row.attendees, row.opinions = attendees, opinions
    row.conclusion, row.conclusion_text = conclusion, conclusion_text
    row.proposal = proposal
    row.status = CollectiveDiscussion.Status.HELD
    row.recorded_by = by
    row.document = issue_document(
        agency=dd.issuing_agency(case),
        case_id=case.pk,
        kind="collective_discussion",
        data=_discussion_data(case, row, proposal),
        by=by,
    )
    row.save()
    audit.record(
        "penalties.discussion.held",
        row,
        by=by,
        data={
            "conclusion": conclusion,
            "attendees": [a["name"] for a in attendees],
            "document": row.document.number,
        },
    )
    if conclusion == CollectiveDiscussion.Conclusion.CHANGE:
        # The penalty changes: a new proposal and possibly a new notice.
        transition(
            case, State.PROPOSED, by=by, data={"discussion": row.pk, "reasons": conclusion_text}
        )
    else:
        advance(case, by=by, data={"discussion": row.pk, "conclusion": conclusion})
    return row


# --- Legal review (R-28) -----------------------------------------------------------------


def _review_checks(findings: dict) -> list[dict]:
    return [
        {
            "item": str(item.label),
            "result": "符合" if findings[item.value]["ok"] else "不符合",
            "note": findings[item.value]["note"],
        }
        for item in LegalReview.Item
    ]


def clean_findings(findings: Any, *, passed: bool) -> dict:
    """R-28: a finding per checklist item; a failed item says why; a pass has no fail."""
    if not isinstance(findings, dict):
        raise DomainError(_("审核意见格式无效"))
    out: dict = {}
    problems = []
    for item in LegalReview.Item:
        raw = findings.get(item.value)
        if not isinstance(raw, dict) or not isinstance(raw.get("ok"), bool):
            problems.append(  # a finding per item
                RuleViolation("R-28", _("审核事项“%(item)s”未填写审核结论") % {"item": item.label})
            )
            continue
        note = clean_text(raw.get("note"), label=str(item.label))
        if not raw["ok"] and not note:
            problems.append(
                RuleViolation(
                    "R-28",
                    _("审核事项“%(item)s”不符合要求，须写明理由") % {"item": item.label},
                )
            )
        if passed and not raw["ok"]:
            problems.append(
                RuleViolation(
                    "R-28",
                    _("审核事项“%(item)s”不符合要求，不能审核通过") % {"item": item.label},
                )
            )
        out[item.value] = {"ok": raw["ok"], "note": note}
    Verdict.of(problems).raise_if_refused()
    return out


@transaction.atomic
def complete_review(
    review: LegalReview,
    *,
    by: Any,
    findings: dict,
    opinion: str,
    passed: bool,
    return_reasons: str = "",
) -> LegalReview:
    """R-28: the reviewer's finding per item, passed (on to the next step) or returned to
    the officers with reasons (the case goes back to investigation)."""
    case = lock(LegalReview.objects.values_list("case_id", flat=True).get(pk=review.pk))
    review = LegalReview.objects.select_for_update().get(pk=review.pk)
    if review.status != LegalReview.Status.PENDING:
        raise DomainError(
            _("该法制审核已于 %(at)s 办结（%(status)s），不能重复审核")
            % {
                "at": timezone.localtime(review.decided_at).strftime("%Y-%m-%d %H:%M")
                if review.decided_at
                else "",
                "status": review.get_status_display(),
            }
        )
    guards.in_states(case, {State.LEGAL_REVIEW}, "R-28", _("法制审核")).raise_if_refused()
    reviewer_verdict(case, by).raise_if_refused()
    passed = bool(passed)
    opinion = clean_text(opinion, required=True, label=_("审核意见"))
    return_reasons = clean_text(return_reasons, label=_("退回理由"))
    if not passed and not return_reasons:
        raise RuleViolation("R-28", _("退回补充调查须写明理由"))
    findings = clean_findings(findings, passed=passed)
    officer = officer_of(by)
    proposal = current_proposal(case)
    review.reviewer = officer
    review.findings = findings
    review.opinion = opinion
    review.return_reasons = "" if passed else return_reasons
    review.proposal = proposal
    review.decided_at = clock.now()
    review.status = LegalReview.Status.PASSED if passed else LegalReview.Status.RETURNED
    data = dd.base_data(case, on=clock.today())
    data.pop("officers", None)
    data.update(
        {
            "reviewer": {"name": officer.name, "qualification": officer.legal_qualification},
            "checks": _review_checks(findings),
            "conclusion": "审核通过" if passed else "退回补充调查",
            "opinion": opinion if passed else f"{opinion}\n退回理由：{return_reasons}",
            "reviewed_on": clock.today(),
        }
    )
    if proposal is not None and proposal.penalty_types:
        data["penalties"] = dd.penalties_list(
            proposal.penalty_types,
            fine=proposal.fine,
            gains=proposal.confiscated_gains,
            property_value=proposal.confiscated_property_value,
        )
    review.document = issue_document(
        agency=dd.issuing_agency(case), case_id=case.pk, kind="legal_review", data=data, by=by
    )
    review.save()
    failed = [k for k, v in findings.items() if not v["ok"]]
    audit.record(
        "penalties.review.passed" if passed else "penalties.review.returned",
        review,
        by=by,
        data={
            "document": review.document.number,
            "failed_items": failed,
            "reasons": review.return_reasons,
        },
    )
    if passed:
        advance(case, by=by, data={"review": review.pk})
    else:
        transition(  # "returned" sends the case back
            case,
            State.INVESTIGATING,
            by=by,
            data={"review": review.pk, "reasons": return_reasons, "failed_items": failed},
        )
    return review


# --- Approval (R-29) ---------------------------------------------------------------------


def approve_verdict(case: Case, user: Any) -> Verdict:
    """Everything an approval needs, for the page and the service."""
    proposal = current_proposal(case)
    verdict = guards.in_states(case, {State.APPROVAL}, "R-29", _("审批处罚决定"))
    verdict += approver_verdict(case, user, proposal)
    verdict += prerequisites(case, proposal)
    return verdict


@transaction.atomic
def decide_approval(
    approval: DecisionApproval,
    *,
    by: Any,
    approve: bool,
    reasons: str,
    outcome: str | None = None,
    return_to: str = "",
) -> DecisionApproval:
    """R-29: the head approves the decision, or returns the case with reasons.

    The case row and then the approval row are locked: of two supervisors approving at the
    same moment, the second waits, then finds it decided and gets a message naming who
    decided.
    """
    # Lock order everywhere: the case row first, then the row of the step.
    case = lock(DecisionApproval.objects.values_list("case_id", flat=True).get(pk=approval.pk))
    row = DecisionApproval.objects.select_for_update().get(pk=approval.pk)
    if row.status != DecisionApproval.Status.PENDING:
        who = ""
        if row.approver_id:
            officer = officer_of(row.approver)
            who = officer.name if officer else row.approver.get_username()
        raise DomainError(
            _("该处罚决定已由%(who)s于 %(at)s 审批（%(status)s），无需重复审批")
            % {
                "who": who,
                "at": timezone.localtime(row.decided_at).strftime("%Y-%m-%d %H:%M:%S")
                if row.decided_at
                else "",
                "status": row.get_status_display(),
            },
            code="already_decided",
        )
    reasons = clean_text(reasons, label=_("审批意见"))
    if approve:
        approve_verdict(case, by).raise_if_refused()
        if outcome:
            if outcome not in DecisionApproval.Outcome.values:
                raise DomainError(_("审批结论无效"))
            row.outcome = outcome
        if row.outcome == DecisionApproval.Outcome.PENALTY and current_proposal(case) is None:
            raise RuleViolation("R-17", _("本案没有生效的拟处罚意见，不能批准作出处罚决定"))
        row.status = DecisionApproval.Status.APPROVED
    else:
        guards.in_states(case, {State.APPROVAL}, "R-29", _("退回")).raise_if_refused()
        approver_verdict(case, by).raise_if_refused()
        if not reasons:
            raise RuleViolation("R-29", _("退回须写明理由"))
        if return_to not in DecisionApproval.ReturnTo.values:
            raise DomainError(_("请选择退回补充调查或重新告知"))
        row.status = DecisionApproval.Status.RETURNED
        row.return_to = return_to
    row.approver = by
    row.reasons = reasons
    row.decided_at = clock.now()
    row.save(update_fields=["status", "outcome", "approver", "reasons", "return_to", "decided_at"])
    audit.record(
        "penalties.approval.approved" if approve else "penalties.approval.returned",
        row,
        by=by,
        data={"outcome": row.outcome, "reasons": reasons, "return_to": row.return_to},
    )
    if not approve:
        target = (
            State.INVESTIGATING
            if return_to == DecisionApproval.ReturnTo.INVESTIGATION
            else State.PROPOSED
        )
        transition(case, target, by=by, data={"approval": row.pk, "reasons": reasons})
    return row


ACTION_LABELS = {
    "penalties.discussion.required": gettext_lazy("负责人决定集体讨论"),
    "penalties.discussion.requested": gettext_lazy("提交集体讨论"),
    "penalties.discussion.held": gettext_lazy("集体讨论"),
    "penalties.review.requested": gettext_lazy("提交法制审核"),
    "penalties.review.passed": gettext_lazy("法制审核通过"),
    "penalties.review.returned": gettext_lazy("法制审核退回"),
    "penalties.approval.requested": gettext_lazy("提交负责人审批"),
    "penalties.approval.approved": gettext_lazy("负责人批准处罚决定"),
    "penalties.approval.returned": gettext_lazy("负责人退回"),
}
