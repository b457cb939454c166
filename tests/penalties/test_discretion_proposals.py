"""Worked examples for proposals and procedure flags: R-13 departures, R-17, R-19 refusals,
R-20 summary procedure, R-26 heavier penalties, R-27, R-28 and the R-30 threshold edges."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from penalties.discretion import (
    AgencyThresholds,
    Aggravating,
    BenchmarkTable,
    Facts,
    Harm,
    MitigatingGround,
    Outcome,
    PartyKind,
    PenaltyType,
    Proposal,
    Range,
    Tier,
    TierSpec,
    check_proposal,
    from_snapshot,
    heavier_reasons,
    is_heavier,
    recommend,
    snapshot,
)
from tests.penalties.test_discretion_examples import (
    AD_58,
    CONSUMER_56,
    FOOD_123,
    FOOD_126,
    PRICE_42,
    PRODUCT_49,
)

P = PenaltyType
D = Decimal
PERSON = PartyKind.PERSON
ORG = PartyKind.ORGANISATION
FIRST_MINOR = Facts(party_kind=ORG, first_offence=True, minor=True, harm=Harm.SMALL)


def rules(check) -> tuple[str, ...]:
    return check.rules


# --------------------------------------------------------------------------------------
# R-13 at proposal time
# --------------------------------------------------------------------------------------


def test_r13_fine_for_a_first_minor_offence_is_a_departure_naming_r13():
    rec = recommend(PRICE_42, FIRST_MINOR)
    check = check_proposal(rec, Proposal.of(P.FINE, fine=1000))
    assert not check.accepted and check.departure and not check.refused
    assert check.departures[0].code == "r13.fine_departure"
    verdict = check.verdict()
    assert not verdict.ok
    assert verdict.reasons == [
        "R-13: 初次违法、情节轻微、社会危害性较小，应当适用警告而非罚款；拟处罚款属于偏离，"
        "须书面说明理由，并经机关负责人批准或者集体讨论决定（R-17）。"
    ]
    # An approved departure (reasons + head approval or collective discussion) lets it on.
    assert check.verdict(departure_approved=True).ok


def test_r13_warning_proposal_is_accepted():
    rec = recommend(PRICE_42, FIRST_MINOR)
    check = check_proposal(rec, Proposal.of(P.WARNING))
    assert check.accepted and check.verdict().ok


def test_r13_fine_with_a_warning_is_still_a_departure():
    rec = recommend(FOOD_126, FIRST_MINOR)
    check = check_proposal(rec, Proposal.of(P.WARNING, P.FINE, fine=5000))
    assert check.departure and "R-13" in rules(check)


def test_r13_penalising_a_listed_and_corrected_first_offence_is_a_departure():
    facts = Facts(first_offence=True, minor=True, harm=Harm.SMALL, promptly_corrected=True)
    rec = recommend(
        PRICE_42, facts, thresholds=AgencyThresholds(first_offence_list=frozenset({"JG-42"}))
    )
    assert rec.outcome is Outcome.NO_PENALTY
    check = check_proposal(rec, Proposal.of(P.WARNING))
    assert check.departure and not check.refused
    assert check.departures[0].code == "r13.no_penalty_departure"


# --------------------------------------------------------------------------------------
# Binding "no penalty": refused, never a departure
# --------------------------------------------------------------------------------------


def test_r12_penalty_refused_where_the_law_says_no_penalty():
    rec = recommend(PRICE_42, Facts(minor=True, promptly_corrected=True, harm=Harm.NONE))
    check = check_proposal(rec, Proposal.of(P.FINE, fine=100))
    assert check.refused and not check.departure
    assert not check.verdict(departure_approved=True).ok
    assert check.verdict().reasons == [
        "R-12: 违法行为轻微并及时改正，没有造成危害后果，依法应当不予行政处罚，不得拟处罚。"
    ]
    assert check_proposal(rec, Proposal.of()).accepted


def test_r14_penalty_refused_after_fault_disproved():
    rec = recommend(PRICE_42, Facts(fault_disproved=True))
    assert check_proposal(rec, Proposal.of(P.WARNING)).rules == ("R-14",)


def test_r15_penalty_refused_for_a_child():
    rec = recommend(CONSUMER_56, Facts(party_kind=PERSON, age=12))
    assert check_proposal(rec, Proposal.of(P.WARNING)).rules == ("R-15",)


# --------------------------------------------------------------------------------------
# departures
# --------------------------------------------------------------------------------------


def test_r15_juvenile_above_the_lighter_tier_is_a_departure_naming_r15():
    rec = recommend(CONSUMER_56, Facts(party_kind=PERSON, age=16, illegal_gains=D("2000")))
    check = check_proposal(rec, Proposal.of(P.FINE, fine=10000))
    assert [h.code for h in check.departures] == ["r17.amount_above_tier", "r15.above_mitigated"]
    assert check.departures[0].message == (
        "拟罚款 10,000.00 元高于从轻处罚档上限 7,400.00 元，属于偏离，"
        "须书面说明理由，并经机关负责人批准或者集体讨论决定（R-17）。"
    )


def test_r16_heavier_type_under_mandatory_mitigation_is_a_departure_naming_r16():
    facts = Facts(goods_value=D("50000"), mitigating=frozenset({MitigatingGround.CONFESSED}))
    rec = recommend(PRODUCT_49, facts)
    check = check_proposal(
        rec, Proposal.of(P.FINE, P.CONFISCATE_PROPERTY, P.REVOKE_LICENCE, fine=60000)
    )
    assert [h.code for h in check.departures] == ["r17.type_departure", "r16.above_mitigated"]


def test_r17_proposal_inside_the_tier_is_accepted():
    rec = recommend(CONSUMER_56, Facts(illegal_gains=D("2000")))
    for amount in ("7400.00", "10000", "14600.00"):
        check = check_proposal(
            rec, Proposal.of(P.FINE, P.CONFISCATE_GAINS, fine=amount, gains=2000)
        )
        assert check.accepted, check.verdict().reasons


def test_r17_amount_outside_the_tier_is_a_departure_with_reasons():
    rec = recommend(CONSUMER_56, Facts(illegal_gains=D("2000")))
    above = check_proposal(rec, Proposal.of(P.FINE, fine="14600.01"))
    below = check_proposal(rec, Proposal.of(P.FINE, fine="7399.99"))
    assert above.departure and below.departure and not above.refused
    assert below.departures[0].message == (
        "拟罚款 7,399.99 元低于一般处罚档下限 7,400.00 元，属于偏离，"
        "须书面说明理由，并经机关负责人批准或者集体讨论决定（R-17）。"
    )


def test_r17_type_the_tier_does_not_allow_is_a_departure():
    rec = recommend(CONSUMER_56, Facts(illegal_gains=D("2000")))
    check = check_proposal(rec, Proposal.of(P.FINE, P.SUSPEND_BUSINESS, fine=10000))
    assert [h.code for h in check.departures] == ["r17.type_departure"]
    assert check.departures[0].message == (
        "拟处责令停产停业不在一般处罚档允许的处罚种类内，属于偏离，"
        "须书面说明理由，并经机关负责人批准或者集体讨论决定（R-17）。"
    )


def test_r17_below_the_statutory_minimum_is_mitigation_and_a_departure():
    rec = recommend(FOOD_123, Facts(goods_value=D("5000")))
    check = check_proposal(
        rec, Proposal.of(P.FINE, P.CONFISCATE_PROPERTY, fine=50000, property_value=5000)
    )
    assert [h.code for h in check.departures] == [
        "r17.amount_below_tier",
        "r17.below_statutory_min",
    ]


def test_r17_omitting_a_mandatory_type_is_a_departure():
    rec = recommend(PRODUCT_49, Facts(goods_value=D("50000")))
    check = check_proposal(rec, Proposal.of(P.FINE, fine=100000))
    assert [h.code for h in check.departures] == ["r17.missing_mandatory"]
    assert "没收非法财物" in check.departures[0].message


def test_r17_proposing_nothing_when_a_penalty_is_recommended_is_a_departure():
    rec = recommend(CONSUMER_56, Facts(illegal_gains=D("2000")))
    assert [h.code for h in check_proposal(rec, Proposal.of()).departures] == ["r17.none_proposed"]


def test_r17_inconsistent_proposals_are_refused():
    rec = recommend(CONSUMER_56, Facts(illegal_gains=D("2000")))
    no_amount = check_proposal(rec, Proposal.of(P.FINE))
    no_type = check_proposal(rec, Proposal.of(P.WARNING, fine=100))
    assert [h.code for h in no_amount.refusals] == ["r17.fine_without_amount"]
    assert [h.message for h in no_type.refusals] == ["填写了罚款的金额，但拟处罚未包含该处罚种类。"]


# --------------------------------------------------------------------------------------
# R-19 at proposal time
# --------------------------------------------------------------------------------------


def test_r19_above_the_statutory_maximum_is_refused_even_with_an_approved_departure():
    rec = recommend(PRICE_42, Facts(aggravating=frozenset({Aggravating.REPEAT})))
    check = check_proposal(rec, Proposal.of(P.FINE, fine="5000.01"))
    assert check.refused
    verdict = check.verdict(departure_approved=True)
    assert verdict.reasons[0] == (
        "R-19: 拟罚款 5,000.01 元超过法定最高额 5,000.00 元，不得作出；"
        "偏离审批或者集体讨论也不能突破法定最高额。"
    )
    assert check_proposal(rec, Proposal.of(P.FINE, fine="5000.00")).accepted


def test_r19_multiple_based_maximum_per_case():
    rec = recommend(AD_58, Facts(ad_fees=D("40000")))
    assert check_proposal(rec, Proposal.of(P.FINE, fine="120000.01")).refused
    assert not check_proposal(rec, Proposal.of(P.FINE, fine="120000.00")).refused


def test_r19_type_without_legal_basis_is_refused():
    rec = recommend(PRICE_42, Facts())
    check = check_proposal(rec, Proposal.of(P.FINE, P.REVOKE_LICENCE, fine=2000))
    assert check.refused
    assert (
        check.refusals[0].message
        == "拟处吊销许可证件，该违法行为的法定处罚种类中没有，无法定依据，不得作出。"
    )


def test_r19_fine_refused_until_the_basis_is_established():
    rec = recommend(PRODUCT_49, Facts())
    check = check_proposal(rec, Proposal.of(P.FINE, P.CONFISCATE_PROPERTY, fine=1000))
    assert [h.code for h in check.refusals] == ["r19.fine_basis_unknown"]


def test_r19_confiscating_more_than_the_gains_found_is_refused():
    rec = recommend(CONSUMER_56, Facts(illegal_gains=D("2000")))
    check = check_proposal(rec, Proposal.of(P.FINE, P.CONFISCATE_GAINS, fine=8000, gains="2000.01"))
    assert [h.code for h in check.refusals] == ["r19.gains_above_found"]


def test_r03_detention_is_refused():
    rec = recommend(FOOD_123, Facts(goods_value=D("20000"), harm=Harm.SERIOUS))
    check = check_proposal(rec, Proposal.of(P.FINE, P.DETENTION, fine=550000))
    assert "R-03" in check.rules and check.refused


# --------------------------------------------------------------------------------------
# R-20 summary procedure
# --------------------------------------------------------------------------------------


def _rec(kind: PartyKind, **facts):
    return recommend(PRICE_42, Facts(party_kind=kind, facts_certain=True, **facts))


@pytest.mark.parametrize(
    ("kind", "amount", "eligible"),
    [
        (PERSON, "200.00", True),
        (PERSON, "200.01", False),
        (ORG, "3000.00", True),
        (ORG, "3000.01", False),
    ],
)
def test_r20_summary_procedure_limits_person_200_organisation_3000(kind, amount, eligible):
    check = check_proposal(_rec(kind), Proposal.of(P.FINE, fine=amount))
    assert check.flags.summary_eligible is eligible


def test_r20_summary_procedure_message():
    check = check_proposal(_rec(PERSON), Proposal.of(P.FINE, fine=200))
    summary = next(h for h in check.flag_reasons if h.rule == "R-20")
    assert summary.article == "《行政处罚法》第五十一条"
    assert summary.message == (
        "违法事实确凿并有法定依据，处警告或者自然人 200.00 元以下罚款，可以适用简易程序当场作出行政处罚决定。"
    )


def test_r20_warning_recommendation_is_summary_eligible_when_facts_certain():
    facts = Facts(
        party_kind=PERSON, first_offence=True, minor=True, harm=Harm.SMALL, facts_certain=True
    )
    assert recommend(CONSUMER_56, facts).summary_eligible
    uncertain = Facts(party_kind=PERSON, first_offence=True, minor=True, harm=Harm.SMALL)
    assert not recommend(CONSUMER_56, uncertain).summary_eligible


def test_r20_no_summary_procedure_with_confiscation():
    rec = _rec(PERSON, illegal_gains=D("50"))
    check = check_proposal(rec, Proposal.of(P.FINE, P.CONFISCATE_GAINS, fine=100, gains=50))
    assert not check.flags.summary_eligible


def test_r20_recommendation_flag_needs_the_whole_range_within_the_limit():
    table = BenchmarkTable(
        "JG-42", "小额", (TierSpec(Tier.ORDINARY, frozenset({P.FINE}), amounts=Range.of(50, 200)),)
    )
    assert recommend(
        PRICE_42, Facts(party_kind=PERSON, facts_certain=True), benchmark=table
    ).summary_eligible
    wider = BenchmarkTable(
        "JG-42",
        "小额",
        (TierSpec(Tier.ORDINARY, frozenset({P.FINE}), amounts=Range.of(50, "200.01")),),
    )
    assert not recommend(
        PRICE_42, Facts(party_kind=PERSON, facts_certain=True), benchmark=wider
    ).summary_eligible


# --------------------------------------------------------------------------------------
# R-30 hearing entitlement
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "gains", "amount", "entitled"),
    [
        (PERSON, "2000", "10000.00", True),
        (PERSON, "2000", "9999.99", False),
        (ORG, "20000", "100000.00", True),
        (ORG, "20000", "99999.99", False),
    ],
)
def test_r30_hearing_threshold_is_inclusive_per_party_kind(kind, gains, amount, entitled):
    rec = recommend(CONSUMER_56, Facts(party_kind=kind, illegal_gains=D(gains)))
    check = check_proposal(rec, Proposal.of(P.FINE, fine=amount))
    assert check.accepted  # inside the 一般 tier either way
    assert check.flags.hearing_entitled is entitled


def test_r30_same_fine_entitles_a_person_but_not_an_organisation():
    for kind, entitled in ((PERSON, True), (ORG, False)):
        rec = recommend(CONSUMER_56, Facts(party_kind=kind))
        check = check_proposal(rec, Proposal.of(P.FINE, fine=10000))
        assert check.flags.hearing_entitled is entitled


def test_r30_message_names_the_threshold_and_party_kind():
    rec = recommend(CONSUMER_56, Facts(party_kind=PERSON, illegal_gains=D("2000")))
    check = check_proposal(rec, Proposal.of(P.FINE, fine=10000))
    reason = next(h for h in check.flag_reasons if h.rule == "R-30")
    assert reason.article == "《行政处罚法》第六十三条第一款第（一）项"
    assert reason.message == (
        "罚款 10,000.00 元达到本机关自然人听证标准 10,000.00 元，应当告知当事人有要求听证的权利。"
    )


@pytest.mark.parametrize(
    "heavy",
    [P.REVOKE_LICENCE, P.SUSPEND_BUSINESS, P.CLOSE, P.RESTRICT_EMPLOYMENT, P.LOWER_QUALIFICATION],
)
def test_r30_heavy_types_always_entitle(heavy):
    rec = recommend(CONSUMER_56, Facts(party_kind=ORG))
    check = check_proposal(rec, Proposal.of(P.WARNING, heavy))
    assert check.flags.hearing_entitled


def test_r30_confiscation_value_at_the_threshold():
    rec = recommend(CONSUMER_56, Facts(party_kind=PERSON, illegal_gains=D("10000")))
    at = check_proposal(rec, Proposal.of(P.FINE, P.CONFISCATE_GAINS, fine=37000, gains="10000.00"))
    below = check_proposal(
        rec, Proposal.of(P.FINE, P.CONFISCATE_GAINS, fine=37000, gains="9999.99")
    )
    assert [h.code for h in at.flag_reasons if h.rule == "R-30"] == ["r30.fine", "r30.gains"]
    assert [h.code for h in below.flag_reasons if h.rule == "R-30"] == ["r30.fine"]
    goods = recommend(FOOD_123, Facts(party_kind=PERSON, goods_value=D("5000")))
    prop = check_proposal(
        goods, Proposal.of(P.FINE, P.CONFISCATE_PROPERTY, fine=120000, property_value=5000)
    )
    assert "r30.property" not in [h.code for h in prop.flag_reasons]


def test_r30_agency_threshold_setting_is_used():
    low = AgencyThresholds(hearing_person=D("5000.00"))
    rec = recommend(CONSUMER_56, Facts(party_kind=PERSON, illegal_gains=D("2000")), thresholds=low)
    assert check_proposal(rec, Proposal.of(P.FINE, fine=8000)).flags.hearing_entitled


def test_r30_recommendation_flag_uses_its_maximum_exact_edge():
    def rec_with_max(high: str):
        table = BenchmarkTable(
            "XB-56",
            "edge",
            (TierSpec(Tier.ORDINARY, frozenset({P.FINE}), amounts=Range.of(5000, high)),),
        )
        return recommend(CONSUMER_56, Facts(party_kind=PERSON), benchmark=table)

    assert rec_with_max("10000.00").hearing_entitled
    assert not rec_with_max("9999.99").hearing_entitled


def test_r30_no_hearing_for_no_penalty():
    rec = recommend(CONSUMER_56, Facts(fault_disproved=True, illegal_gains=D("900000")))
    assert not rec.hearing_entitled


# --------------------------------------------------------------------------------------
# R-27 collective discussion, R-28 legal review
# --------------------------------------------------------------------------------------


def test_r27_complex_or_major_case_needs_collective_discussion():
    for facts in (Facts(complex_case=True), Facts(major_violation=True)):
        rec = recommend(PRICE_42, facts)
        assert rec.collective_discussion_needed
        reason = next(h for h in rec.hits if h.rule == "R-27")
        assert reason.article == "《行政处罚法》第五十七条第二款"
    assert not recommend(PRICE_42, Facts()).collective_discussion_needed


def test_r27_fine_at_the_hearing_threshold_needs_collective_discussion():
    rec = recommend(CONSUMER_56, Facts(party_kind=PERSON, illegal_gains=D("2000")))
    assert check_proposal(
        rec, Proposal.of(P.FINE, fine="10000.00")
    ).flags.collective_discussion_needed
    assert not check_proposal(
        rec, Proposal.of(P.FINE, fine="9999.99")
    ).flags.collective_discussion_needed
    off = AgencyThresholds(collective_on_threshold_fine=False)
    rec_off = recommend(
        CONSUMER_56, Facts(party_kind=PERSON, illegal_gains=D("2000")), thresholds=off
    )
    assert not check_proposal(
        rec_off, Proposal.of(P.FINE, fine=10000)
    ).flags.collective_discussion_needed


def test_r27_hearing_held_needs_collective_discussion_by_default():
    assert recommend(PRICE_42, Facts(hearing_expected=True)).collective_discussion_needed
    off = AgencyThresholds(collective_on_hearing=False)
    assert not recommend(
        PRICE_42, Facts(hearing_expected=True), thresholds=off
    ).collective_discussion_needed


@pytest.mark.parametrize(
    ("violation", "facts", "article"),
    [
        (FOOD_123, Facts(goods_value=D("5000")), "《行政处罚法》第五十八条第一款第（四）项"),
        (PRICE_42, Facts(major_public_interest=True), "《行政处罚法》第五十八条第一款第（一）项"),
        (PRICE_42, Facts(hearing_expected=True), "《行政处罚法》第五十八条第一款第（二）项"),
        (PRICE_42, Facts(complex_case=True), "《行政处罚法》第五十八条第一款第（三）项"),
    ],
)
def test_r28_legal_review_needed(violation, facts, article):
    rec = recommend(violation, facts)
    assert rec.legal_review_needed
    assert [h.article for h in rec.hits if h.rule == "R-28"] == [article]


def test_r28_no_legal_review_for_a_plain_case():
    assert not recommend(PRICE_42, Facts()).legal_review_needed


# --------------------------------------------------------------------------------------
# R-26 heavier than notified
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decided", "notified", "heavier"),
    [
        (Proposal.of(P.FINE, fine=100), Proposal.of(P.WARNING), True),
        (Proposal.of(P.WARNING), Proposal.of(P.FINE, fine=100), False),
        (Proposal.of(P.FINE, fine=1000), Proposal.of(P.FINE, fine=500), True),
        (Proposal.of(P.FINE, fine=500), Proposal.of(P.FINE, fine=1000), False),
        (Proposal.of(P.FINE, fine=500), Proposal.of(P.FINE, fine=500), False),
        (Proposal.of(P.FINE, P.WARNING, fine=500), Proposal.of(P.FINE, fine=500), True),
        (Proposal.of(P.FINE, P.REVOKE_LICENCE, fine=500), Proposal.of(P.FINE, fine=500), True),
        (
            Proposal.of(P.FINE, P.CONFISCATE_PROPERTY, fine=500, property_value=10),
            Proposal.of(P.FINE, P.SUSPEND_BUSINESS, fine=500),
            False,
        ),
        (
            Proposal.of(P.CONFISCATE_GAINS, gains=200),
            Proposal.of(P.CONFISCATE_GAINS, gains=100),
            True,
        ),
    ],
)
def test_r26_is_heavier(decided, notified, heavier):
    assert is_heavier(decided, notified) is heavier


def test_r26_reasons_are_explained():
    reasons = heavier_reasons(
        Proposal.of(P.FINE, P.REVOKE_LICENCE, fine=800), Proposal.of(P.FINE, fine=500)
    )
    assert [h.message for h in reasons] == [
        "决定的处罚种类（吊销许可证件）重于告知的处罚种类（罚款）。",
        "决定增加了告知中没有的处罚种类：吊销许可证件。",
        "决定的罚款 800.00 元高于告知的 500.00 元。",
    ]
    assert {h.article for h in reasons} == {"《行政处罚法》第四十五条第二款"}


# --------------------------------------------------------------------------------------
# Snapshot stored with the proposal
# --------------------------------------------------------------------------------------


def test_snapshot_is_json_and_restores_the_same_recommendation():
    rec = recommend(FOOD_123, Facts(goods_value=D("20000"), party_kind=PERSON, complex_case=True))
    data = json.loads(json.dumps(snapshot(rec), ensure_ascii=False))
    assert from_snapshot(data) == rec
    assert data["fine_range"] == ["390000.00", "510000.00"]
    assert data["hits"][0]["rule"] == "R-17"
    assert data["hits"][0]["message"].startswith("无法定或者裁量基准列明")
    check_a = check_proposal(rec, Proposal.of(P.FINE, fine=400000))
    check_b = check_proposal(from_snapshot(data), Proposal.of(P.FINE, fine=400000))
    assert check_a == check_b
