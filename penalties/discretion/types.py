"""Input types of the discretion engine: money, violations, benchmarks, facts.

Everything is a frozen dataclass or an enum so that a recommendation computed from the same
inputs is always the same, and so that the database layer can build these values from rows
(enum values are the codes to store; `label` gives the Chinese name). Money is `Decimal`
yuan with two places; multiples are `Decimal`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

from .enums import (
    _FACTOR_CIRCUMSTANCE,
    _GROUND_CIRCUMSTANCE,
    _HARM_CIRCUMSTANCE,
    HEARING_TYPES,
    LIGHT_TYPES,
    MITIGATION_SUBSTITUTES,
    SUMMARY_TYPES,
    Aggravating,
    Capacity,
    Circumstance,
    Fallback,
    Harm,
    MitigatingGround,
    MultipleBasis,
    Outcome,
    PartyKind,
    PenaltyType,
    Tier,
)

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
_MULTIPLE_PLACES = Decimal("0.0001")


def money(value: Decimal | int | str, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Yuan with two places. Floats are refused: they cannot hold 0.1 exactly."""
    if isinstance(value, float):
        raise TypeError("money amounts must be Decimal, int or str, not float")
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    if not amount.is_finite():
        raise ValueError(f"not a finite amount: {value!r}")
    return amount.quantize(CENT, rounding=rounding)


def multiple(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("multiples must be Decimal, int or str, not float")
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    if not amount.is_finite():
        raise ValueError(f"not a finite multiple: {value!r}")
    return amount.quantize(_MULTIPLE_PLACES, rounding=ROUND_HALF_UP)


def money_down(value: Decimal) -> Decimal:
    """Round towards zero: used for maxima, which must never exceed the law (R-19)."""
    return value.quantize(CENT, rounding=ROUND_DOWN)


def money_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_UP)


# --------------------------------------------------------------------------------------
# Ranges and statutory fines
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Range:
    """A closed interval [low, high] of yuan or of multiples; never negative."""

    low: Decimal
    high: Decimal

    def __post_init__(self) -> None:
        if not (isinstance(self.low, Decimal) and isinstance(self.high, Decimal)):
            raise TypeError("Range bounds must be Decimal")
        if self.low < 0 or self.low > self.high:
            raise ValueError(f"bad range [{self.low}, {self.high}]")

    @classmethod
    def of(cls, low: Decimal | int | str, high: Decimal | int | str) -> Range:
        """A money range from any exact numbers (quantised to fen)."""
        return cls(money(low), money(high))

    @classmethod
    def multiples(cls, low: Decimal | int | str, high: Decimal | int | str) -> Range:
        return cls(multiple(low), multiple(high))

    def __contains__(self, value: object) -> bool:
        return isinstance(value, Decimal) and self.low <= value <= self.high

    def within(self, outer: Range) -> bool:
        return outer.low <= self.low and self.high <= outer.high


class FineMode(enum.StrEnum):
    FIXED = "fixed"
    MULTIPLE = "multiple"
    UNKNOWN_BASIS = "unknown_basis"


@dataclass(frozen=True, slots=True)
class FineSpec:
    """The statutory fine of a provision (the DB layer's fine fields, one to one).

    Either a fixed range (`basis` None: `min_amount`..`max_amount`, e.g. 价格法 Art 42:
    up to 5,000 → 0..5,000), or a multiple of a basis (`basis`, `min_multiple`..
    `max_multiple`) with an optional fixed range used instead under `fallback`:
    食品安全法 Art 123: goods' value under 10,000 → 100,000–150,000 (BELOW_THRESHOLD,
    `base_threshold` 10,000), otherwise 15–30 times; 消费者权益保护法 Art 56: no illegal
    gains → up to 500,000 (NO_BASE); 广告法 Art 58: advertising fees not calculable or
    obviously low → 100,000–200,000 (INCALCULABLE_OR_LOW).
    """

    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    basis: MultipleBasis | None = None
    min_multiple: Decimal | None = None
    max_multiple: Decimal | None = None
    fallback: Fallback = Fallback.NONE
    base_threshold: Decimal | None = None

    def __post_init__(self) -> None:
        has_fixed = self.min_amount is not None or self.max_amount is not None
        if has_fixed:
            if self.min_amount is None or self.max_amount is None:
                raise ValueError("a fixed fine range needs both minimum and maximum")
            Range(self.min_amount, self.max_amount)
            if self.max_amount <= 0:  # type: ignore[operator]
                raise ValueError("a fine's maximum must be positive")
        if self.basis is None:
            if not has_fixed:
                raise ValueError("a fine needs a fixed range or a basis with multiples")
            if self.min_multiple is not None or self.max_multiple is not None:
                raise ValueError("multiples need a basis")
        else:
            if self.min_multiple is None or self.max_multiple is None:
                raise ValueError("a multiple-based fine needs minimum and maximum multiples")
            Range(self.min_multiple, self.max_multiple)
            if self.max_multiple <= 0:  # type: ignore[operator]
                raise ValueError("a fine's maximum multiple must be positive")
            if self.fallback is not Fallback.NONE and not has_fixed:
                raise ValueError("a fallback needs the fixed range it falls back to")
        if self.fallback is Fallback.BELOW_THRESHOLD and self.base_threshold is None:
            raise ValueError("BELOW_THRESHOLD needs base_threshold")

    @classmethod
    def fixed(cls, low: Decimal | int | str, high: Decimal | int | str) -> FineSpec:
        return cls(min_amount=money(low), max_amount=money(high))

    @classmethod
    def multiples(
        cls,
        basis: MultipleBasis,
        low: Decimal | int | str,
        high: Decimal | int | str,
        *,
        fixed: tuple[Decimal | int | str, Decimal | int | str] | None = None,
        fallback: Fallback = Fallback.NONE,
        threshold: Decimal | int | str | None = None,
    ) -> FineSpec:
        return cls(
            min_amount=money(fixed[0]) if fixed else None,
            max_amount=money(fixed[1]) if fixed else None,
            basis=basis,
            min_multiple=multiple(low),
            max_multiple=multiple(high),
            fallback=fallback,
            base_threshold=money(threshold) if threshold is not None else None,
        )

    @property
    def fixed_range(self) -> Range | None:
        if self.min_amount is None or self.max_amount is None:
            return None
        return Range(self.min_amount, self.max_amount)

    @property
    def multiple_range(self) -> Range | None:
        if self.min_multiple is None or self.max_multiple is None:
            return None
        return Range(self.min_multiple, self.max_multiple)

    def mode_for(self, basis_amount: Decimal | None, incalculable: bool = False) -> FineMode:
        """Which part of the provision applies to a case with this basis amount.

        "No base" (no gains, nothing calculable) covers a missing or zero amount and one
        the officer marked incalculable or obviously low.
        """
        if self.basis is None:
            return FineMode.FIXED
        no_base = basis_amount is None or basis_amount <= 0 or incalculable
        fallback = self.fallback
        if fallback is Fallback.BELOW_THRESHOLD:
            assert self.base_threshold is not None
            if no_base or basis_amount < self.base_threshold:  # type: ignore[operator]
                return FineMode.FIXED
        elif fallback is not Fallback.NONE and no_base:
            return FineMode.FIXED
        return FineMode.UNKNOWN_BASIS if no_base else FineMode.MULTIPLE

    def statutory_range(
        self, basis_amount: Decimal | None, incalculable: bool = False
    ) -> Range | None:
        """The fine the law allows for this case, in yuan; None if it cannot be computed."""
        mode = self.mode_for(basis_amount, incalculable)
        if mode is FineMode.FIXED:
            return self.fixed_range
        if mode is FineMode.UNKNOWN_BASIS:
            return None
        assert basis_amount is not None and self.min_multiple is not None
        assert self.max_multiple is not None
        high = money_down(self.max_multiple * basis_amount)
        low = min(money_up(self.min_multiple * basis_amount), high)
        return Range(low, high)


@dataclass(frozen=True, slots=True)
class ProvisionRef:
    """法律依据: a provision violated (`role="violated"`) or setting the penalty."""

    law: str
    article: str
    text: str = ""
    role: str = "penalty"


@dataclass(frozen=True, slots=True)
class Violation:
    """One version of a violation type of the catalogue (违法行为), as the statute sets it."""

    code: str
    name: str
    penalty_types: frozenset[PenaltyType]
    fine: FineSpec | None = None
    #: Types the statute imposes without discretion ("并处"); omitting one is 减轻.
    mandatory_types: frozenset[PenaltyType] = frozenset()
    needs_legal_review: bool = False
    #: Life/health or financial safety (R-10 five-year limitation); informational here.
    safety_related: bool = False
    provisions: tuple[ProvisionRef, ...] = ()
    version: str = "1"
    valid_from: date | None = None
    #: Last day in force (inclusive); None = still in force.
    valid_to: date | None = None

    def __post_init__(self) -> None:
        if not self.code:
            raise ValueError("a violation needs a code")
        if (PenaltyType.FINE in self.penalty_types) != (self.fine is not None):
            raise ValueError("a fine spec is required exactly when the statute allows a fine")
        if not self.mandatory_types <= self.penalty_types:
            raise ValueError("mandatory types must be statutory types")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to before valid_from")

    def in_force(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


# --------------------------------------------------------------------------------------
# Benchmarks (裁量基准)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Condition:
    """Structured condition of a tier; `text` is the published wording.

    Matches when every `all_of` circumstance holds, at least one `any_of` (if given), none
    of `none_of`, and the basis amount (e.g. goods' value) is within the optional bounds.
    An empty condition never selects a tier by itself (the ordinary tier is the fallback).
    """

    all_of: frozenset[Circumstance] = frozenset()
    any_of: frozenset[Circumstance] = frozenset()
    none_of: frozenset[Circumstance] = frozenset()
    amount_basis: MultipleBasis = MultipleBasis.GOODS_VALUE
    amount_below: Decimal | None = None
    amount_at_least: Decimal | None = None
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return not (
            self.all_of
            or self.any_of
            or self.none_of
            or self.amount_below is not None
            or self.amount_at_least is not None
        )

    def matches(self, circumstances: frozenset[Circumstance], facts: Facts) -> bool:
        if self.is_empty:
            return False
        if not self.all_of <= circumstances:
            return False
        if self.any_of and self.any_of.isdisjoint(circumstances):
            return False
        if not self.none_of.isdisjoint(circumstances):
            return False
        if self.amount_below is not None or self.amount_at_least is not None:
            amount = facts.basis_amount(self.amount_basis)
            if amount is None:
                return False
            if self.amount_below is not None and not amount < self.amount_below:
                return False
            if self.amount_at_least is not None and not amount >= self.amount_at_least:
                return False
        return True


@dataclass(frozen=True, slots=True)
class TierSpec:
    """One row of a benchmark table: tier, conditions, penalty types and fine range.

    `amounts` is a yuan range (for fixed-range fines, and for the fixed part of a
    multiple-based fine); `multiples` a range of multiples of the basis.
    """

    tier: Tier
    penalty_types: frozenset[PenaltyType] = frozenset()
    amounts: Range | None = None
    multiples: Range | None = None
    condition: Condition = field(default_factory=Condition)


@dataclass(frozen=True, slots=True)
class BenchmarkTable:
    """One version of an agency's 裁量基准 for one violation type."""

    violation_code: str
    version: str
    tiers: tuple[TierSpec, ...]
    effective_from: date | None = None
    #: Last day in force (inclusive); None = open-ended.
    effective_to: date | None = None
    is_default: bool = False

    def tier(self, tier: Tier) -> TierSpec | None:
        for spec in self.tiers:
            if spec.tier is tier:
                return spec
        return None

    def in_force(self, on: date) -> bool:
        return (self.effective_from is None or self.effective_from <= on) and (
            self.effective_to is None or on <= self.effective_to
        )


# --------------------------------------------------------------------------------------
# Facts and agency settings
# --------------------------------------------------------------------------------------


def _opt_money(value: object) -> Decimal | None:
    if value is None:
        return None
    amount = money(value)  # type: ignore[arg-type]
    if amount < 0:
        raise ValueError("amounts must not be negative")
    return amount


@dataclass(frozen=True, slots=True)
class Facts:
    """What the officer established about the case and the party (the caller computes
    `first_offence` from the party's history, R-13 look-back)."""

    party_kind: PartyKind = PartyKind.ORGANISATION
    minor: bool = False
    harm: Harm = Harm.GENERAL
    promptly_corrected: bool = False
    first_offence: bool = False
    fault_disproved: bool = False
    #: Age at the time of the act, natural persons only (R-15); None if not relevant.
    age: int | None = None
    capacity: Capacity = Capacity.FULL
    mitigating: frozenset[MitigatingGround] = frozenset()
    aggravating: frozenset[Aggravating] = frozenset()
    illegal_gains: Decimal | None = None
    goods_value: Decimal | None = None
    ad_fees: Decimal | None = None
    turnover: Decimal | None = None
    #: The fine basis cannot be calculated or is obviously low (e.g. 广告法 Art 58).
    basis_incalculable: bool = False
    #: R-20: 违法事实确凿并有法定依据 (the officer affirms it).
    facts_certain: bool = False
    complex_case: bool = False
    major_violation: bool = False
    major_public_interest: bool = False
    #: The party requested (or will get) a hearing: R-27 and R-28 consequences.
    hearing_expected: bool = False

    def __post_init__(self) -> None:
        for name in ("illegal_gains", "goods_value", "ad_fees", "turnover"):
            value = getattr(self, name)
            if value is not None:  # always yuan with two places, never negative
                object.__setattr__(self, name, _opt_money(value))
        if self.age is not None and not 0 <= self.age <= 150:
            raise ValueError("age out of range")

    @property
    def is_person(self) -> bool:
        return self.party_kind is PartyKind.PERSON

    @property
    def juvenile(self) -> bool:
        return self.is_person and self.age is not None and 14 <= self.age < 18

    @property
    def under_14(self) -> bool:
        return self.is_person and self.age is not None and self.age < 14

    @property
    def mandatory_mitigation(self) -> bool:
        return self.juvenile or bool(self.mitigating)

    @property
    def aggravated(self) -> bool:
        return bool(self.aggravating) or self.harm is Harm.SERIOUS

    @property
    def aggravating_factors(self) -> frozenset[Aggravating]:
        if self.harm is Harm.SERIOUS:
            return self.aggravating | {Aggravating.SERIOUS_HARM}
        return self.aggravating

    def basis_amount(self, basis: MultipleBasis) -> Decimal | None:
        if basis is MultipleBasis.ILLEGAL_GAINS:
            return self.illegal_gains
        if basis is MultipleBasis.GOODS_VALUE:
            return self.goods_value
        if basis is MultipleBasis.AD_FEES:
            return self.ad_fees
        return self.turnover

    def circumstances(self) -> frozenset[Circumstance]:
        found = [_HARM_CIRCUMSTANCE[self.harm]]
        if self.fault_disproved:
            found.append(Circumstance.NO_FAULT)
        if self.minor:
            found.append(Circumstance.MINOR)
        if self.promptly_corrected:
            found.append(Circumstance.PROMPTLY_CORRECTED)
        if self.first_offence:
            found.append(Circumstance.FIRST_OFFENCE)
        if self.juvenile:
            found.append(Circumstance.JUVENILE)
        if self.is_person and self.capacity is Capacity.PARTLY_IMPAIRED:
            found.append(Circumstance.PARTLY_IMPAIRED)
        if self.mandatory_mitigation:
            found.append(Circumstance.MANDATORY_MITIGATION)
        for ground in self.mitigating:
            found.append(_GROUND_CIRCUMSTANCE[ground])
        factors = self.aggravating_factors
        if factors:
            found.append(Circumstance.ANY_AGGRAVATING)
            for factor in factors:
                found.append(_FACTOR_CIRCUMSTANCE[factor])
        return frozenset(found)


#: Art 51 limits for the summary procedure (statutory, not a setting).
SUMMARY_LIMITS = {PartyKind.PERSON: Decimal("200.00"), PartyKind.ORGANISATION: Decimal("3000.00")}


@dataclass(frozen=True, slots=True)
class AgencyThresholds:
    """The agency's settings the engine needs (officers.AgencySettings + 首违不罚 list)."""

    hearing_person: Decimal = Decimal("10000.00")
    hearing_organisation: Decimal = Decimal("100000.00")
    #: Violation codes on the agency's first-offence-no-penalty list (R-13).
    first_offence_list: frozenset[str] = frozenset()
    #: R-27 defaults: a case with a hearing / a fine ≥ the hearing threshold is discussed.
    collective_on_hearing: bool = True
    collective_on_threshold_fine: bool = True

    def hearing_threshold(self, kind: PartyKind) -> Decimal:
        return self.hearing_person if kind is PartyKind.PERSON else self.hearing_organisation


DEFAULT_THRESHOLDS = AgencyThresholds()


__all__ = [
    "Aggravating",
    "Capacity",
    "Circumstance",
    "Fallback",
    "HEARING_TYPES",
    "Harm",
    "LIGHT_TYPES",
    "MITIGATION_SUBSTITUTES",
    "MitigatingGround",
    "MultipleBasis",
    "Outcome",
    "PartyKind",
    "PenaltyType",
    "SUMMARY_TYPES",
    "Tier",
    "CENT",
    "ZERO",
    "money",
    "multiple",
    "money_down",
    "money_up",
    "Range",
    "FineMode",
    "FineSpec",
    "ProvisionRef",
    "Violation",
    "Condition",
    "TierSpec",
    "BenchmarkTable",
    "Facts",
    "SUMMARY_LIMITS",
    "AgencyThresholds",
    "DEFAULT_THRESHOLDS",
]
