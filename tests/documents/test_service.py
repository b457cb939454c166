"""R-38: service records (method, date, recipient, proof); the first service date is what
later rules count from."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from core import clock
from core.errors import DomainError, RuleViolation
from documents import services
from documents.models import ServiceRecord
from documents.selectors import served_on_date
from tests.documents.factories import issue, pdf_proof

pytestmark = pytest.mark.django_db

ISSUE_DAY = date(2026, 11, 16)


@pytest.fixture
def decision():
    with clock.travel(ISSUE_DAY):
        return issue("penalty_decision")


def serve(doc, **kw):
    args = {
        "method": ServiceRecord.Method.DIRECT,
        "served_on": ISSUE_DAY + timedelta(days=1),
        "recipient": "王建国",
        "proof": pdf_proof(),
        "by": doc.issued_by,
    }
    args.update(kw)
    with clock.travel(ISSUE_DAY + timedelta(days=3)):
        return services.record_service(doc, **args)


def _nothing_recorded(doc):
    assert not ServiceRecord.objects.filter(document=doc).exists()
    assert not AuditEvent.objects.filter(action="documents.document.served").exists()
    assert served_on_date(doc) is None


def test_r38_service_date_is_what_later_rules_read(decision):
    """R-38: the first recorded service date starts the later clocks (R-25, R-40)."""
    assert served_on_date(decision) is None
    serve(
        decision,
        served_on=date(2026, 11, 18),
        method=ServiceRecord.Method.POST,
        recipient="邮寄签收人",
    )
    serve(decision, served_on=date(2026, 11, 17))
    assert served_on_date(decision) == date(2026, 11, 17)
    assert decision.first_service.served_on == date(2026, 11, 17)
    events = AuditEvent.objects.filter(action="documents.document.served").order_by("seq")
    assert [e.data["first_service"] for e in events] == [True, False]
    assert events[0].data["served_on"] == "2026-11-18" and events[0].case_id == 7


def test_r38_proof_upload_is_stored_with_its_hash(decision):
    record = serve(decision)
    content = Path(record.proof.path).read_bytes()
    assert content.startswith(b"%PDF")
    assert record.proof_sha256 == hashlib.sha256(content).hexdigest()
    assert record.proof_name == "signed.pdf"


def test_r38_future_service_date_is_refused(decision):
    """R-38: a service cannot be recorded for a date that has not come yet."""
    with pytest.raises(RuleViolation) as exc:
        serve(decision, served_on=ISSUE_DAY + timedelta(days=4))
    assert (
        str(exc.value) == "R-38: 送达日期 2026-11-20 晚于今天（2026-11-19），不得记录未来的送达。"
    )
    _nothing_recorded(decision)


def test_r38_service_before_issue_is_refused(decision):
    with pytest.raises(RuleViolation) as exc:
        serve(decision, served_on=ISSUE_DAY - timedelta(days=1))
    assert str(exc.value) == "R-38: 送达日期 2026-11-15 早于文书制作日期 2026-11-16。"
    _nothing_recorded(decision)


def test_r38_electronic_service_needs_the_partys_consent(decision):
    """R-38: electronic service only with the party's signed consent and confirmation."""
    with pytest.raises(RuleViolation) as exc:
        serve(decision, method=ServiceRecord.Method.ELECTRONIC, consent_reference="  ")
    assert exc.value.rule == "R-38"
    assert "电子送达须经受送达人同意并签订送达地址确认书" in str(exc.value)
    _nothing_recorded(decision)
    record = serve(
        decision, method=ServiceRecord.Method.ELECTRONIC, consent_reference="确认书2026-031"
    )
    assert record.consent_reference == "确认书2026-031"


def test_r38_recipient_and_proof_are_required_and_all_problems_listed(decision):
    with pytest.raises(RuleViolation) as exc:
        serve(decision, recipient="", proof=None)
    assert str(exc.value) == "R-38: 须记录受送达人或签收人；须上传送达凭证或关联已签收的送达回证。"
    _nothing_recorded(decision)


def test_r38_signed_service_receipt_is_proof(decision):
    with clock.travel(ISSUE_DAY):
        receipt = issue("service_receipt", by=decision.issued_by)
    record = serve(decision, proof=None, receipt=receipt, refused_to_sign=False)
    assert record.receipt == receipt and not record.proof
    foreign = issue("service_receipt", case_id=99)
    with pytest.raises(RuleViolation, match="关联的送达回证无效"):
        serve(decision, proof=None, receipt=foreign)
    with pytest.raises(RuleViolation, match="关联的送达回证无效"):
        serve(decision, proof=None, receipt=decision)


def test_r38_refusal_to_sign_is_noted(decision):
    record = serve(
        decision,
        method=ServiceRecord.Method.LEFT_AT_RESIDENCE,
        refused_to_sign=True,
        note="当事人拒绝签收，见证人：社区工作人员刘某",
    )
    assert record.refused_to_sign
    assert (
        AuditEvent.objects.get(action="documents.document.served").data["refused_to_sign"] is True
    )


def test_bad_proof_files_are_refused(decision):
    exe = SimpleUploadedFile("proof.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(DomainError, match="送达凭证须为 PDF、JPG 或 PNG 文件"):
        serve(decision, proof=exe)
    _nothing_recorded(decision)


def test_void_internal_and_reserved_documents_cannot_be_served(decision):
    internal = issue("filing_approval", by=decision.issued_by)
    with pytest.raises(RuleViolation, match="立案审批表不是需送达当事人的文书"):
        serve(internal)
    reserved = services.reserve_numbers(
        decision.agency, "summary_decision", 1, by=decision.issued_by
    )[0]
    with pytest.raises(RuleViolation, match="预留编号尚未制作文书"):
        serve(reserved)
    services.void_document(decision, "重新制作", by=decision.issued_by)
    with pytest.raises(RuleViolation, match="文书已作废，不得送达"):
        serve(decision)
    assert not ServiceRecord.objects.exists()


def test_served_document_cannot_be_voided(decision):
    serve(decision)
    with pytest.raises(RuleViolation, match="文书已送达，不得作废"):
        services.void_document(decision, "想作废", by=decision.issued_by)


def test_nul_and_bad_method_are_refused(decision):
    with pytest.raises(DomainError, match="空字符"):
        serve(decision, recipient="王\x00建国")
    with pytest.raises(RuleViolation, match="送达方式无效"):
        serve(decision, method="pigeon")
    _nothing_recorded(decision)
