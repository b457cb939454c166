"""Proposals and notices through the API (the stages built so far): R-13 (first minor
offence: a fine is refused without written departure reasons, and waits for the head's
approval before the notice), R-17 (the proposer may not approve their own departure),
R-24/R-25 (the gate while the notice is unserved and during the statement period), a
statement and its re-check, and 404 for another agency."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Case
from cases.states import State
from core import clock
from penalties.models import Notice, Proposal
from tests.api.conftest import problem
from tests.cases.factories import in_state, person, resident_id

pytestmark = pytest.mark.django_db

FIRST_MINOR = {"minor": True, "harm": "small", "facts_certain": True}
ORDINARY = {"minor": False, "harm": "general", "facts_certain": True}
R13_REFUSAL = (
    "初次违法、情节轻微、社会危害性较小，应当适用警告而非罚款；拟处罚款属于偏离，"
    "须书面说明理由，并经机关负责人批准或者集体讨论决定（R-17）。未填写偏离理由，不能提交。"
)


def closed(w) -> Case:
    party = person(w.a, id_number=resident_id(date(1990, 3, 7)))
    return in_state(w, State.INVESTIGATION_CLOSED, party=party)


def test_r13_fine_for_a_first_minor_offence_is_refused(w, api):
    case = closed(w)
    officer = api(w.a)
    preview = officer.post(
        f"cases/{case.pk}/proposals/preview/",
        {**FIRST_MINOR, "penalty_types": ["fine"], "fine": "5000"},
    )
    assert preview.status_code == 200, preview.content
    assert preview.json()["outcome"] == "departure"
    assert preview.json()["recommendation"]["outcome"] == "warning"

    r = officer.post(
        f"cases/{case.pk}/proposals/",
        {**FIRST_MINOR, "penalty_types": ["fine"], "fine": "5000"},
    )
    body = problem(r)
    assert r.status_code == 422 and body["rule"] == "R-13"
    assert body["message"] == R13_REFUSAL
    assert not Proposal.objects.filter(case=case).exists()
    assert Case.objects.get(pk=case.pk).state == State.INVESTIGATION_CLOSED

    # A warning is what the law wants here: accepted.
    r = officer.post(f"cases/{case.pk}/proposals/", {**FIRST_MINOR, "penalty_types": ["warning"]})
    assert r.status_code == 201, r.content
    assert r.json()["status"] == "accepted" and r.json()["version"] == 1


def test_r13_departure_waits_for_the_heads_approval_before_the_notice(w, api):
    case = closed(w)
    officer, head = api(w.a), api(w.supervisor)
    r = officer.post(
        f"cases/{case.pk}/proposals/",
        {
            **FIRST_MINOR,
            "penalty_types": ["fine"],
            "fine": "5000",
            "departure_reasons": "当事人拒不配合调查",
        },
    )
    assert r.status_code == 201 and r.json()["status"] == "departure_pending"
    version = r.json()["version"]

    notice = {
        "facts": "当事人未按规定公示食品经营许可证。",
        "officers": [w.a.officer.pk, w.b.officer.pk],
    }
    r = officer.post(f"cases/{case.pk}/notice/actions/issue-notice/", notice)
    assert r.status_code == 422 and problem(r)["rule"] == "R-13"
    assert not Notice.objects.filter(case=case).exists()

    # the proposer cannot approve their own departure; the head can.
    r = officer.post(
        f"cases/{case.pk}/proposals/{version}/departure/",
        {"decision": "approve", "via": "head", "reasons": "同意"},
    )
    assert r.status_code == 422 and problem(r)["rule"] == "R-17"
    r = head.post(
        f"cases/{case.pk}/proposals/{version}/departure/",
        {"decision": "approve", "via": "head", "reasons": "同意，理由充分"},
    )
    assert r.status_code == 200 and r.json()["status"] == "departure_approved"

    r = officer.post(f"cases/{case.pk}/notice/actions/issue-notice/", notice)
    assert r.status_code == 200, r.content
    assert Notice.objects.filter(case=case).count() == 1


def test_notice_service_statement_and_the_gate(w, api):
    case = closed(w)
    officer = api(w.a)
    r = officer.post(f"cases/{case.pk}/proposals/", {**ORDINARY, "penalty_types": ["warning"]})
    assert r.status_code == 201, r.content
    r = officer.post(
        f"cases/{case.pk}/notice/actions/issue-notice/",
        {
            "facts": "当事人未按规定公示食品经营许可证。",
            "officers": [w.a.officer.pk, w.b.officer.pk],
        },
    )
    assert r.status_code == 200, r.content

    page = officer.get(f"cases/{case.pk}/notice/").json()
    assert page["gate"]["may_decide"] is False
    assert [p["rule"] for p in page["gate"]["problems"]] == ["R-24"]  # issued, not served
    offered = {a["code"]: a for a in page["actions"]}
    assert offered["serve_notice"]["available"] is True

    proof = SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n% signed\n%%EOF\n")
    r = officer.upload(
        offered["serve_notice"]["url"],
        {
            "method": "direct",
            "served_on": clock.today().isoformat(),
            "recipient": "张三",
            "proof": proof,
        },
    )
    assert r.status_code == 200, r.content
    assert r.json()["case"]["state"] == State.NOTIFIED

    page = officer.get(f"cases/{case.pk}/notice/").json()
    [served] = page["notices"]
    assert served["served_on"] == clock.today().isoformat() and served["statement_deadline"]
    assert [p["rule"] for p in page["gate"]["problems"]] == ["R-25"]
    assert served["statement_deadline"] in page["gate"]["problems"][0]["detail"]

    r = officer.upload(
        f"cases/{case.pk}/notice/actions/record-statement/",
        {
            "received_on": clock.today().isoformat(),
            "channel": "written",
            "stated_by": "张三",
            "content": "已整改，请求从轻。",
        },
    )
    assert r.status_code == 200, r.content
    page = officer.get(f"cases/{case.pk}/notice/").json()
    [statement] = page["statements"]
    assert statement["recheck"] is None
    assert "R-25" in [p["rule"] for p in page["gate"]["problems"]]
    r = officer.post(
        f"cases/{case.pk}/notice/actions/record-recheck/",
        {"statement": statement["id"], "outcome": "not_adopted", "reasons": "理由不成立"},
    )
    assert r.status_code == 200, r.content
    page = officer.get(f"cases/{case.pk}/notice/").json()
    assert page["statements"][0]["recheck"]["outcome"] == "not_adopted"


def test_proposals_and_notices_of_another_agency_are_404(w, api):
    case = closed(w)
    outsider = api(w.outsider_supervisor)
    assert outsider.get(f"cases/{case.pk}/proposals/").status_code == 404
    assert outsider.get(f"cases/{case.pk}/notice/").status_code == 404
    r = outsider.post(f"cases/{case.pk}/proposals/", {**ORDINARY, "penalty_types": ["warning"]})
    assert r.status_code == 404
    assert not Proposal.objects.filter(case=case).exists()


def test_hearing_request_and_scheduling(w, api):
    """R-30: a 20,000 yuan fine for a natural person carries the hearing right; the party's
    request (R-31) and the hearing arranged with a presiding officer who is not an
    investigator (R-33), through the notice page's actions."""
    case = closed(w)
    officer = api(w.a)
    r = officer.post(
        f"cases/{case.pk}/proposals/", {**ORDINARY, "penalty_types": ["fine"], "fine": "20000"}
    )
    assert r.status_code == 201 and r.json()["status"] == "accepted", r.content
    r = officer.post(
        f"cases/{case.pk}/notice/actions/issue-notice/",
        {
            "facts": "当事人未按规定公示食品经营许可证。",
            "officers": [w.a.officer.pk, w.b.officer.pk],
        },
    )
    assert r.status_code == 200, r.content
    proof = SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n% signed\n%%EOF\n")
    r = officer.upload(
        f"cases/{case.pk}/notice/actions/serve-notice/",
        {
            "method": "direct",
            "served_on": clock.today().isoformat(),
            "recipient": "张三",
            "proof": proof,
        },
    )
    assert r.status_code == 200, r.content
    notice = officer.get(f"cases/{case.pk}/notice/").json()["notices"][0]
    assert notice["hearing_offered"] is True and notice["hearing_request_deadline"]

    r = officer.post(
        f"cases/{case.pk}/notice/actions/request-hearing/",
        {"received_on": clock.today().isoformat(), "channel": "written", "requested_by": "张三"},
    )
    assert r.status_code == 200, r.content
    assert r.json()["case"]["state"] == State.HEARING_REQUESTED
    page = officer.get(f"cases/{case.pk}/notice/").json()
    assert "R-31" in [p["rule"] for p in page["gate"]["problems"]]

    # an investigator of the case may not preside.
    hearing = {
        "presiding_officer": w.a.officer.pk,
        "recorder": w.c.officer.pk,
        "place": "测试市市场监督管理局听证室",
        "hearing_date": "2026-09-21",
        "hearing_time": "09:30",
        "public": True,
    }
    r = officer.post(f"cases/{case.pk}/notice/actions/schedule-hearing/", hearing)
    assert r.status_code == 422 and problem(r)["rule"] == "R-33", r.content
    r = officer.post(
        f"cases/{case.pk}/notice/actions/schedule-hearing/",
        {**hearing, "presiding_officer": w.c.officer.pk, "recorder": w.supervisor.officer.pk},
    )
    assert r.status_code == 200, r.content
    assert r.json()["case"]["state"] == State.HEARING_SCHEDULED
