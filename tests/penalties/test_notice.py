"""The notice of rights (R-24, R-25, R-30, R-01, R-38): what it needs before it is issued,
what it states, how its service starts the clocks, and the PDFs of the notice, the hearing
notice and the hearing record with the computed dates."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import Case
from cases.states import State
from core import clock
from core.errors import RuleViolation
from documents.models import Document
from penalties.models import Notice
from penalties.services import hearings, notices, proposals
from tests.penalties import notice_support
from tests.penalties.notice_support import (
    ISSUED,
    ORDINARY,
    SERVED,
    fine,
    notified_case,
    pdf,
    proposed_case,
    reload,
    serve,
    set_rules,
)

w = notice_support.w
_media = notice_support._media


def pdftotext(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, timeout=30)
    return out.stdout.decode("utf-8").replace(" ", "").replace("\n", "")


needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


def test_r24_no_notice_while_the_proposal_awaits_its_departure_approval(w):
    with clock.travel(ISSUED):
        case = proposed_case(w)
        proposals.propose(
            case, facts=ORDINARY, penalty=fine(5000), by=w.a, departure_reasons="已及时改正"
        )
        with pytest.raises(RuleViolation) as err:
            notices.issue_notice(case, by=w.a, facts="事实")
    assert str(err.value) == (
        "R-17: 第2版拟处罚偏离裁量基准，须经机关负责人批准或者集体讨论决定后方可告知"
    )
    assert not Notice.objects.exists()
    assert not Document.objects.filter(kind="penalty_notice").exists()
    assert reload(case).state == State.PROPOSED


def test_r01_the_notice_needs_two_qualified_officers(w):
    with clock.travel(ISSUED):
        case = proposed_case(w)
        with pytest.raises(RuleViolation) as err:
            notices.issue_notice(case, by=w.a, facts="事实", officers=[w.a.officer])
    assert str(err.value) == "R-01: 执法活动须由两名以上执法人员参与"
    assert not Notice.objects.exists()


def test_r24_only_in_proposed_and_only_once_until_served(w):
    with clock.travel(ISSUED):
        case = proposed_case(w)
        notice = notices.issue_notice(case, by=w.a, facts="事实")
        with pytest.raises(RuleViolation) as err:
            notices.issue_notice(case, by=w.a, facts="事实")
    assert str(err.value) == (f"R-24: 已制作行政处罚告知书（{notice.document.number}），请登记送达")
    assert Notice.objects.count() == 1


@pytest.mark.parametrize(
    ("threshold", "offered"), [("20000", True), ("20000.01", False), ("10000", True)]
)
def test_r30_hearing_offered_at_the_agency_threshold_inclusive(w, threshold, offered):
    set_rules(w.agency, hearing_threshold_person=Decimal(threshold))
    with clock.travel(ISSUED):
        case = proposed_case(w)  # a 20,000 yuan fine for a natural person
        notice = notices.issue_notice(case, by=w.a, facts="事实")
    assert notice.hearing_offered is offered
    data = notice.document.data
    assert data["hearing_offered"] is offered
    assert ("hearing_request_deadline" in data) is offered
    assert any("有权要求举行听证" in r for r in data["rights"]) is offered


def test_r24_the_notice_states_penalty_facts_basis_rights_and_periods_from_service(w):
    with clock.travel(ISSUED):
        case = proposed_case(w)
        notice = notices.issue_notice(case, by=w.a, facts="当事人未按规定公示食品经营许可证。")
    data = notice.document.data
    assert data["penalties"] == [{"type_label": "罚款", "amount": "20000.00"}]
    assert data["facts"][0] == "当事人未按规定公示食品经营许可证。"
    assert data["legal_basis"].startswith("《中华人民共和国食品安全法》")
    assert data["statement_period"] == "自送达之日起5个工作日内"
    assert data["statement_deadline"] == "自送达之日起5个工作日届满"
    assert len(data["officers"]) == 2 and all(o["certificate_number"] for o in data["officers"])
    assert notice.served_on is None and notice.statement_deadline is None
    assert notice.penalty == {"types": ["fine"], "fine": "20000.00", "gains": "0", "property": "0"}
    assert AuditEvent.objects.filter(action="penalties.notice.issued").exists()


def test_r38_service_sets_the_clocks_and_moves_the_case_to_notified(w):
    case, notice = notified_case(w, issued=ISSUED, served=SERVED)
    assert notice.status == Notice.Status.SERVED
    assert (notice.served_on, notice.statement_deadline, notice.hearing_request_deadline) == (
        SERVED,
        date(2026, 10, 13),
        date(2026, 10, 13),
    )
    assert case.state == State.NOTIFIED
    event = AuditEvent.objects.get(action="penalties.notice.served")
    assert event.data["statement_deadline"] == "2026-10-13"
    with clock.travel(date(2026, 10, 2)), pytest.raises(RuleViolation) as err:
        notices.record_notice_service(
            notice, method="direct", served_on=SERVED, recipient="张三", proof=pdf(), by=w.a
        )
    assert "行政处罚告知书已于 2026-09-30 送达" in str(err.value)


def test_r38_a_service_date_before_the_issue_date_is_refused(w):
    with clock.travel(ISSUED):
        case = proposed_case(w)
        notice = notices.issue_notice(case, by=w.a, facts="事实")
    with clock.travel(SERVED), pytest.raises(RuleViolation):
        notices.record_notice_service(
            notice,
            method="direct",
            served_on=date(2026, 9, 1),
            recipient="张三",
            proof=pdf(),
            by=w.a,
        )
    assert reload(notice).served_on is None
    assert Case.objects.get(pk=case.pk).state == State.PROPOSED


@needs_poppler
def test_notice_hearing_notice_and_record_render_with_the_computed_dates(
    w, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case, notice = notified_case(w, issued=ISSUED, served=SERVED)
    text = pdftotext(Path(reload(notice.document).latest_version.file.path))
    assert "行政处罚告知书" in text
    assert "自送达之日起5个工作日届满前" in text
    assert "自送达之日起5个工作日内" in text
    assert "有权要求举行听证" in text
    assert "人民币贰万元整" in text
    hearing_at = timezone.make_aware(datetime(2026, 10, 26, 9, 30))
    with django_capture_on_commit_callbacks(execute=True):
        with clock.travel(date(2026, 10, 9)):
            hearings.request_hearing(
                case, by=w.a, received_on=date(2026, 10, 9), channel="written", requested_by="张三"
            )
            hearing = hearings.schedule_hearing(
                case,
                by=w.a,
                presiding_officer=w.c.officer,
                recorder=w.legal.officer,
                place="第一听证室",
                hearing_at=hearing_at,
            )
    text = pdftotext(Path(reload(hearing.summons).latest_version.file.path))
    assert "听证通知书" in text and "2026年10月26日9时30分" in text and "第一听证室" in text
    assert w.c.officer.name in text
    with clock.travel(date(2026, 10, 14)):
        hearings.record_summons_service(
            hearing,
            method="direct",
            served_on=date(2026, 10, 14),
            recipient="张三",
            proof=pdf(),
            by=w.a,
        )
    with django_capture_on_commit_callbacks(execute=True):
        with clock.travel(date(2026, 10, 26)):
            record = hearings.record_hearing(
                reload(hearing),
                by=w.a,
                held_on=date(2026, 10, 26),
                attendance="attended",
                signature="signed",
                participants=[{"role": "委托代理人", "name": "陈律师"}],
                investigators_case="当事人未公示许可证，建议罚款二万元。",
                defence="已改正，请求从轻。",
            )
    text = pdftotext(Path(reload(record.document).latest_version.file.path))
    assert "听证笔录" in text and "2026年10月26日9时30分" in text
    assert "陈律师" in text and "已改正，请求从轻" in text


def test_renotify_is_refused_before_a_notice_was_served(w):
    with clock.travel(ISSUED):
        case = proposed_case(w)
        notices.issue_notice(case, by=w.a, facts="事实")
        verdict = notices.renotify_verdict(reload(case), w.a)
    assert "R-26: 没有已送达的行政处罚告知书，无须重新告知" in verdict.reasons


def test_a_new_proposal_before_service_voids_the_unserved_notice(w):
    with clock.travel(ISSUED):
        case = proposed_case(w)
        first = notices.issue_notice(case, by=w.a, facts="事实")
        proposals.propose(case, facts=ORDINARY, penalty=fine(25000), by=w.a)
        second = notices.issue_notice(case, by=w.a, facts="事实")
    first = reload(first)
    assert first.status == Notice.Status.SUPERSEDED
    assert first.document.status == Document.Status.VOID
    assert second.penalty["fine"] == "25000.00"
    served = serve(second, w.a, SERVED)
    assert served.statement_deadline == date(2026, 10, 13)
