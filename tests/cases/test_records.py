"""Records (笔录): two qualified officers (R-01) with their certificate numbers (R-02)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cases import services
from cases.models import Record
from core import clock
from core.errors import DomainError, RuleViolation
from tests.cases.factories import investigating

pytestmark = pytest.mark.django_db


def _record(case, by, officers, **kw):
    data = dict(
        kind="inquiry",
        held_on=clock.today(),
        place="执法局询问室",
        subject_name="张三",
        officers=officers,
        signature="signed",
        qa=[("你是否销售了过期食品？", "是的。")],
    )
    data.update(kw)
    return services.create_record(case, by=by, **data)


def test_r02_record_lists_officers_with_certificate_numbers(w):
    case = investigating(w)
    record = _record(case, w.a, [w.a.officer, w.b.officer])
    rows = {p.officer_id: p.certificate_number for p in record.participants.all()}
    assert rows == {
        w.a.officer.pk: w.a.officer.certificates.get().number,
        w.b.officer.pk: w.b.officer.certificates.get().number,
    }
    # Frozen: a later certificate change does not rewrite the record.
    w.a.officer.certificates.update(number="CHANGED")
    assert record.participants.get(officer=w.a.officer).certificate_number != "CHANGED"
    assert [(q.question, q.answer) for q in record.qa.all()] == [
        ("你是否销售了过期食品？", "是的。")
    ]


def test_r02_record_issues_the_document_with_certificates(w):
    from documents.models import Document

    case = investigating(w)
    record = _record(case, w.a, [w.a.officer, w.b.officer])
    doc = Document.objects.get(pk=record.document_id)
    assert doc.kind == "inquiry_record"
    assert {o["certificate_number"] for o in doc.data["officers"]} == {
        w.a.officer.certificates.get().number,
        w.b.officer.certificates.get().number,
    }


def test_r01_record_needs_two_officers_qualified_on_the_record_date(w):
    case = investigating(w)
    with pytest.raises(RuleViolation) as exc:
        _record(case, w.a, [w.a.officer])
    assert str(exc.value) == "R-01: 执法活动须由两名以上执法人员参与"
    cert = w.b.officer.certificates.get()
    cert.issued_on = clock.today() - timedelta(days=1)
    cert.save()
    with pytest.raises(RuleViolation) as exc:
        _record(case, w.a, [w.a.officer, w.b.officer], held_on=clock.today() - timedelta(days=2))
    assert f"执法证 {cert.number} 于 {cert.issued_on.isoformat()} 才发证" in str(exc.value)
    assert not Record.objects.exists()


def test_refusal_to_sign_must_be_noted(w):
    case = investigating(w)
    with pytest.raises(DomainError) as exc:
        _record(case, w.a, [w.a.officer, w.b.officer], signature="refused")
    assert str(exc.value) == "当事人拒绝签名或无法签名的，须注明情况"
    record = _record(
        case,
        w.a,
        [w.a.officer, w.b.officer],
        signature="refused",
        signature_note="当事人拒绝签名，见证人李四在场",
    )
    assert record.get_signature_display() == "拒绝签名"


def test_inquiry_needs_questions_and_inspection_needs_findings(w):
    case = investigating(w)
    with pytest.raises(DomainError) as exc:
        _record(case, w.a, [w.a.officer, w.b.officer], qa=[])
    assert str(exc.value) == "询问笔录须至少记录一组问答"
    with pytest.raises(DomainError) as exc:
        _record(case, w.a, [w.a.officer, w.b.officer], kind="inspection", qa=[])
    assert str(exc.value) == "现场检查笔录须记录检查情况"
    record = _record(
        case,
        w.a,
        [w.a.officer, w.b.officer],
        kind="inspection",
        qa=[],
        content="现场发现过期食品20箱",
    )
    assert record.kind == "inspection"


def test_record_form_parses_questions_and_answers(client, w):
    case = investigating(w)
    client.force_login(w.a)
    r = client.post(
        f"/cases/{case.pk}/act/create_record/",
        {
            "kind": "inquiry",
            "held_on": clock.today().isoformat(),
            "place": "询问室",
            "subject_name": "张三",
            "officers": [w.a.officer.pk, w.b.officer.pk],
            "signature": "signed",
            "qa": "问：姓名？\n答：张三。\n问：职业？\n答：个体户\n经营食品",
        },
    )
    assert r.status_code == 302
    record = Record.objects.get(case=case)
    assert [(q.question, q.answer) for q in record.qa.all()] == [
        ("姓名？", "张三。"),
        ("职业？", "个体户\n经营食品"),
    ]
