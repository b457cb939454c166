"""听证 (R-30–R-34, R-35 clock): request, scheduling, notice, recusal, record.

- `request_hearing`: always recorded. Outside the 5 WD window counted from the notice's
  service (R-31), or when the notice offered no hearing (R-30), it is kept as refused
  with the reason; in the window it is accepted, the hearing period starts stopping the
  R-35 clock (cases' excluded period) and the case moves to HEARING_REQUESTED.
- `schedule_hearing`: presiding officer and recorder never investigators of the case
  (R-33); the 听证通知书 is issued for a date at least 7 WD away (R-32);
  `record_summons_service` refuses a service fewer than 7 WD before the date.
- `postpone_hearing`, `request_hearing_recusal` / `decide_hearing_recusal` (R-33),
  `replace_hearing_officer`.
- `record_hearing`: the 听证笔录 (R-34): attendance, both sides, signatures or the noted
  refusal; absence without good reason or leaving = waiver. The hearing period ends.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from cases import guards, workflow
from cases.models import Case, CaseOfficer, ExcludedPeriod
from cases.services import clock as case_clock
from cases.services.common import clean_text, lock
from cases.states import State
from core import clock, workdays
from core.errors import DomainError, InvalidTransition, RuleViolation, Verdict
from documents import services as documents
from documents.models import Document
from officers.models import Officer
from penalties import documents_data
from penalties.gate import current_notice
from penalties.models import (
    Hearing,
    HearingPostponement,
    HearingRecord,
    HearingRecusal,
    HearingRequest,
)
from penalties.services.notices import AFTER_NOTICE, MAX_TEXT

S = State
SUMMONS_LEAD_WD = 7  # R-32 (Art 64(2)): the hearing notice at least 7 WD before the date


# --- helpers ----------------------------------------------------------------------------------


def investigator_ids(case: Case) -> set[int]:
    """Officers who investigate or investigated the case (any assignment, past included)."""
    return set(CaseOfficer.objects.filter(case_id=case.pk).values_list("officer_id", flat=True))


def officers_verdict(case: Case, presiding: Officer | None, recorder: Officer | None) -> Verdict:
    """R-33: presiding officer and recorder are officers of the agency, two different
    people, and never investigators of the case."""
    verdict = Verdict()
    investigators = investigator_ids(case)
    for officer, role in ((presiding, _("听证主持人")), (recorder, _("记录员"))):
        if officer is None:
            verdict += Verdict.refuse("R-33", _("请指定%(role)s") % {"role": role})
            continue
        if officer.agency_id != case.agency_id:
            verdict += Verdict.refuse(
                "R-33",
                _("%(name)s不是本机关工作人员，不能担任%(role)s")
                % {"name": officer.name, "role": role},
            )
        if officer.pk in investigators:
            verdict += Verdict.refuse(
                "R-33",
                _("%(name)s是本案调查人员，不得担任%(role)s")
                % {"name": officer.name, "role": role},
            )
    if presiding is not None and recorder is not None and presiding.pk == recorder.pk:
        verdict += Verdict.refuse("R-33", _("听证主持人和记录员不得为同一人"))
    return verdict


def summons_date_verdict(hearing_on: date, *, served_on: date | None = None) -> Verdict:
    """R-32: the notice served at least 7 WD before the hearing date (R-50 counting:
    working days after the service day up to the hearing day)."""
    if served_on is None:
        today = clock.today()
        gap = workdays.workdays_between(today, hearing_on)
        if gap < SUMMONS_LEAD_WD:
            earliest = workdays.add_workdays(today, SUMMONS_LEAD_WD)
            return Verdict.refuse(
                "R-32",
                _(
                    "听证通知书须在举行听证7个工作日前送达；听证日期 %(d)s 距今天仅 %(n)s 个工作日，"
                    "最早可定于 %(e)s"
                )
                % {"d": hearing_on.isoformat(), "n": gap, "e": earliest.isoformat()},
            )
        return Verdict()
    gap = workdays.workdays_between(served_on, hearing_on)
    if gap < SUMMONS_LEAD_WD:
        return Verdict.refuse(
            "R-32",
            _(
                "听证通知书须在听证日 %(d)s 的7个工作日前送达；%(s)s 送达距听证日仅 %(n)s 个工作日，"
                "请延期听证并重新通知"
            )
            % {"d": hearing_on.isoformat(), "s": served_on.isoformat(), "n": gap},
        )
    return Verdict()


def _aware(value: datetime) -> datetime:
    if not isinstance(value, datetime):
        raise DomainError(_("听证时间无效"))
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def accepted_request(case: Case) -> HearingRequest | None:
    notice = current_notice(case)
    if notice is None:
        return None
    return (
        HearingRequest.objects.filter(notice=notice, status=HearingRequest.Status.ACCEPTED)
        .select_related("notice")
        .first()
    )


def current_hearing(case: Case) -> Hearing | None:
    request = accepted_request(case)
    if request is None:
        return None
    return (
        Hearing.objects.filter(request=request)
        .select_related("presiding_officer", "recorder", "summons", "request__notice")
        .first()
    )


def _open_clock_period(case: Case, *, start: date, by: Any) -> int | None:
    """R-35: the hearing period stops the decision clock (an excluded period of cases).
    A period that cannot be recorded (e.g. it overlaps another stopping period, which
    already stops the clock) does not block the party's request."""
    try:
        with transaction.atomic():
            period = case_clock.add_excluded_period(
                case, by=by, kind=ExcludedPeriod.Kind.HEARING, start=start, reasons=_("听证期间")
            )
    except RuleViolation:
        return None
    return period.pk


def _close_clock_period(request: HearingRequest, *, end: date, by: Any) -> None:
    if not request.clock_period_id:
        return
    period = ExcludedPeriod.objects.filter(pk=request.clock_period_id, end__isnull=True).first()
    if period is None:
        return
    case_clock.end_excluded_period(period, by=by, end=max(end, period.start))


# --- request (R-31) -----------------------------------------------------------------------------


def request_verdict(case: Case, user: Any) -> Verdict:
    verdict = guards.may_change(case, user)
    verdict += guards.in_states(case, AFTER_NOTICE, "R-31", _("登记听证申请"))
    notice = current_notice(case)
    if notice is None or not notice.is_served:
        verdict += Verdict.refuse("R-31", _("行政处罚告知书尚未送达，不能登记听证申请"))
    return verdict


@transaction.atomic
def request_hearing(
    case: Case,
    *,
    by: Any,
    received_on: date,
    channel: str,
    requested_by: str,
    note: str = "",
) -> HearingRequest:
    """Record the party's hearing request; refused with the reason when late (R-31) or
    when the notice offered no hearing (R-30); accepted → HEARING_REQUESTED."""
    case = lock(case)
    request_verdict(case, by).raise_if_refused()
    notice = current_notice(case)
    if channel not in HearingRequest.Channel.values:
        raise DomainError(_("申请方式无效"))
    if not isinstance(received_on, date):
        raise DomainError(_("提出日期无效"))
    if received_on > clock.today():
        raise DomainError(_("提出日期 %(d)s 晚于今天") % {"d": received_on.isoformat()})
    if received_on < notice.served_on:
        raise DomainError(
            _("提出日期 %(d)s 早于告知书送达日期 %(s)s")
            % {"d": received_on.isoformat(), "s": notice.served_on.isoformat()}
        )
    requested_by = clean_text(requested_by, required=True, label=_("申请人"))[:200]
    note = clean_text(note, label=_("申请内容"))
    if len(note) > MAX_TEXT:
        raise DomainError(_("申请内容过长（上限 %(n)s 字）") % {"n": MAX_TEXT})
    if HearingRequest.objects.filter(notice=notice, status=HearingRequest.Status.ACCEPTED).exists():
        raise DomainError(_("已受理当事人的听证申请，无须重复登记"))
    rule, reason = "", ""
    in_window = received_on <= notice.hearing_request_deadline
    if not notice.hearing_offered:
        rule = "R-30"
        reason = _("拟作出的行政处罚不属于应当告知听证权利的范围，听证申请不予受理")
    elif not in_window:
        rule = "R-31"  # a later request is recorded and refused with the reason
        reason = _("听证申请于 %(d)s 提出，已超过听证申请期限（%(e)s 届满），不予受理") % {
            "d": received_on.isoformat(),
            "e": notice.hearing_request_deadline.isoformat(),
        }
    elif case.state != S.NOTIFIED:
        raise InvalidTransition(
            _("案件当前状态为“%(s)s”，不能受理听证申请") % {"s": case.get_state_display()}
        )
    request = HearingRequest.objects.create(
        case=case,
        notice=notice,
        received_on=received_on,
        channel=channel,
        requested_by=requested_by,
        note=note,
        in_window=in_window,
        status=HearingRequest.Status.REFUSED if rule else HearingRequest.Status.ACCEPTED,
        refusal_rule=rule,
        refusal_reason=reason,
        recorded_by=by,
        recorded_at=clock.now(),
    )
    data = {
        "received_on": received_on,
        "requested_by": requested_by,
        "deadline": notice.hearing_request_deadline,
        "in_window": in_window,
    }
    if rule:
        audit.record(
            "penalties.hearing.request_refused",
            request,
            by=by,
            data={**data, "rule": rule, "reason": reason},
        )
        return request
    request.clock_period_id = _open_clock_period(case, start=received_on, by=by)
    request.save(update_fields=["clock_period_id"])
    audit.record("penalties.hearing.requested", request, by=by, data=data)
    workflow.transition(case, S.HEARING_REQUESTED, by=by, data={"request": request.pk})
    return request


def withdraw_verdict(case: Case, user: Any) -> Verdict:
    verdict = guards.may_change(case, user)
    verdict += guards.in_states(
        case, {S.HEARING_REQUESTED, S.HEARING_SCHEDULED}, "R-31", _("撤回听证申请")
    )
    return verdict


@transaction.atomic
def withdraw_hearing_request(
    case: Case, *, by: Any, withdrawn_on: date, note: str = ""
) -> HearingRequest:
    """The party withdraws its request: the hearing is cancelled, the period ends."""
    case = lock(case)
    withdraw_verdict(case, by).raise_if_refused()
    request = accepted_request(case)
    if request is None:
        raise DomainError(_("没有已受理的听证申请"))
    if (
        not isinstance(withdrawn_on, date)
        or withdrawn_on > clock.today()
        or withdrawn_on < request.received_on
    ):
        raise DomainError(_("撤回日期无效"))
    request = HearingRequest.objects.select_for_update().get(pk=request.pk)
    request.status = HearingRequest.Status.WITHDRAWN
    request.withdrawn_on = withdrawn_on
    request.save(update_fields=["status", "withdrawn_on"])
    hearing = Hearing.objects.filter(request=request).first()
    if hearing is not None:
        hearing.status = Hearing.Status.CANCELLED
        hearing.save(update_fields=["status"])
    _close_clock_period(request, end=withdrawn_on, by=by)
    audit.record(
        "penalties.hearing.request_withdrawn",
        request,
        by=by,
        data={"withdrawn_on": withdrawn_on, "note": clean_text(note, label=_("备注"))},
    )
    workflow.transition(case, S.NOTIFIED, by=by, data={"request": request.pk, "withdrawn": True})
    return request


# --- scheduling (R-32, R-33) ------------------------------------------------------------------------


def schedule_verdict(case: Case, user: Any) -> Verdict:
    verdict = guards.may_change(case, user)
    verdict += guards.in_states(case, {S.HEARING_REQUESTED}, "R-31", _("安排听证"))
    if accepted_request(case) is None:
        verdict += Verdict.refuse("R-31", _("没有已受理的听证申请"))
    return verdict


@transaction.atomic
def schedule_hearing(
    case: Case,
    *,
    by: Any,
    presiding_officer: Officer,
    recorder: Officer,
    place: str,
    hearing_at: datetime,
    public: bool = True,
    non_public_reason: str = "",
) -> Hearing:
    """Schedule the hearing and issue its 听证通知书 (R-32, R-33)."""
    case = lock(case)
    schedule_verdict(case, by).raise_if_refused()
    request = accepted_request(case)
    hearing_at = _aware(hearing_at)
    hearing_on = timezone.localdate(hearing_at)
    place = clean_text(place, required=True, label=_("听证地点"))[:255]
    reason = clean_text(non_public_reason, label=_("不公开理由"))[:255]
    if not public and not reason:
        raise DomainError(_("听证不公开举行的，须说明涉及国家秘密、商业秘密或者个人隐私的理由"))
    verdict = officers_verdict(case, presiding_officer, recorder)
    verdict += summons_date_verdict(hearing_on)
    verdict.raise_if_refused()
    today = clock.today()
    notice = request.notice
    data = documents_data.summons_data(
        case,
        notice,
        hearing_at=hearing_at,
        place=place,
        public=public,
        presiding=presiding_officer,
        recorder=recorder,
        on=today,
    )
    document = documents.issue_document(
        agency=case.acting_agency or case.agency,
        case_id=case.pk,
        kind="hearing_summons",
        data=data,
        by=by,
    )
    hearing = Hearing.objects.create(
        case=case,
        request=request,
        presiding_officer=presiding_officer,
        recorder=recorder,
        place=place,
        public=public,
        non_public_reason="" if public else reason,
        hearing_at=hearing_at,
        hearing_on=hearing_on,
        summons=document,
        scheduled_by=by,
        scheduled_at=clock.now(),
    )
    audit.record(
        "penalties.hearing.scheduled",
        hearing,
        by=by,
        data={
            "hearing_on": hearing_on,
            "place": place,
            "public": public,
            "presiding_officer": presiding_officer.name,
            "recorder": recorder.name,
            "summons": document.number,
        },
    )
    workflow.transition(case, S.HEARING_SCHEDULED, by=by, data={"hearing": hearing.pk})
    return hearing


def summons_service_verdict(hearing: Hearing, user: Any) -> Verdict:
    verdict = guards.may_change(hearing.case, user)
    if hearing.status != Hearing.Status.SCHEDULED:
        verdict += Verdict.refuse("R-32", _("听证不处于已安排状态"))
    if hearing.summons_served_on is not None:
        verdict += Verdict.refuse(
            "R-32", _("听证通知书已于 %(d)s 送达") % {"d": hearing.summons_served_on.isoformat()}
        )
    return verdict + documents.service_verdict(hearing.summons)


@transaction.atomic
def record_summons_service(
    hearing: Hearing,
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
) -> Hearing:
    """R-32: the 听证通知书 served at least 7 WD before the hearing date, else refused."""
    case = lock(hearing.case_id)
    hearing = Hearing.objects.select_for_update().select_related("summons").get(pk=hearing.pk)
    hearing.case = case
    summons_service_verdict(hearing, by).raise_if_refused()
    if isinstance(served_on, date):
        summons_date_verdict(hearing.hearing_on, served_on=served_on).raise_if_refused()
    documents.record_service(
        hearing.summons,
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
    hearing.summons_served_on = served_on
    hearing.save(update_fields=["summons_served_on"])
    audit.record(
        "penalties.hearing.summons_served",
        hearing,
        by=by,
        data={
            "summons": hearing.summons.number,
            "served_on": served_on,
            "hearing_on": hearing.hearing_on,
        },
    )
    return hearing


def postpone_verdict(hearing: Hearing, user: Any) -> Verdict:
    verdict = guards.may_change(hearing.case, user)
    if hearing.status != Hearing.Status.SCHEDULED:
        verdict += Verdict.refuse("R-32", _("听证不处于已安排状态，不能延期"))
    return verdict


@transaction.atomic
def postpone_hearing(
    hearing: Hearing, *, by: Any, new_hearing_at: datetime, requested_by: str, reason: str
) -> Hearing:
    """Record the postponement and issue a new 听证通知书 for the new date (R-32)."""
    case = lock(hearing.case_id)
    hearing = (
        Hearing.objects.select_for_update()
        .select_related("summons", "presiding_officer", "recorder", "request__notice__proposal")
        .get(pk=hearing.pk)
    )
    hearing.case = case
    postpone_verdict(hearing, by).raise_if_refused()
    if requested_by not in HearingPostponement.RequestedBy.values:
        raise DomainError(_("请选择延期的提出方"))
    reason = clean_text(reason, required=True, label=_("延期理由"))
    if len(reason) > MAX_TEXT:
        raise DomainError(_("延期理由过长（上限 %(n)s 字）") % {"n": MAX_TEXT})
    new_at = _aware(new_hearing_at)
    new_on = timezone.localdate(new_at)
    if new_at <= hearing.hearing_at:
        raise DomainError(_("延期后的听证时间须晚于原定时间"))
    summons_date_verdict(new_on).raise_if_refused()
    old_summons, old_at = hearing.summons, hearing.hearing_at
    if documents.void_verdict(old_summons).ok:
        documents.void_document(old_summons, _("听证延期，原听证通知书作废"), by=by)
    data = documents_data.summons_data(
        case,
        hearing.request.notice,
        hearing_at=new_at,
        place=hearing.place,
        public=hearing.public,
        presiding=hearing.presiding_officer,
        recorder=hearing.recorder,
        on=clock.today(),
    )
    document = documents.issue_document(
        agency=case.acting_agency or case.agency,
        case_id=case.pk,
        kind="hearing_summons",
        data=data,
        by=by,
    )
    HearingPostponement.objects.create(
        hearing=hearing,
        old_hearing_at=old_at,
        new_hearing_at=new_at,
        requested_by=requested_by,
        reason=reason,
        old_summons=old_summons,
        recorded_by=by,
        recorded_at=clock.now(),
    )
    hearing.hearing_at, hearing.hearing_on = new_at, new_on
    hearing.summons, hearing.summons_served_on = document, None
    hearing.save(update_fields=["hearing_at", "hearing_on", "summons", "summons_served_on"])
    audit.record(
        "penalties.hearing.postponed",
        hearing,
        by=by,
        before={"hearing_on": timezone.localdate(old_at), "summons": old_summons.number},
        after={"hearing_on": new_on, "summons": document.number},
        data={"requested_by": requested_by, "reason": reason},
    )
    return hearing


# --- recusal (R-33) -------------------------------------------------------------------------------


def recusal_request_verdict(hearing: Hearing, user: Any) -> Verdict:
    verdict = guards.not_closed(hearing.case)
    if not (guards.can_change(hearing.case, user) or guards.is_supervisor_of(hearing.case, user)):
        verdict += Verdict.refuse(
            guards.ACCESS, _("您不是本案承办人员或本机关负责人，不能办理本案事项")
        )
    if hearing.status != Hearing.Status.SCHEDULED:
        verdict += Verdict.refuse("R-33", _("听证不处于已安排状态"))
    return verdict


@transaction.atomic
def request_hearing_recusal(
    hearing: Hearing, *, by: Any, role: str, applicant: str, grounds: str, requested_on: date
) -> HearingRecusal:
    """R-33: the party asks that the presiding officer or the recorder step aside."""
    lock(hearing.case_id)
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    recusal_request_verdict(hearing, by).raise_if_refused()
    if role not in HearingRecusal.Role.values:
        raise DomainError(_("请选择被申请回避人担任的职责"))
    officer = (
        hearing.presiding_officer if role == HearingRecusal.Role.PRESIDING else hearing.recorder
    )
    if not isinstance(requested_on, date) or requested_on > clock.today():
        raise DomainError(_("申请日期无效"))
    if HearingRecusal.objects.filter(
        hearing=hearing, officer=officer, status=HearingRecusal.Status.PENDING
    ).exists():
        raise DomainError(_("对%(name)s的回避申请尚未决定") % {"name": officer.name})
    recusal = HearingRecusal.objects.create(
        hearing=hearing,
        officer=officer,
        role=role,
        applicant=clean_text(applicant, required=True, label=_("申请人"))[:200],
        grounds=clean_text(grounds, required=True, label=_("申请理由")),
        requested_on=requested_on,
        recorded_by=by,
    )
    audit.record(
        "penalties.hearing.recusal_requested",
        recusal,
        by=by,
        data={"officer": officer.name, "role": role, "grounds": recusal.grounds},
    )
    return recusal


def recusal_decision_verdict(recusal: HearingRecusal, user: Any) -> Verdict:
    case = recusal.hearing.case
    verdict = guards.not_closed(case) + guards.supervisor(
        case, user, "R-33", _("听证回避申请的决定")
    )
    if recusal.status != HearingRecusal.Status.PENDING:
        verdict += Verdict.refuse("R-33", _("该回避申请已决定"))
    return verdict


@transaction.atomic
def decide_hearing_recusal(
    recusal: HearingRecusal, *, by: Any, grant: bool, reasons: str
) -> HearingRecusal:
    """R-33: the agency head decides; a granted recusal means the officer is replaced."""
    lock(recusal.hearing.case_id)
    recusal = (
        HearingRecusal.objects.select_for_update()
        .select_related("hearing__case", "officer")
        .get(pk=recusal.pk)
    )
    recusal_decision_verdict(recusal, by).raise_if_refused()
    reasons = clean_text(reasons, required=True, label=_("决定理由"))
    recusal.status = HearingRecusal.Status.GRANTED if grant else HearingRecusal.Status.REFUSED
    recusal.decided_by, recusal.decided_on, recusal.decision_reasons = by, clock.today(), reasons
    recusal.save(update_fields=["status", "decided_by", "decided_on", "decision_reasons"])
    audit.record(
        "penalties.hearing.recusal_granted" if grant else "penalties.hearing.recusal_refused",
        recusal,
        by=by,
        data={"officer": recusal.officer.name, "role": recusal.role, "reasons": reasons},
    )
    return recusal


@transaction.atomic
def replace_hearing_officer(hearing: Hearing, *, by: Any, role: str, officer: Officer) -> Hearing:
    """Put another (non-investigating, not recused) officer in the role (R-33)."""
    case = lock(hearing.case_id)
    hearing = (
        Hearing.objects.select_for_update()
        .select_related("presiding_officer", "recorder")
        .get(pk=hearing.pk)
    )
    hearing.case = case
    postpone_verdict(hearing, by).raise_if_refused()
    if role not in HearingRecusal.Role.values:
        raise DomainError(_("请选择职责"))
    presiding = officer if role == HearingRecusal.Role.PRESIDING else hearing.presiding_officer
    recorder = officer if role == HearingRecusal.Role.RECORDER else hearing.recorder
    verdict = officers_verdict(case, presiding, recorder)
    if HearingRecusal.objects.filter(
        hearing=hearing, officer=officer, status=HearingRecusal.Status.GRANTED
    ).exists():
        verdict += Verdict.refuse(
            "R-33", _("%(name)s已准予回避，不得担任") % {"name": officer.name}
        )
    verdict.raise_if_refused()
    old = hearing.presiding_officer if role == HearingRecusal.Role.PRESIDING else hearing.recorder
    hearing.presiding_officer, hearing.recorder = presiding, recorder
    hearing.save(update_fields=["presiding_officer", "recorder"])
    audit.record(
        "penalties.hearing.officer_replaced",
        hearing,
        by=by,
        before={role: old.name},
        after={role: officer.name},
    )
    return hearing


# --- the hearing record (R-34) ---------------------------------------------------------------------


def hold_verdict(hearing: Hearing, user: Any) -> Verdict:
    """Everything a hearing record needs before it can be made."""
    case = hearing.case
    verdict = guards.may_change(case, user)
    verdict += guards.in_states(case, {S.HEARING_SCHEDULED}, "R-34", _("制作听证笔录"))
    if hearing.status != Hearing.Status.SCHEDULED:
        verdict += Verdict.refuse("R-34", _("听证不处于已安排状态"))
    if hearing.summons_served_on is None:
        verdict += Verdict.refuse(
            "R-32", _("听证通知书（%(n)s）尚未送达，不能举行听证") % {"n": hearing.summons.number}
        )
    else:
        verdict += summons_date_verdict(hearing.hearing_on, served_on=hearing.summons_served_on)
    verdict += officers_verdict(case, hearing.presiding_officer, hearing.recorder)
    for r in (
        HearingRecusal.objects.filter(hearing=hearing)
        .exclude(status=HearingRecusal.Status.REFUSED)
        .select_related("officer")
    ):
        if r.officer_id not in (hearing.presiding_officer_id, hearing.recorder_id):
            continue
        if r.status == HearingRecusal.Status.PENDING:
            verdict += Verdict.refuse(
                "R-33", _("对%(name)s的回避申请尚未决定，不能举行听证") % {"name": r.officer.name}
            )
        else:
            verdict += Verdict.refuse(
                "R-33", _("%(name)s已准予回避，须更换后方可举行听证") % {"name": r.officer.name}
            )
    if clock.today() < hearing.hearing_on:
        verdict += Verdict.refuse(
            "R-32", _("听证定于 %(d)s 举行，尚未到听证日期") % {"d": hearing.hearing_on.isoformat()}
        )
    return verdict


@transaction.atomic
def record_hearing(
    hearing: Hearing,
    *,
    by: Any,
    held_on: date,
    attendance: str,
    signature: str,
    participants: list[dict[str, str]] | None = None,
    investigators_case: str = "",
    defence: str = "",
    cross_examination: str = "",
    final_statement: str = "",
    signature_note: str = "",
) -> HearingRecord:
    """The 听证笔录 (R-34). Absent without good reason or left without permission: the
    hearing is waived and the case goes back to NOTIFIED; otherwise HEARING_HELD."""
    case = lock(hearing.case_id)
    hearing = (
        Hearing.objects.select_for_update()
        .select_related("summons", "presiding_officer", "recorder", "request__notice__proposal")
        .get(pk=hearing.pk)
    )
    hearing.case = case
    hold_verdict(hearing, by).raise_if_refused()
    if held_on != hearing.hearing_on:
        raise DomainError(
            _("听证日期须为通知的 %(d)s；改期的须先登记延期听证")
            % {"d": hearing.hearing_on.isoformat()}
        )
    if attendance not in HearingRecord.Attendance.values:
        raise DomainError(_("请选择出席情况"))
    if signature not in HearingRecord.Signature.values:
        raise DomainError(_("请选择签名情况"))
    texts = {
        "investigators_case": clean_text(investigators_case, label=_("调查人员意见")),
        "defence": clean_text(defence, label=_("当事人陈述申辩")),
        "cross_examination": clean_text(cross_examination, label=_("质证和辩论")),
        "final_statement": clean_text(final_statement, label=_("最后陈述")),
    }
    if any(len(t) > MAX_TEXT for t in texts.values()):
        raise DomainError(_("笔录内容过长（每项上限 %(n)s 字）") % {"n": MAX_TEXT})
    note = clean_text(signature_note, label=_("签名情况说明"))
    people = []
    for p in participants or []:
        role = clean_text((p or {}).get("role"), label=_("身份"))[:50]
        name = clean_text((p or {}).get("name"), label=_("姓名"))[:100]
        if name:
            people.append({"role": role or _("参加人"), "name": name})
    waived = attendance != HearingRecord.Attendance.ATTENDED  # absence or leaving = waiver
    if not waived:
        if not texts["investigators_case"] or not texts["defence"]:
            raise RuleViolation(
                "R-34", _("听证笔录须记录调查人员提出的事实、证据和处罚建议，以及当事人的陈述申辩")
            )
        if signature == HearingRecord.Signature.NOT_PRESENT:
            raise RuleViolation("R-34", _("当事人出席听证的，听证笔录须由当事人签名或注明拒绝签名"))
    if signature == HearingRecord.Signature.REFUSED and not note:
        raise RuleViolation("R-34", _("当事人拒绝签名的，须在听证笔录中注明情况"))
    if (
        attendance == HearingRecord.Attendance.ABSENT
        and signature == HearingRecord.Signature.SIGNED
    ):
        raise DomainError(_("当事人未出席听证，不能选择“已签名”"))
    record = HearingRecord(
        hearing=hearing,
        held_on=held_on,
        attendance=attendance,
        participants=people,
        signature=signature,
        signature_note=note,
        waived=waived,
        recorded_by=by,
        recorded_at=clock.now(),
        **texts,
    )
    record.document = documents.issue_document(
        agency=case.acting_agency or case.agency,
        case_id=case.pk,
        kind="hearing_record",
        data=documents_data.hearing_record_data(case, hearing, record),
        by=by,
    )
    record.save()
    hearing.status = Hearing.Status.WAIVED if waived else Hearing.Status.HELD
    hearing.save(update_fields=["status"])
    _close_clock_period(hearing.request, end=held_on, by=by)  # the hearing period ends
    audit.record(
        "penalties.hearing.waived" if waived else "penalties.hearing.held",
        record,
        by=by,
        data={
            "held_on": held_on,
            "attendance": attendance,
            "signature": signature,
            "record": record.document.number,
        },
    )
    workflow.transition(
        case,
        S.NOTIFIED if waived else S.HEARING_HELD,
        by=by,
        data={"hearing": hearing.pk, "waived": waived},
    )
    return record


__all__ = [
    "accepted_request",
    "current_hearing",
    "decide_hearing_recusal",
    "hold_verdict",
    "investigator_ids",
    "officers_verdict",
    "postpone_hearing",
    "postpone_verdict",
    "record_hearing",
    "record_summons_service",
    "recusal_decision_verdict",
    "recusal_request_verdict",
    "replace_hearing_officer",
    "request_hearing",
    "request_hearing_recusal",
    "request_verdict",
    "schedule_hearing",
    "schedule_verdict",
    "summons_date_verdict",
    "summons_service_verdict",
    "withdraw_hearing_request",
    "withdraw_verdict",
]
