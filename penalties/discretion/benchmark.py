"""Benchmark tables (裁量基准, R-17): the default split and the validation an importer uses.

`default_benchmark(violation)` is what applies when the agency has no table for a
violation: 从轻 = lowest 30% of the statutory range, 从重 = highest 30%, 一般 between,
减轻 = below the statutory minimum; multiple-based fines are split the same way between the
multiples. `validate_benchmark(violation, table)` lists every problem of a table (range
outside the statutory range, a tier above the maximum, overlapping tiers, types without a
legal basis) so that the .xlsx import can refuse the row with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from . import explain
from .results import Params, RuleHit
from .types import (
    LIGHT_TYPES,
    MITIGATION_SUBSTITUTES,
    ZERO,
    BenchmarkTable,
    Circumstance,
    Condition,
    PenaltyType,
    Range,
    Tier,
    TierSpec,
    Violation,
    money,
    multiple,
)

_SHARE = Decimal("0.3")
DEFAULT_VERSION = "默认划分"

_NO_PENALTY_CONDITION = Condition(
    all_of=frozenset({Circumstance.MINOR, Circumstance.PROMPTLY_CORRECTED, Circumstance.HARM_NONE}),
    text="违法行为轻微并及时改正，没有造成危害后果（《行政处罚法》第三十三条第一款）",
)
_MITIGATED_CONDITION = Condition(
    all_of=frozenset({Circumstance.MANDATORY_MITIGATION}),
    any_of=frozenset({Circumstance.HARM_NONE, Circumstance.HARM_SMALL}),
    none_of=frozenset({Circumstance.ANY_AGGRAVATING}),
    text="有应当从轻或者减轻的法定情节，危害后果轻微，且无从重情节",
)
_LIGHTER_CONDITION = Condition(
    all_of=frozenset({Circumstance.PROMPTLY_CORRECTED}),
    any_of=frozenset({Circumstance.HARM_NONE, Circumstance.HARM_SMALL}),
    none_of=frozenset({Circumstance.ANY_AGGRAVATING}),
    text="及时改正，危害后果轻微，且无从重情节",
)
_ORDINARY_CONDITION = Condition(text="无从轻、减轻、从重情节")
_HEAVIER_CONDITION = Condition(
    any_of=frozenset({Circumstance.ANY_AGGRAVATING}),
    text="有从重情节（含造成严重危害后果）",
)


def split(whole: Range, *, multiples: bool = False) -> tuple[Range, Range, Range]:
    """Lighter / ordinary / heavier parts of a range (30% / 40% / 30%), closed and touching."""
    quantise = multiple if multiples else money
    span = whole.high - whole.low
    first = quantise(whole.low + span * _SHARE)
    second = quantise(whole.high - span * _SHARE)
    return Range(whole.low, first), Range(first, second), Range(second, whole.high)


def _types_up_to(legal: frozenset[PenaltyType], rank: int) -> frozenset[PenaltyType]:
    chosen = frozenset(t for t in legal if t.rank <= rank)
    if chosen or not legal:
        return chosen
    lowest = min(t.rank for t in legal)
    return frozenset(t for t in legal if t.rank == lowest)


@lru_cache(maxsize=4096)
def default_benchmark(violation: Violation) -> BenchmarkTable:
    """The R-17 default split for a violation without an agency table (cached: pure)."""
    legal = violation.penalty_types - {PenaltyType.DETENTION}
    mandatory = violation.mandatory_types - {PenaltyType.DETENTION}
    fine = violation.fine
    fixed = fine.fixed_range if fine else None
    multiples = fine.multiple_range if fine else None
    fixed_parts = split(fixed) if fixed else (None, None, None)
    multiple_parts = split(multiples, multiples=True) if multiples else (None, None, None)

    mitigated_types = (legal & LIGHT_TYPES) | MITIGATION_SUBSTITUTES
    lighter_types = _types_up_to(legal, 2) | mandatory
    # 暂扣许可证件 and lighter in 一般; 降低资质, 停产停业, 吊销, 关闭, 限制从业 only in 从重.
    ordinary_types = _types_up_to(legal, 3) | mandatory
    tiers = (
        TierSpec(Tier.NO_PENALTY, frozenset(), condition=_NO_PENALTY_CONDITION),
        TierSpec(
            Tier.MITIGATED,
            mitigated_types,
            amounts=Range(ZERO, fixed.low) if fixed else None,
            multiples=Range(ZERO, multiples.low) if multiples else None,
            condition=_MITIGATED_CONDITION,
        ),
        TierSpec(
            Tier.LIGHTER,
            lighter_types,
            fixed_parts[0],
            multiple_parts[0],
            _LIGHTER_CONDITION,
        ),
        TierSpec(
            Tier.ORDINARY,
            ordinary_types,
            fixed_parts[1],
            multiple_parts[1],
            _ORDINARY_CONDITION,
        ),
        TierSpec(Tier.HEAVIER, legal, fixed_parts[2], multiple_parts[2], _HEAVIER_CONDITION),
    )
    return BenchmarkTable(
        violation_code=violation.code,
        version=DEFAULT_VERSION,
        tiers=tiers,
        is_default=True,
    )


@dataclass(frozen=True, slots=True)
class BenchmarkProblem:
    """One reason a table (row) is refused: which tier, which field, and why."""

    tier: Tier | None
    field: str
    hit: RuleHit

    @property
    def rule(self) -> str:
        return self.hit.rule

    @property
    def message(self) -> str:
        return self.hit.message

    def __str__(self) -> str:
        return str(self.hit)


def _problem(at: Tier | None, field: str, code: str, /, **params: object) -> BenchmarkProblem:
    p: Params = tuple(params.items())
    return BenchmarkProblem(at, field, RuleHit(code, p))


def _times(value: Decimal) -> str:
    return explain.format_multiple(value)


def validate_benchmark(violation: Violation, table: BenchmarkTable) -> tuple[BenchmarkProblem, ...]:
    """Every problem of `table` for `violation`; empty when the table may be published."""
    problems: list[BenchmarkProblem] = []
    if table.violation_code != violation.code:
        problems.append(
            _problem(
                None,
                "violation_code",
                "bm.wrong_violation",
                table=table.violation_code,
                code=violation.code,
            )
        )
    if table.effective_from and table.effective_to and table.effective_to < table.effective_from:
        problems.append(_problem(None, "effective_to", "bm.dates"))
    seen: set[Tier] = set()
    for spec in table.tiers:
        if spec.tier in seen:
            problems.append(_problem(spec.tier, "tier", "bm.duplicate_tier", tier=spec.tier))
        seen.add(spec.tier)
        problems.extend(_tier_problems(violation, spec))
    problems.extend(_order_problems(table))
    return tuple(problems)


def _tier_problems(violation: Violation, spec: TierSpec) -> list[BenchmarkProblem]:
    out: list[BenchmarkProblem] = []
    tier = spec.tier
    if tier is Tier.NO_PENALTY:
        if spec.penalty_types or spec.amounts or spec.multiples:
            out.append(_problem(tier, "penalty_types", "bm.no_penalty_with_penalty"))
        return out
    if tier is Tier.MITIGATED and spec.condition.is_empty:
        out.append(_problem(tier, "condition", "bm.mitigated_without_condition"))
    if PenaltyType.DETENTION in spec.penalty_types:
        out.append(_problem(tier, "penalty_types", "bm.detention", tier=tier))
    legal = violation.penalty_types | (
        MITIGATION_SUBSTITUTES if tier is Tier.MITIGATED else frozenset()
    )
    outside = spec.penalty_types - legal - {PenaltyType.DETENTION}
    if outside:
        out.append(
            _problem(tier, "penalty_types", "bm.type_without_basis", tier=tier, types=outside)
        )
    fine = violation.fine
    if (spec.amounts or spec.multiples) and fine is None:
        out.append(_problem(tier, "amounts", "bm.fine_without_statute", tier=tier))
        return out
    if fine is None:
        return out
    fixed, mults = fine.fixed_range, fine.multiple_range
    if spec.amounts is not None:
        if fixed is None:
            out.append(_problem(tier, "amounts", "bm.no_fixed_range", tier=tier))
        elif tier is Tier.MITIGATED:
            if spec.amounts.high > fixed.low:
                out.append(
                    _problem(
                        tier,
                        "amounts",
                        "bm.mitigated_amount",
                        high=spec.amounts.high,
                        min=fixed.low,
                    )
                )
        else:
            if spec.amounts.high > fixed.high:
                out.append(
                    _problem(
                        tier,
                        "amounts",
                        "bm.amount_above_max",
                        tier=tier,
                        high=spec.amounts.high,
                        max=fixed.high,
                    )
                )
            if spec.amounts.low < fixed.low:
                out.append(
                    _problem(
                        tier,
                        "amounts",
                        "bm.amount_below_min",
                        tier=tier,
                        low=spec.amounts.low,
                        min=fixed.low,
                    )
                )
    if spec.multiples is not None:
        if mults is None:
            out.append(_problem(tier, "multiples", "bm.no_multiples", tier=tier))
        elif tier is Tier.MITIGATED:
            if spec.multiples.high > mults.low:
                out.append(
                    _problem(
                        tier,
                        "multiples",
                        "bm.mitigated_multiple",
                        high=_times(spec.multiples.high),
                        min=_times(mults.low),
                    )
                )
        else:
            if spec.multiples.high > mults.high:
                out.append(
                    _problem(
                        tier,
                        "multiples",
                        "bm.multiple_above_max",
                        tier=tier,
                        high=_times(spec.multiples.high),
                        max=_times(mults.high),
                    )
                )
            if spec.multiples.low < mults.low:
                out.append(
                    _problem(
                        tier,
                        "multiples",
                        "bm.multiple_below_min",
                        tier=tier,
                        low=_times(spec.multiples.low),
                        min=_times(mults.low),
                    )
                )
    return out


_ORDERED = (Tier.MITIGATED, Tier.LIGHTER, Tier.ORDINARY, Tier.HEAVIER)


def _order_problems(table: BenchmarkTable) -> list[BenchmarkProblem]:
    """Tiers must not overlap and must rise with severity (touching ends are allowed)."""
    out: list[BenchmarkProblem] = []
    for attr, code in (("amounts", "bm.overlap_amount"), ("multiples", "bm.overlap_multiple")):
        previous: tuple[Tier, Range] | None = None
        for tier in _ORDERED:
            spec = table.tier(tier)
            rng = getattr(spec, attr) if spec else None
            if rng is None:
                continue
            if previous is not None and (previous[1].high > rng.low or previous[1].low > rng.low):
                out.append(_problem(tier, attr, code, lower=previous[0], upper=tier))
            previous = (tier, rng)
    return out
