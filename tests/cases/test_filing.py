"""Filing checks: authority (R-03), limitation (R-10), one act one case (R-11), two
qualified officers and one lead officer (R-01); the case number per agency and year."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cases import filing, services, violations
from cases.models import Case, CaseOfficer
from cases.states import State
from cases.violations import ViolationInfo
from core import clock
from core.errors import RuleViolation
from officers.models import Agency, Delegation
from tests.cases.factories import VIOLATION, agency_with_power, lead, person
from tests.factories import AgencyFactory, OfficerFactory, user_with_role

pytestmark = pytest.mark.django_db


def _request(w, case):
    return services.request_filing(case, by=w.a, reasons="拟立案")


def _refusal(w, case) -> str:
    with pytest.raises(RuleViolation) as exc:
        _request(w, case)
    assert Case.objects.get(pk=case.pk).state == State.LEAD
    return str(exc.value)


# --- R-03 ---------------------------------------------------------------------------------
def test_r03_agency_without_the_power_cannot_file(w):
    agency = AgencyFactory(name="无权限局")
    a = OfficerFactory(agency=agency).user
    b = OfficerFactory(agency=agency).user
    sup = user_with_role("supervisor", agency=agency)
    case = services.register_lead(
        by=a,
        domain=w.domain,
        source="complaint",
        title="t",
        party=person(a),
        place="某地",
        act_date=clock.today() - timedelta(days=3),
        discovered_on=clock.today(),
        violation_code=VIOLATION,
    )
    services.assign_officer(case, by=sup, officer=b.officer)
    with pytest.raises(RuleViolation) as exc:
        services.request_filing(case, by=a, reasons="x")
    assert str(exc.value) == (
        f"R-03: 无权限局于 {case.act_date.isoformat()} 不享有“食品安全”领域违法行为 {VIOLATION} 的执法权限"
        "（权责清单中无此事项，也无有效的行政委托）"
    )


def test_r03_delegated_organisation_files_in_the_principal_name(w):
    delegate = AgencyFactory(name="某镇综合执法队", kind=Agency.Kind.ENTRUSTED, doc_prefix="某镇执")
    d = Delegation.objects.create(
        principal=w.agency,
        delegate=delegate,
        scope="食品安全检查",
        valid_from=date(2026, 1, 1),
        valid_to=date(2026, 12, 31),
    )
    d.domains.add(w.domain)
    a = OfficerFactory(agency=delegate).user
    b = OfficerFactory(agency=delegate).user
    sup = user_with_role("supervisor", agency=delegate)
    case = services.register_lead(
        by=a,
        domain=w.domain,
        source="complaint",
        title="t",
        party=person(a),
        place="某镇",
        act_date=clock.today() - timedelta(days=3),
        discovered_on=clock.today(),
        violation_code=VIOLATION,
    )
    services.assign_officer(case, by=sup, officer=b.officer)
    services.request_filing(case, by=a, reasons="x")
    case = services.decide_filing(case, by=sup, approve=True)
    assert case.acting_agency_id == w.agency.pk and case.delegation_id == d.pk
    assert case.number == f"{w.agency.doc_prefix}立〔2026〕1号"


# --- R-10 ---------------------------------------------------------------------------------
def test_r10_exactly_two_years_is_still_in_time(w):
    case = lead(w, act_date=date(2024, 9, 1), discovered_on=date(2026, 9, 1))
    _request(w, case)  # no refusal
    assert Case.objects.get(pk=case.pk).state == State.FILING_REVIEW


def test_r10_two_years_and_a_day_is_refused(w):
    case = lead(w, act_date=date(2024, 8, 31), discovered_on=date(2026, 9, 1))
    assert _refusal(w, case) == (
        "R-10: 违法行为于 2024-08-31 发生，2026-09-01 才被发现，已超过2年追责时效（至 2026-08-31），不得立案"
    )


def test_r10_continuing_act_counts_from_its_end(w):
    case = lead(
        w,
        act_date=date(2023, 1, 1),
        is_continuing=True,
        act_end_date=date(2024, 9, 1),
        discovered_on=date(2026, 9, 1),
    )
    _request(w, case)
    case = lead(
        w,
        act_date=date(2023, 1, 1),
        is_continuing=True,
        act_end_date=date(2024, 8, 31),
        discovered_on=date(2026, 9, 1),
        place="别处",
    )
    assert "R-10: 违法行为于 2024-08-31 终了" in _refusal(w, case)


def test_r10_five_years_when_flagged_safety_related(w):
    case = lead(w, act_date=date(2021, 9, 1), discovered_on=date(2026, 9, 1), safety_related=True)
    _request(w, case)
    case = lead(
        w,
        act_date=date(2021, 8, 31),
        discovered_on=date(2026, 9, 1),
        safety_related=True,
        place="别处",
    )
    assert "已超过5年追责时效（至 2026-08-31）" in _refusal(w, case)


def test_r10_five_years_when_the_catalogue_says_safety_related(w):
    class Provider:
        def choices(self, agency, domain=None):
            return [(VIOLATION, "销售过期食品")]

        def get(self, code):
            return (
                ViolationInfo(VIOLATION, "销售过期食品", "food-safety", safety_related=True)
                if code == VIOLATION
                else None
            )

    saved = violations.provider()
    violations.register_provider(Provider())
    try:
        case = lead(w, act_date=date(2022, 1, 1), discovered_on=date(2026, 9, 1))
        assert case.violation_name == "销售过期食品"
        _request(w, case)
        case = services.decide_filing(case, by=w.supervisor, approve=True)
        assert case.safety_related  # frozen on the case at filing
    finally:
        violations.register_provider(saved)


def test_r10_missing_dates_are_named(w):
    case = lead(w, act_date=None)
    assert "R-10: 须填写违法行为发生日期（连续或继续状态的，填写行为终了日期）" in _refusal(w, case)


# --- R-11 ---------------------------------------------------------------------------------
def test_r11_same_act_in_another_agency_is_refused_without_naming_it(w):
    party = person(w.a)
    act = date(2026, 8, 1)
    # The other agency filed first.
    other_a = w.outsider
    other_b = OfficerFactory(agency=w.other_agency).user
    other = services.register_lead(
        by=other_a,
        domain=w.domain,
        source="complaint",
        title="t",
        party=party,
        place="测试市 人民路2号",
        act_date=act,
        discovered_on=act + timedelta(days=3),
        violation_code=VIOLATION,
    )
    services.assign_officer(other, by=w.outsider_supervisor, officer=other_b.officer)
    services.request_filing(other, by=other_a, reasons="x")
    other = services.decide_filing(other, by=w.outsider_supervisor, approve=True)
    mine = lead(w, party=party, act_date=act, place="测试市人民路2号")
    assert _refusal(w, mine) == (
        f"R-11: 同一当事人的同一违法行为（{VIOLATION}，2026-08-01，测试市人民路2号）已由另一机关的案件立案查处，不得重复立案"
    )
    # Those who may see the other case see its number.
    report = filing.filing_checks(mine, w.outsider_supervisor)
    assert other.number in " ".join(report.verdict.reasons)


def test_r11_same_agency_names_the_case_and_different_place_is_fine(w):
    party = person(w.a)
    first = lead(w, party=party)
    _request(w, first)
    first = services.decide_filing(first, by=w.supervisor, approve=True)
    second = lead(w, party=party)
    assert first.number in _refusal(w, second)
    third = lead(w, party=party, place="另一个地点")
    _request(w, third)


def test_r11_a_transferred_or_not_filed_case_does_not_block(w):
    party = person(w.a)
    first = lead(w, party=party)
    services.not_file(first, by=w.a, verification_result="移交", reasons="另案处理")
    second = lead(w, party=party)
    _request(w, second)


# --- R-01 ---------------------------------------------------------------------------------
def test_r01_filing_needs_two_qualified_officers_and_one_lead(w):
    case = services.register_lead(
        by=w.a,
        domain=w.domain,
        source="complaint",
        title="t",
        party=person(w.a),
        place="某地",
        act_date=clock.today() - timedelta(days=3),
        discovered_on=clock.today(),
        violation_code=VIOLATION,
    )
    assert _refusal(w, case) == "R-01: 执法活动须由两名以上执法人员参与"
    services.assign_officer(case, by=w.supervisor, officer=w.b.officer)
    CaseOfficer.objects.filter(case=case).update(is_lead=False)
    assert _refusal(w, case) == "R-01: 须指定一名主办人员"


def test_r01_filing_approval_rechecks_qualification_on_the_day(w):
    case = lead(w)
    _request(w, case)
    cert = w.b.officer.certificates.first()
    cert.state = "suspended"
    cert.save()
    with pytest.raises(RuleViolation) as exc:
        services.decide_filing(case, by=w.supervisor, approve=True)
    assert f"执法证 {cert.number} 状态为“暂扣”" in str(exc.value)
    assert Case.objects.get(pk=case.pk).number == ""


# --- numbering ---------------------------------------------------------------------------
def test_case_numbers_per_acting_agency_and_year(w):
    numbers = []
    for i in range(3):
        case = lead(w, place=f"地点{i}")
        _request(w, case)
        numbers.append(services.decide_filing(case, by=w.supervisor, approve=True).number)
    p = w.agency.doc_prefix
    assert numbers == [f"{p}立〔2026〕1号", f"{p}立〔2026〕2号", f"{p}立〔2026〕3号"]
    with clock.travel(date(2027, 1, 4)):
        other = agency_with_power()  # noqa: F841 (a second agency keeps its own sequence)
        case = lead(w, place="新年")
        _request(w, case)
        assert (
            services.decide_filing(case, by=w.supervisor, approve=True).number
            == f"{p}立〔2027〕1号"
        )


def test_filing_issues_the_filing_approval_document(w):
    from documents.models import Document

    case = lead(w)
    _request(w, case)
    case = services.decide_filing(case, by=w.supervisor, approve=True, note="同意")
    doc = Document.objects.get(case_id=case.pk, kind="filing_approval")
    assert doc.agency_id == w.agency.pk and doc.data["case_number"] == case.number


def test_a_refused_filing_gives_its_number_back(w):
    ok = lead(w, place="甲")
    bad = lead(w, place="乙")
    for case in (ok, bad):
        _request(w, case)
    bad.case_parties.all().delete()  # the R-11 data is now missing: approval is refused
    with pytest.raises(RuleViolation):
        services.decide_filing(bad, by=w.supervisor, approve=True)
    assert Case.objects.get(pk=bad.pk).number == ""
    assert services.decide_filing(ok, by=w.supervisor, approve=True).number_seq == 1
