"""Headline rules through the API: each refusal is a 422 problem+json naming the rule id
with the same translated sentence the case page shows, and nothing is written.

R-13 (first minor offence → warning) needs the proposal stage; it is tested when that
stage has an API endpoint."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from cases import services
from cases.models import Approval, Case, Evidence, Record
from cases.states import State
from core import clock
from officers.models import Power
from tests.api.conftest import problem
from tests.cases.factories import filed, in_state, investigating, lead, person

pytestmark = pytest.mark.django_db


def refused(response, rule: str) -> dict:
    body = problem(response)
    assert response.status_code == 422, body
    assert body["type"] == "/api/problems/rule-violation"
    assert body["rule"] == rule
    assert rule in [p["rule"] for p in body["problems"]]
    return body


def _filing_refused(api, w, case, rule: str) -> dict:
    officer = api(w.a)
    events = AuditEvent.objects.count()
    r = officer.post(f"cases/{case.pk}/actions/request-filing/", {"reasons": "拟立案"})
    body = refused(r, rule)
    case.refresh_from_db()
    assert case.state == State.LEAD
    assert not Approval.objects.filter(case=case, kind=Approval.Kind.FILING).exists()
    assert AuditEvent.objects.count() == events  # nothing written
    return body


def test_r10_filing_refused_after_the_limitation_period(w, api):
    today = clock.today()
    case = lead(
        w, act_date=today - timedelta(days=3 * 366), discovered_on=today - timedelta(days=1)
    )
    body = _filing_refused(api, w, case, "R-10")
    start, found = case.act_date.isoformat(), case.discovered_on.isoformat()
    assert body["message"].startswith(
        f"违法行为于 {start} 发生，{found} 才被发现，已超过2年追责时效"
    )
    assert body["detail"].startswith("R-10: ")
    # The case page's guard says the same.
    detail = api(w.a).get(f"cases/{case.pk}/").json()
    [offer] = [a for a in detail["actions"] if a["code"] == "request_filing"]
    assert offer["available"] is False and offer["rules"] == ["R-10"]
    assert offer["reasons"][0] == body["problems"][0]["detail"]


def test_r03_filing_refused_without_the_power(w, api):
    Power.objects.filter(agency=w.agency).delete()
    case = lead(w)
    body = _filing_refused(api, w, case, "R-03")
    assert "不享有" in body["message"] and "FOOD-001" in body["message"]


def test_r11_one_act_one_case(w, api):
    party = person(w.a)
    first = filed(w, party=party)
    case = lead(w, party=party)
    body = _filing_refused(api, w, case, "R-11")
    assert first.number in body["message"] and "不得重复立案" in body["message"]


def test_r01_filing_needs_two_qualified_officers(w, api):
    case = lead(w, by=w.c)  # only officer c is assigned
    officer = api(w.c)
    events = AuditEvent.objects.count()
    r = officer.post(f"cases/{case.pk}/actions/request-filing/", {"reasons": "拟立案"})
    body = refused(r, "R-01")
    assert "执法活动须由两名以上执法人员参与" in body["detail"]
    case.refresh_from_db()
    assert case.state == State.LEAD and AuditEvent.objects.count() == events


def test_r01_evidence_and_records_need_two_collectors(w, api):
    case = investigating(w)
    one = [w.a.officer.pk]
    r = api(w.a).post(
        f"cases/{case.pk}/evidence/",
        {
            "type": "documentary",
            "title": "进货单",
            "collected_on": clock.today().isoformat(),
            "collectors": one,
            "method": "复印",
            "source": "当事人提供",
        },
    )
    assert refused(r, "R-01")["message"] == "执法活动须由两名以上执法人员参与"
    r = api(w.a).post(
        f"cases/{case.pk}/records/",
        {
            "kind": "inspection",
            "held_on": clock.today().isoformat(),
            "place": "现场",
            "subject_name": "王五",
            "officers": one,
            "content": "检查情况",
            "signature": "signed",
        },
    )
    refused(r, "R-01")
    assert not Evidence.objects.filter(case=case).exists()
    assert not Record.objects.filter(case=case).exists()


def test_r22_illegally_obtained_evidence_is_never_verified(w, api):
    case = investigating(w)
    ev = services.add_evidence(
        case,
        by=w.a,
        type="audiovisual",
        title="偷拍录像",
        collected_on=clock.today(),
        collectors=[w.a.officer, w.b.officer],
        method="偷拍",
        source="现场",
    )
    officer = api(w.a)
    r = officer.post(
        f"cases/{case.pk}/evidence/{ev.pk}/exclude/",
        {"reasons": "以偷拍方式取得", "illegally_obtained": True},
    )
    assert r.status_code == 200 and r.json()["state"] == "excluded"
    r = officer.post(f"cases/{case.pk}/evidence/{ev.pk}/verify/", {"note": "核实"})
    assert refused(r, "R-22")["message"] == "以非法手段取得的证据不得作为认定案件事实的根据"
    ev.refresh_from_db()
    assert ev.state == Evidence.State.EXCLUDED
    # An objection must be written down.
    r = officer.post(f"cases/{case.pk}/evidence/{ev.pk}/opinion/", {"opinion": "objection"})
    assert refused(r, "R-22")["message"] == "当事人有异议的，须记录异议内容"


def test_r22_upload_checked_by_content_like_the_page(w, api):
    """The same service, the same content checks: an executable named .pdf is refused."""
    case = investigating(w)
    ev = services.add_evidence(
        case,
        by=w.a,
        type="documentary",
        title="进货单",
        collected_on=clock.today(),
        collectors=[w.a.officer, w.b.officer],
        method="复印",
        source="当事人提供",
    )
    exe = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 64)
    r = api(w.a).upload(f"cases/{case.pk}/evidence/{ev.pk}/files/", {"file": exe})
    body = problem(r)
    assert r.status_code == 422 and body["type"] == "/api/problems/domain-error"
    assert body["detail"].startswith("文件类型不在允许范围内（按文件内容判断")
    assert not ev.files.exists()
    r = api(w.a).upload(f"cases/{case.pk}/evidence/{ev.pk}/files/", {})
    assert r.status_code == 400 and problem(r)["errors"][0]["field"] == "file"


def test_r04_officer_with_pending_recusal_may_not_act(w, api):
    case = investigating(w)
    services.request_recusal(
        case, by=w.supervisor, officer=w.a.officer, applicant="王五", grounds="近亲属"
    )
    r = api(w.a).post(
        f"cases/{case.pk}/records/",
        {
            "kind": "inspection",
            "held_on": clock.today().isoformat(),
            "place": "现场",
            "subject_name": "王五",
            "officers": [w.a.officer.pk, w.b.officer.pk],
            "content": "检查情况",
            "signature": "signed",
        },
    )
    assert "回避申请尚未决定" in refused(r, "R-04")["detail"]


def test_r21_filing_approved_only_by_a_supervisor(w, api):
    case = in_state(w, State.FILING_REVIEW)
    r = api(w.a).post(f"cases/{case.pk}/actions/decide-filing/", {"decision": "approve"})
    body = refused(r, "R-21")
    assert body["message"] == "立案须经本机关负责人批准，您不是本机关负责人"
    case.refresh_from_db()
    assert case.state == State.FILING_REVIEW and case.number == ""


def test_r45_closed_case_is_read_only(w, api):
    case = in_state(w, State.CLOSED)
    r = api(w.supervisor).post(f"cases/{case.pk}/edit/", {"version": case.version, "title": "改"})
    body = refused(r, "R-45")
    assert body["message"].startswith("案件已结案，案卷只读")
    assert Case.objects.get(pk=case.pk).title == case.title


def test_action_outside_its_state_is_409(w, api):
    case = lead(w)
    r = api(w.a).post(f"cases/{case.pk}/actions/start-investigation/")
    body = problem(r)
    assert r.status_code == 409 and "线索核查" in body["detail"]


def test_who_may_act_is_403_without_data(w, api):
    """A visible case, an action this user may not take: 403, with the reason only."""
    case = investigating(w)
    r = api(w.c).post(f"cases/{case.pk}/actions/close-investigation/", {"reasons": "终结"})
    body = problem(r)
    assert r.status_code == 403 and body["type"] == "/api/problems/permission-denied"
    assert "case" not in body
