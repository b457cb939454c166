"""Property tests of the discretion engine over random violations, tables and facts.

The tables are deliberately unchecked (ranges above the maximum, below the minimum, types
without legal basis, overlapping tiers): whatever an agency enters, the engine's output
must stay lawful (R-19) and the mandatory rules (R-12…R-16) must hold.
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
    MitigatingGround,
    MultipleBasis,
    Outcome,
    PartyKind,
    PenaltyType,
    Proposal,
    Range,
    Tier,
    TierSpec,
    Violation,
    check_proposal,
    default_benchmark,
    from_snapshot,
    heavier_reasons,
    is_heavier,
    recommend,
    snapshot,
    validate_benchmark,
)

P = PenaltyType
CODES = ("V-1", "V-2")
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

text = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=6)
cents = st.integers(min_value=0, max_value=50_000_000).map(lambda c: Decimal(c).scaleb(-2))
#: Realistic statutory maxima: a fine of at least one yuan.
positive = st.integers(min_value=100, max_value=100_000_000).map(lambda c: Decimal(c).scaleb(-2))
multiples = st.integers(min_value=0, max_value=5000).map(lambda c: Decimal(c).scaleb(-2))
positive_multiples = st.integers(min_value=10, max_value=5000).map(lambda c: Decimal(c).scaleb(-2))
optional_amount = st.none() | st.integers(min_value=0, max_value=10_000_000).map(Decimal)


def subsets(members, *, min_size: int = 0, max_size: int | None = None):
    """Sets drawn as one bitmask (one draw instead of one per element: 3× faster)."""
    pool = list(members)

    def build(mask: int) -> frozenset:
        return frozenset(m for i, m in enumerate(pool) if mask >> i & 1)

    strategy = st.integers(min_value=0, max_value=2 ** len(pool) - 1).map(build)
    if min_size or max_size is not None:
        limit = len(pool) if max_size is None else max_size
        strategy = strategy.filter(lambda s: min_size <= len(s) <= limit)
    return strategy


def ordered(strategy_low, strategy_high):
    return st.tuples(strategy_low, strategy_high).map(lambda p: (min(p), max(p)))


@st.composite
def fine_specs(draw) -> FineSpec:
    if draw(st.booleans()):
        low, high = draw(ordered(cents, positive))
        return FineSpec(min_amount=low, max_amount=high)
    basis = draw(st.sampled_from(MultipleBasis))
    m_low, m_high = draw(ordered(multiples, positive_multiples))
    fallback = draw(st.sampled_from(Fallback))
    fixed = None
    if fallback is not Fallback.NONE or draw(st.booleans()):
        fixed = draw(ordered(cents, positive))
    return FineSpec(
        min_amount=fixed[0] if fixed else None,
        max_amount=fixed[1] if fixed else None,
        basis=basis,
        min_multiple=m_low,
        max_multiple=m_high,
        fallback=fallback,
        base_threshold=draw(positive) if fallback is Fallback.BELOW_THRESHOLD else None,
    )


@st.composite
def violations(draw) -> Violation:
    kinds = draw(subsets(P, min_size=1))
    fine = draw(fine_specs()) if P.FINE in kinds else None
    mandatory = draw(subsets(sorted(kinds)))
    return Violation(
        code=draw(st.sampled_from(CODES)),
        name=draw(text),
        penalty_types=kinds,
        fine=fine,
        mandatory_types=mandatory,
        needs_legal_review=draw(st.booleans()),
    )


C = Circumstance
#: Conditions drawn from a pool (one draw each): empty, single circumstances, the usual
#: combinations, exclusions and amount bounds.
CONDITIONS = (
    [Condition()]
    + [Condition(all_of=frozenset({c}), text="条件") for c in Circumstance]
    + [Condition(any_of=frozenset({c}), none_of=frozenset({C.ANY_AGGRAVATING})) for c in C]
    + [
        Condition(
            all_of=frozenset({C.MANDATORY_MITIGATION}),
            any_of=frozenset({C.HARM_NONE, C.HARM_SMALL}),
        ),
        Condition(all_of=frozenset({C.FIRST_OFFENCE, C.PROMPTLY_CORRECTED})),
        Condition(none_of=frozenset({C.ANY_AGGRAVATING})),
        Condition(amount_below=Decimal("10000.00")),
        Condition(amount_at_least=Decimal("10000.00"), amount_basis=MultipleBasis.ILLEGAL_GAINS),
        Condition(amount_below=Decimal("500.00"), amount_basis=MultipleBasis.AD_FEES),
    ]
)
conditions = st.sampled_from(CONDITIONS)


@st.composite
def tier_specs(draw, tier: Tier) -> TierSpec:
    amounts = Range(*draw(ordered(cents, cents))) if draw(st.booleans()) else None
    mults = Range(*draw(ordered(multiples, multiples))) if draw(st.booleans()) else None
    return TierSpec(
        tier=tier,
        penalty_types=draw(subsets(P)),
        amounts=amounts,
        multiples=mults,
        condition=draw(conditions),
    )


@st.composite
def tables(draw, code: str) -> BenchmarkTable | None:
    if draw(st.booleans()):
        return None
    chosen = sorted(draw(subsets(Tier)), key=lambda t: t.rank)
    return BenchmarkTable(
        violation_code=code,
        version=draw(text),
        tiers=tuple(draw(tier_specs(t)) for t in chosen),
    )


_FLAGS = (
    "minor",
    "promptly_corrected",
    "first_offence",
    "fault_disproved",
    "basis_incalculable",
    "facts_certain",
    "complex_case",
    "major_violation",
    "major_public_interest",
    "hearing_expected",
)


@st.composite
def facts_strategy(draw) -> Facts:
    """Facts from few draws: the booleans come from one bitmask."""
    mask = draw(st.integers(min_value=0, max_value=2 ** len(_FLAGS) - 1))
    flags = {name: bool(mask >> i & 1) for i, name in enumerate(_FLAGS)}
    return Facts(
        party_kind=draw(st.sampled_from(PartyKind)),
        harm=draw(st.sampled_from(Harm)),
        age=draw(st.none() | st.integers(min_value=0, max_value=100)),
        capacity=draw(st.sampled_from(Capacity)),
        mitigating=draw(subsets(MitigatingGround)),
        aggravating=draw(subsets(Aggravating)),
        illegal_gains=draw(optional_amount),
        goods_value=draw(optional_amount),
        ad_fees=draw(optional_amount),
        turnover=draw(optional_amount),
        **flags,
    )


@st.composite
def thresholds(draw) -> AgencyThresholds:
    return AgencyThresholds(
        hearing_person=draw(positive),
        hearing_organisation=draw(positive),
        first_offence_list=draw(subsets(CODES)),
        collective_on_hearing=draw(st.booleans()),
        collective_on_threshold_fine=draw(st.booleans()),
    )


@st.composite
def cases(draw):
    violation = draw(violations())
    return violation, draw(facts_strategy()), draw(tables(violation.code)), draw(thresholds())


def run(case):
    violation, facts, table, limits = case
    return recommend(violation, facts, benchmark=table, thresholds=limits)


def binding_no_penalty(facts: Facts) -> bool:
    return (
        (facts.party_kind is PartyKind.PERSON and facts.age is not None and facts.age < 14)
        or (facts.party_kind is PartyKind.PERSON and facts.capacity is Capacity.NONE)
        or facts.fault_disproved
        or (facts.minor and facts.promptly_corrected and facts.harm is Harm.NONE)
    )


def first_minor(facts: Facts) -> bool:
    return facts.first_offence and facts.minor and facts.harm in (Harm.NONE, Harm.SMALL)


# --------------------------------------------------------------------------------------


@SETTINGS
@given(cases())
def test_r19_never_above_the_statutory_maximum(case):
    rec = run(case)
    if rec.fine_range is not None:
        assert rec.statutory_fine is not None
        assert rec.fine_range.high <= rec.statutory_fine.high
        assert rec.fine_range.low >= 0
        assert rec.fine_range.high > 0
        assert P.FINE in rec.allowed_types
    assert P.DETENTION not in rec.allowed_types
    # Nothing without legal basis; a warning only as 减轻.
    assert rec.allowed_types <= rec.statutory_types | {P.WARNING}
    if P.WARNING in rec.allowed_types - rec.statutory_types:
        assert rec.tier is Tier.MITIGATED


@SETTINGS
@given(cases())
def test_r17_tier_range_inside_the_statutory_range(case):
    rec = run(case)
    if rec.fine_range is None:
        return
    stat = rec.statutory_fine
    if rec.tier is Tier.MITIGATED:
        assert rec.fine_range.high <= stat.low  # 减轻: below the minimum, still ≥ 0
    else:
        assert rec.fine_range.within(stat)
    if rec.fine_multiples is not None:
        assert rec.fine_multiples.low <= rec.fine_multiples.high


@SETTINGS
@given(cases())
def test_r12_r14_r15_binding_no_penalty(case):
    rec = run(case)
    facts = case[1]
    if binding_no_penalty(facts):
        assert rec.outcome is Outcome.NO_PENALTY
        assert rec.binding_no_penalty_rule in {"R-12", "R-14", "R-15"}
        assert not rec.allowed_types and rec.fine_range is None
    else:
        assert rec.binding_no_penalty_rule is None


@SETTINGS
@given(cases())
def test_r13_first_minor_offence_never_yields_a_fine(case):
    rec = run(case)
    violation, facts, _table, limits = case
    if binding_no_penalty(facts) or not first_minor(facts):
        return
    assert rec.first_minor_offence
    assert rec.outcome in (Outcome.NO_PENALTY, Outcome.WARNING)
    assert P.FINE not in rec.allowed_types and rec.fine_range is None
    listed = violation.code in limits.first_offence_list and facts.promptly_corrected
    assert (rec.outcome is Outcome.NO_PENALTY) is listed


@SETTINGS
@given(cases())
def test_r15_r16_mandatory_mitigation_never_ordinary_or_heavier(case):
    rec = run(case)
    facts = case[1]
    if facts.juvenile or facts.mitigating:
        assert rec.tier in (Tier.NO_PENALTY, Tier.MITIGATED, Tier.LIGHTER)
        assert rec.tier is not Tier.ORDINARY and rec.tier is not Tier.HEAVIER
        if rec.outcome is not Outcome.NO_PENALTY and not rec.first_minor_offence:
            assert rec.mitigation_required


@SETTINGS
@given(cases())
def test_r17_aggravation_gives_heavier_unless_mitigation_applies(case):
    rec = run(case)
    facts = case[1]
    if (
        facts.aggravated
        and not facts.mandatory_mitigation
        and rec.outcome is not Outcome.NO_PENALTY
        and not rec.first_minor_offence
    ):
        assert rec.tier is Tier.HEAVIER


@SETTINGS
@given(cases())
def test_same_input_same_output_and_snapshot_round_trip(case):
    first, second = run(case), run(case)
    assert first == second
    data = snapshot(first)
    assert json.loads(json.dumps(data)) == data
    assert from_snapshot(data) == first
    assert [h.message for h in first.hits]  # every explanation renders


@SETTINGS
@given(cases(), subsets(P), cents)
def test_r13_check_proposal_never_accepts_a_fine_for_a_first_minor_offence(case, kinds, amount):
    rec = run(case)
    proposal = Proposal(kinds | {P.FINE}, amount)
    check = check_proposal(rec, proposal)
    assert all(h.message for h in check.refusals + check.departures + check.flag_reasons)
    if rec.first_minor_offence:
        assert not check.accepted
        assert check.refused or "R-13" in check.rules
        if not check.refused and rec.outcome is not Outcome.NO_PENALTY:
            assert any(h.code == "r13.fine_departure" for h in check.departures)


@SETTINGS
@given(cases(), subsets(P), cents)
def test_r19_check_proposal_never_lets_a_fine_above_the_maximum_through(case, kinds, amount):
    rec = run(case)
    check = check_proposal(rec, Proposal(kinds | {P.FINE}, amount))
    if P.FINE in rec.statutory_types and (
        rec.statutory_fine is None or amount > rec.statutory_fine.high
    ):
        assert check.refused
        assert not check.verdict(departure_approved=True).ok


@SETTINGS
@given(cases())
def test_a_proposal_inside_the_recommendation_is_accepted(case):
    rec = run(case)
    if rec.outcome is Outcome.NO_PENALTY or not rec.allowed_types:
        return
    if P.FINE in rec.allowed_types and rec.fine_range is None:
        return  # the basis is not established yet: no fine can be checked
    fine = rec.fine_range.high if P.FINE in rec.allowed_types else Decimal("0.00")
    check = check_proposal(rec, Proposal(rec.allowed_types, fine))
    assert check.accepted, check.verdict().reasons


@SETTINGS
@given(violations())
def test_r17_default_benchmark_passes_its_own_validation(violation):
    assert validate_benchmark(violation, default_benchmark(violation)) == ()


proposals = st.builds(
    Proposal,
    types=subsets(P),
    fine=cents,
    confiscated_gains=cents,
    confiscated_property=cents,
)


@SETTINGS
@given(proposals, st.sampled_from(P), cents)
def test_r26_heavier_is_irreflexive_and_adding_or_raising_is_heavier(proposal, extra, more):
    assert not is_heavier(proposal, proposal)
    if extra not in proposal.types:
        assert is_heavier(replace(proposal, types=proposal.types | {extra}), proposal)
    if P.FINE in proposal.types and more > 0:
        raised = replace(proposal, fine=proposal.fine + more)
        assert is_heavier(raised, proposal)
        assert not is_heavier(proposal, raised)
    assert all(h.message for h in heavier_reasons(proposal, Proposal(frozenset())))
