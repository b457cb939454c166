"""The decision gate (R-24, R-25, R-26, R-31, R-34): each missing piece on its own, with its
exact message, the working-day edges over the National Day holiday, written waivers, and
the R-26 new notice that restarts the clocks."""

from __future__ import annotations

from datetime import date

import pytest

from cases.models import Case
from cases.states import State
from core import clock, workdays
from core.errors import DomainError, RuleViolation
from penalties import discretion as d
from penalties.models import Notice, Waiver
from penalties.services import hearings, notices, proposals, statements
from tests.penalties import notice_support
from tests.penalties.notice_support import (
    ISSUED,
    ORDINARY,
    SERVED,
    fine,
    gate_on,
    no_hearing_world,
    notified_case,
    pdf,
    proposed_case,
    reload,
    serve,
)

# Fixtures: the world of personas (w) and a throw-away MEDIA_ROOT (autouse).
w = notice_support.w
_media = notice_support._media

R25_1013 = "R-25: 陈述申辩期至 2026-10-13 届满，届满前不得作出处罚决定"
R31_1013 = "R-31: 听证申请期至 2026-10-13 届满，届满前不得作出处罚决定"


def test_r24_no_notice_at_all(w):
    with clock.travel(ISSUED):
        case = proposed_case(w)
    assert gate_on(case, date(2026, 12, 1)) == [
        "R-24: 尚未向当事人送达行政处罚告知书，不得作出处罚决定"
    ]


def test_r24_notice_issued_but_not_served(w):
    with clock.travel(ISSUED):
        case = proposed_case(w)
        notice = notices.issue_notice(case, by=w.a, facts="事实")
    assert gate_on(case, date(2026, 12, 1)) == [
        f"R-24: 行政处罚告知书（{notice.document.number}）尚未送达当事人，不得作出处罚决定"
    ]


def test_r25_r50_statement_period_over_national_day(w):
    """R-25/R-50: served 2026-09-30, 5 WD skip 10-01..10-07 and count Sat 10-10 (make-up
    working day): the last day is 10-13; refused on 10-13, allowed on 10-14."""
    no_hearing_world(w)
    case, notice = notified_case(w, issued=ISSUED, served=SERVED)
    assert workdays.add_workdays(SERVED, 5) == date(2026, 10, 13)
    assert workdays.is_workday(date(2026, 10, 10))
    assert not any(workdays.is_workday(date(2026, 10, n)) for n in range(1, 8))
    assert notice.statement_deadline == date(2026, 10, 13)
    assert not notice.hearing_offered
    assert gate_on(case, date(2026, 10, 8)) == [R25_1013]
    assert gate_on(case, date(2026, 10, 13)) == [R25_1013]
    assert gate_on(case, date(2026, 10, 14)) == []


def test_r25_the_agency_setting_of_7_wd_moves_the_last_day(w):
    no_hearing_world(w)
    w.agency.rule_settings.statement_period_wd = 7
    w.agency.rule_settings.save(update_fields=["statement_period_wd"])
    case, notice = notified_case(w, issued=ISSUED, served=SERVED)
    assert notice.statement_deadline == workdays.add_workdays(SERVED, 7) == date(2026, 10, 15)
    msg = "R-25: 陈述申辩期至 2026-10-15 届满，届满前不得作出处罚决定"
    assert gate_on(case, date(2026, 10, 14)) == [msg]
    assert gate_on(case, date(2026, 10, 15)) == [msg]
    assert gate_on(case, date(2026, 10, 16)) == []


def test_r25_clocks_start_at_the_recorded_service_date_not_the_issue_date(w):
    no_hearing_world(w)
    case, notice = notified_case(w, issued=date(2026, 9, 21), served=date(2026, 10, 9))
    assert notice.issued_on == date(2026, 9, 21)
    assert notice.served_on == date(2026, 10, 9)
    assert notice.statement_deadline == workdays.add_workdays(date(2026, 10, 9), 5)
    assert notice.statement_deadline == date(2026, 10, 15)  # Sat 10-10 is a working day
    assert gate_on(case, date(2026, 10, 15)) == [
        "R-25: 陈述申辩期至 2026-10-15 届满，届满前不得作出处罚决定"
    ]


def test_r31_hearing_window_runs_with_the_statement_period(w):
    """A notice that offered a hearing (R-30): the request window (5 WD, R-31) too."""
    case, notice = notified_case(w, issued=ISSUED, served=SERVED)
    assert notice.hearing_offered
    assert notice.hearing_request_deadline == date(2026, 10, 13)
    assert gate_on(case, date(2026, 10, 13)) == [R25_1013, R31_1013]
    assert gate_on(case, date(2026, 10, 14)) == []


def test_r25_written_waiver_lets_the_decision_through_early(w):
    case, notice = notified_case(w, issued=ISSUED, served=SERVED)
    with clock.travel(date(2026, 10, 8)):
        with pytest.raises(RuleViolation) as err:
            statements.record_waiver(
                case,
                by=w.a,
                scope=Waiver.Scope.ALL,
                signed_on=date(2026, 10, 8),
                signed_by="张三",
                document=None,
            )
        assert str(err.value) == (
            "R-25: 放弃陈述申辩权利须由当事人书面提出，请上传当事人签署的书面材料"
        )
        assert not Waiver.objects.exists()
        waiver = statements.record_waiver(
            case,
            by=w.a,
            scope=Waiver.Scope.STATEMENT,
            signed_on=date(2026, 10, 8),
            signed_by="张三",
            document=pdf("waiver.pdf"),
        )
    assert len(waiver.sha256) == 64 and waiver.file.name.endswith(".pdf")
    # The statement right waived; the hearing window still runs.
    assert gate_on(case, date(2026, 10, 8)) == [R31_1013]
    with clock.travel(date(2026, 10, 8)):
        statements.record_waiver(
            case,
            by=w.a,
            scope=Waiver.Scope.HEARING,
            signed_on=date(2026, 10, 8),
            signed_by="张三",
            document=pdf("waiver2.pdf"),
        )
    assert gate_on(case, date(2026, 10, 8)) == []


def test_r25_statement_without_a_recheck_blocks_the_decision(w):
    no_hearing_world(w)
    case, _notice = notified_case(w, issued=ISSUED, served=SERVED)
    with clock.travel(date(2026, 10, 9)):
        statement = statements.record_statement(
            case,
            by=w.a,
            received_on=date(2026, 10, 9),
            channel="written",
            stated_by="张三",
            content="已及时改正，请求从轻处罚。",
            attachments=[pdf("statement.pdf")],
        )
    assert statement.attachments.get().sha256
    msg = "R-25: 当事人 2026-10-09 提出的陈述申辩（第1号）尚未复核，不得作出处罚决定"
    assert gate_on(case, date(2026, 10, 14)) == [msg]
    with clock.travel(date(2026, 10, 14)):
        with pytest.raises(RuleViolation) as err:
            statements.record_recheck(statement, by=w.a, outcome="not_adopted", reasons=" ")
        assert str(err.value) == "R-25: 不予采纳或部分采纳陈述申辩的，须说明理由"
        statements.record_recheck(
            statement, by=w.a, outcome="not_adopted", reasons="改正不影响违法事实的认定"
        )
        with pytest.raises(RuleViolation) as err:
            statements.record_recheck(statement, by=w.a, outcome="adopted", reasons="")
        assert str(err.value) == "R-25: 第1号陈述申辩已复核，每份陈述申辩只复核一次"
    assert gate_on(case, date(2026, 10, 14)) == []


def test_r31_hearing_requested_and_not_scheduled(w):
    case, _notice = notified_case(w, issued=ISSUED, served=SERVED)
    with clock.travel(date(2026, 10, 9)):
        hearings.request_hearing(
            case, by=w.a, received_on=date(2026, 10, 9), channel="written", requested_by="张三"
        )
    assert gate_on(case, date(2026, 10, 14)) == [
        "R-31: 当事人已于 2026-10-09 申请听证，尚未安排听证，不得作出处罚决定"
    ]


def test_r34_hearing_scheduled_and_not_held(w):
    case, _notice = notified_case(w, issued=ISSUED, served=SERVED)
    with clock.travel(date(2026, 10, 9)):
        hearings.request_hearing(
            case, by=w.a, received_on=date(2026, 10, 9), channel="written", requested_by="张三"
        )
        hearings.schedule_hearing(
            case,
            by=w.a,
            presiding_officer=w.c.officer,
            recorder=w.legal.officer,
            place="第一听证室",
            hearing_at=clock.start_of_day(date(2026, 10, 26)).replace(hour=9),
        )
    assert gate_on(case, date(2026, 10, 14)) == [
        "R-34: 听证定于 2026-10-26 举行，尚未制作听证笔录，不得作出处罚决定"
    ]


def test_r26_a_heavier_penalty_than_notified_is_refused(w):
    case, _notice = notified_case(w, issued=ISSUED, served=SERVED)
    day = date(2026, 10, 14)
    assert gate_on(case, day) == []
    assert gate_on(case, day, penalty=fine(15000)) == []  # lighter is fine
    assert gate_on(case, day, penalty=fine(30000)) == [
        "R-26: 决定的罚款 30,000.00 元高于告知的 20,000.00 元。"
        "须重新告知当事人，不得作出重于告知内容的处罚决定"
    ]
    heavier_type = d.Proposal.of(d.PenaltyType.FINE, d.PenaltyType.SUSPEND_BUSINESS, fine=20000)
    reasons = gate_on(case, day, penalty=heavier_type)
    assert len(reasons) == 2 and all(r.startswith("R-26: ") for r in reasons)
    assert "责令停产停业" in reasons[0]


def test_r26_renotify_supersedes_the_notice_and_restarts_the_clocks(w):
    case, old = notified_case(w, issued=ISSUED, served=SERVED)
    with clock.travel(date(2026, 10, 14)):
        with pytest.raises(DomainError):
            notices.renotify(case, by=w.a, reasons="  ")
        notices.renotify(case, by=w.a, reasons="补充查明：违法经营持续三个月，违法所得增加。")
        case = reload(case)
        assert case.state == State.PROPOSED
        old = reload(old)
        assert old.status == Notice.Status.SUPERSEDED
        proposals.propose(case, facts=ORDINARY, penalty=fine(30000), by=w.a)
        new = notices.issue_notice(case, by=w.a, facts="当事人未按规定公示食品经营许可证。")
    assert new.seq == 2 and reload(old).superseded_by == new
    assert "违法所得增加" in new.changes
    assert "违法所得增加" in new.document.data["facts"][0]
    assert gate_on(case, date(2026, 10, 20), penalty=fine(30000)) == [
        f"R-24: 行政处罚告知书（{new.document.number}）尚未送达当事人，不得作出处罚决定"
    ]
    new = serve(new, w.a, date(2026, 10, 20))
    assert new.statement_deadline == date(2026, 10, 27)
    assert gate_on(case, date(2026, 10, 27), penalty=fine(30000)) == [
        "R-25: 陈述申辩期至 2026-10-27 届满，届满前不得作出处罚决定",
        "R-31: 听证申请期至 2026-10-27 届满，届满前不得作出处罚决定",
    ]
    assert gate_on(case, date(2026, 10, 28), penalty=fine(30000)) == []
    assert reload(case).state == State.NOTIFIED


def test_the_gate_lists_every_missing_piece_at_once(w):
    case, _notice = notified_case(w, issued=ISSUED, served=SERVED)
    with clock.travel(date(2026, 10, 9)):
        statements.record_statement(
            case,
            by=w.a,
            received_on=date(2026, 10, 9),
            channel="in_person",
            stated_by="张三",
            content="对事实无异议。",
        )
        hearings.request_hearing(
            case, by=w.a, received_on=date(2026, 10, 9), channel="oral", requested_by="张三"
        )
    assert gate_on(case, date(2026, 10, 12), penalty=fine(25000)) == [
        "R-25: 陈述申辩期至 2026-10-13 届满，届满前不得作出处罚决定",
        "R-25: 当事人 2026-10-09 提出的陈述申辩（第1号）尚未复核，不得作出处罚决定",
        "R-31: 当事人已于 2026-10-09 申请听证，尚未安排听证，不得作出处罚决定",
        "R-26: 决定的罚款 25,000.00 元高于告知的 20,000.00 元。"
        "须重新告知当事人，不得作出重于告知内容的处罚决定",
    ]


def test_r24_gate_reads_the_database_not_the_passed_instance(w):
    """A stale Case instance (state from before the service) gets the current answer."""
    no_hearing_world(w)
    with clock.travel(ISSUED):
        case = proposed_case(w)
        notice = notices.issue_notice(case, by=w.a, facts="事实")
    stale = Case.objects.get(pk=case.pk)
    serve(notice, w.a, SERVED)
    with clock.travel(date(2026, 10, 14)):
        from penalties.gate import decision_gate

        assert decision_gate(stale).ok
