"""Compulsory execution through the court (R-44): the demand notice (催告书) and the
application to the people's court (申请人民法院强制执行).

行政强制法 Art 54: before applying, the agency demands performance in writing; the
application may be filed once ten days (working days, Art 69) have passed since the
demand notice was served. Art 53: within three months after the periods for
reconsideration and litigation expired (60 days / 6 months from service, or 15 days after
a reconsideration decision or judgment); with an approved deferral or instalment plan,
from its end (行政处罚法 Art 72 ¶2). The demand notice states the amount and the
surcharge standard (Art 35, 45). The computations are in `penalties.surcharge`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import services as audit
from cases.models import Case
from cases.services.common import clean_text
from core import clock, workdays
from core.errors import DomainError, RuleViolation, Verdict
from documents.selectors import served_on_date
from documents.services import issue_document, record_service
from penalties import surcharge as sc
from penalties.models import CourtApplication, Decision, DemandNotice, RemedyProceeding
from penalties.services import decision_data as dd
from penalties.services.execution import (
    account_statement,
    approved_plan,
    check_date,
    ensure_executing,
    execution_decision,
    execution_verdict,
    locked_decision,
    money,
    refresh_account,
)

ACTION_LABELS = {
    "penalties.demand_notice.issued": gettext_lazy("制作催告书"),
    "penalties.demand_notice.served": gettext_lazy("送达催告书"),
    "penalties.court_application.filed": gettext_lazy("申请人民法院强制执行"),
    "penalties.court_application.decided": gettext_lazy("登记法院强制执行裁定"),
}
KIND = "demand_notice"


# --- Demand notice (催告书) -----------------------------------------------------------------
def demand_served_on(notice: DemandNotice) -> date | None:
    """The service date: recorded here, or on the document's own service page."""
    return notice.served_on or served_on_date(notice.document)


def unserved_notice(decision: Decision) -> DemandNotice | None:
    for notice in decision.demand_notices.select_related("document").order_by("-pk"):
        if demand_served_on(notice) is None:
            return notice
    return None


def demand_notice_verdict(
    case: Case, user: Any, decision: Decision | None = None, *, on: date | None = None
) -> Verdict:
    """R-44 (行政强制法 Art 35, 54): a demand notice once the party is late and owes money."""
    on = on or clock.today()
    decision = decision if decision is not None else execution_decision(case)
    verdict = execution_verdict(case, user, decision)
    if not verdict.ok:
        return verdict
    st = account_statement(decision, on=on)
    if st.outstanding <= 0:
        return Verdict.refuse("R-44", _("罚没款已缴清，无需催告"))
    if not st.is_overdue and st.outstanding_surcharge <= 0:
        due = st.next_due_on
        return Verdict.refuse(
            "R-44",
            _("缴款期限（%(d)s）尚未届满，当事人尚未逾期，不得催告")
            % {"d": due.isoformat() if due else "—"},
        )
    pending = unserved_notice(decision)
    if pending is not None:
        return Verdict.refuse(
            "R-44",
            _("催告书 %(n)s 尚未送达，请先登记送达") % {"n": pending.document.number},
        )
    return Verdict()


def _notice_data(case: Case, decision: Decision, st: sc.Statement, perform_by: date) -> dict:
    today = clock.today()
    data = dd.base_data(case, on=today)
    data.update(
        {
            "decision_number": decision.number,
            "decision_date": decision.decided_on,
            "amount_due": st.outstanding_principal,
            "deadline": perform_by,
            "rights": _(
                "你（单位）收到本催告书后有权进行陈述和申辩（《中华人民共和国行政强制法》"
                "第三十六条）。"
            ),
            "consequences": _(
                "到期不缴纳罚款的，本机关依照《中华人民共和国行政处罚法》第七十二条，每日按罚款"
                "数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额；本催告书送达十个工作日后"
                "仍未履行的，本机关将依法申请人民法院强制执行。"
            ),
        }
    )
    if st.outstanding_surcharge > 0:
        data["surcharge"] = st.outstanding_surcharge
    return data


@transaction.atomic
def issue_demand_notice(case: Case, *, by: Any, perform_by: date | None = None) -> DemandNotice:
    """R-44: the 催告书 with the amount owed today and the surcharge standard (行政强制法
    Art 35, 45), through documents (numbered, rendered, served later)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    decision = locked_decision(case)
    today = clock.today()
    demand_notice_verdict(case, by, decision, on=today).raise_if_refused()
    earliest = workdays.add_workdays(today, sc.DEMAND_NOTICE_WORKDAYS)
    perform_by = perform_by or earliest
    if not isinstance(perform_by, date) or perform_by < earliest:
        # 行政强制法 Art 54: ten days after service before the court; not less here.
        raise RuleViolation(
            "R-44",
            _("催告书的履行期限不得早于 %(d)s（十个工作日）") % {"d": earliest.isoformat()},
        )
    st = account_statement(decision, on=today)
    document = issue_document(
        agency=dd.issuing_agency(case),
        case_id=case.pk,
        kind=KIND,
        data=_notice_data(case, decision, st, perform_by),
        by=by,
    )
    notice = DemandNotice.objects.create(
        case=case,
        decision=decision,
        document=document,
        issued_on=today,
        amount_due=st.outstanding,
        surcharge=st.outstanding_surcharge,
        perform_by=perform_by,
        issued_by=by,
    )
    audit.record(
        "penalties.demand_notice.issued",
        notice,
        by=by,
        data={
            "number": document.number,
            "decision": decision.number,
            "amount_due": st.outstanding,
            "surcharge": st.outstanding_surcharge,
            "perform_by": perform_by,
            "rule": "R-44",
        },
    )
    ensure_executing(case, by=by, data={"demand_notice": notice.pk})
    return notice


def serve_verdict(notice: DemandNotice | None, case: Case, user: Any) -> Verdict:
    verdict = execution_verdict(case, user)
    if notice is None:
        verdict += Verdict.refuse("R-44", _("没有待送达的催告书"))
    elif demand_served_on(notice) is not None:
        verdict += Verdict.refuse("R-44", _("催告书已送达"))
    return verdict


@transaction.atomic
def serve_demand_notice(
    notice: DemandNotice,
    *,
    by: Any,
    method: str,
    served_on: date,
    recipient: str,
    proof=None,
    receipt=None,
    consent_reference: str = "",
    refused_to_sign: bool = False,
    note: str = "",
) -> DemandNotice:
    """Record the service (documents' R-38 checks: method, date, recipient, proof); the
    ten working days of R-44 run from it."""
    notice = (
        DemandNotice.objects.select_for_update()
        .select_related("document", "case")
        .get(pk=notice.pk)
    )
    serve_verdict(notice, notice.case, by).raise_if_refused()
    record = record_service(
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
    notice.served_on = record.served_on
    notice.save(update_fields=["served_on"])
    audit.record(
        "penalties.demand_notice.served",
        notice,
        by=by,
        data={
            "number": notice.document.number,
            "served_on": notice.served_on,
            "court_from": sc.court_application_earliest(notice.served_on),
            "rule": "R-44",
        },
    )
    return notice


# --- Court application (R-44) ---------------------------------------------------------------
def remedy_periods_end(decision: Decision) -> date | None:
    """R-44 (Art 53): the last day of the remedy periods (see `surcharge.remedy_periods_end`)."""
    if decision.served_on is None:
        return None
    decided = [r.decided_on for r in decision.remedies.all() if r.decided_on is not None]
    return sc.remedy_periods_end(
        decision.served_on,
        reconsideration_until_on=decision.reconsideration_until,
        litigation_until_on=decision.litigation_until,
        reconsideration_first=decision.kind == Decision.Kind.SUMMARY,
        remedies_decided_on=decided,
    )


def plan_ends_on(decision: Decision) -> date | None:
    """行政处罚法 Art 72 ¶2: the last due date of an approved deferral or instalment plan."""
    plan = approved_plan(decision)
    return max((i.due_on for i in plan.instalments.all()), default=None) if plan else None


def court_window_for(decision: Decision) -> sc.CourtWindow | None:
    """R-44 (Art 53; 行政处罚法 Art 72 ¶2): the days on which the court may be applied to."""
    end = remedy_periods_end(decision)
    if end is None:
        return None
    return sc.court_window(end, plan_ends_on=plan_ends_on(decision))


def _qualifying_notice(decision: Decision, on: date) -> tuple[DemandNotice | None, date | None]:
    """The latest served demand notice served at least 10 WD before `on`, else (None, the
    latest service date)."""
    latest: date | None = None
    for notice in decision.demand_notices.select_related("document").order_by("-pk"):
        served = demand_served_on(notice)
        if served is None:
            continue
        latest = max(latest, served) if latest else served
        if on >= sc.court_application_earliest(served):
            return notice, served
    return None, latest


def court_application_verdict(
    case: Case, user: Any, decision: Decision | None = None, *, on: date | None = None
) -> Verdict:
    """R-44: may the agency apply to the court on `on` (default today)? Lists every reason."""
    on = on or clock.today()
    decision = decision if decision is not None else execution_decision(case)
    verdict = execution_verdict(case, user, decision)
    if not verdict.ok:
        return verdict
    problems: list[RuleViolation] = []
    st = account_statement(decision, on=on)
    if st.outstanding <= 0:
        return Verdict.refuse("R-44", _("罚没款已缴清，无需申请人民法院强制执行"))
    if decision.remedies.filter(outcome=RemedyProceeding.Outcome.PENDING).exists():
        problems.append(
            RuleViolation("R-44", _("行政复议或行政诉讼尚在审理中，不得申请人民法院强制执行"))
        )
    pending = decision.court_applications.filter(outcome=CourtApplication.Outcome.PENDING).first()
    if pending is not None:
        problems.append(
            RuleViolation(
                "R-44",
                _("已于 %(d)s 申请人民法院强制执行，法院尚未裁定")
                % {"d": pending.filed_on.isoformat()},
            )
        )
    notice, served = _qualifying_notice(decision, on)
    if notice is None and served is None:
        problems.append(  # R-44 (行政强制法 Art 54): demand first
            RuleViolation("R-44", _("申请人民法院强制执行前须先送达催告书（行政强制法第五十四条）"))
        )
    elif notice is None:
        problems.append(  # ten working days after the demand notice was served
            RuleViolation(
                "R-44",
                _("催告书于 %(s)s 送达，须满十个工作日（%(e)s 起）方可申请人民法院强制执行")
                % {
                    "s": served.isoformat(),
                    "e": sc.court_application_earliest(served).isoformat(),
                },
            )
        )
    window = court_window_for(decision)
    if window is not None and on < window.first:
        if window.periods_end != remedy_periods_end(decision):
            # 行政处罚法 Art 72 ¶2: counted from the end of the approved plan.
            message = _("批准的暂缓或分期缴纳期限至 %(d)s 届满，届满前不得申请人民法院强制执行")
        else:
            # R-44 (行政强制法 Art 53): only after the remedy periods expire.
            message = _(
                "申请行政复议或提起行政诉讼的期限至 %(d)s 届满，届满前不得申请人民法院强制执行"
            )
        problems.append(RuleViolation("R-44", message % {"d": window.periods_end.isoformat()}))
    elif window is not None and on > window.last:
        problems.append(  # R-44 (Art 53): within three months after they expire
            RuleViolation(
                "R-44",
                _("申请人民法院强制执行的期限已于 %(d)s 届满（复议、诉讼期限届满之日起三个月内）")
                % {"d": window.last.isoformat()},
            )
        )
    return Verdict.of(problems)


@transaction.atomic
def file_court_application(
    case: Case,
    *,
    by: Any,
    court: str,
    filed_on: date,
    court_reference: str = "",
) -> CourtApplication:
    """R-44: record the application to the court for the amount owed on `filed_on`."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    decision = locked_decision(case)
    court = clean_text(court, required=True, label=_("受理法院"))
    court_reference = clean_text(court_reference, label=_("法院案号"))
    filed_on = check_date(filed_on, _("申请日期"), not_before=decision.decided_on)
    court_application_verdict(case, by, decision, on=filed_on).raise_if_refused()
    notice, _served = _qualifying_notice(decision, filed_on)
    st = account_statement(decision, on=filed_on)
    application = CourtApplication.objects.create(
        case=case,
        decision=decision,
        demand_notice=notice,
        court=court,
        filed_on=filed_on,
        amount_claimed=st.outstanding,
        court_reference=court_reference,
        recorded_by=by,
        recorded_at=clock.now(),
    )
    audit.record(
        "penalties.court_application.filed",
        application,
        by=by,
        data={
            "decision": decision.number,
            "court": court,
            "filed_on": filed_on,
            "amount_claimed": st.outstanding,
            "demand_notice": notice.document.number,
            "rule": "R-44",
        },
    )
    ensure_executing(case, by=by, data={"court_application": application.pk})
    refresh_account(decision)
    return application


def court_outcome_verdict(application: CourtApplication | None, case: Case, user: Any) -> Verdict:
    verdict = execution_verdict(case, user)
    if application is None or application.outcome != CourtApplication.Outcome.PENDING:
        verdict += Verdict.refuse("R-44", _("没有等待法院裁定的强制执行申请"))
    return verdict


@transaction.atomic
def record_court_outcome(
    application: CourtApplication,
    *,
    by: Any,
    outcome: str,
    outcome_on: date,
    note: str = "",
) -> CourtApplication:
    """The court granted or refused enforcement, or the agency withdrew the application."""
    application = (
        CourtApplication.objects.select_for_update().select_related("case").get(pk=application.pk)
    )
    court_outcome_verdict(application, application.case, by).raise_if_refused()
    if (
        outcome not in CourtApplication.Outcome.values
        or outcome == CourtApplication.Outcome.PENDING
    ):
        raise DomainError(_("请选择法院裁定结果"))
    note = clean_text(note, label=_("结果说明"))
    outcome_on = check_date(outcome_on, _("裁定日期"), not_before=application.filed_on)
    application.outcome = outcome
    application.outcome_on = outcome_on
    application.outcome_note = note
    application.save(update_fields=["outcome", "outcome_on", "outcome_note"])
    audit.record(
        "penalties.court_application.decided",
        application,
        by=by,
        before={"outcome": CourtApplication.Outcome.PENDING},
        after={"outcome": outcome, "outcome_on": outcome_on},
        data={"note": note},
    )
    return application


def pending_court_application(case: Case) -> CourtApplication | None:
    return CourtApplication.objects.filter(
        case_id=case.pk, outcome=CourtApplication.Outcome.PENDING
    ).first()


__all__ = [
    "ACTION_LABELS",
    "court_application_verdict",
    "court_outcome_verdict",
    "court_window_for",
    "demand_notice_verdict",
    "demand_served_on",
    "file_court_application",
    "issue_demand_notice",
    "money",
    "pending_court_application",
    "plan_ends_on",
    "record_court_outcome",
    "remedy_periods_end",
    "serve_demand_notice",
    "serve_verdict",
    "unserved_notice",
]
