"""A full case through the API alone: party → lead → assignment → filing request →
filing approval → investigation → evidence (multipart upload, verified, party opinion) →
inquiry record → documents (PDF download) → investigation closed → proposal → notice
issued and served → statement period → submitted → approved by the head → decision →
decision served → payment → closing report approved → closed. Each step calls the same
service as the page; the audit trail (the case's timeline) records them all."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from cases.models import Case, Evidence, EvidenceFile, Record
from cases.states import State
from core import clock
from tests.api.conftest import START
from tests.cases.factories import VIOLATION, credit_code

pytestmark = pytest.mark.django_db

AFTER_PERIOD = date(2026, 9, 9)  # notice served 09-01; the 5 WD statement period ends 09-08
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_case_through_the_api_alone(w, api, django_capture_on_commit_callbacks):
    officer, supervisor = api(w.a), api(w.supervisor)
    # Documents render on commit (a Celery task, eager here): the callbacks run at the end
    # of this block.
    with django_capture_on_commit_callbacks(execute=True):
        # A party and a lead, registered by officer a.
        r = officer.post(
            "parties/",
            {
                "kind": "organisation",
                "name": "测试食品有限公司",
                "id_type": "credit_code",
                "id_number": credit_code(),
                "legal_representative": "王五",
                "address": "测试市人民路9号",
            },
        )
        assert r.status_code == 201, r.content
        party = r.json()
        assert "*" in party["masked_id_number"]

        r = officer.post(
            "cases/",
            {
                "domain": w.domain.pk,
                "source": "complaint",
                "title": "销售过期食品",
                "facts": "群众举报",
                "place": "测试市人民路9号",
                "act_date": "2026-08-01",
                "discovered_on": "2026-08-30",
                "violation_code": VIOLATION,
                "party": party["id"],
            },
        )
        assert r.status_code == 201, r.content
        case = r.json()
        pk = case["id"]
        assert case["state"] == State.LEAD and case["lead_officer"]["name"] == w.a.officer.name
        offered = {a["code"]: a for a in case["actions"]}
        assert not offered["request_filing"]["available"]
        assert "R-01" in offered["request_filing"]["rules"]  # one officer so far

        # The supervisor assigns officer b; a asks for filing; the supervisor approves.
        r = supervisor.post(
            f"cases/{pk}/actions/assign/", {"officer": w.b.officer.pk, "is_lead": False}
        )
        assert r.status_code == 200, r.content
        r = officer.post(f"cases/{pk}/actions/request-filing/", {"reasons": "证据初步表明违法"})
        assert r.status_code == 200, r.content
        assert r.json()["case"]["state"] == State.FILING_REVIEW
        r = supervisor.post(
            f"cases/{pk}/actions/decide-filing/", {"decision": "approve", "note": "同意立案"}
        )
        assert r.status_code == 200, r.content
        filed = r.json()["case"]
        assert filed["state"] == State.FILED and filed["number"].endswith("号")

        r = officer.post(f"cases/{pk}/actions/start-investigation/")
        assert r.status_code == 200 and r.json()["case"]["state"] == State.INVESTIGATING

        # Evidence with a file (multipart), collected by a and b; verified; party opinion.
        r = officer.upload(
            f"cases/{pk}/evidence/",
            {
                "type": "documentary",
                "title": "进货单",
                "collected_on": START.isoformat(),
                "collectors": [w.a.officer.pk, w.b.officer.pk],
                "method": "复印",
                "source": "当事人提供",
                "file": _file("invoice.pdf", PDF),
            },
        )
        assert r.status_code == 201, r.content
        evidence = r.json()
        assert evidence["seq"] == 1 and len(evidence["files"]) == 1
        assert evidence["files"][0]["content_type"] == "application/pdf"
        r = officer.post(
            f"cases/{pk}/evidence/{evidence['id']}/verify/", {"note": "与原件核对一致"}
        )
        assert r.status_code == 200 and r.json()["is_citable"] is True
        r = officer.post(
            f"cases/{pk}/evidence/{evidence['id']}/opinion/", {"opinion": "no_objection"}
        )
        assert r.status_code == 200 and r.json()["party_opinion"] == "no_objection"
        download = officer.get(evidence["files"][0]["download"])
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF

        # An inquiry record with questions and answers.
        r = officer.post(
            f"cases/{pk}/records/",
            {
                "kind": "inquiry",
                "held_on": START.isoformat(),
                "place": "测试市市场监督管理局询问室",
                "subject_name": "王五",
                "officers": [w.a.officer.pk, w.b.officer.pk],
                "qa": [
                    {"question": "你是否销售了过期食品？", "answer": "是的。"},
                    {"question": "销售了多少？", "answer": "十盒。"},
                ],
                "signature": "signed",
            },
        )
        assert r.status_code == 201, r.content
        record = r.json()
        assert [p["certificate_number"] for p in record["participants"]] == [
            w.a.officer.certificates.get().number,
            w.b.officer.certificates.get().number,
        ]
        assert [q["answer"] for q in record["qa"]] == ["是的。", "十盒。"]

    # Documents issued on the way (filing approval form, inquiry record), rendered.
    r = officer.get(f"cases/{pk}/documents/")
    assert r.status_code == 200
    docs = r.json()["results"]
    assert docs, "the filing approval and the record issue documents"
    r = officer.get(f"documents/{docs[0]['id']}/pdf/")
    assert r.status_code == 200, r.content
    assert r["Content-Type"] == "application/pdf"
    assert b"".join(r.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="documents.document.downloaded", actor=w.a).exists()

    r = officer.post(f"cases/{pk}/actions/close-investigation/", {"reasons": "调查终结"})
    assert r.status_code == 200, r.content
    assert r.json()["case"]["state"] == State.INVESTIGATION_CLOSED

    # Proposal (a 20,000 yuan fine: the ordinary tier, below the organisation's hearing
    # threshold), notice issued and served, the statement period.
    r = officer.post(
        f"cases/{pk}/proposals/",
        {"harm": "general", "facts_certain": True, "penalty_types": ["fine"], "fine": "20000"},
    )
    assert r.status_code == 201 and r.json()["status"] == "accepted", r.content
    r = officer.post(
        f"cases/{pk}/notice/actions/issue-notice/",
        {"facts": "当事人销售过期食品。", "officers": [w.a.officer.pk, w.b.officer.pk]},
    )
    assert r.status_code == 200, r.content
    r = officer.upload(
        f"cases/{pk}/notice/actions/serve-notice/",
        {"method": "direct", "served_on": START.isoformat(), "recipient": "王五", "proof": _scan()},
    )
    assert r.status_code == 200 and r.json()["case"]["state"] == State.NOTIFIED, r.content
    r = officer.post(f"cases/{pk}/decision/actions/submit/")
    assert r.status_code == 200 and r.json()["case"]["state"] == State.APPROVAL, r.content
    [approval] = supervisor.get("approvals/").json()["results"]
    r = supervisor.post(
        f"approvals/{approval['id']}/decide/",
        {"decision": "approve", "outcome": "penalty", "reasons": "同意"},
    )
    assert r.status_code == 200, r.content

    with clock.travel(AFTER_PERIOD):
        r = officer.post(f"cases/{pk}/decision/actions/issue/")
        assert r.status_code == 200 and r.json()["case"]["state"] == State.DECIDED, r.content
        r = officer.upload(
            f"cases/{pk}/decision/actions/serve/",
            {
                "method": "direct",
                "served_on": AFTER_PERIOD.isoformat(),
                "recipient": "王五",
                "proof": _scan(),
            },
        )
        assert r.status_code == 200 and r.json()["case"]["state"] == State.SERVED, r.content
        r = officer.post(
            f"cases/{pk}/actions/exec-payment/",
            {
                "amount": "20000.00",
                "paid_on": AFTER_PERIOD.isoformat(),
                "channel": "bank",
                "reference": "BANK-2026-0001",
            },
        )
        assert r.status_code == 200, r.content
        offered = {a["code"]: a for a in r.json()["case"]["actions"]}
        assert offered["request_closing"]["available"], offered["request_closing"]
        r = officer.post(f"cases/{pk}/actions/request-closing/", {"summary": "罚款已缴清，结案"})
        assert r.status_code == 200, r.content
        r = supervisor.post(
            f"cases/{pk}/actions/decide-closing/", {"decision": "approve", "note": "同意结案"}
        )
        assert r.status_code == 200 and r.json()["case"]["state"] == State.CLOSED, r.content

    # The full-process record lists every step, and viewing the case was audited.
    r = officer.get(f"cases/{pk}/")
    assert r.status_code == 200
    timeline = officer.get(f"cases/{pk}/timeline/").json()
    actions = [e["action"] for e in timeline]
    for code in (
        "cases.case.registered",
        "cases.case.filing_review",
        "cases.case.filed",
        "cases.evidence.added",
        "cases.evidence.file_uploaded",
        "cases.evidence.verified",
        "cases.record.created",
        "penalties.proposal.created",
        "cases.case.notified",
        "cases.case.decided",
        "cases.case.served",
        "cases.case.closed",
        "cases.case.viewed",
    ):
        assert code in actions, code

    case_row = Case.objects.get(pk=pk)
    assert case_row.state == State.CLOSED
    assert Evidence.objects.filter(case=case_row, state="verified").count() == 1
    assert EvidenceFile.objects.filter(evidence__case=case_row).count() == 1
    assert Record.objects.filter(case=case_row).count() == 1


def _scan() -> SimpleUploadedFile:
    return SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n% signed\n%%EOF\n")


def _file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")
