"""The summary procedure (当场处罚, R-20): eligibility edges, two qualified officers with
certificates (R-01/R-02), the oral notice and statement (R-24/R-25), the pre-numbered
decision handed over on the spot (R-37/R-38), refusal to sign, filing (备案), R-13."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from audit.models import AuditEvent
from cases.models import Case
from cases.states import State
from core import clock, workdays
from core.errors import DomainError, RuleViolation
from documents.models import Document
from documents.services import reserve_numbers
from penalties import complete_file
from penalties import discretion as d
from penalties.models import Decision, SummaryProcedure
from penalties.services import summary
from tests.cases.factories import make_world, organisation, person, resident_id
from tests.documents.factories import pdftotext, poppler_available
from tests.factories import OfficerFactory
from tests.penalties.decision_support import at, reload
from tests.penalties.factories import ViolationTypeFactory, fixed_statute

pytestmark = pytest.mark.django_db

DAY = date(2026, 9, 9)  # a Wednesday
PERSON_CODE = "SUM-500"  # fine up to 500 yuan: 200 and 200.01 are both in the ordinary tier
ORG_CODE = "SUM-5000"  # fine up to 5,000 yuan: 3,000 and 3,000.01 likewise
CERTAIN = {"minor": False, "harm": "general", "facts_certain": True}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def w():
    with clock.travel(DAY):
        world = make_world()
        for code, top in ((PERSON_CODE, "500"), (ORG_CODE, "5000")):
            vt = ViolationTypeFactory(code=code, name=f"测试违法行为{code}", domain=world.domain)
            fixed_statute(
                violation=vt,
                penalty_types=["warning", "fine"],
                fine_min=Decimal("0"),
                fine_max=Decimal(top),
            )
        yield world


def _number(w, n: int = 1) -> list[str]:
    docs = reserve_numbers(w.agency, "summary_decision", n, by=w.supervisor)
    return [doc.number for doc in docs]


def _decide(w, *, party=None, code=PERSON_CODE, fine="200", types=("fine",), **kw):
    party = party or person(w.a, id_number=resident_id(date(1985, 5, 5)))
    data = dict(
        by=w.a,
        partner=w.b.officer,
        party=party,
        domain=w.domain,
        violation_code=code,
        acted_at=at(DAY, 10),
        place="测试市人民路2号门前",
        facts_text="当事人占道经营，经劝阻后仍未停止",
        facts=CERTAIN,
        penalty_types=list(types),
        fine=Decimal(fine) if fine is not None else None,
        rights_notice="已当场告知拟作出罚款的事实、理由、依据及陈述、申辩权利",
        statement="",
        statement_waived=True,
        reserved_number=kw.pop("reserved_number", None) or _number(w)[0],
    )
    data.update(kw)
    return summary.decide_on_the_spot(**data)


# --- Eligibility (R-20) ------------------------------------------------------------------


def test_r20_person_fine_limit_200_00_allowed_200_01_refused():
    v = summary.r20_verdict
    ok = v(party_kind=d.PartyKind.PERSON, penalty_types=["fine"], fine="200.00", facts_certain=True)
    assert ok.ok
    bad = v(
        party_kind=d.PartyKind.PERSON, penalty_types=["fine"], fine="200.01", facts_certain=True
    )
    assert bad.reasons == [
        "R-20: 适用简易程序，对公民罚款不得超过200元（拟罚款 200.01 元），应当适用普通程序"
    ]


def test_r20_organisation_fine_limit_3000():
    v = summary.r20_verdict
    org = d.PartyKind.ORGANISATION
    assert v(party_kind=org, penalty_types=["fine"], fine="3000", facts_certain=True).ok
    assert v(
        party_kind=org, penalty_types=["fine"], fine="3000.01", facts_certain=True
    ).reasons == [
        "R-20: 适用简易程序，对法人或者其他组织罚款不得超过3,000元（拟罚款 3000.01 元），"
        "应当适用普通程序"
    ]


def test_r20_facts_certain_and_warning_or_fine_only():
    verdict = summary.r20_verdict(
        party_kind=d.PartyKind.PERSON,
        penalty_types=["warning", "confiscate_gains"],
        fine=None,
        facts_certain=False,
    )
    assert verdict.reasons == [
        "R-20: 适用简易程序须违法事实确凿并有法定依据",
        "R-20: 简易程序只能当场作出警告或者罚款，不能作出没收违法所得",
    ]


def test_r20_person_200_decided_on_the_spot_200_01_refused(w):
    with clock.travel(DAY):
        with pytest.raises(RuleViolation) as exc:
            _decide(w, fine="200.01")
        assert "R-20: 适用简易程序，对公民罚款不得超过200元（拟罚款 200.01 元）" in str(exc.value)
        assert not Case.objects.filter(procedure="summary").exists()
        proc = _decide(w, fine="200.00")
    assert proc.decision.fine == Decimal("200.00")


def test_r20_organisation_3000_decided_3000_01_refused(w):
    with clock.travel(DAY):
        org = organisation(w.a)
        with pytest.raises(RuleViolation):
            _decide(w, party=org, code=ORG_CODE, fine="3000.01")
        proc = _decide(w, party=org, code=ORG_CODE, fine="3000")
    assert proc.decision.fine == Decimal("3000.00")


# --- The on-the-spot flow ----------------------------------------------------------------


def test_r20_on_the_spot_decision_flow(w):
    with clock.travel(DAY):
        number = _number(w)[0]
        proc = _decide(
            w,
            reserved_number=number,
            statement="经营困难，请求从轻",
            statement_waived=False,
            recheck="当事人所述理由不能成立，不予采纳",
            refused_to_sign=True,
        )
    case = reload(proc.case)
    assert case.state == State.SUMMARY_DECIDED
    assert case.procedure == Case.Procedure.SUMMARY
    assert case.number == number and case.decided_on == DAY
    decision = proc.decision
    assert decision.kind == Decision.Kind.SUMMARY and decision.status == Decision.Status.SERVED
    assert decision.served_on == DAY
    assert decision.payment_due_on == workdays.add_calendar_days(DAY, 15)
    doc = decision.document
    assert doc.kind == "summary_decision" and doc.number == number  # pre-assigned
    assert doc.status == Document.Status.ISSUED
    # both officers with their certificate numbers.
    names = {o["name"] for o in doc.data["officers"]}
    assert names == {w.a.officer.name, w.b.officer.name}
    assert all(o["certificate_number"] for o in doc.data["officers"])
    assert proc.certificates == doc.data["officers"]
    # reconsideration before a lawsuit (行政复议法 Art 23).
    assert "第二十三条" in doc.data["remedies"] and "应当先申请行政复议" in doc.data["remedies"]
    # the statement and its re-check are in the decision.
    assert "经营困难" in doc.data["statement_summary"]
    assert "不予采纳" in doc.data["statement_summary"]
    # handed over on the spot (direct), refusal to sign noted.
    record = doc.service_records.get()
    assert record.method == "direct" and record.served_on == DAY and record.refused_to_sign
    assert record.receipt.kind == "service_receipt"
    assert proc.signature_note == "当事人拒绝签收，执法人员已在决定书上注明"
    assert doc.data["signature_note"] == proc.signature_note
    assert proc.filing_due_on == workdays.add_workdays(DAY, summary.SUMMARY_FILING_WD)
    actions = list(
        AuditEvent.objects.filter(case_id=case.pk).order_by("seq").values_list("action", flat=True)
    )
    assert actions.index("penalties.summary.case_created") < actions.index(
        "penalties.summary.decided"
    )
    assert "documents.document.served" in actions or any("served" in a for a in actions)


def test_r01_two_qualified_officers(w):
    uncertified = OfficerFactory(agency=w.agency, certified=False)
    with clock.travel(DAY):
        with pytest.raises(RuleViolation) as exc:
            _decide(w, partner=uncertified)
        assert "R-01" in str(exc.value)
        with pytest.raises(RuleViolation) as exc:
            _decide(w, partner=w.a.officer)
        assert str(exc.value) == "R-01: 须由本机关另一名执法人员共同执法"
    assert not SummaryProcedure.objects.exists()


def test_r24_r25_oral_notice_and_statement_recorded(w):
    with clock.travel(DAY):
        with pytest.raises(RuleViolation) as exc:
            _decide(w, rights_notice="", statement_waived=False)
    assert str(exc.value) == (
        "R-24: 须记录当场口头告知的拟处罚内容、事实、理由、依据及陈述申辩权利；"
        "R-25: 须记录当事人的陈述申辩，或当事人明确放弃陈述申辩"
    )
    with clock.travel(DAY), pytest.raises(RuleViolation) as exc:
        _decide(w, statement="不服", statement_waived=False, recheck="")
    assert str(exc.value) == "R-25: 当事人提出陈述申辩的，须记录复核意见"


def test_r13_first_minor_offence_gets_no_fine_on_the_spot(w):
    first_minor = {"minor": True, "harm": "small", "facts_certain": True}
    with clock.travel(DAY):
        with pytest.raises(RuleViolation) as exc:
            _decide(w, facts=first_minor, fine="100")
        assert exc.value.rule == "R-13"
        proc = _decide(w, facts=first_minor, types=("warning",), fine=None)
    assert proc.decision.penalty_types == ["warning"] and proc.decision.payment_due_on is None


def test_r37_only_a_reserved_number_of_the_agency(w):
    with clock.travel(DAY), pytest.raises(RuleViolation) as exc:
        _decide(w, reserved_number="不存在的编号")
    assert exc.value.rule == "R-37"
    assert not Case.objects.filter(procedure="summary").exists()


def test_r20_decided_on_the_spot_today(w):
    with clock.travel(DAY), pytest.raises(RuleViolation) as exc:
        _decide(w, acted_at=at(DAY - timedelta(days=1)))
    assert str(exc.value) == "R-20: 当场处罚决定须当场作出并交付，执法时间须为今天且不晚于现在"


def test_r20_filing_with_the_agency(w):
    with clock.travel(DAY):
        proc = _decide(w)
        assert list(summary.filing_queue(w.supervisor)) == [proc]
        missing = complete_file.missing_documents(proc.case)
        assert missing[0] == "当场处罚决定备案" and len(missing) == 2  # and the payment
        with pytest.raises(RuleViolation) as exc:
            summary.file_summary(proc, by=w.a)
        assert str(exc.value) == "R-20: 当场处罚决定须报本机关负责人或法制机构备案"
    late = proc.filing_due_on + timedelta(days=1)
    with clock.travel(late):
        assert summary.filing_overdue(proc)
        proc = summary.file_summary(proc, by=w.supervisor, note="已审查，予以备案")
    assert proc.filed_on == late and proc.filed_by == w.supervisor
    event = AuditEvent.objects.get(action="penalties.summary.filed")
    assert event.data["late"] is True
    with clock.travel(late), pytest.raises(DomainError):
        summary.file_summary(proc, by=w.supervisor)


@pytest.mark.skipif(not poppler_available(), reason="needs poppler-utils")
def test_r20_printed_decision_says_reconsideration_first(w, django_capture_on_commit_callbacks):
    """R-20: the printed 当场行政处罚决定书 carries its pre-assigned number, both officers'
    certificate numbers (R-02) and tells the party reconsideration comes first."""
    with clock.travel(DAY), django_capture_on_commit_callbacks(execute=True):
        proc = _decide(w)
    version = proc.decision.document.versions.get(n=1)
    assert version.state == "done", version.error
    flat = pdftotext(Path(version.file.path)).replace(" ", "").replace("\n", "")
    assert proc.reserved_number.replace(" ", "") in flat
    assert "当场行政处罚决定书" in flat
    for officer in proc.certificates:
        assert officer["certificate_number"] in flat
    assert "第二十三条" in flat and "应当先申请行政复议" in flat
    assert "贰佰元整" in flat
