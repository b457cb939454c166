"""Inspections and leads (R-21, R-01): verification deadline and its one extension,
filing approval by a supervisor of the same agency, not filed with reasons."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cases import services
from cases.models import Approval, Case, Inspection
from cases.states import State
from core import clock
from core.errors import DomainError, RuleViolation
from tests.cases.factories import lead, person
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def test_r21_verification_deadline_counts_working_days_over_national_day(w):
    with clock.travel(date(2026, 9, 28)):
        case = lead(w)
    # 15 WD after Monday 28 Sep 2026: the National Day holiday (1–7 Oct) is skipped and
    # the make-up Saturday 10 Oct counts.
    assert case.registered_on == date(2026, 9, 28)
    assert case.verification_due_on == date(2026, 10, 23)


def test_r21_one_extension_with_supervisor_approval(w):
    with clock.travel(date(2026, 9, 28)):
        case = lead(w)
        approval = services.request_lead_extension(case, by=w.a, reasons="需调取外地证据")
        with pytest.raises(RuleViolation) as exc:
            services.decide_lead_extension(approval, by=w.b, approve=True)
        assert str(exc.value) == "R-21: 延长核查期限须经本机关负责人批准，您不是本机关负责人"
        with pytest.raises(RuleViolation):
            services.decide_lead_extension(approval, by=w.outsider_supervisor, approve=True)
        services.decide_lead_extension(approval, by=w.supervisor, approve=True, note="同意")
        case.refresh_from_db()
        assert case.verification_extended
        assert case.verification_due_on == date(2026, 11, 13)  # + 15 WD
        with pytest.raises(RuleViolation) as exc:
            services.request_lead_extension(case, by=w.a, reasons="再延")
        assert str(exc.value) == "R-21: 线索核查期限只能延长一次，已延长过"


def test_r21_lead_overdue_is_flagged_by_daily_task(w):
    case = lead(w)
    services.daily_deadline_check(today=case.verification_due_on)
    assert not Case.objects.get(pk=case.pk).is_overdue
    services.daily_deadline_check(today=case.verification_due_on + timedelta(days=1))
    assert Case.objects.get(pk=case.pk).is_overdue


def test_r21_filing_needs_a_supervisor_of_the_same_agency(w):
    case = lead(w)
    services.request_filing(case, by=w.a, reasons="拟立案")
    assert Case.objects.get(pk=case.pk).state == State.FILING_REVIEW
    for user in (w.a, w.outsider_supervisor):
        with pytest.raises(RuleViolation) as exc:
            services.decide_filing(case, by=user, approve=True)
        assert exc.value.rule == "R-21"
        assert "立案须经本机关负责人批准，您不是本机关负责人" in str(exc.value)
    assert Case.objects.get(pk=case.pk).state == State.FILING_REVIEW
    services.decide_filing(case, by=w.supervisor, approve=True)
    case.refresh_from_db()
    assert case.state == State.FILED and case.filed_on == clock.today()
    assert Approval.objects.get(case=case, kind="filing").status == "approved"


def test_r21_rejected_filing_goes_back_to_verification(w):
    case = lead(w)
    services.request_filing(case, by=w.a, reasons="拟立案")
    with pytest.raises(DomainError):
        services.decide_filing(case, by=w.supervisor, approve=False, note="")  # reasons needed
    services.decide_filing(case, by=w.supervisor, approve=False, note="证据不足，继续核查")
    case.refresh_from_db()
    assert case.state == State.LEAD and case.number == ""


def test_r21_not_filed_records_result_and_reasons(w):
    case = lead(w)
    with pytest.raises(RuleViolation) as exc:
        services.not_file(case, by=w.a, verification_result="经核查", reasons=" ")
    assert str(exc.value) == "R-21: 不予立案须记录核查结果和理由"
    assert Case.objects.get(pk=case.pk).state == State.LEAD
    services.not_file(
        case, by=w.a, verification_result="现场未发现过期食品", reasons="违法事实不存在"
    )
    case.refresh_from_db()
    assert case.state == State.NOT_FILED
    assert (
        case.verification_result == "现场未发现过期食品"
        and case.not_filed_reasons == "违法事实不存在"
    )


def test_lead_sources_and_referral_needs_body(w):
    with pytest.raises(DomainError) as exc:
        lead(w, source=Case.Source.REFERRAL)
    assert str(exc.value) == "其他机关移送的线索须填写移送机关"
    case = lead(w, source=Case.Source.REFERRAL, referring_body="测试市公安局")
    assert case.get_source_display() == "其他机关移送"
    assert set(Case.Source.values) == {"inspection", "complaint", "referral", "assignment", "other"}


def _inspect(w, officers, found=True, on=None):
    return services.record_inspection(
        by=w.a,
        party=person(w.a),
        domain=w.domain,
        inspected_on=on or clock.today(),
        place="测试市人民路2号",
        officers=officers,
        findings="货架上有过期食品",
        found_violation=found,
    )


def test_r21_r01_inspection_needs_two_qualified_officers(w):
    with pytest.raises(RuleViolation) as exc:
        _inspect(w, [w.a.officer])
    assert str(exc.value) == "R-01: 执法活动须由两名以上执法人员参与"
    uncertified = OfficerFactory(agency=w.agency, certified=False)
    with pytest.raises(RuleViolation) as exc:
        _inspect(w, [w.a.officer, uncertified])
    assert str(exc.value) == f"R-01: {uncertified.name}未持有执法证"
    assert Inspection.objects.count() == 0
    assert _inspect(w, [w.a.officer, w.b.officer]).officers.count() == 2


def test_r21_inspection_becomes_a_lead_once(w):
    inspection = _inspect(w, [w.a.officer, w.b.officer])
    case = services.inspection_to_lead(
        inspection, by=w.a, title="销售过期食品", violation_code="FOOD-001"
    )
    assert case.state == State.LEAD and case.source == Case.Source.INSPECTION
    assert case.primary_party_id == inspection.party_id
    assert set(case.assignments.values_list("officer_id", flat=True)) == {
        w.a.officer.pk,
        w.b.officer.pk,
    }
    with pytest.raises(RuleViolation) as exc:
        services.inspection_to_lead(inspection, by=w.a, title="再次转换")
    assert str(exc.value) == "R-21: 该检查已转为线索，不得重复转为线索"
    assert Case.objects.filter(source=Case.Source.INSPECTION).count() == 1


def test_r21_inspection_without_violation_cannot_become_a_lead(w):
    inspection = _inspect(w, [w.a.officer, w.b.officer], found=False)
    with pytest.raises(RuleViolation) as exc:
        services.inspection_to_lead(inspection, by=w.a, title="x")
    assert str(exc.value) == "R-21: 该检查未发现违法行为，不能转为线索"


def test_inspection_pages(client, w):
    inspection = _inspect(w, [w.a.officer, w.b.officer])
    client.force_login(w.a)
    assert client.get("/cases/inspections/").status_code == 200
    r = client.post(
        f"/cases/inspections/{inspection.pk}/", {"title": "过期食品", "violation_code": ""}
    )
    assert r.status_code == 302
    page = client.get(f"/cases/inspections/{inspection.pk}/").content.decode()
    assert "R-21: 该检查已转为线索，不得重复转为线索" in page
    client.force_login(w.outsider)
    assert client.get(f"/cases/inspections/{inspection.pk}/").status_code == 404
