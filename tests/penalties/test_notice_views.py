"""The notice page and its action forms: the gate panel, disabled actions with the guard's
reasons, translated form errors (NUL rejected, bad dates, bad uploads) that change
nothing, audited file downloads, and 404 for another agency's officers."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from cases.states import State
from core import clock
from penalties.models import Notice, Statement, Waiver
from penalties.services import proposals, statements
from tests.penalties import notice_support
from tests.penalties.notice_support import (
    ISSUED,
    SERVED,
    notified_case,
    pdf,
    proposed_case,
    reload,
)

w = notice_support.w
_media = notice_support._media


def page(case) -> str:
    return reverse("penalties:notice_page", args=[case.pk])


def act(case, code: str) -> str:
    return reverse("penalties:notice_action", args=[case.pk, code])


def test_the_notice_page_shows_the_gate_and_the_computed_dates(w, client):
    case, notice = notified_case(w, issued=ISSUED, served=SERVED)
    client.force_login(w.a)
    with clock.travel(date(2026, 10, 12)):
        r = client.get(page(case))
    assert r.status_code == 200
    html = r.content.decode()
    assert "可否作出处罚决定" in html
    assert "R-25: 陈述申辩期至 2026-10-13 届满，届满前不得作出处罚决定" in html
    assert "2026-10-13" in html and notice.document.number in html
    # Actions that do not apply now are shown disabled with the reason.
    assert "行政处罚告知书尚未送达" not in html


def test_disabled_action_shows_the_guards_reasons(w, client):
    with clock.travel(ISSUED):
        case = proposed_case(w)
        proposals.propose(
            case,
            facts=notice_support.ORDINARY,
            penalty=notice_support.fine(5000),
            by=w.a,
            departure_reasons="已及时改正",
        )
        client.force_login(w.a)
        r = client.get(page(case))
        assert r.status_code == 200
        assert "R-17: 第2版拟处罚偏离裁量基准，须经机关负责人批准或者集体讨论决定后方可告知" in (
            r.content.decode()
        )
        r = client.post(act(case, "issue_notice"), {"facts": "事实"})
    assert r.status_code == 200
    assert not Notice.objects.exists()


def test_issue_and_serve_through_the_forms(w, client):
    with clock.travel(ISSUED):
        case = proposed_case(w)
        client.force_login(w.a)
        r = client.get(act(case, "issue_notice"))
        assert r.status_code == 200
        officers = [w.a.officer.pk, w.b.officer.pk]
        r = client.post(
            act(case, "issue_notice"), {"facts": "当事人未公示许可证。", "officers": officers}
        )
        assert r.status_code == 302, r.content.decode()
    notice = Notice.objects.get(case=case)
    with clock.travel(SERVED):
        bad = client.post(
            act(case, "serve_notice"),
            {"method": "direct", "served_on": "2026-13-45", "recipient": "张三", "proof": pdf()},
        )
        assert bad.status_code == 200 and reload(notice).served_on is None
        future = client.post(
            act(case, "serve_notice"),
            {"method": "direct", "served_on": "2026-10-30", "recipient": "张三", "proof": pdf()},
        )
        assert future.status_code == 200
        assert "晚于今天" in future.content.decode()
        assert reload(notice).served_on is None
        r = client.post(
            act(case, "serve_notice"),
            {"method": "direct", "served_on": "2026-09-30", "recipient": "张三", "proof": pdf()},
        )
        assert r.status_code == 302
    notice = reload(notice)
    assert notice.statement_deadline == date(2026, 10, 13)
    assert reload(case).state == State.NOTIFIED


def test_nul_bytes_and_bad_uploads_are_form_errors_that_change_nothing(w, client):
    case, _notice = notified_case(w, issued=ISSUED, served=SERVED)
    client.force_login(w.a)
    with clock.travel(date(2026, 10, 9)):
        r = client.post(
            act(case, "record_statement"),
            {
                "received_on": "2026-10-09",
                "channel": "written",
                "stated_by": "张三",
                "content": "内容\x00",
            },
        )
        assert r.status_code == 200
        assert not Statement.objects.exists()
        exe = SimpleUploadedFile("x.pdf", b"MZ\x90\x00\x03binary", content_type="application/pdf")
        r = client.post(
            act(case, "record_statement"),
            {
                "received_on": "2026-10-09",
                "channel": "written",
                "stated_by": "张三",
                "content": "请求从轻",
                "attachments": [exe],
            },
        )
        assert r.status_code == 200
        assert "文件类型不在允许范围内" in r.content.decode()
        assert not Statement.objects.exists()
        r = client.post(
            act(case, "record_waiver"),
            {"scope": "statement", "signed_on": "2026-10-09", "signed_by": "张三"},
        )
        assert r.status_code == 200 and not Waiver.objects.exists()
        r = client.post(
            act(case, "record_statement"),
            {
                "received_on": "2026-10-09",
                "channel": "written",
                "stated_by": "张三",
                "content": "请求从轻",
                "attachments": [pdf("a.pdf"), pdf("b.pdf")],
            },
        )
        assert r.status_code == 302
    statement = Statement.objects.get()
    assert statement.attachments.count() == 2


def test_file_downloads_are_audited_and_404_elsewhere(w, client):
    case, _notice = notified_case(w, issued=ISSUED, served=SERVED)
    with clock.travel(date(2026, 10, 9)):
        waiver = statements.record_waiver(
            case,
            by=w.a,
            scope="all",
            signed_on=date(2026, 10, 9),
            signed_by="张三",
            document=pdf("w.pdf"),
        )
    url = reverse("penalties:notice_file", args=[case.pk, "waiver", waiver.pk])
    client.force_login(w.a)
    r = client.get(url)
    assert r.status_code == 200
    assert b"".join(r.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="penalties.notice_file.downloaded").count() == 1
    for bad in (
        reverse("penalties:notice_file", args=[case.pk, "waiver", waiver.pk + 999]),
        reverse("penalties:notice_file", args=[case.pk, "nope", waiver.pk]),
        f"/penalties/cases/{case.pk}/notice/files/waiver/99999999999999999999999/",
    ):
        assert client.get(bad).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "outsider_supervisor"])
def test_another_agencys_officer_gets_404_everywhere(w, client, who):
    case, _notice = notified_case(w, issued=ISSUED, served=SERVED)
    with clock.travel(date(2026, 10, 9)):
        waiver = statements.record_waiver(
            case, by=w.a, scope="all", signed_on=date(2026, 10, 9), signed_by="张三", document=pdf()
        )
    client.force_login(getattr(w, who))
    urls = [
        page(case),
        act(case, "record_statement"),
        act(case, "request_hearing"),
        reverse("penalties:notice_file", args=[case.pk, "waiver", waiver.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    r = client.post(
        act(case, "request_hearing"),
        {"received_on": "2026-10-09", "channel": "written", "requested_by": "X"},
    )
    assert r.status_code == 404


def test_every_action_page_renders_without_error(w, client):
    case, _notice = notified_case(w, issued=ISSUED, served=SERVED)
    client.force_login(w.supervisor)
    from penalties.views.notices import ACTIONS

    with clock.travel(date(2026, 10, 9)):
        for action in ACTIONS:
            r = client.get(act(case, action.code))
            assert r.status_code in (200, 404), action.code
        assert client.get(act(case, "no-such-action")).status_code == 404
        assert client.get(page(case)).status_code == 200


def test_the_legal_office_reads_but_cannot_act(w, client):
    case, _notice = notified_case(w, issued=ISSUED, served=SERVED)
    client.force_login(w.legal)
    with clock.travel(date(2026, 10, 9)):
        assert client.get(page(case)).status_code == 200
        r = client.post(
            act(case, "record_statement"),
            {
                "received_on": "2026-10-09",
                "channel": "written",
                "stated_by": "张三",
                "content": "请求从轻",
            },
        )
    assert r.status_code == 200
    assert "您不是本案承办人员或本机关负责人" in r.content.decode()
    assert not Statement.objects.exists()


def test_r50_a_deadline_counted_on_the_mon_fri_fallback_is_flagged(w, client):
    """Served 2026-12-28: the 5 WD run into 2027, which the calendar data does not cover."""
    case, notice = notified_case(w, issued=date(2026, 12, 21), served=date(2026, 12, 28))
    assert notice.statement_deadline == date(2027, 1, 4)
    client.force_login(w.a)
    with clock.travel(date(2026, 12, 29)):
        html = client.get(page(case)).content.decode()
    assert "R-50: 2027 年节假日数据未录入，期限按周一至周五计算" in html
