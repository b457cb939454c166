"""The notice of rights (告知, R-24), its service and clocks (R-25, R-31, R-38, R-50), and
the new notice a heavier penalty needs (R-26).

- `issue_notice`: from the proposal in force (refused while `proposal_ready` refuses),
  two qualified officers (R-01), the 行政处罚告知书 with the proposed penalty, facts,
  evidence, legal basis, the rights and — when R-30 applies to this proposal with the
  agency's thresholds — the hearing right. The periods are stated as running from
  service: the clocks are not known before the service is recorded.
- `record_notice_service`: `documents.services.record_service`, then the clocks from the
  recorded service date (R-25: the agency's setting in WD; R-31: 5 WD) and the case moves
  to NOTIFIED (edge `serve_notice`).
- `renotify`: back to PROPOSED (edge `renotify`), the old notice superseded; the next
  `issue_notice` states what changed and restarts R-24/R-25.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import services as audit
from cases import guards, workflow
from cases.models import Case
from cases.services.common import clean_text, lock
from cases.states import State
from core import clock, workdays
from core.errors import DomainError, RuleViolation, Verdict
from documents import selectors as document_selectors
from documents import services as documents
from documents.models import Document
from officers.models import Officer
from officers.qualification import two_qualified, with_qualification_data
from penalties import discretion, documents_data
from penalties.gate import current_notice, notified_penalty
from penalties.models import Notice, Proposal
from penalties.services import proposals

S = State
HEARING_WINDOW_WD = documents_data.HEARING_WINDOW_WD
MAX_TEXT = 20000
# States in which the notice in force may receive statements, waivers and requests.
AFTER_NOTICE = frozenset(
    {
        S.NOTIFIED,
        S.HEARING_REQUESTED,
        S.HEARING_SCHEDULED,
        S.HEARING_HELD,
        S.COLLECTIVE_DISCUSSION,
        S.LEGAL_REVIEW,
        S.APPROVAL,
    }
)
RENOTIFY_FROM = frozenset(e.source for e in workflow.EDGES if e.action == "renotify")

ACTION_LABELS = {
    "penalties.notice.issued": gettext_lazy("制作行政处罚告知书"),
    "penalties.notice.served": gettext_lazy("送达行政处罚告知书"),
    "penalties.notice.superseded": gettext_lazy("重新告知（原告知书失效）"),
    "penalties.statement.recorded": gettext_lazy("登记陈述申辩"),
    "penalties.statement.attachment_added": gettext_lazy("上传陈述申辩材料"),
    "penalties.statement.rechecked": gettext_lazy("复核陈述申辩"),
    "penalties.waiver.recorded": gettext_lazy("登记书面放弃"),
    "penalties.hearing.requested": gettext_lazy("受理听证申请"),
    "penalties.hearing.request_refused": gettext_lazy("听证申请不予受理"),
    "penalties.hearing.request_withdrawn": gettext_lazy("撤回听证申请"),
    "penalties.hearing.scheduled": gettext_lazy("安排听证"),
    "penalties.hearing.summons_served": gettext_lazy("送达听证通知书"),
    "penalties.hearing.postponed": gettext_lazy("延期听证"),
    "penalties.hearing.recusal_requested": gettext_lazy("申请听证主持人或记录员回避"),
    "penalties.hearing.recusal_granted": gettext_lazy("准予听证回避"),
    "penalties.hearing.recusal_refused": gettext_lazy("驳回听证回避申请"),
    "penalties.hearing.officer_replaced": gettext_lazy("更换听证主持人或记录员"),
    "penalties.hearing.held": gettext_lazy("举行听证（制作听证笔录）"),
    "penalties.hearing.waived": gettext_lazy("视为放弃听证"),
}


# --- settings and entitlement --------------------------------------------------------------


def statement_period_wd(case: Case) -> int:
    """R-25: the agency's statement period in WD (default 5)."""
    s = getattr(case.agency, "rule_settings", None)
    return int(s.statement_period_wd) if s is not None and s.statement_period_wd else 5


def _threshold(case: Case, party_kind: discretion.PartyKind):
    s = getattr(case.agency, "rule_settings", None)
    thresholds = discretion.DEFAULT_THRESHOLDS
    if s is not None:
        thresholds = discretion.AgencyThresholds(
            hearing_person=s.hearing_threshold_person,
            hearing_organisation=s.hearing_threshold_org,
        )
    return thresholds.hearing_threshold(party_kind)


def hearing_check(case: Case, proposal: Proposal) -> discretion.ProposalCheck | None:
    """The engine's check of this concrete proposal with the agency's current hearing
    thresholds (R-30, inclusive); None when the stored recommendation is unreadable."""
    try:
        rec = proposals.stored_recommendation(proposal)
    except (KeyError, TypeError, ValueError):
        return None
    ctx = dataclasses.replace(
        rec.context, hearing_threshold=_threshold(case, rec.context.party_kind)
    )
    rec = dataclasses.replace(rec, context=ctx)
    return discretion.check_proposal(rec, proposals.proposal_as_engine(proposal))


def hearing_entitled(case: Case, proposal: Proposal) -> bool:
    """R-30: must the notice offer a hearing for this proposal?"""
    check = hearing_check(case, proposal)
    if check is not None:
        return check.flags.hearing_entitled
    # Unreadable snapshot: judge the types and amounts directly, never less than the law.
    kind = discretion.PartyKind.PERSON
    party = getattr(case, "primary_party", None)
    if party is not None and not getattr(party, "is_person", True):
        kind = discretion.PartyKind.ORGANISATION
    threshold = _threshold(case, kind)
    penalty = proposals.proposal_as_engine(proposal)
    if penalty.types & discretion.HEARING_TYPES:
        return True
    return any(
        amount > 0 and amount >= threshold
        for amount in (penalty.fine, penalty.confiscated_gains, penalty.confiscated_property)
    )


def deadlines(served_on: date, statement_days: int) -> tuple[date, date]:
    """(statement deadline R-25, hearing request deadline R-31) counted from service."""
    return (
        workdays.add_workdays(served_on, statement_days),
        workdays.add_workdays(served_on, HEARING_WINDOW_WD),
    )


# --- guards ----------------------------------------------------------------------------------


def _qualified_officers(case: Case, officers: list[Officer] | None) -> list[Officer]:
    ids = (
        [o.pk for o in officers] if officers else [o.pk for o in documents_data.case_officers(case)]
    )
    return list(with_qualification_data(Officer.objects.filter(pk__in=ids).order_by("pk")))


def issue_verdict(case: Case, user: Any, *, officers: list[Officer] | None = None) -> Verdict:
    """May `user` issue the notice of rights now? (every reason at once)"""
    verdict = guards.may_change(case, user)
    verdict += guards.in_states(case, {S.PROPOSED}, "R-24", _("制作行政处罚告知书"))
    verdict += proposals.proposal_ready(case)
    notice = current_notice(case)
    live = proposals.current_proposal(case)
    if (
        notice is not None
        and notice.status == Notice.Status.ISSUED
        and (live is None or notice.proposal_id == live.pk)
    ):
        verdict += Verdict.refuse(
            "R-24",
            _("已制作行政处罚告知书（%(number)s），请登记送达")
            % {"number": notice.document.number},
        )
    chosen = _qualified_officers(case, officers)
    if any(o.agency_id != case.agency_id for o in chosen):
        verdict += Verdict.refuse(guards.ACCESS, _("参与人员须为本机关执法人员"))
    verdict += two_qualified(chosen, case.domain_id, on=clock.today())
    verdict += guards.officers_recusal(case, chosen)
    return verdict


def service_verdict(notice: Notice, user: Any) -> Verdict:
    verdict = guards.may_change(notice.case, user)
    if notice.status == Notice.Status.SUPERSEDED:
        verdict += Verdict.refuse("R-26", _("该告知书已因重新告知而失效，不得再送达"))
    elif notice.is_served:
        verdict += Verdict.refuse(
            "R-38", _("行政处罚告知书已于 %(d)s 送达") % {"d": notice.served_on.isoformat()}
        )
    verdict += guards.in_states(notice.case, {S.PROPOSED}, "R-24", _("送达行政处罚告知书"))
    verdict += documents.service_verdict(notice.document)
    return verdict


def renotify_verdict(case: Case, user: Any) -> Verdict:
    verdict = guards.may_change(case, user)
    verdict += guards.in_states(case, RENOTIFY_FROM, "R-26", _("重新告知"))
    notice = current_notice(case)
    if notice is None or not notice.is_served:
        verdict += Verdict.refuse("R-26", _("没有已送达的行政处罚告知书，无须重新告知"))
    return verdict


# --- issuing -------------------------------------------------------------------------------


def _void_stale(notice: Notice, *, by: Any, reason: str) -> None:
    """An unserved notice whose proposal was replaced: superseded, its document voided."""
    notice.status = Notice.Status.SUPERSEDED
    notice.superseded_on = clock.today()
    notice.renotify_reasons = reason
    notice.save(update_fields=["status", "superseded_on", "renotify_reasons"])
    if documents.void_verdict(notice.document).ok:
        documents.void_document(notice.document, reason, by=by)
    audit.record(
        "penalties.notice.superseded",
        notice,
        by=by,
        data={"number": notice.document.number, "reason": reason, "served": False},
    )


@transaction.atomic
def issue_notice(
    case: Case,
    *,
    by: Any,
    facts: str = "",
    officers: list[Officer] | None = None,
) -> Notice:
    """Issue the 行政处罚告知书 from the proposal in force (R-24; R-30 hearing right)."""
    case = lock(case)
    facts = clean_text(facts, label=_("违法事实"))
    if len(facts) > MAX_TEXT:
        raise DomainError(_("违法事实过长（上限 %(n)s 字）") % {"n": MAX_TEXT})
    issue_verdict(case, by, officers=officers).raise_if_refused()
    proposal = proposals.current_proposal(case)
    if proposal is None:  # proposal_ready refused already; kept for type narrowing
        raise RuleViolation("R-24", _("案件尚无拟处罚意见，不能告知拟作出的行政处罚"))
    today = clock.today()
    stale = current_notice(case)
    if stale is not None:
        _void_stale(stale, by=by, reason=_("拟处罚意见已变更，重新制作告知书"))
    # the successor of a notice superseded by `renotify` states what changed.
    predecessor = (
        Notice.objects.filter(
            case=case, status=Notice.Status.SUPERSEDED, superseded_by__isnull=True
        )
        .exclude(served_on__isnull=True)
        .order_by("-seq")
        .first()
    )
    changes = predecessor.renotify_reasons if predecessor is not None else ""
    chosen = _qualified_officers(case, officers)
    days = statement_period_wd(case)
    offered = hearing_entitled(case, proposal)
    data = documents_data.notice_data(
        case,
        proposal,
        officers=chosen,
        facts=facts,
        statement_days=days,
        hearing_offered=offered,
        changes=changes,
        on=today,
    )
    agency = case.acting_agency or case.agency  # in the principal's name
    document = documents.issue_document(
        agency=agency, case_id=case.pk, kind="penalty_notice", data=data, by=by
    )
    seq = (Notice.objects.filter(case=case).aggregate(m=Max("seq"))["m"] or 0) + 1
    notice = Notice.objects.create(
        case=case,
        seq=seq,
        proposal=proposal,
        document=document,
        penalty=documents_data.penalty_snapshot(proposal),
        hearing_offered=offered,
        statement_period_wd=days,
        changes=changes,
        issued_on=today,
        issued_by=by,
    )
    if predecessor is not None:
        predecessor.superseded_by = notice
        predecessor.save(update_fields=["superseded_by"])
    audit.record(
        "penalties.notice.issued",
        notice,
        by=by,
        data={
            "number": document.number,
            "proposal": proposal.version,
            "penalty": notice.penalty,
            "hearing_offered": offered,
            "statement_period_wd": days,
            "officers": data["officers"],
            "renotice_of": predecessor.seq if predecessor is not None else None,
        },
    )
    return notice


# --- service ---------------------------------------------------------------------------------


@transaction.atomic
def record_notice_service(
    notice: Notice,
    *,
    method: str,
    served_on: date,
    recipient: str,
    proof=None,
    receipt: Document | None = None,
    consent_reference: str = "",
    refused_to_sign: bool = False,
    note: str = "",
    by: Any,
) -> Notice:
    """Record the service (R-38) and start the clocks from the recorded service date:
    R-25 statement period (agency setting, WD) and R-31 hearing request window (5 WD)."""
    case = lock(notice.case_id)
    notice = Notice.objects.select_for_update().select_related("document").get(pk=notice.pk)
    notice.case = case
    service_verdict(notice, by).raise_if_refused()
    documents.record_service(
        notice.document,
        method=method,
        served_on=served_on,
        recipient=recipient,
        proof=proof,
        receipt=receipt,
        consent_reference=consent_reference,
        refused_to_sign=refused_to_sign,
        note=note,
        by=by,
    )
    first = document_selectors.served_on_date(notice.document) or served_on
    # the clocks start at the recorded service, not at the issue date.
    statement_deadline, hearing_deadline = deadlines(first, notice.statement_period_wd)
    notice.served_on = first
    notice.statement_deadline = statement_deadline
    notice.hearing_request_deadline = hearing_deadline
    notice.status = Notice.Status.SERVED
    notice.save(
        update_fields=["served_on", "statement_deadline", "hearing_request_deadline", "status"]
    )
    audit.record(
        "penalties.notice.served",
        notice,
        by=by,
        data={
            "number": notice.document.number,
            "method": method,
            "served_on": first,
            "statement_deadline": statement_deadline,
            "hearing_request_deadline": hearing_deadline if notice.hearing_offered else None,
        },
    )
    workflow.transition(
        case,
        S.NOTIFIED,
        by=by,
        data={"notice": notice.pk, "served_on": first, "statement_deadline": statement_deadline},
    )
    return notice


# --- a new notice ------------------------------------------------------------------------


@transaction.atomic
def renotify(case: Case, *, by: Any, reasons: str) -> Notice:
    """R-26: the penalty will be heavier (or facts, evidence or basis changed): the served
    notice is superseded and the case goes back to PROPOSED; the next notice states these
    changes and its service restarts R-24/R-25."""
    case = lock(case)
    reasons = clean_text(reasons, required=True, label=_("变更的事实、证据或依据"))
    if len(reasons) > MAX_TEXT:
        raise DomainError(_("变更说明过长（上限 %(n)s 字）") % {"n": MAX_TEXT})
    renotify_verdict(case, by).raise_if_refused()
    notice = Notice.objects.select_for_update().get(pk=current_notice(case).pk)
    before = audit.snapshot(notice, ["status"])
    notice.status = Notice.Status.SUPERSEDED
    notice.superseded_on = clock.today()
    notice.renotify_reasons = reasons
    notice.save(update_fields=["status", "superseded_on", "renotify_reasons"])
    audit.record(
        "penalties.notice.superseded",
        notice,
        by=by,
        before=before,
        after={"status": notice.status},
        data={"number": notice.document.number, "reasons": reasons, "served": True},
    )
    workflow.transition(case, S.PROPOSED, by=by, data={"notice": notice.pk, "reasons": reasons})
    return notice


def heavier_than_notified(case: Case, penalty: discretion.Proposal) -> list[str]:
    """R-26 reasons (messages) why `penalty` is heavier than the notice in force."""
    notice = current_notice(case)
    if notice is None:
        return []
    return [h.message for h in discretion.heavier_reasons(penalty, notified_penalty(notice))]


__all__ = [
    "ACTION_LABELS",
    "AFTER_NOTICE",
    "current_notice",
    "deadlines",
    "hearing_entitled",
    "heavier_than_notified",
    "issue_notice",
    "issue_verdict",
    "record_notice_service",
    "renotify",
    "renotify_verdict",
    "service_verdict",
    "statement_period_wd",
]
