"""Hearings (R-30–R-35): the request window, the 7 WD hearing notice, the presiding
officer and recorder, recusal, the hearing record and absence as waiver, and the hearing
period that stops the R-35 clock."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from cases import deadlines
from cases.models import Case, ExcludedPeriod
from cases.states import State
from core import clock, workdays
from core.errors import DomainError, RuleViolation
from documents.models import ServiceRecord
from penalties.models import Hearing, HearingRecord, HearingRecusal, HearingRequest
from penalties.services import hearings
from tests.factories import OfficerFactory
from tests.penalties import notice_support
from tests.penalties.notice_support import (
    ISSUED,
    SERVED,
    gate_on,
    no_hearing_world,
    notified_case,
    pdf,
    reload,
)

w = notice_support.w
_media = notice_support._media

REQUESTED = date(2026, 10, 9)
SCHEDULED = date(2026, 10, 12)
HEARING_DAY = date(2026, 10, 26)


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def requested(w):
    case, notice = notified_case(w, issued=ISSUED, served=SERVED)
    with clock.travel(REQUESTED):
        hearings.request_hearing(
            case, by=w.a, received_on=REQUESTED, channel="written", requested_by="张三"
        )
    return reload(case), notice


def scheduled(w, day: date = HEARING_DAY):
    case, notice = requested(w)
    with clock.travel(SCHEDULED):
        hearing = hearings.schedule_hearing(
            case,
            by=w.a,
            presiding_officer=w.c.officer,
            recorder=w.legal.officer,
            place="第一听证室",
            hearing_at=at(day),
        )
    return reload(case), hearing


def serve_summons(hearing, by, on: date):
    with clock.travel(on):
        return hearings.record_summons_service(
            hearing, method="direct", served_on=on, recipient="张三", proof=pdf(), by=by
        )


def test_r31_a_request_on_the_6th_wd_is_recorded_and_refused_with_the_reason(w):
    case, notice = notified_case(w, issued=ISSUED, served=SERVED)
    assert notice.hearing_request_deadline == date(2026, 10, 13)  # 5 WD over National Day
    late = date(2026, 10, 14)
    assert workdays.workdays_between(SERVED, late) == 6
    with clock.travel(late):
        request = hearings.request_hearing(
            case, by=w.a, received_on=late, channel="post", requested_by="张三"
        )
    assert request.status == HearingRequest.Status.REFUSED
    assert not request.in_window
    assert request.refusal_rule == "R-31"
    assert request.refusal_reason == (
        "听证申请于 2026-10-14 提出，已超过听证申请期限（2026-10-13 届满），不予受理"
    )
    assert reload(case).state == State.NOTIFIED
    assert AuditEvent.objects.filter(action="penalties.hearing.request_refused").exists()
    assert gate_on(case, late) == []


def test_r31_a_request_on_the_5th_wd_is_accepted(w):
    case, notice = notified_case(w, issued=ISSUED, served=SERVED)
    with clock.travel(date(2026, 10, 13)):
        request = hearings.request_hearing(
            case, by=w.a, received_on=date(2026, 10, 13), channel="oral", requested_by="张三"
        )
    assert request.status == HearingRequest.Status.ACCEPTED and request.in_window
    assert reload(case).state == State.HEARING_REQUESTED


def test_r30_a_request_when_no_hearing_was_offered_is_refused(w):
    no_hearing_world(w)
    case, _notice = notified_case(w, issued=ISSUED, served=SERVED)
    with clock.travel(REQUESTED):
        request = hearings.request_hearing(
            case, by=w.a, received_on=REQUESTED, channel="written", requested_by="张三"
        )
    assert request.status == HearingRequest.Status.REFUSED
    assert request.refusal_rule == "R-30"
    assert reload(case).state == State.NOTIFIED


def test_r35_the_hearing_period_stops_the_decision_clock(w):
    case, _notice = notified_case(w, issued=ISSUED, served=SERVED)
    due_before = reload(case).decision_due_on
    with clock.travel(REQUESTED):
        request = hearings.request_hearing(
            case, by=w.a, received_on=REQUESTED, channel="written", requested_by="张三"
        )
    period = ExcludedPeriod.objects.get(pk=request.clock_period_id)
    assert period.kind == ExcludedPeriod.Kind.HEARING
    assert period.start == REQUESTED and period.end is None
    # While it lasts, each day moves the decision deadline on (10-09..10-20: 12 days).
    clock_then = deadlines.compute(reload(case), today=date(2026, 10, 20))
    assert clock_then.excluded_days == 12 and clock_then.stopped_by == "听证"
    assert clock_then.due_on == workdays.add_calendar_days(reload(case).filed_on, 90 + 12)
    assert due_before == workdays.add_calendar_days(reload(case).filed_on, 90)


def test_r32_a_hearing_date_fewer_than_7_wd_away_is_refused(w):
    case, _notice = requested(w)
    assert workdays.add_workdays(SCHEDULED, 7) == date(2026, 10, 21)
    with clock.travel(SCHEDULED):
        with pytest.raises(RuleViolation) as err:
            hearings.schedule_hearing(
                case,
                by=w.a,
                presiding_officer=w.c.officer,
                recorder=w.legal.officer,
                place="第一听证室",
                hearing_at=at(date(2026, 10, 20)),
            )
        assert str(err.value) == (
            "R-32: 听证通知书须在举行听证7个工作日前送达；听证日期 2026-10-20 距今天仅 6 个工作日，"
            "最早可定于 2026-10-21"
        )
        assert not Hearing.objects.exists()
        hearing = hearings.schedule_hearing(
            case,
            by=w.a,
            presiding_officer=w.c.officer,
            recorder=w.legal.officer,
            place="第一听证室",
            hearing_at=at(date(2026, 10, 21)),
        )
    assert hearing.hearing_on == date(2026, 10, 21)
    assert reload(case).state == State.HEARING_SCHEDULED


def test_r32_hearing_notice_served_6_wd_before_is_refused_7_wd_accepted(w):
    _case, hearing = scheduled(w)
    six = date(2026, 10, 16)
    assert workdays.workdays_between(six, HEARING_DAY) == 6
    with pytest.raises(RuleViolation) as err:
        serve_summons(hearing, w.a, six)
    assert str(err.value) == (
        "R-32: 听证通知书须在听证日 2026-10-26 的7个工作日前送达；2026-10-16 送达距听证日仅 6 个"
        "工作日，请延期听证并重新通知"
    )
    assert not ServiceRecord.objects.filter(document=hearing.summons).exists()
    seven = date(2026, 10, 15)
    hearing = serve_summons(reload(hearing), w.a, seven)
    assert hearing.summons_served_on == seven


def test_r33_an_investigator_may_not_preside_or_record(w):
    case, _notice = requested(w)
    with clock.travel(SCHEDULED):
        with pytest.raises(RuleViolation) as err:
            hearings.schedule_hearing(
                case,
                by=w.a,
                presiding_officer=w.a.officer,
                recorder=w.b.officer,
                place="第一听证室",
                hearing_at=at(HEARING_DAY),
            )
    a, b = w.a.officer.name, w.b.officer.name
    assert str(err.value) == (
        f"R-33: {a}是本案调查人员，不得担任听证主持人；R-33: {b}是本案调查人员，不得担任记录员"
    )
    assert reload(case).state == State.HEARING_REQUESTED
    assert not Hearing.objects.exists()


def test_r33_a_pending_or_granted_recusal_blocks_the_hearing_until_replaced(w):
    case, hearing = scheduled(w)
    serve_summons(hearing, w.a, date(2026, 10, 14))
    with clock.travel(date(2026, 10, 15)):
        recusal = hearings.request_hearing_recusal(
            hearing,
            by=w.a,
            role=HearingRecusal.Role.PRESIDING,
            applicant="张三",
            grounds="主持人与对方有利害关系",
            requested_on=date(2026, 10, 15),
        )
    name = w.c.officer.name
    with clock.travel(HEARING_DAY):
        assert (
            f"R-33: 对{name}的回避申请尚未决定，不能举行听证"
            in hearings.hold_verdict(reload(hearing), w.a).reasons
        )
        with pytest.raises(RuleViolation) as err:
            hearings.decide_hearing_recusal(recusal, by=w.a, grant=True, reasons="理由成立")
        assert "R-33" in str(err.value)
        hearings.decide_hearing_recusal(recusal, by=w.supervisor, grant=True, reasons="理由成立")
        assert (
            f"R-33: {name}已准予回避，须更换后方可举行听证"
            in hearings.hold_verdict(reload(hearing), w.a).reasons
        )
        with pytest.raises(RuleViolation):  # an investigator is no replacement either
            hearings.replace_hearing_officer(
                reload(hearing), by=w.a, role="presiding", officer=w.b.officer
            )
        other = OfficerFactory(agency=w.agency).user
        hearings.replace_hearing_officer(
            reload(hearing), by=w.a, role="presiding", officer=other.officer
        )
        assert hearings.hold_verdict(reload(hearing), w.a).ok


def test_r34_absence_without_good_reason_is_a_waiver(w):
    case, hearing = scheduled(w)
    serve_summons(hearing, w.a, date(2026, 10, 14))
    with clock.travel(HEARING_DAY):
        record = hearings.record_hearing(
            reload(hearing),
            by=w.a,
            held_on=HEARING_DAY,
            attendance=HearingRecord.Attendance.ABSENT,
            signature=HearingRecord.Signature.NOT_PRESENT,
        )
    assert record.waived
    assert reload(hearing).status == Hearing.Status.WAIVED
    assert reload(case).state == State.NOTIFIED
    period = ExcludedPeriod.objects.get(case=case, kind=ExcludedPeriod.Kind.HEARING)
    assert (period.start, period.end) == (REQUESTED, HEARING_DAY)
    filed_on = reload(case).filed_on
    assert reload(case).decision_due_on == workdays.add_calendar_days(filed_on, 90 + 18)
    assert gate_on(case, HEARING_DAY) == []
    assert AuditEvent.objects.filter(action="penalties.hearing.waived").exists()


def test_r34_a_held_hearing_needs_both_sides_and_a_signature_or_noted_refusal(w):
    case, hearing = scheduled(w)
    serve_summons(hearing, w.a, date(2026, 10, 14))
    kwargs = dict(
        by=w.a,
        held_on=HEARING_DAY,
        attendance=HearingRecord.Attendance.ATTENDED,
        investigators_case="当事人未公示许可证，建议罚款二万元。",
        defence="已改正，请求从轻。",
    )
    with clock.travel(HEARING_DAY):
        with pytest.raises(RuleViolation) as err:
            hearings.record_hearing(reload(hearing), signature="refused", **kwargs)
        assert str(err.value) == "R-34: 当事人拒绝签名的，须在听证笔录中注明情况"
        with pytest.raises(RuleViolation) as err:
            hearings.record_hearing(reload(hearing), signature="not_present", **kwargs)
        assert str(err.value) == "R-34: 当事人出席听证的，听证笔录须由当事人签名或注明拒绝签名"
        with pytest.raises(DomainError):  # the date of the notice, not another
            hearings.record_hearing(
                reload(hearing), signature="signed", **{**kwargs, "held_on": date(2026, 10, 23)}
            )
        record = hearings.record_hearing(
            reload(hearing), signature="refused", signature_note="当事人拒绝签名", **kwargs
        )
    assert not record.waived
    assert reload(case).state == State.HEARING_HELD
    assert reload(hearing).status == Hearing.Status.HELD
    assert gate_on(case, HEARING_DAY) == []


def test_r32_a_hearing_cannot_be_recorded_before_its_notice_was_served(w):
    _case, hearing = scheduled(w)
    with clock.travel(HEARING_DAY):
        reasons = hearings.hold_verdict(reload(hearing), w.a).reasons
    assert reasons == [f"R-32: 听证通知书（{hearing.summons.number}）尚未送达，不能举行听证"]


def test_postponement_keeps_the_old_date_and_needs_a_new_notice(w):
    case, hearing = scheduled(w)
    with clock.travel(date(2026, 10, 14)):
        hearing = hearings.postpone_hearing(
            hearing,
            by=w.a,
            new_hearing_at=at(date(2026, 11, 2)),
            requested_by="party",
            reason="当事人因病申请延期",
        )
    assert hearing.hearing_on == date(2026, 11, 2)
    assert hearing.summons_served_on is None
    p = hearing.postponements.get()
    assert timezone.localdate(p.old_hearing_at) == HEARING_DAY
    assert p.old_summons.status == "void"
    assert gate_on(case, date(2026, 10, 20)) == [
        "R-34: 听证定于 2026-11-02 举行，尚未制作听证笔录，不得作出处罚决定"
    ]


def test_withdrawing_the_request_ends_the_hearing_period(w):
    case, _notice = requested(w)
    with clock.travel(SCHEDULED):
        hearings.withdraw_hearing_request(case, by=w.a, withdrawn_on=SCHEDULED)
    assert reload(case).state == State.NOTIFIED
    period = ExcludedPeriod.objects.get(case=case, kind=ExcludedPeriod.Kind.HEARING)
    assert period.end == SCHEDULED
    assert gate_on(case, date(2026, 10, 14)) == []


def test_only_the_case_officers_may_act(w):
    case, _notice = notified_case(w, issued=ISSUED, served=SERVED)
    with clock.travel(REQUESTED):
        with pytest.raises(RuleViolation):
            hearings.request_hearing(
                case, by=w.outsider, received_on=REQUESTED, channel="written", requested_by="张三"
            )
    assert not HearingRequest.objects.exists()
    assert Case.objects.get(pk=case.pk).state == State.NOTIFIED
