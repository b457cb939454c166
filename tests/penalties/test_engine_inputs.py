"""Catalogue and benchmark rows → the discretion engine's input types."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from penalties import discretion as d
from penalties.engine_inputs import (
    default_tier_specs,
    engine_benchmarks,
    engine_versions,
    to_engine_benchmark,
    to_engine_violation,
)
from penalties.models import (
    AlternativeCondition,
    ConditionFlag,
    FineBasis,
    PenaltyType,
    Tier,
)
from penalties.services import catalogue
from penalties.services.tier_checks import check_table
from tests.factories import AgencyFactory
from tests.penalties.factories import (
    BenchmarkTierFactory,
    ProvisionFactory,
    fixed_statute,
    goods_value_statute,
    published_version,
)

pytestmark = pytest.mark.django_db
D = Decimal


def test_stored_codes_are_the_engine_codes():
    assert set(PenaltyType.values) == {t.value for t in d.PenaltyType}
    assert set(ConditionFlag.values) == {c.value for c in d.Circumstance}
    assert set(Tier.values) == {t.value for t in d.Tier}
    assert set(FineBasis.values) - {"none", "fixed"} == {b.value for b in d.MultipleBasis}
    assert set(AlternativeCondition.values) == {f.value for f in d.Fallback}


def test_fixed_statute_converts():
    s = fixed_statute(mandatory_types=["fine"])
    v = to_engine_violation(s.violation, on=date(2026, 1, 1))
    assert v.code == s.violation.code and v.version == "1"
    assert v.penalty_types == frozenset(
        {
            d.PenaltyType.WARNING,
            d.PenaltyType.FINE,
            d.PenaltyType.SUSPEND_BUSINESS,
            d.PenaltyType.REVOKE_LICENCE,
        }
    )
    assert v.mandatory_types == frozenset({d.PenaltyType.FINE})
    assert v.fine == d.FineSpec.fixed(5000, 50000)
    assert [p.role for p in v.provisions] == ["violated", "penalty"]
    assert v.provisions[0].law == "中华人民共和国食品安全法（2021年修正）"
    assert to_engine_violation(s.violation, on=date(2020, 1, 1)) is None


def test_goods_value_statute_converts_with_its_threshold():
    s = goods_value_statute()
    v = to_engine_violation(s.violation.code, on=date(2026, 1, 1))
    assert v.fine.basis is d.MultipleBasis.GOODS_VALUE
    assert v.fine.fallback is d.Fallback.BELOW_THRESHOLD
    assert v.fine.statutory_range(D("9999.99")) == d.Range.of(50000, 100000)
    assert v.fine.statutory_range(D("20000")) == d.Range.of(200000, 400000)


def test_r18_versions_in_time_feed_recommend_in_time():
    """R-18: the act-date version applies unless the decision-date one is lighter."""
    s = fixed_statute(valid_from=date(2015, 10, 1))
    vt = s.violation
    catalogue.add_violation_version(
        violation=vt,
        valid_from=date(2021, 4, 29),
        violated_provision=ProvisionFactory(),
        penalty_provision=ProvisionFactory(),
        penalty_types=["warning", "fine"],
        fine_basis="fixed",
        fine_min=D(1000),
        fine_max=D(10000),
        actor_name="test",
    )
    versions = engine_versions(vt)
    assert [(v.version, v.valid_from, v.valid_to) for v in versions] == [
        ("1", date(2015, 10, 1), date(2021, 4, 28)),
        ("2", date(2021, 4, 29), None),
    ]
    assert to_engine_violation(vt, on=date(2021, 4, 28)).version == "1"
    assert to_engine_violation(vt, on=date(2021, 4, 29)).version == "2"
    rec = d.recommend_in_time(
        versions, d.Facts(), act_date=date(2021, 3, 1), decision_date=date(2021, 6, 1)
    )
    assert rec.law_in_time is d.LawInTime.DECISION_DATE
    assert rec.statutory_fine == d.Range.of(1000, 10000)


def test_benchmark_converts_and_drives_the_engine():
    s = fixed_statute()
    agency = AgencyFactory()
    version = published_version(
        agency=agency, violation=s.violation, effective_from=date(2025, 1, 1)
    )
    BenchmarkTierFactory(
        version=version,
        tier=Tier.NO_PENALTY,
        penalty_types=[],
        conditions="首违轻微及时改正",
        flags=["first_offence", "minor", "promptly_corrected"],
        flags_any=["no_harm", "harm_small"],
        flags_none=["aggravating"],
    )
    table = to_engine_benchmark(version)
    assert table.version == version.label and table.effective_from == date(2025, 1, 1)
    assert [t.tier for t in table.tiers] == [
        d.Tier.NO_PENALTY,
        d.Tier.LIGHTER,
        d.Tier.ORDINARY,
        d.Tier.HEAVIER,
    ]
    no_penalty = table.tier(d.Tier.NO_PENALTY)
    assert no_penalty.condition.all_of == frozenset(
        {d.Circumstance.FIRST_OFFENCE, d.Circumstance.MINOR, d.Circumstance.PROMPTLY_CORRECTED}
    )
    assert no_penalty.condition.none_of == frozenset({d.Circumstance.ANY_AGGRAVATING})
    assert table.tier(d.Tier.HEAVIER).amounts == d.Range.of(36500, 50000)
    violation = to_engine_violation(s.violation, on=date(2026, 1, 1))
    assert d.validate_benchmark(violation, table) == ()
    rec = d.recommend(
        violation, d.Facts(aggravating=frozenset({d.Aggravating.REPEAT})), benchmark=table
    )
    assert rec.tier is d.Tier.HEAVIER and rec.fine_range == d.Range.of(36500, 50000)
    assert rec.benchmark_version == version.label and not rec.benchmark_is_default
    assert engine_benchmarks(agency, s.violation.code) == (table,)


@pytest.mark.parametrize(
    "statute",
    [
        lambda: fixed_statute(),
        lambda: fixed_statute(
            fine_min=D(0), fine_max=D(5000), penalty_types=["fine", "confiscate_gains"]
        ),
        lambda: goods_value_statute(),
        lambda: goods_value_statute(
            multiple_min=D(0),
            multiple_max=D(1),
            fine_min=None,
            fine_max=None,
            alternative_condition="",
            base_threshold=None,
        ),
        lambda: goods_value_statute(
            fine_basis="illegal_gains",
            multiple_min=D(1),
            multiple_max=D(10),
            fine_min=D(0),
            fine_max=D(500000),
            alternative_condition="no_base",
            base_threshold=None,
        ),
    ],
)
def test_r17_default_split_prefill_passes_both_checks(statute):
    s = statute()
    specs = default_tier_specs(s)
    assert {x.tier for x in specs} >= {Tier.LIGHTER, Tier.ORDINARY, Tier.HEAVIER}
    assert check_table(s, specs) == []
