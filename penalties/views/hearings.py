"""The hearing actions of the notice page (R-30–R-34): request, scheduling and its notice,
postponement, recusal, replacement, the hearing record. Each action is the service plus
its guard; the page (`views.notices`) shows unavailable ones with the guard's reasons."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from cases.models import Case
from cases.states import State
from core.errors import Verdict
from penalties import forms_notices as f
from penalties.gate import current_notice
from penalties.models import Hearing, HearingRecusal
from penalties.services import hearings as svc
from penalties.services.notices import AFTER_NOTICE
from penalties.views.notice_actions import Action

S = State


def _hearing(case: Case) -> Hearing | None:
    return svc.current_hearing(case)


def _scheduled(case: Case) -> bool:
    h = _hearing(case)
    return h is not None and h.status == Hearing.Status.SCHEDULED


def _no_hearing(_case: Case, _user: Any) -> Verdict:
    return Verdict.refuse("R-32", _("没有已安排的听证"))


def _on_hearing(fn):
    def guard(case: Case, user: Any) -> Verdict:
        h = _hearing(case)
        return _no_hearing(case, user) if h is None else fn(h, user)

    return guard


def _at(date_value, time_value) -> datetime:
    return datetime.combine(date_value, time_value)


# --- run functions ---------------------------------------------------------------------------


def _request(case, user, form):
    d = form.cleaned_data
    r = svc.request_hearing(
        case,
        by=user,
        received_on=d["received_on"],
        channel=d["channel"],
        requested_by=d["requested_by"],
        note=d["note"],
    )
    if r.status == r.Status.REFUSED:
        return _("已登记听证申请，不予受理：%(reason)s") % {"reason": r.refusal_reason}
    return _("已受理听证申请")


def _withdraw(case, user, form):
    d = form.cleaned_data
    svc.withdraw_hearing_request(case, by=user, withdrawn_on=d["withdrawn_on"], note=d["note"])
    return _("已登记撤回听证申请")


def _schedule(case, user, form):
    d = form.cleaned_data
    h = svc.schedule_hearing(
        case,
        by=user,
        presiding_officer=d["presiding_officer"],
        recorder=d["recorder"],
        place=d["place"],
        hearing_at=_at(d["hearing_date"], d["hearing_time"]),
        public=d["public"],
        non_public_reason=d["non_public_reason"],
    )
    return _("已安排听证，听证通知书 %(n)s 已制作，请送达") % {"n": h.summons.number}


def _serve_summons(case, user, form):
    d = form.cleaned_data
    svc.record_summons_service(
        _hearing(case),
        method=d["method"],
        served_on=d["served_on"],
        recipient=d["recipient"],
        proof=d["proof"],
        consent_reference=d["consent_reference"],
        refused_to_sign=d["refused_to_sign"],
        note=d["note"],
        by=user,
    )
    return _("已登记听证通知书送达")


def _postpone(case, user, form):
    d = form.cleaned_data
    h = svc.postpone_hearing(
        _hearing(case),
        by=user,
        new_hearing_at=_at(d["hearing_date"], d["hearing_time"]),
        requested_by=d["requested_by"],
        reason=d["reason"],
    )
    return _("已延期听证，新的听证通知书 %(n)s 已制作，请送达") % {"n": h.summons.number}


def _recusal(case, user, form):
    d = form.cleaned_data
    svc.request_hearing_recusal(
        _hearing(case),
        by=user,
        role=d["role"],
        applicant=d["applicant"],
        grounds=d["grounds"],
        requested_on=d["requested_on"],
    )
    return _("已登记回避申请；决定前不得举行听证")


def _decide_recusal(case, user, form):
    d = form.cleaned_data
    svc.decide_hearing_recusal(
        d["recusal"], by=user, grant=d["decision"] == "grant", reasons=d["reasons"]
    )
    return _("已决定回避申请")


def _replace(case, user, form):
    d = form.cleaned_data
    svc.replace_hearing_officer(_hearing(case), by=user, role=d["role"], officer=d["officer"])
    return _("已更换")


def _record(case, user, form):
    d = form.cleaned_data
    record = svc.record_hearing(
        _hearing(case),
        by=user,
        held_on=d["held_on"],
        attendance=d["attendance"],
        signature=d["signature"],
        participants=d["participants"],
        investigators_case=d["investigators_case"],
        defence=d["defence"],
        cross_examination=d["cross_examination"],
        final_statement=d["final_statement"],
        signature_note=d["signature_note"],
    )
    if record.waived:
        return _("已制作听证笔录：当事人视为放弃听证（R-34）")
    return _("已制作听证笔录 %(n)s") % {"n": record.document.number}


def _decide_recusal_guard(case: Case, user: Any) -> Verdict:
    pending = (
        HearingRecusal.objects.filter(hearing__case=case, status=HearingRecusal.Status.PENDING)
        .select_related("hearing__case")
        .first()
    )
    if pending is None:
        return Verdict.refuse("R-33", _("没有待决定的回避申请"))
    return svc.recusal_decision_verdict(pending, user)


def _request_shown(case: Case) -> bool:
    notice = current_notice(case)
    return (
        case.state in AFTER_NOTICE
        and notice is not None
        and notice.is_served
        and svc.accepted_request(case) is None
    )


HEARING_ACTIONS: list[Action] = [
    Action("request_hearing", L("登记听证申请"), f.HearingRequestForm, _request,
           svc.request_verdict, _request_shown),
    Action("withdraw_hearing_request", L("登记撤回听证申请"), f.WithdrawRequestForm, _withdraw,
           svc.withdraw_verdict, lambda c: c.state in {S.HEARING_REQUESTED, S.HEARING_SCHEDULED}, "danger"),
    Action("schedule_hearing", L("安排听证"), f.ScheduleForm, _schedule,
           svc.schedule_verdict, lambda c: c.state == S.HEARING_REQUESTED),
    Action("serve_summons", L("登记听证通知书送达"), f.ServiceForm, _serve_summons,
           _on_hearing(svc.summons_service_verdict),
           lambda c: _scheduled(c) and _hearing(c).summons_served_on is None, multipart=True),
    Action("postpone_hearing", L("延期听证"), f.PostponeForm, _postpone,
           _on_hearing(svc.postpone_verdict), _scheduled),
    Action("hearing_recusal", L("登记听证回避申请"), f.HearingRecusalForm, _recusal,
           _on_hearing(svc.recusal_request_verdict), _scheduled),
    Action("decide_hearing_recusal", L("决定听证回避申请"), f.RecusalDecisionForm, _decide_recusal,
           _decide_recusal_guard,
           lambda c: HearingRecusal.objects.filter(hearing__case=c, status=HearingRecusal.Status.PENDING).exists(),
           "approve"),
    Action("replace_hearing_officer", L("更换听证主持人或记录员"), f.ReplaceOfficerForm, _replace,
           _on_hearing(svc.postpone_verdict), _scheduled),
    Action("record_hearing", L("制作听证笔录"), f.HearingRecordForm, _record,
           _on_hearing(svc.hold_verdict), lambda c: c.state == S.HEARING_SCHEDULED),
]  # fmt: skip
