"""Worked examples of the discretion engine on real provisions (R-12…R-19).

Statutory ranges as enacted:
- 价格法 Art 42: 没收违法所得，可以并处五千元以下的罚款 (0–5,000).
- 消费者权益保护法 Art 56: 警告、没收违法所得、违法所得一倍以上十倍以下罚款，没有违法所得的
  处以五十万元以下罚款；情节严重的责令停业整顿、吊销营业执照.
- 产品质量法 Art 49: 没收产品，并处货值金额等值以上三倍以下罚款；有违法所得的没收；情节严重的
  吊销营业执照.
- 广告法 Art 58: 广告费用一倍以上三倍以下罚款，广告费用无法计算或者明显偏低的处十万元以上
  二十万元以下罚款.
- 食品安全法 (2015/2021) Art 123: 货值金额不足一万元的并处十万元以上十五万元以下罚款；一万元
  以上的并处货值金额十五倍以上三十倍以下罚款；情节严重的吊销许可证 (and police detention).
  Its predecessor, 食品安全法 (2009) Art 85: 不足一万元的二千元以上五万元以下；一万元以上的
  五倍以上十倍以下.
- 食品安全法 Art 126: 责令改正，给予警告；拒不改正的，处五千元以上五万元以下罚款；情节严重的，
  责令停产停业，直至吊销许可证.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from penalties.discretion import (
    AgencyThresholds,
    Aggravating,
    BenchmarkTable,
    Capacity,
    Circumstance,
    Condition,
    Facts,
    Fallback,
    FineSpec,
    Harm,
    LawInTime,
    MitigatingGround,
    MultipleBasis,
    Outcome,
    PartyKind,
    PenaltyType,
    ProvisionRef,
    Range,
    Tier,
    TierSpec,
    Violation,
    default_benchmark,
    recommend,
    recommend_in_time,
    validate_benchmark,
)

P = PenaltyType
D = Decimal


def types(*members: PenaltyType) -> frozenset[PenaltyType]:
    return frozenset(members)


PRICE_42 = Violation(
    code="JG-42",
    name="违反明码标价规定",
    penalty_types=types(P.CONFISCATE_GAINS, P.FINE),
    mandatory_types=types(P.CONFISCATE_GAINS),
    fine=FineSpec.fixed(0, 5000),
    provisions=(
        ProvisionRef(
            "《中华人民共和国价格法》",
            "第四十二条",
            "经营者违反明码标价规定的，责令改正，没收违法所得，可以并处五千元以下的罚款。",
        ),
    ),
)
CONSUMER_56 = Violation(
    code="XB-56",
    name="侵害消费者权益（消费者权益保护法第五十六条）",
    penalty_types=types(
        P.WARNING, P.CONFISCATE_GAINS, P.FINE, P.SUSPEND_BUSINESS, P.REVOKE_LICENCE
    ),
    fine=FineSpec.multiples(
        MultipleBasis.ILLEGAL_GAINS, 1, 10, fixed=(0, 500000), fallback=Fallback.NO_BASE
    ),
)
PRODUCT_49 = Violation(
    code="CP-49",
    name="生产、销售不符合保障人体健康和人身、财产安全标准的产品",
    penalty_types=types(P.CONFISCATE_PROPERTY, P.FINE, P.CONFISCATE_GAINS, P.REVOKE_LICENCE),
    mandatory_types=types(P.CONFISCATE_PROPERTY, P.FINE),
    fine=FineSpec.multiples(MultipleBasis.GOODS_VALUE, 1, 3),
    safety_related=True,
)
AD_58 = Violation(
    code="GG-58",
    name="违法发布医疗、药品、医疗器械广告等（广告法第五十八条）",
    penalty_types=types(P.FINE),
    mandatory_types=types(P.FINE),
    fine=FineSpec.multiples(
        MultipleBasis.AD_FEES,
        1,
        3,
        fixed=(100000, 200000),
        fallback=Fallback.INCALCULABLE_OR_LOW,
    ),
)
_FOOD_TYPES = types(
    P.CONFISCATE_GAINS, P.CONFISCATE_PROPERTY, P.FINE, P.REVOKE_LICENCE, P.DETENTION
)
FOOD_123 = Violation(
    code="SP-NONFOOD",
    name="用非食品原料生产食品",
    penalty_types=_FOOD_TYPES,
    mandatory_types=types(P.CONFISCATE_GAINS, P.CONFISCATE_PROPERTY, P.FINE),
    fine=FineSpec.multiples(
        MultipleBasis.GOODS_VALUE,
        15,
        30,
        fixed=(100000, 150000),
        fallback=Fallback.BELOW_THRESHOLD,
        threshold=10000,
    ),
    needs_legal_review=True,
    safety_related=True,
    version="2015",
    valid_from=date(2015, 10, 1),
)
FOOD_85_2009 = Violation(
    code="SP-NONFOOD",
    name="用非食品原料生产食品",
    penalty_types=_FOOD_TYPES - {P.DETENTION},
    mandatory_types=types(P.CONFISCATE_GAINS, P.CONFISCATE_PROPERTY, P.FINE),
    fine=FineSpec.multiples(
        MultipleBasis.GOODS_VALUE,
        5,
        10,
        fixed=(2000, 50000),
        fallback=Fallback.BELOW_THRESHOLD,
        threshold=10000,
    ),
    needs_legal_review=True,
    safety_related=True,
    version="2009",
    valid_from=date(2009, 6, 1),
    valid_to=date(2015, 9, 30),
)
FOOD_126 = Violation(
    code="SP-126",
    name="未按规定建立并遵守进货查验记录制度",
    penalty_types=types(P.WARNING, P.FINE, P.SUSPEND_BUSINESS, P.REVOKE_LICENCE),
    mandatory_types=types(P.WARNING),
    fine=FineSpec.fixed(5000, 50000),
)

PERSON = PartyKind.PERSON
ORG = PartyKind.ORGANISATION


def r(low: str | int, high: str | int) -> Range:
    return Range.of(low, high)


def codes(rec) -> tuple[str, ...]:
    return rec.hit_codes()


def messages(rec) -> list[str]:
    return [h.message for h in rec.hits]


# --------------------------------------------------------------------------------------
#
# --------------------------------------------------------------------------------------


def test_r12_minor_corrected_without_harm_gets_no_penalty_and_education():
    facts = Facts(party_kind=PERSON, minor=True, promptly_corrected=True, harm=Harm.NONE)
    rec = recommend(PRICE_42, facts)
    assert rec.outcome is Outcome.NO_PENALTY
    assert rec.tier is Tier.NO_PENALTY
    assert rec.allowed_types == frozenset()
    assert rec.fine_range is None
    assert rec.binding_no_penalty_rule == "R-12"
    assert rec.hits[0].rule == "R-12"
    assert rec.hits[0].article == "《行政处罚法》第三十三条第一款"
    assert rec.hits[0].message == (
        "违法行为轻微并及时改正，没有造成危害后果，依法不予行政处罚；"
        "应当对当事人进行教育并记录在案（第三十三条第三款）。"
    )
    assert not rec.hearing_entitled and not rec.summary_eligible


def test_r12_applies_even_to_repeat_offenders():
    """R-12 does not ask for a first offence: minor + corrected + no harm is enough."""
    facts = Facts(minor=True, promptly_corrected=True, harm=Harm.NONE, first_offence=False)
    assert recommend(FOOD_126, facts).outcome is Outcome.NO_PENALTY


def test_r12_not_when_harm_was_caused():
    facts = Facts(minor=True, promptly_corrected=True, harm=Harm.SMALL)
    assert recommend(PRICE_42, facts).outcome is not Outcome.NO_PENALTY


# --------------------------------------------------------------------------------------
#
# --------------------------------------------------------------------------------------

FIRST_MINOR = Facts(
    party_kind=ORG, first_offence=True, minor=True, harm=Harm.SMALL, promptly_corrected=True
)
LISTED = AgencyThresholds(first_offence_list=frozenset({"JG-42", "SP-126"}))


def test_r13_first_minor_offence_on_the_list_and_corrected_gets_no_penalty():
    rec = recommend(PRICE_42, FIRST_MINOR, thresholds=LISTED)
    assert rec.outcome is Outcome.NO_PENALTY
    assert rec.first_minor_offence
    assert rec.binding_no_penalty_rule is None  # 可以不予处罚: a departure can override
    assert codes(rec) == ("r13.first_offence_list",)
    assert rec.hits[0].article == "《行政处罚法》第三十三条第一款"


def test_r13_first_minor_offence_not_on_the_list_gets_a_warning_never_a_fine():
    rec = recommend(PRICE_42, FIRST_MINOR)
    assert rec.outcome is Outcome.WARNING
    assert rec.allowed_types == types(P.WARNING)
    assert P.FINE not in rec.allowed_types
    assert rec.fine_range is None
    # 价格法 Art 42 has no warning: a warning instead of the statutory types is 减轻.
    assert rec.tier is Tier.MITIGATED
    assert codes(rec)[:2] == ("r13.warning_not_listed", "r13.warning_is_mitigation")
    assert rec.hits[0].message == (
        "初次违法、情节轻微、社会危害性较小，应当适用警告，慎用罚款；"
        "该违法行为未列入本机关首违不罚清单，故推荐警告。"
    )


def test_r13_listed_but_not_corrected_gets_a_warning():
    facts = Facts(party_kind=ORG, first_offence=True, minor=True, harm=Harm.SMALL)
    rec = recommend(FOOD_126, facts, thresholds=LISTED)
    assert rec.outcome is Outcome.WARNING
    assert codes(rec)[0] == "r13.warning_not_corrected"
    # 食品安全法 Art 126 provides a warning: the lightest statutory penalty is 从轻.
    assert rec.tier is Tier.LIGHTER


def test_r13_no_harm_counts_as_small_harm():
    facts = Facts(first_offence=True, minor=True, harm=Harm.NONE)  # not corrected: no R-12
    rec = recommend(CONSUMER_56, facts)
    assert rec.outcome is Outcome.WARNING
    assert rec.tier is Tier.LIGHTER


def test_r13_illegal_gains_are_confiscated_not_fined():
    facts = Facts(first_offence=True, minor=True, harm=Harm.SMALL, illegal_gains=D("300"))
    rec = recommend(PRICE_42, facts)
    assert rec.outcome is Outcome.WARNING
    assert rec.allowed_types == types(P.WARNING, P.CONFISCATE_GAINS)
    assert "r13.gains_confiscated" in codes(rec)


def test_r13_not_for_a_second_offence():
    facts = Facts(first_offence=False, minor=True, harm=Harm.SMALL)
    rec = recommend(PRICE_42, facts)
    assert rec.outcome is Outcome.FINE
    assert not rec.first_minor_offence


def test_r13_not_when_harm_is_general():
    facts = Facts(first_offence=True, minor=True, harm=Harm.GENERAL)
    assert recommend(PRICE_42, facts).outcome is Outcome.FINE


def test_r13_warning_prevails_over_aggravating_factors():
    facts = Facts(
        first_offence=True,
        minor=True,
        harm=Harm.SMALL,
        aggravating=frozenset({Aggravating.OBSTRUCTED}),
    )
    rec = recommend(FOOD_123, facts)
    assert rec.outcome is Outcome.WARNING and P.FINE not in rec.allowed_types


# --------------------------------------------------------------------------------------
#
# --------------------------------------------------------------------------------------


def test_r14_no_fault_gets_no_penalty_whatever_else_applies():
    facts = Facts(
        fault_disproved=True,
        harm=Harm.SERIOUS,
        aggravating=frozenset({Aggravating.REPEAT}),
        goods_value=D("50000"),
    )
    rec = recommend(FOOD_123, facts)
    assert rec.outcome is Outcome.NO_PENALTY
    assert rec.binding_no_penalty_rule == "R-14"
    assert rec.hits[0].article == "《行政处罚法》第三十三条第二款"
    assert rec.hits[0].message == (
        "当事人有证据足以证明没有主观过错，依法不予行政处罚，并应当对其进行教育。"
    )
    # Review stays due for the flagged violation even without a penalty.
    assert rec.legal_review_needed


# --------------------------------------------------------------------------------------
#
# --------------------------------------------------------------------------------------


def test_r15_under_14_gets_no_penalty():
    rec = recommend(CONSUMER_56, Facts(party_kind=PERSON, age=13, illegal_gains=D("900")))
    assert rec.outcome is Outcome.NO_PENALTY
    assert rec.binding_no_penalty_rule == "R-15"
    assert rec.hits[0].message == (
        "当事人不满十四周岁（13 周岁），依法不予行政处罚，应当责令监护人加以管教。"
    )
    assert rec.hits[0].article == "《行政处罚法》第三十条"


def test_r15_age_14_to_17_makes_lighter_tier_mandatory_even_when_aggravated():
    facts = Facts(
        party_kind=PERSON,
        age=16,
        illegal_gains=D("2000"),
        aggravating=frozenset({Aggravating.REPEAT}),
    )
    rec = recommend(CONSUMER_56, facts)
    assert rec.tier is Tier.LIGHTER
    assert rec.mitigation_required
    assert rec.fine_range == r("2000.00", "7400.00")  # 1–3.7 times of 2,000
    assert codes(rec)[:3] == ("r15.juvenile", "r16.mitigation_prevails", "r17.mandatory_lighter")
    assert rec.hits[0].message == (
        "当事人已满十四周岁不满十八周岁（16 周岁），应当从轻或者减轻行政处罚。"
    )


def test_r15_eighteen_is_an_adult():
    rec = recommend(CONSUMER_56, Facts(party_kind=PERSON, age=18, illegal_gains=D("2000")))
    assert rec.tier is Tier.ORDINARY and not rec.mitigation_required


def test_r15_age_is_ignored_for_organisations():
    rec = recommend(CONSUMER_56, Facts(party_kind=ORG, age=12, illegal_gains=D("2000")))
    assert rec.tier is Tier.ORDINARY


def test_r15_without_capacity_gets_no_penalty():
    facts = Facts(party_kind=PERSON, capacity=Capacity.NONE, illegal_gains=D("2000"))
    rec = recommend(CONSUMER_56, facts)
    assert rec.outcome is Outcome.NO_PENALTY
    assert rec.binding_no_penalty_rule == "R-15"
    assert rec.hits[0].article == "《行政处罚法》第三十一条"


def test_r15_partly_impaired_capacity_allows_lighter_and_is_recorded():
    facts = Facts(party_kind=PERSON, capacity=Capacity.PARTLY_IMPAIRED, illegal_gains=D("2000"))
    rec = recommend(CONSUMER_56, facts)
    assert rec.tier is Tier.LIGHTER
    assert not rec.mitigation_required  # 可以, not 应当
    assert codes(rec)[0] == "r15.partly_impaired"


def test_r15_partly_impaired_capacity_does_not_outweigh_aggravation_but_is_recorded():
    facts = Facts(
        party_kind=PERSON,
        capacity=Capacity.PARTLY_IMPAIRED,
        illegal_gains=D("2000"),
        aggravating=frozenset({Aggravating.REPEAT}),
    )
    rec = recommend(CONSUMER_56, facts)
    assert rec.tier is Tier.HEAVIER
    assert codes(rec)[0] == "r15.partly_impaired_outweighed"


# --------------------------------------------------------------------------------------
#
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ground", "article"),
    [
        (MitigatingGround.REMOVED_HARM, "《行政处罚法》第三十二条第（一）项"),
        (MitigatingGround.COERCED, "《行政处罚法》第三十二条第（二）项"),
        (MitigatingGround.CONFESSED, "《行政处罚法》第三十二条第（三）项"),
        (MitigatingGround.MERITORIOUS, "《行政处罚法》第三十二条第（四）项"),
        (MitigatingGround.OTHER_STATUTORY, "《行政处罚法》第三十二条第（五）项"),
    ],
)
def test_r16_each_ground_caps_the_tier_at_lighter_and_cites_its_item(ground, article):
    facts = Facts(goods_value=D("50000"), harm=Harm.GENERAL, mitigating=frozenset({ground}))
    rec = recommend(PRODUCT_49, facts)
    assert rec.tier is Tier.LIGHTER
    assert rec.hits[0].rule == "R-16" and rec.hits[0].article == article
    assert rec.fine_range == r(50000, 80000)  # 1–1.6 times of 50,000
    assert rec.allowed_types >= types(P.FINE, P.CONFISCATE_PROPERTY)


def test_r16_mitigation_prevails_over_aggravating_factors():
    facts = Facts(
        goods_value=D("50000"),
        harm=Harm.SERIOUS,
        mitigating=frozenset({MitigatingGround.COERCED}),
        aggravating=frozenset({Aggravating.OBSTRUCTED}),
    )
    rec = recommend(PRODUCT_49, facts)
    assert rec.tier is Tier.LIGHTER
    prevails = next(h for h in rec.hits if h.code == "r16.mitigation_prevails")
    assert prevails.message == (
        "虽有从重情节（阻碍、拒绝执法人员依法执行职务、造成严重危害后果），"
        "但存在法定应当从轻或者减轻的情节，不得从重，处罚档次至多为从轻。"
    )
    assert P.REVOKE_LICENCE not in rec.allowed_types


def test_r16_mitigated_tier_when_the_table_conditions_hold():
    """Default 减轻 condition: a mandatory ground, small harm, nothing aggravating."""
    facts = Facts(
        goods_value=D("50000"),
        harm=Harm.SMALL,
        mitigating=frozenset({MitigatingGround.REMOVED_HARM}),
    )
    rec = recommend(PRODUCT_49, facts)
    assert rec.tier is Tier.MITIGATED
    assert rec.fine_range == r(0, 50000)  # below the statutory minimum (1 × 50,000)
    assert P.WARNING in rec.allowed_types


# --------------------------------------------------------------------------------------
#
# --------------------------------------------------------------------------------------


def test_r17_default_split_of_a_fixed_range_food_safety_below_threshold():
    """货值金额不足一万元: 100,000–150,000 split 30/40/30."""
    base = Facts(goods_value=D("5000"))
    assert recommend(FOOD_123, base).fine_range == r(115000, 135000)
    heavier = recommend(FOOD_123, Facts(goods_value=D("5000"), harm=Harm.SERIOUS))
    assert heavier.tier is Tier.HEAVIER and heavier.fine_range == r(135000, 150000)
    lighter = recommend(
        FOOD_123, Facts(goods_value=D("5000"), harm=Harm.SMALL, promptly_corrected=True)
    )
    assert lighter.tier is Tier.LIGHTER and lighter.fine_range == r(100000, 115000)
    assert "r17.default_table" in codes(lighter)
    assert lighter.benchmark_is_default


def test_r17_default_split_of_multiples_food_safety_above_threshold():
    """货值金额 20,000: 15–30 times = 300,000–600,000; split between the multiples."""
    rec = recommend(FOOD_123, Facts(goods_value=D("20000")))
    assert rec.statutory_fine == r(300000, 600000)
    assert rec.tier is Tier.ORDINARY
    assert rec.fine_multiples == Range.multiples("19.5", "25.5")
    assert rec.fine_range == r(390000, 510000)
    assert rec.allowed_types == types(P.FINE, P.CONFISCATE_GAINS, P.CONFISCATE_PROPERTY)
    line = next(h for h in rec.hits if h.code == "r17.range_multiple")
    assert line.message == (
        "适用一般处罚档：按货值金额 20,000.00 元的 19.5 至 25.5 倍，罚款 390,000.00 元至 "
        "510,000.00 元（法定幅度 300,000.00 元至 600,000.00 元）。"
    )


def test_r17_threshold_of_the_multiple_part_is_inclusive():
    """ "货值金额一万元以上" includes 10,000.00; 9,999.99 is "不足一万元"."""
    at = recommend(FOOD_123, Facts(goods_value=D("10000.00")))
    below = recommend(FOOD_123, Facts(goods_value=D("9999.99")))
    assert at.statutory_fine == r(150000, 300000)
    assert below.statutory_fine == r(100000, 150000)


def test_r17_heavier_tier_adds_licence_revocation_but_never_detention():
    rec = recommend(
        FOOD_123, Facts(goods_value=D("20000"), aggravating=frozenset({Aggravating.REPEAT}))
    )
    assert rec.tier is Tier.HEAVIER
    assert P.REVOKE_LICENCE in rec.allowed_types
    assert P.DETENTION not in rec.allowed_types
    assert rec.fine_range == r(510000, 600000)


def test_r17_consumer_law_without_gains_uses_the_500000_cap():
    rec = recommend(CONSUMER_56, Facts())
    assert rec.statutory_fine == r(0, 500000)
    assert rec.fine_range == r(150000, 350000)
    assert rec.fine_multiples is None


def test_r17_consumer_law_with_gains_uses_multiples():
    rec = recommend(CONSUMER_56, Facts(illegal_gains=D("2000")))
    assert rec.statutory_fine == r(2000, 20000)
    assert rec.fine_range == r(7400, 14600)  # 3.7–7.3 times
    assert P.SUSPEND_BUSINESS not in rec.allowed_types  # only 从重 suspends business


def test_r17_advertising_fees_incalculable_fall_back_to_the_fixed_range():
    rec = recommend(AD_58, Facts(ad_fees=D("40000"), basis_incalculable=True))
    assert rec.statutory_fine == r(100000, 200000)
    assert rec.fine_range == r(130000, 170000)
    known = recommend(AD_58, Facts(ad_fees=D("40000")))
    assert known.statutory_fine == r(40000, 120000)
    assert known.fine_range == r(64000, 96000)  # 1.6–2.4 times


def test_r17_product_quality_without_goods_value_has_no_range_yet():
    rec = recommend(PRODUCT_49, Facts())
    assert rec.statutory_fine is None and rec.fine_range is None
    assert P.FINE in rec.allowed_types
    unknown = next(h for h in rec.hits if h.code == "r17.fine_basis_unknown")
    assert unknown.message == (
        "罚款以货值金额为计算基数，但该金额尚未认定，无法计算罚款幅度；请先认定货值金额。"
    )


PRICE_TABLE = BenchmarkTable(
    violation_code="JG-42",
    version="2024版",
    effective_from=date(2024, 1, 1),
    tiers=(
        TierSpec(
            Tier.LIGHTER,
            types(P.CONFISCATE_GAINS, P.FINE),
            amounts=r(0, 1000),
            condition=Condition(
                all_of=frozenset({Circumstance.PROMPTLY_CORRECTED}), text="及时改正"
            ),
        ),
        TierSpec(Tier.ORDINARY, types(P.CONFISCATE_GAINS, P.FINE), amounts=r(1000, 3000)),
        TierSpec(
            Tier.HEAVIER,
            types(P.CONFISCATE_GAINS, P.FINE),
            amounts=r(3000, 5000),
            condition=Condition(
                any_of=frozenset({Circumstance.ANY_AGGRAVATING}),
                amount_basis=MultipleBasis.ILLEGAL_GAINS,
                text="有从重情节",
            ),
        ),
    ),
)


def test_r17_agency_table_is_used_and_named():
    rec = recommend(PRICE_42, Facts(promptly_corrected=True), benchmark=PRICE_TABLE)
    assert rec.benchmark_version == "2024版" and not rec.benchmark_is_default
    assert rec.tier is Tier.LIGHTER
    assert rec.fine_range == r(0, 1000)
    assert rec.hits[0].message == "符合裁量基准从轻处罚档的条件（及时改正），适用从轻处罚。"


def test_r17_table_condition_on_an_amount():
    table = BenchmarkTable(
        violation_code="CP-49",
        version="2024",
        tiers=(
            TierSpec(
                Tier.HEAVIER,
                types(P.CONFISCATE_PROPERTY, P.FINE),
                multiples=Range.multiples(2, 3),
                condition=Condition(amount_at_least=D("100000"), text="货值金额十万元以上"),
            ),
        ),
    )
    big = recommend(PRODUCT_49, Facts(goods_value=D("100000")), benchmark=table)
    small = recommend(PRODUCT_49, Facts(goods_value=D("99999.99")), benchmark=table)
    assert big.tier is Tier.HEAVIER and big.fine_range == r(200000, 300000)
    assert small.tier is Tier.ORDINARY
    assert "r17.tier_missing" in codes(small)  # the table has no 一般 tier: default used


def test_r17_table_without_the_tier_falls_back_to_the_default_split():
    table = BenchmarkTable("JG-42", "仅从重", (PRICE_TABLE.tiers[2],))
    rec = recommend(PRICE_42, Facts(), benchmark=table)
    assert rec.tier is Tier.ORDINARY
    assert rec.fine_range == r(1500, 3500)
    missing = next(h for h in rec.hits if h.code == "r17.tier_missing")
    assert missing.message == "裁量基准（仅从重）未设一般处罚档，该档按默认划分确定。"


def test_r17_table_range_outside_the_statute_falls_back_to_default():
    table = BenchmarkTable(
        "JG-42", "错", (TierSpec(Tier.ORDINARY, types(P.FINE), amounts=r(6000, 9000)),)
    )
    rec = recommend(PRICE_42, Facts(), benchmark=table)
    assert rec.fine_range == r(1500, 3500)
    assert "r17.table_range_invalid" in codes(rec)


def test_r17_mandatory_statutory_types_stay_in_every_ordinary_tier():
    table = BenchmarkTable(
        "CP-49", "漏项", (TierSpec(Tier.ORDINARY, types(P.FINE), multiples=Range.multiples(1, 2)),)
    )
    rec = recommend(PRODUCT_49, Facts(goods_value=D("1000")), benchmark=table)
    assert P.CONFISCATE_PROPERTY in rec.allowed_types
    assert "r17.mandatory_added" in codes(rec)


def test_r17_table_no_penalty_tier_needs_the_article_33_basis():
    table = BenchmarkTable(
        "XB-56",
        "2024",
        (
            TierSpec(
                Tier.NO_PENALTY,
                condition=Condition(
                    all_of=frozenset({Circumstance.FIRST_OFFENCE}), text="首次违法"
                ),
            ),
        ),
    )
    corrected = Facts(first_offence=True, harm=Harm.SMALL, promptly_corrected=True)
    rec = recommend(CONSUMER_56, corrected, benchmark=table)
    assert rec.outcome is Outcome.NO_PENALTY and rec.binding_no_penalty_rule is None
    assert codes(rec) == ("r17.table_no_penalty",)
    # Not corrected: Art 33 ¶1 does not allow it, whatever the table says.
    not_corrected = Facts(first_offence=True, harm=Harm.SMALL)
    assert recommend(CONSUMER_56, not_corrected, benchmark=table).outcome is Outcome.FINE


def test_r17_default_benchmark_is_valid_and_split_30_40_30():
    table = default_benchmark(PRICE_42)
    assert validate_benchmark(PRICE_42, table) == ()
    assert table.tier(Tier.LIGHTER).amounts == r(0, 1500)
    assert table.tier(Tier.ORDINARY).amounts == r(1500, 3500)
    assert table.tier(Tier.HEAVIER).amounts == r(3500, 5000)
    assert table.tier(Tier.MITIGATED).amounts == r(0, 0)
    food = default_benchmark(FOOD_123)
    assert food.tier(Tier.LIGHTER).multiples == Range.multiples("15", "19.5")
    assert P.DETENTION not in food.tier(Tier.HEAVIER).penalty_types


def test_r17_validate_benchmark_lists_every_problem_with_its_tier():
    table = BenchmarkTable(
        "JG-42",
        "坏表",
        (
            TierSpec(Tier.MITIGATED, types(P.WARNING)),
            TierSpec(Tier.LIGHTER, types(P.FINE), amounts=r(0, 2000)),
            TierSpec(Tier.ORDINARY, types(P.FINE, P.REVOKE_LICENCE), amounts=r(1500, 3500)),
            TierSpec(Tier.HEAVIER, types(P.FINE, P.DETENTION), amounts=r(3500, 8000)),
        ),
    )
    problems = validate_benchmark(PRICE_42, table)
    found = [(p.tier, p.field, p.rule, p.message) for p in problems]
    assert found == [
        (Tier.MITIGATED, "condition", "R-17", "减轻处罚档必须列明适用条件。"),
        (
            Tier.ORDINARY,
            "penalty_types",
            "R-19",
            "一般处罚档列出的吊销许可证件不是该违法行为的法定处罚种类。",
        ),
        (
            Tier.HEAVIER,
            "penalty_types",
            "R-03",
            "从重处罚档不得列入行政拘留：行政拘留只能由公安机关决定。",
        ),
        (
            Tier.HEAVIER,
            "amounts",
            "R-19",
            "从重处罚档上限 8,000.00 元超过法定最高额 5,000.00 元。",
        ),
        (
            Tier.ORDINARY,
            "amounts",
            "R-17",
            "从轻处罚档与一般处罚档的罚款金额幅度交叉或者次序颠倒。",
        ),
    ]


def test_r17_validate_benchmark_multiples_and_mitigated_range():
    table = BenchmarkTable(
        "SP-NONFOOD",
        "倍数",
        (
            TierSpec(
                Tier.MITIGATED,
                types(P.FINE),
                amounts=r(0, 120000),
                multiples=Range.multiples(5, 16),
                condition=Condition(all_of=frozenset({Circumstance.MANDATORY_MITIGATION})),
            ),
            TierSpec(Tier.LIGHTER, types(P.FINE), multiples=Range.multiples(10, 20)),
            TierSpec(Tier.HEAVIER, types(P.FINE), multiples=Range.multiples(25, 31)),
        ),
    )
    messages_ = [p.message for p in validate_benchmark(FOOD_123, table)]
    assert messages_ == [
        "减轻处罚档的上限 120,000.00 元应当不高于法定最低额 100,000.00 元。",
        "减轻处罚档的上限 16 倍应当不高于法定最低 15 倍。",
        "从轻处罚档下限 10 倍低于法定最低 15 倍（只有减轻处罚档可以低于法定最低倍数）。",
        "从重处罚档上限 31 倍超过法定最高 30 倍。",
        "减轻处罚档与从轻处罚档的罚款倍数幅度交叉或者次序颠倒。",
    ]


# --------------------------------------------------------------------------------------
#
# --------------------------------------------------------------------------------------


def test_r18_old_law_applies_when_the_new_one_is_heavier_food_safety_2009_2015():
    facts = Facts(goods_value=D("20000"))
    rec = recommend_in_time(
        [FOOD_85_2009, FOOD_123],
        facts,
        act_date=date(2015, 8, 1),
        decision_date=date(2015, 11, 2),
    )
    assert rec.law_in_time is LawInTime.ACT_DATE
    assert rec.violation_version == "2009"
    assert rec.statutory_fine == r(100000, 200000)  # 5–10 times, not 15–30
    assert rec.hits[0].message == (
        "适用违法行为发生时（2015-08-01）有效的第 2009 版规定及裁量基准（默认划分）；"
        "作出决定时（2015-11-02）的第 2015 版规定及裁量基准（默认划分）处罚并不较轻。"
    )
    assert rec.hits[0].article == "《行政处罚法》第三十七条"


def test_r18_new_law_applies_when_it_is_lighter():
    """A hypothetical amendment lowering 价格法 Art 42's cap to 3,000 from 2025."""
    old = Violation(
        code="JG-42",
        name="违反明码标价规定",
        penalty_types=PRICE_42.penalty_types,
        fine=FineSpec.fixed(0, 5000),
        version="1998",
        valid_to=date(2024, 12, 31),
    )
    new = Violation(
        code="JG-42",
        name="违反明码标价规定",
        penalty_types=PRICE_42.penalty_types,
        fine=FineSpec.fixed(0, 3000),
        version="2025",
        valid_from=date(2025, 1, 1),
    )
    rec = recommend_in_time(
        [old, new], Facts(), act_date=date(2024, 6, 1), decision_date=date(2025, 3, 3)
    )
    assert rec.law_in_time is LawInTime.DECISION_DATE
    assert rec.violation_version == "2025"
    assert rec.fine_range == r(900, 2100)
    assert rec.hits[0].code == "r18.new_lighter"


def test_r18_newer_lighter_benchmark_applies():
    lighter = BenchmarkTable(
        "JG-42",
        "2025版",
        (TierSpec(Tier.ORDINARY, types(P.CONFISCATE_GAINS, P.FINE), amounts=r(500, 2000)),),
        effective_from=date(2025, 1, 1),
    )
    older = BenchmarkTable(
        "JG-42",
        "2024版",
        PRICE_TABLE.tiers,
        effective_from=date(2024, 1, 1),
        effective_to=date(2024, 12, 31),
    )
    rec = recommend_in_time(
        [PRICE_42],
        Facts(),
        act_date=date(2024, 6, 1),
        decision_date=date(2025, 2, 1),
        benchmarks=[older, lighter],
    )
    assert rec.benchmark_version == "2025版" and rec.fine_range == r(500, 2000)
    # …and the older one stays when the newer is heavier.
    rec_heavier_new = recommend_in_time(
        [PRICE_42],
        Facts(),
        act_date=date(2024, 6, 1),
        decision_date=date(2025, 2, 1),
        benchmarks=[
            BenchmarkTable("JG-42", "2024版", lighter.tiers, effective_to=date(2024, 12, 31)),
            BenchmarkTable("JG-42", "2025版", PRICE_TABLE.tiers, effective_from=date(2025, 1, 1)),
        ],
    )
    assert rec_heavier_new.benchmark_version == "2024版"


def test_r18_repealed_without_successor_is_no_longer_a_violation():
    repealed = Violation(
        code="X-1",
        name="已废止的违法行为",
        penalty_types=types(P.FINE),
        fine=FineSpec.fixed(0, 1000),
        valid_to=date(2024, 12, 31),
    )
    rec = recommend_in_time(
        [repealed], Facts(), act_date=date(2024, 6, 1), decision_date=date(2025, 1, 1)
    )
    assert rec.outcome is Outcome.NO_PENALTY
    assert rec.binding_no_penalty_rule == "R-18"
    assert rec.law_in_time is LawInTime.DECRIMINALISED
    assert rec.hits[0].message == (
        "违法行为发生时适用的规定（X-1 第 1 版）已于 2024-12-31 失效，"
        "作出决定时已不认为是违法，依法不予行政处罚。"
    )


def test_r18_same_version_on_both_dates():
    rec = recommend_in_time(
        [FOOD_123],
        Facts(goods_value=D("5000")),
        act_date=date(2020, 1, 1),
        decision_date=date(2020, 3, 1),
    )
    assert rec.law_in_time is LawInTime.ACT_DATE
    assert rec == recommend_in_time(
        [FOOD_123],
        Facts(goods_value=D("5000")),
        act_date=date(2020, 1, 1),
        decision_date=date(2020, 3, 1),
    )


def test_r18_bad_dates_and_gaps_are_refused():
    with pytest.raises(ValueError):
        recommend_in_time(
            [FOOD_123], Facts(), act_date=date(2020, 2, 1), decision_date=date(2020, 1, 1)
        )
    with pytest.raises(ValueError):  # nothing in force on the act date
        recommend_in_time(
            [FOOD_123], Facts(), act_date=date(2015, 1, 1), decision_date=date(2020, 1, 1)
        )
    with pytest.raises(ValueError):
        recommend(FOOD_123, Facts(), benchmark=PRICE_TABLE)


# --------------------------------------------------------------------------------------
#
# --------------------------------------------------------------------------------------


def test_r19_table_above_the_statutory_maximum_is_clipped():
    table = BenchmarkTable(
        "JG-42",
        "超限",
        (
            TierSpec(
                Tier.HEAVIER,
                types(P.FINE),
                amounts=r(4000, 8000),
                condition=Condition(any_of=frozenset({Circumstance.ANY_AGGRAVATING})),
            ),
        ),
    )
    rec = recommend(PRICE_42, Facts(aggravating=frozenset({Aggravating.REPEAT})), benchmark=table)
    assert rec.fine_range == r(4000, 5000)
    clipped = next(h for h in rec.hits if h.code == "r19.clipped")
    assert str(clipped) == (
        "R-19: 裁量基准从重处罚档上限 8,000.00 元超过法定最高额 5,000.00 元，"
        "按法定最高额截取：任何设置都不得超过法定最高额。"
    )


def test_r19_types_the_statute_does_not_provide_are_dropped():
    table = BenchmarkTable(
        "JG-42",
        "越权",
        (TierSpec(Tier.ORDINARY, types(P.FINE, P.REVOKE_LICENCE), amounts=r(1, 2)),),
    )
    rec = recommend(PRICE_42, Facts(), benchmark=table)
    assert P.REVOKE_LICENCE not in rec.allowed_types
    assert "r19.types_without_basis" in codes(rec)


def test_r19_multiple_maximum_is_rounded_down_never_up():
    rec = recommend(CONSUMER_56, Facts(illegal_gains=D("0.01")))
    assert rec.statutory_fine == r("0.01", "0.10")
    odd = recommend(PRODUCT_49, Facts(goods_value=D("333.33")))
    assert odd.statutory_fine == r("333.33", "999.99")
