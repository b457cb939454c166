"""一案一卷 (R-48): closing needs every document the path taken requires.

Registered with `cases.closing.register_closing_check` (penalties' AppConfig.ready), so the
closing report (R-45) is refused while anything is missing, and the refusal lists it all:

- general procedure with a penalty: filing approval (立案审批表), at least one record
  (笔录), the notice and its service (告知书), statements each with a re-check, the
  hearing record if a hearing was held, the legal review if R-28 required it, the
  collective discussion if R-27 required it, the head's approval, the decision and its
  service, and proof of execution or of the court application (EXECUTION's
  `execution_complete(case)`) when money is due;
- no penalty / not established: filing approval, records, approval, the 不予行政处罚决定书
  and its service;
- summary procedure: the on-the-spot decision handed over, its filing with the agency
  (备案), and execution when a fine was imposed.

The closing report itself is demanded by `request_closing` (R-45), which runs this check
before the report exists. Other exits (transferred, terminated, withdrawn) are checked by
the cases app's own rules.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from cases.models import Approval, Case
from cases.states import State
from core.errors import Verdict
from documents.models import Document
from penalties.models import (
    CollectiveDiscussion,
    Decision,
    DecisionApproval,
    Hearing,
    LegalReview,
    Notice,
    Statement,
    SummaryProcedure,
)
from penalties.services import decision_data as dd
from penalties.services.review_checks import discussion_reasons, review_reasons

try:  # EXECUTION's proof of payment or of the court application (built in parallel).
    from penalties.services.payments import execution_complete
except ImportError:  # pragma: no cover - until EXECUTION lands
    execution_complete = None

PENALTY_STATES = frozenset({State.DECIDED, State.SERVED, State.EXECUTING})
NO_PENALTY_STATES = frozenset({State.NO_PENALTY, State.NOT_ESTABLISHED})


def _docs(case: Case) -> dict[str, list[Document]]:
    by_kind: dict[str, list[Document]] = {}
    qs = (
        Document.objects.filter(case_id=case.pk, status=Document.Status.ISSUED)
        .prefetch_related("service_records")
        .order_by("pk")
    )
    for doc in qs:
        by_kind.setdefault(doc.kind, []).append(doc)
    return by_kind


def _served(doc: Document | None) -> bool:
    return doc is not None and doc.first_service is not None


def _decision(case: Case) -> Decision | None:
    return (
        Decision.objects.filter(
            case_id=case.pk, status__in=[Decision.Status.ISSUED, Decision.Status.SERVED]
        )
        .select_related("document", "approval")
        .order_by("-pk")
        .first()
    )


def _filing_and_records(case: Case, docs: dict, missing: list[str]) -> None:
    if case.filed_on is not None:
        filed = Approval.objects.filter(
            case_id=case.pk, kind=Approval.Kind.FILING, status=Approval.Status.APPROVED
        ).exists()
        if not filed and not docs.get("filing_approval"):
            missing.append(_("立案审批表"))
    if not (docs.get("inspection_record") or docs.get("inquiry_record")):
        missing.append(_("现场检查笔录或询问笔录"))


def _money_due(decision: Decision) -> bool:
    return dd.has_money(decision.penalty_types, decision.fine, decision.confiscated_gains)


def _execution(case: Case, decision: Decision, missing: list[str]) -> None:
    if not _money_due(decision):
        return
    if execution_complete is None:
        missing.append(_("罚没款缴纳凭证或申请人民法院强制执行的材料"))
        return
    verdict = execution_complete(case)
    if not verdict.ok:
        missing.extend(p.message for p in verdict.problems)


def _general(case: Case, decision: Decision | None, docs: dict, missing: list[str]) -> None:
    _filing_and_records(case, docs, missing)
    notice = (
        Notice.objects.filter(case_id=case.pk)
        .exclude(status=Notice.Status.SUPERSEDED)
        .select_related("document")
        .order_by("-seq")
        .first()
    )
    if notice is None:
        missing.append(_("行政处罚告知书"))
    elif notice.served_on is None and not _served(notice.document):
        missing.append(_("行政处罚告知书送达回证"))
    for st in Statement.objects.filter(case_id=case.pk, recheck__isnull=True).order_by("seq"):
        missing.append(_("第%(seq)s号陈述申辩的复核意见") % {"seq": st.seq})
    if Hearing.objects.filter(case_id=case.pk, status=Hearing.Status.HELD).exists():
        if not docs.get("hearing_record"):
            missing.append(_("听证笔录"))
    proposal = decision.proposal if decision is not None else None
    if review_reasons(case, proposal):
        passed = LegalReview.objects.filter(
            case_id=case.pk, status=LegalReview.Status.PASSED, document__isnull=False
        )
        if proposal is not None:
            passed = passed.filter(proposal=proposal)
        if not passed.exists():
            missing.append(_("法制审核意见书"))
    if discussion_reasons(case, proposal):
        held = CollectiveDiscussion.objects.filter(
            case_id=case.pk, status=CollectiveDiscussion.Status.HELD, document__isnull=False
        )
        if proposal is not None:
            held = held.filter(proposal=proposal)
        if not held.exists():
            missing.append(_("集体讨论记录"))


def _approval_and_decision(decision: Decision | None, missing: list[str], title: str) -> None:
    if decision is None:
        missing.append(title)
        return
    if decision.approval is None or decision.approval.status != DecisionApproval.Status.APPROVED:
        missing.append(_("负责人审批意见"))
    if not _served(decision.document):
        missing.append(_("%(title)s送达回证") % {"title": decision.document.title})


def missing_documents(case: Case) -> list[str]:
    """What the case file lacks for the path the case took (empty: complete)."""
    missing: list[str] = []
    decision = _decision(case)
    docs = _docs(case)
    if case.procedure == Case.Procedure.SUMMARY:
        proc = SummaryProcedure.objects.filter(case_id=case.pk).first()
        if decision is None or proc is None:
            missing.append(_("当场行政处罚决定书"))
            return missing
        if not _served(decision.document):
            missing.append(_("当场行政处罚决定书交付记录"))
        if proc.filed_on is None:
            missing.append(_("当场处罚决定备案"))
        _execution(case, decision, missing)
        return missing
    kind = decision.kind if decision is not None else None
    if kind == Decision.Kind.PENALTY or (decision is None and case.state in PENALTY_STATES):
        _general(case, decision, docs, missing)
        _approval_and_decision(decision, missing, _("行政处罚决定书"))
        if decision is not None:
            _execution(case, decision, missing)
    elif kind in (Decision.Kind.NO_PENALTY, Decision.Kind.NOT_ESTABLISHED) or (
        case.state in NO_PENALTY_STATES
    ):
        _filing_and_records(case, docs, missing)
        _approval_and_decision(decision, missing, _("不予行政处罚决定书"))
    return missing


def complete_file_verdict(case: Case) -> Verdict:
    """R-48: refuse closing with the list of what is missing."""
    missing = missing_documents(case)
    if not missing:
        return Verdict()
    return Verdict.refuse(
        "R-48", _("案卷不完整，缺少：%(items)s") % {"items": "、".join(missing)}
    )
