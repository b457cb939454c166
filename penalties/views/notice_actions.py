"""The notice actions of the notice page (R-24–R-26): issue the notice, record its
service, statements and their re-checks, the written waiver, and the R-26 new notice.
Each action is a service plus its guard, so the page shows an unavailable one with the
very reasons the service would give."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from cases import guards
from cases.models import Case
from cases.states import State
from core.errors import Verdict
from penalties import forms_notices as f
from penalties.gate import current_notice
from penalties.models import Notice, Statement
from penalties.services import notices as svc
from penalties.services import statements

S = State


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


def _issued(case: Case) -> Notice | None:
    notice = current_notice(case)
    return notice if notice is not None and notice.status == Notice.Status.ISSUED else None


def _issue(case, user, form):
    d = form.cleaned_data
    notice = svc.issue_notice(case, by=user, facts=d["facts"], officers=list(d["officers"]))
    extra = _("（含听证权利）") if notice.hearing_offered else ""
    return _("已制作行政处罚告知书 %(n)s%(extra)s，请送达当事人并登记送达") % {
        "n": notice.document.number,
        "extra": extra,
    }


def _serve(case, user, form):
    d = form.cleaned_data
    notice = svc.record_notice_service(
        _issued(case),
        method=d["method"],
        served_on=d["served_on"],
        recipient=d["recipient"],
        proof=d["proof"],
        consent_reference=d["consent_reference"],
        refused_to_sign=d["refused_to_sign"],
        note=d["note"],
        by=user,
    )
    return _("已登记送达；陈述申辩期至 %(d)s 届满") % {"d": notice.statement_deadline.isoformat()}


def _statement(case, user, form):
    d = form.cleaned_data
    s = statements.record_statement(
        case,
        by=user,
        received_on=d["received_on"],
        channel=d["channel"],
        stated_by=d["stated_by"],
        content=d["content"],
        attachments=d["attachments"],
    )
    return _("已登记第%(seq)s号陈述申辩，请复核") % {"seq": s.seq}


def _recheck(case, user, form):
    d = form.cleaned_data
    statements.record_recheck(d["statement"], by=user, outcome=d["outcome"], reasons=d["reasons"])
    return _("已记录复核结论")


def _waiver(case, user, form):
    d = form.cleaned_data
    statements.record_waiver(
        case,
        by=user,
        scope=d["scope"],
        signed_on=d["signed_on"],
        signed_by=d["signed_by"],
        document=d["document"],
        note=d["note"],
    )
    return _("已登记当事人书面放弃")


def _renotify(case, user, form):
    svc.renotify(case, by=user, reasons=form.cleaned_data["reasons"])
    return _("原告知书已失效，案件退回拟处罚；请确认拟处罚意见后重新制作告知书")


def _serve_guard(case: Case, user: Any) -> Verdict:
    notice = _issued(case)
    if notice is None:
        return Verdict.refuse("R-24", _("没有待送达的行政处罚告知书"))
    return svc.service_verdict(notice, user)


def _recheck_guard(case: Case, user: Any) -> Verdict:
    return guards.may_change(case, user)


NOTICE_ACTIONS: list[Action] = [
    Action("issue_notice", L("制作行政处罚告知书"), f.IssueNoticeForm, _issue,
           lambda c, u: svc.issue_verdict(c, u), lambda c: c.state == S.PROPOSED),
    Action("serve_notice", L("登记告知书送达"), f.ServiceForm, _serve,
           _serve_guard, lambda c: _issued(c) is not None, multipart=True),
    Action("record_statement", L("登记陈述申辩"), f.StatementForm, _statement,
           statements.statement_verdict, lambda c: c.state in svc.AFTER_NOTICE, multipart=True),
    Action("record_recheck", L("复核陈述申辩"), f.RecheckForm, _recheck,
           _recheck_guard, lambda c: Statement.objects.filter(case=c, recheck__isnull=True).exists()),
    Action("record_waiver", L("登记书面放弃"), f.WaiverForm, _waiver,
           statements.waiver_verdict, lambda c: c.state in svc.AFTER_NOTICE, multipart=True),
    Action("renotify", L("重新告知"), f.RenotifyForm, _renotify,
           svc.renotify_verdict, lambda c: c.state in svc.RENOTIFY_FROM, "danger"),
]  # fmt: skip
