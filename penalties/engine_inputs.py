"""Rows → the discretion engine's input types (`penalties.discretion`).

The engine is pure: it never reads the database. These adapters load what it needs and
convert it one to one (the stored codes are the engine's enum values):

- `to_engine_violation(vt, on=date)`: the catalogue version in force on `on` as a
  `discretion.Violation` (None when no version is in force: R-18's "no longer a
  violation" when `on` is the decision date);
- `engine_versions(vt)`: every version, for `discretion.recommend_in_time` (R-18);
- `to_engine_benchmark(version)`: a published (or draft) benchmark version as a
  `discretion.BenchmarkTable`; `engine_benchmarks(agency, vt)` every published one;
- `default_tier_specs(statute)`: the engine's default split (R-17) as editable tiers, used
  to prefill a first draft.
"""

from __future__ import annotations

from datetime import date

from core import clock
from officers.models import Agency
from penalties import discretion as d
from penalties.models import (
    BenchmarkTier,
    BenchmarkVersion,
    FineBasis,
    Provision,
    Tier,
    ViolationType,
    ViolationVersion,
)
from penalties.services.tier_checks import TierSpec


def _provision_ref(p: Provision, role: str) -> d.ProvisionRef:
    law = f"{p.law_name}（{p.law_version}）" if p.law_version else p.law_name
    return d.ProvisionRef(law=law, article=p.article_ref, text=p.text, role=role)


def _fine_spec(v: ViolationVersion) -> d.FineSpec | None:
    if v.fine_basis == FineBasis.NONE:
        return None
    fixed = (
        (d.money(v.fine_min), d.money(v.fine_max))
        if v.fine_min is not None and v.fine_max is not None
        else None
    )
    if v.fine_basis == FineBasis.FIXED:
        assert fixed is not None
        return d.FineSpec(min_amount=fixed[0], max_amount=fixed[1])
    return d.FineSpec.multiples(
        d.MultipleBasis(v.fine_basis),
        v.multiple_min if v.multiple_min is not None else 0,
        v.multiple_max,
        fixed=fixed,
        fallback=d.Fallback(v.alternative_condition or ""),
        threshold=v.base_threshold,
    )


def version_to_engine(v: ViolationVersion, *, number: int | None = None) -> d.Violation:
    """One catalogue version as the engine's `Violation`. `number` is its ordinal among
    the type's versions ("第 2 版" in R-18 explanations); computed when not given."""
    if number is None:
        number = ViolationVersion.objects.filter(
            violation_id=v.violation_id, valid_from__lte=v.valid_from
        ).count()
    provisions = [
        _provision_ref(v.violated_provision, "violated"),
        _provision_ref(v.penalty_provision, "penalty"),
    ]
    if v.supplementary_provision is not None:
        provisions.append(_provision_ref(v.supplementary_provision, "penalty"))
    return d.Violation(
        code=v.violation.code,
        name=v.violation.name,
        penalty_types=frozenset(d.PenaltyType(t) for t in v.penalty_types),
        fine=_fine_spec(v),
        mandatory_types=frozenset(d.PenaltyType(t) for t in v.mandatory_types),
        needs_legal_review=v.needs_legal_review,
        safety_related=v.safety_related,
        provisions=tuple(provisions),
        version=str(number),
        valid_from=v.valid_from,
        valid_to=v.valid_to,
    )


_RELATED = ("violation", "violated_provision", "penalty_provision", "supplementary_provision")


def to_engine_violation(vt: ViolationType | str, *, on: date) -> d.Violation | None:
    """The version of `vt` (object or code) in force on `on`, or None (R-18)."""
    qs = ViolationVersion.objects.in_force(on).select_related(*_RELATED)
    qs = qs.filter(violation__code=vt) if isinstance(vt, str) else qs.filter(violation=vt)
    version = qs.first()
    return version_to_engine(version) if version is not None else None


def engine_versions(vt: ViolationType | str) -> tuple[d.Violation, ...]:
    """Every version of a violation type, oldest first (for `recommend_in_time`)."""
    qs = ViolationVersion.objects.select_related(*_RELATED).order_by("valid_from")
    qs = qs.filter(violation__code=vt) if isinstance(vt, str) else qs.filter(violation=vt)
    return tuple(version_to_engine(v, number=i) for i, v in enumerate(qs, start=1))


def _tier_to_engine(t: BenchmarkTier, basis: d.MultipleBasis) -> d.TierSpec:
    amounts = (
        d.Range.of(t.fine_min, t.fine_max)
        if t.fine_min is not None and t.fine_max is not None
        else None
    )
    multiples = (
        d.Range.multiples(t.multiple_min, t.multiple_max)
        if t.multiple_min is not None and t.multiple_max is not None
        else None
    )
    return d.TierSpec(
        tier=d.Tier(t.tier),
        penalty_types=frozenset(d.PenaltyType(c) for c in t.penalty_types),
        amounts=amounts,
        multiples=multiples,
        condition=d.Condition(
            all_of=frozenset(d.Circumstance(c) for c in t.flags),
            any_of=frozenset(d.Circumstance(c) for c in t.flags_any),
            none_of=frozenset(d.Circumstance(c) for c in t.flags_none),
            amount_basis=basis,
            amount_below=d.money(t.amount_below) if t.amount_below is not None else None,
            amount_at_least=d.money(t.amount_at_least) if t.amount_at_least is not None else None,
            text=t.conditions,
        ),
    )


def _basis_of(version: BenchmarkVersion) -> d.MultipleBasis:
    """What amount conditions of a table test: the statute's multiple basis."""
    statute = version.violation.version_on(version.effective_from or clock.today())
    if statute is not None and statute.is_multiple:
        return d.MultipleBasis(statute.fine_basis)
    return d.MultipleBasis.GOODS_VALUE


def to_engine_benchmark(version: BenchmarkVersion) -> d.BenchmarkTable:
    """A benchmark version as the engine's `BenchmarkTable` (tiers lightest first)."""
    basis = _basis_of(version)
    tiers = sorted(version.tiers.all(), key=lambda t: t.rank)
    return d.BenchmarkTable(
        violation_code=version.violation.code,
        version=version.label,
        tiers=tuple(_tier_to_engine(t, basis) for t in tiers),
        effective_from=version.effective_from,
        effective_to=version.effective_to,
    )


def engine_benchmarks(
    agency: Agency | int, vt: ViolationType | str
) -> tuple[d.BenchmarkTable, ...]:
    """Every published version of the agency's table for `vt` (for `recommend_in_time`)."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    qs = (
        BenchmarkVersion.objects.published()
        .filter(agency_id=agency_id)
        .select_related("violation")
        .prefetch_related("tiers")
        .order_by("effective_from")
    )
    qs = qs.filter(violation__code=vt) if isinstance(vt, str) else qs.filter(violation=vt)
    return tuple(to_engine_benchmark(v) for v in qs)


def _decimal_or_none(r: d.Range | None, end: str):
    return getattr(r, end) if r is not None else None


def default_tier_specs(statute: ViolationVersion) -> list[TierSpec]:
    """The engine's default split (R-17) as editable tiers that pass our own checks: a
    mitigated fine is dropped where the statutory minimum is 0 (nothing is below it)."""
    table = d.default_benchmark(version_to_engine(statute, number=1))
    out: list[TierSpec] = []
    for spec in table.tiers:
        types = [t.value for t in sorted(spec.penalty_types, key=lambda t: (t.rank, t.value))]
        amounts, multiples = spec.amounts, spec.multiples
        if spec.tier is d.Tier.MITIGATED and d.PenaltyType.FINE in spec.penalty_types:
            zero_floor = (amounts is not None and amounts.high == 0) or (
                multiples is not None and multiples.high == 0
            )
            if zero_floor:
                types = [t for t in types if t != d.PenaltyType.FINE.value]
                amounts = multiples = None
        if spec.tier is not d.Tier.NO_PENALTY and not types:
            continue
        c = spec.condition
        out.append(
            TierSpec(
                tier=Tier(spec.tier.value),
                conditions=c.text,
                flags=sorted(x.value for x in c.all_of),
                flags_any=sorted(x.value for x in c.any_of),
                flags_none=sorted(x.value for x in c.none_of),
                amount_below=c.amount_below,
                amount_at_least=c.amount_at_least,
                penalty_types=types,
                fine_min=_decimal_or_none(amounts, "low"),
                fine_max=_decimal_or_none(amounts, "high"),
                multiple_min=_decimal_or_none(multiples, "low"),
                multiple_max=_decimal_or_none(multiples, "high"),
            )
        )
    return out
