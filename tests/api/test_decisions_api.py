"""The rest of the general procedure through the API: proposal → notice (served) →
submit → the head's approval (R-29) → decision refused during the statement period
(R-25) and issued after it → decision served (R-38) → execution (amount due) and a
payment (R-40). Every step calls the page's service; R-24 stands in the gate while no
notice has been served."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Case
from cases.states import State
from core import clock
from penalties.models import Decision, Payment
from tests.api.conftest import START, problem
from tests.cases.factories import in_state, organisation

pytestmark = pytest.mark.django_db

AFTER_PERIOD = date(2026, 9, 9)  # served 09-01; 5 WD end on 09-08
ORDINARY = {"minor": False, "harm": "general", "facts_certain": True}


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n% signed\n%%EOF\n")


def test_decision_and_execution_through_the_api(w, api):
    # An organisation: a 20,000 yuan fine is in the ordinary tier and below its hearing
    # threshold (100,000), so no hearing, discussion or legal review is required.
    case = in_state(w, State.INVESTIGATING, party=organisation(w.a))
    officer, head = api(w.a), api(w.supervisor)
    # a decision cites verified evidence.
    r = officer.post(
        f"cases/{case.pk}/evidence/",
        {
            "type": "site_record",
            "title": "现场检查照片",
            "collected_on": START.isoformat(),
            "collectors": [w.a.officer.pk, w.b.officer.pk],
            "method": "现场拍照",
            "source": "执法人员现场拍摄",
        },
    )
    assert r.status_code == 201, r.content
    assert officer.post(f"cases/{case.pk}/evidence/{r.json()['id']}/verify/").status_code == 200
    r = officer.post(f"cases/{case.pk}/actions/close-investigation/", {"reasons": "调查终结"})
    assert r.status_code == 200, r.content

    r = officer.post(
        f"cases/{case.pk}/proposals/", {**ORDINARY, "penalty_types": ["fine"], "fine": "20000"}
    )
    assert r.status_code == 201 and r.json()["status"] == "accepted", r.content

    # no decision before a notice is served; the gate says so, and nothing decides.
    page = officer.get(f"cases/{case.pk}/decision/").json()
    assert page["gate"]["ok"] is False and page["gate"]["problems"][0]["rule"] == "R-24"
    assert officer.post(f"cases/{case.pk}/decision/actions/issue/").status_code == 409

    r = officer.post(
        f"cases/{case.pk}/notice/actions/issue-notice/",
        {
            "facts": "当事人未按规定公示食品经营许可证。",
            "officers": [w.a.officer.pk, w.b.officer.pk],
        },
    )
    assert r.status_code == 200, r.content
    r = officer.upload(
        f"cases/{case.pk}/notice/actions/serve-notice/",
        {"method": "direct", "served_on": START.isoformat(), "recipient": "张三", "proof": _pdf()},
    )
    assert r.status_code == 200, r.content

    r = officer.post(f"cases/{case.pk}/decision/actions/submit/")
    assert r.status_code == 200 and r.json()["case"]["state"] == State.APPROVAL, r.content

    # the head approves from the queue; an investigator cannot.
    [approval] = head.get("approvals/").json()["results"]
    assert officer.get("approvals/").json()["results"] == []
    assert officer.get(f"approvals/{approval['id']}/").status_code == 404
    r = head.post(
        f"approvals/{approval['id']}/decide/",
        {"decision": "approve", "outcome": "penalty", "reasons": "同意"},
    )
    assert r.status_code == 200 and r.json()["status"] == "approved", r.content

    # no decision before the statement period ends (the party's whole last day).
    r = officer.post(f"cases/{case.pk}/decision/actions/issue/")
    body = problem(r)
    assert r.status_code == 422 and body["rule"] == "R-25"
    assert "陈述申辩期至 2026-09-08 届满，届满前不得作出处罚决定" in body["detail"]
    assert not Decision.objects.filter(case=case).exists()

    with clock.travel(AFTER_PERIOD):
        r = officer.post(f"cases/{case.pk}/decision/actions/issue/")
        assert r.status_code == 200, r.json()
        assert r.json()["case"]["state"] == State.DECIDED
        r = officer.upload(
            f"cases/{case.pk}/decision/actions/serve/",
            {
                "method": "direct",
                "served_on": AFTER_PERIOD.isoformat(),
                "recipient": "张三",
                "proof": _pdf(),
            },
        )
        assert r.status_code == 200, r.content
        decision = Decision.objects.get(case=case)
        assert decision.served_on == AFTER_PERIOD and decision.payment_due_on

        page = officer.get(f"cases/{case.pk}/execution/").json()
        assert page["account"]["principal"] == "20000.00"
        offered = {a["code"]: a for a in page["actions"]}
        assert offered["exec_payment"]["available"], offered["exec_payment"]
        r = officer.post(
            offered["exec_payment"]["url"],
            {
                "amount": "20000.00",
                "paid_on": AFTER_PERIOD.isoformat(),
                "channel": "bank",
                "reference": "BANK-2026-0001",
            },
        )
        assert r.status_code == 200, r.content
        assert Payment.objects.get(case=case).amount == 20000
        page = officer.get(f"cases/{case.pk}/execution/").json()
        assert page["account"]["outstanding"] == "0.00"
    assert Case.objects.get(pk=case.pk).state in (State.EXECUTING, State.SERVED)
