"""The workflow table and transition(): edges, locking, audit, R-04 guard."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from cases import services, workflow
from cases.models import Case
from cases.states import State
from core.errors import InvalidTransition, RuleViolation
from tests.cases.factories import filed, lead

pytestmark = pytest.mark.django_db


def test_table_is_consistent():
    states = {s.value for s in State}
    for e in workflow.EDGES:
        assert e.source in states and e.target in states, e
        assert e.source not in workflow.TERMINAL
    # every state but the initial ones is reachable, every non-terminal one can be left
    targets = {e.target for e in workflow.EDGES}
    sources = {e.source for e in workflow.EDGES}
    assert states - targets == set(workflow.INITIAL) - targets
    assert states - sources == set(workflow.TERMINAL)
    assert workflow.CLOSABLE == {
        "executing",
        "served",
        "summary_decided",
        "no_penalty",
        "not_established",
        "transferred",
        "terminated",
        "withdrawn",
    }
    assert State.DECIDED not in workflow.CLOSABLE


def test_flowchart_has_chinese_labels():
    chart = workflow.flowchart()
    labels = {n["id"]: n["label"] for n in chart["nodes"]}
    assert labels["lead"] == "线索核查" and labels["closed"] == "已结案"
    assert {
        "from": "lead",
        "to": "filing_review",
        "action": "request_filing",
        "label": "提请立案",
    } in chart["edges"]
    assert len(chart["edges"]) == len(workflow.EDGES)


def test_transition_refuses_an_edge_not_in_the_table(w):
    case = lead(w)
    with pytest.raises(InvalidTransition) as exc:
        workflow.transition(case, State.DECIDED, by=w.supervisor)
    assert str(exc.value) == "案件当前状态为“线索核查”，不能转为“已决定”"
    assert Case.objects.get(pk=case.pk).state == State.LEAD


def test_transition_records_event_and_bumps_version(w):
    case = filed(w)
    version = case.version
    services.transition(case, State.INVESTIGATING, by=w.a, data={"why": "test"})
    case.refresh_from_db()
    assert case.state == State.INVESTIGATING and case.version == version + 1
    event = AuditEvent.objects.filter(case_id=case.pk).order_by("-seq").first()
    assert event.action == "cases.case.investigating"
    assert event.before["state"] == "filed" and event.after["state"] == "investigating"
    assert event.data == {"why": "test"}


def test_r04_transition_refused_while_recusal_pending(w):
    case = filed(w)
    services.request_recusal(
        case, by=w.b, officer=w.a.officer, applicant="张三", grounds="与当事人有利害关系"
    )
    with pytest.raises(RuleViolation) as exc:
        services.start_investigation(case, by=w.a)
    assert (
        str(exc.value) == f"R-04: {w.a.officer.name}的回避申请尚未决定，决定前不得参与本案执法活动"
    )
    assert Case.objects.get(pk=case.pk).state == State.FILED
