"""Reads and guards of proposals: the proposal in force, who may propose or decide a
departure, R-11 one act one fine, and `proposal_ready` (R-13, R-17) for the notice stage.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cases import guards
from cases.models import Case, CaseOfficer
from cases.recusal import recusal
from cases.states import State
from core.errors import DomainError, RuleViolation, Verdict
from penalties import discretion as d
from penalties import history
from penalties.models import Proposal

S = State
P = Proposal.Status
PROPOSE_STATES = frozenset({S.INVESTIGATION_CLOSED, S.PROPOSED})
MAX_TEXT = 5000


# --- reads ---------------------------------------------------------------------------------


def live_proposal(case: Case | int) -> Proposal | None:
    """The case's latest proposal that is neither superseded nor withdrawn (any status)."""
    case_id = case.pk if isinstance(case, Case) else case
    return Proposal.objects.live().filter(case_id=case_id).order_by("-version").first()


def current_proposal(case: Case | int) -> Proposal | None:
    """The proposal in force: accepted or departure approved, not superseded."""
    p = live_proposal(case)
    return p if p is not None and p.in_force else None


def proposals_of(case: Case | int) -> list[Proposal]:
    case_id = case.pk if isinstance(case, Case) else case
    return list(
        Proposal.objects.filter(case_id=case_id)
        .select_related("proposed_by", "departure_decided_by")
        .order_by("-version")
    )


def first_minor_fine(proposal: Proposal) -> bool:
    """R-13 situation from the stored snapshot: a fine for a first minor offence."""
    rec = proposal.recommendation or {}
    return bool(rec.get("first_minor_offence")) and "fine" in (proposal.penalty_types or [])


def _departure_rule(proposal: Proposal) -> str:
    rules = [h.get("rule") for h in (proposal.check_result or {}).get("departures", [])]
    if "R-13" in rules or first_minor_fine(proposal):
        return "R-13"
    return "R-17"


# --- guards ------------------------------------------------------------------------------------


def proposal_ready(case: Case | int) -> Verdict:
    """May the case move on (notice, R-24) with its current proposal? Called by the
    notice service. Refused while there is no proposal, a departure awaits approval or
    was refused (R-17), and — from the stored snapshot, whatever the row's status says —
    while a fine for a first minor offence lacks an approved departure (R-13)."""
    p = live_proposal(case)
    if p is None:
        return Verdict.refuse("R-24", _("案件尚无拟处罚意见，不能告知拟作出的行政处罚"))
    if p.status == P.DEPARTURE_PENDING:
        rule = _departure_rule(p)
        if rule == "R-13":
            msg = _(
                "第%(v)s版拟处罚对初次违法、情节轻微、危害后果轻微的当事人拟处罚款，属于偏离，"
                "须经机关负责人批准或者集体讨论决定后方可告知"
            )
        else:
            msg = _("第%(v)s版拟处罚偏离裁量基准，须经机关负责人批准或者集体讨论决定后方可告知")
        return Verdict.refuse(rule, msg % {"v": p.version})
    if p.status == P.DEPARTURE_REFUSED:
        return Verdict.refuse(
            _departure_rule(p),
            _("第%(v)s版拟处罚偏离裁量基准未获批准，须重新提出拟处罚意见") % {"v": p.version},
        )
    if p.status != P.ACCEPTED and p.status != P.DEPARTURE_APPROVED:
        return Verdict.refuse("R-17", _("第%(v)s版拟处罚尚未提交") % {"v": p.version})
    verdict = Verdict()
    # R-13 headline, re-checked from the snapshot: a row written by any other path
    # (import, script, direct write) cannot carry a fine for a first minor offence
    # unless a departure was approved by someone.
    if first_minor_fine(p) and not (
        p.status == P.DEPARTURE_APPROVED and p.departure_decided_by_id and p.departure_reasons
    ):
        verdict += Verdict.refuse(
            "R-13",
            _(
                "初次违法、情节轻微、危害后果轻微的，应当适用警告而非罚款；拟处罚款未经批准的偏离，不得告知"
            ),
        )
    if p.status == P.ACCEPTED and (p.check_result or {}).get("departures"):
        verdict += Verdict.refuse("R-17", _("拟处罚偏离裁量基准，但没有批准记录，不得告知"))
    return verdict


def propose_guard(case: Case, user: Any) -> Verdict:
    """Who may propose, and when: an assigned officer of the case (R-04: no recusal),
    once the investigation is closed (or to replace the case's current proposal)."""
    verdict = guards.not_closed(case)
    verdict += guards.in_states(case, PROPOSE_STATES, guards.ACCESS, _("提出拟处罚意见"))
    if not guards.is_assigned(case, user):
        verdict += Verdict.refuse(guards.ACCESS, _("只有本案承办人员可以提出拟处罚意见"))
    return verdict + recusal(case, user)


def departure_guard(proposal: Proposal, user: Any) -> Verdict:
    """R-17: a departure is decided by the agency head (or recorded as a collective
    discussion by the head), never by the proposer or an investigator of the case."""
    case = proposal.case
    verdict = guards.not_closed(case)
    if proposal.status != P.DEPARTURE_PENDING:
        verdict += Verdict.refuse(
            "R-17", _("第%(v)s版拟处罚不是待审批的偏离") % {"v": proposal.version}
        )
    if not guards.is_supervisor_of(case, user):
        verdict += Verdict.refuse(
            "R-17", _("偏离裁量基准须经本机关负责人批准或者集体讨论决定，您不是本机关负责人")
        )
    if user is not None and proposal.proposed_by_id == getattr(user, "pk", None):
        verdict += Verdict.refuse("R-17", _("拟处罚人不得审批本人提出的偏离"))
    officer = getattr(user, "officer", None) if getattr(user, "is_authenticated", False) else None
    if officer is not None and CaseOfficer.objects.filter(case=case, officer=officer).exists():
        verdict += Verdict.refuse("R-17", _("本案调查人员不得审批偏离裁量基准"))
    return verdict + recusal(case, user)


def withdraw_guard(case: Case, user: Any) -> Verdict:
    verdict = guards.may_change(case, user)
    verdict += guards.in_states(case, {S.PROPOSED}, guards.ACCESS, _("撤回拟处罚意见"))
    return verdict


def same_act_fine(case: Case, user: Any) -> Verdict:
    """R-11: no second fine for the same act, in any agency."""
    found = history.fines_for_same_act(case)
    if not found:
        return Verdict()
    visible = set(
        Case.objects.visible_to(user)
        .filter(pk__in=[f.case_id for f in found])
        .values_list("pk", flat=True)
    )
    names = [f.case_number if f.case_id in visible else _("另一机关的案件") for f in found]
    return Verdict.refuse(
        "R-11",
        _(
            "同一当事人的同一违法行为（%(code)s，%(date)s，%(place)s）已在%(cases)s中拟处或者决定罚款，"
            "一事不二罚，不得再次拟处罚款"
        )
        % {
            "code": case.violation_code,
            "date": case.act_date.isoformat() if case.act_date else "",
            "place": case.place,
            "cases": "、".join(dict.fromkeys(names)),
        },
    )


def clean_text(value: str | None, *, label: str) -> str:
    text = (value or "").strip()
    if "\x00" in text:
        raise DomainError(_("%(label)s不得包含空字符") % {"label": label})
    if len(text) > MAX_TEXT:
        raise DomainError(_("%(label)s不得超过%(n)s字") % {"label": label, "n": MAX_TEXT})
    return text


def departure_refusal(check: d.ProposalCheck) -> RuleViolation:
    """R-17 (R-13 for a first minor offence): a departure without written reasons."""
    rule = "R-13" if any(h.rule == "R-13" for h in check.departures) else "R-17"
    text = "；".join(h.message for h in check.departures)
    return RuleViolation(
        rule, _("%(why)s。未填写偏离理由，不能提交。") % {"why": text.rstrip("。")}
    )


__all__ = [
    "MAX_TEXT",
    "PROPOSE_STATES",
    "clean_text",
    "current_proposal",
    "departure_guard",
    "departure_refusal",
    "first_minor_fine",
    "live_proposal",
    "proposal_ready",
    "proposals_of",
    "propose_guard",
    "same_act_fine",
    "withdraw_guard",
]
