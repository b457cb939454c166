"""The discretion engine: facts + violation + benchmark → recommendation (R-12…R-19).

Pure: no database, no clock, no I/O. The same inputs always give the same output. The
order of the rules below is the order of legal precedence:

1. binding "no penalty": under 14 / no capacity (R-15, Art 30/31), no fault (R-14,
   Art 33 ¶2), minor + corrected + no harm (R-12, Art 33 ¶1);
2. first minor offence with small harm (R-13): no penalty where the violation is on the
   agency's 首违不罚 list and the party corrected promptly, otherwise a warning — never a fine;
3. the table's own 不予处罚 tier, only where Art 33 ¶1 allows it (first offence, small harm,
   corrected);
4. the tier: mandatory mitigation (R-15 age 14–17, R-16 grounds) caps it at 从轻 (减轻 where
   the table's conditions hold) and beats any aggravating factor; otherwise aggravating
   factors give 从重; otherwise the table's conditions; otherwise 一般;
5. the tier's types and range, clipped to the statutory range (R-19);
6. procedure flags (R-20, R-27, R-28, R-30).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from .benchmark import default_benchmark
from .explain import Times
from .flags import procedure_flags
from .results import (
    LawInTime,
    ProcedureContext,
    Recommendation,
    RuleHit,
    hit,
)
from .types import (
    DEFAULT_THRESHOLDS,
    MITIGATION_SUBSTITUTES,
    ZERO,
    AgencyThresholds,
    BenchmarkTable,
    Capacity,
    Facts,
    FineMode,
    Harm,
    MultipleBasis,
    Outcome,
    PenaltyType,
    Range,
    Tier,
    TierSpec,
    Violation,
    money_down,
    money_up,
)

_NO_TYPES: frozenset[PenaltyType] = frozenset()
_GROUND_CODES = {
    "removed_harm": "r16.removed_harm",
    "coerced": "r16.coerced",
    "confessed": "r16.confessed",
    "meritorious": "r16.meritorious",
    "other_statutory": "r16.other_statutory",
}


def recommend(
    violation: Violation,
    facts: Facts,
    *,
    benchmark: BenchmarkTable | None = None,
    thresholds: AgencyThresholds = DEFAULT_THRESHOLDS,
) -> Recommendation:
    """Recommend the penalty for `facts` under one version of `violation` and of its
    benchmark (None: the default split). Use `recommend_in_time` to apply R-18."""
    if benchmark is not None and benchmark.violation_code != violation.code:
        raise ValueError(
            f"benchmark for {benchmark.violation_code!r} used with violation {violation.code!r}"
        )
    return _Run(violation, facts, benchmark, thresholds).result()


class _Run:
    """One evaluation; a class only to share the inputs between the steps."""

    __slots__ = (
        "violation",
        "facts",
        "table",
        "default",
        "thresholds",
        "hits",
        "basis",
        "basis_amount",
        "statutory",
        "ctx",
    )

    def __init__(
        self,
        violation: Violation,
        facts: Facts,
        benchmark: BenchmarkTable | None,
        thresholds: AgencyThresholds,
    ) -> None:
        self.violation = violation
        self.facts = facts
        self.default = default_benchmark(violation)
        self.table = benchmark if benchmark is not None else self.default
        self.thresholds = thresholds
        self.hits: list[RuleHit] = []
        fine = violation.fine
        self.basis: MultipleBasis | None = fine.basis if fine else None
        self.basis_amount = facts.basis_amount(self.basis) if self.basis else None
        self.statutory = (
            fine.statutory_range(self.basis_amount, facts.basis_incalculable) if fine else None
        )
        self.ctx = ProcedureContext(
            party_kind=facts.party_kind,
            hearing_threshold=thresholds.hearing_threshold(facts.party_kind),
            facts_certain=facts.facts_certain,
            complex_case=facts.complex_case,
            major_violation=facts.major_violation,
            major_public_interest=facts.major_public_interest,
            hearing_expected=facts.hearing_expected,
            needs_legal_review=violation.needs_legal_review,
            collective_on_hearing=thresholds.collective_on_hearing,
            collective_on_threshold_fine=thresholds.collective_on_threshold_fine,
            illegal_gains=facts.illegal_gains,
            goods_value=facts.goods_value,
        )

    # -- steps -------------------------------------------------------------------------

    def result(self) -> Recommendation:
        facts = self.facts
        hits = self.hits
        binding = None
        # R-15 / Art 30: under 14.
        if facts.under_14:
            hits.append(hit("r15.under_14", age=facts.age))
            binding = "R-15"
        # R-15 / Art 31: unable to recognise or control one's conduct.
        if facts.is_person and facts.capacity is Capacity.NONE:
            hits.append(hit("r15.no_capacity"))
            binding = binding or "R-15"
        # R-14 / Art 33 ¶2: no subjective fault.
        if facts.fault_disproved:
            hits.append(hit("r14.no_fault"))
            binding = binding or "R-14"
        # R-12 / Art 33 ¶1 first sentence.
        if facts.minor and facts.promptly_corrected and facts.harm is Harm.NONE:
            hits.append(hit("r12.minor_corrected"))
            binding = binding or "R-12"
        first_minor = facts.first_offence and facts.minor and facts.harm.rank <= Harm.SMALL.rank
        if binding:
            return self._no_penalty(binding=binding, first_minor=first_minor)

        # first minor offence with small harm → no penalty (listed + corrected) or
        # a warning; never a fine.
        if first_minor:
            return self._first_minor_offence()

        circumstances = facts.circumstances()
        # Art 33 ¶1 second sentence through the table's 不予处罚 tier (可以不予处罚).
        own = self.table.tier(Tier.NO_PENALTY)
        if (
            own is not None
            and facts.first_offence
            and facts.promptly_corrected
            and facts.harm.rank <= Harm.SMALL.rank
            and own.condition.matches(circumstances, facts)
        ):
            hits.append(hit("r17.table_no_penalty", condition=own.condition.text or "—"))
            return self._no_penalty(binding=None, first_minor=False)

        tier = self._choose_tier(circumstances)
        return self._penalty(tier)

    def _first_minor_offence(self) -> Recommendation:
        facts, violation = self.facts, self.violation
        if violation.code in self.thresholds.first_offence_list and facts.promptly_corrected:
            self.hits.append(hit("r13.first_offence_list"))
            return self._no_penalty(binding=None, first_minor=True)
        self.hits.append(
            hit(
                "r13.warning_not_listed"
                if violation.code not in self.thresholds.first_offence_list
                else "r13.warning_not_corrected"
            )
        )
        types = {PenaltyType.WARNING}
        gains = facts.illegal_gains
        if PenaltyType.CONFISCATE_GAINS in violation.penalty_types and gains and gains > 0:
            types.add(PenaltyType.CONFISCATE_GAINS)
            self.hits.append(hit("r13.gains_confiscated", gains=gains))
        if PenaltyType.WARNING in violation.penalty_types:
            tier = Tier.LIGHTER
        else:
            tier = Tier.MITIGATED  # 以警告代替法定处罚种类 = 减轻
            self.hits.append(hit("r13.warning_is_mitigation"))
        return self._build(
            outcome=Outcome.WARNING,
            tier=tier,
            types=frozenset(types),
            fine_range=None,
            multiples=None,
            first_minor=True,
            mitigation=self.facts.mandatory_mitigation,
        )

    def _choose_tier(self, circumstances: frozenset) -> Tier:
        facts, table, hits = self.facts, self.table, self.hits
        partly_impaired = facts.is_person and facts.capacity is Capacity.PARTLY_IMPAIRED
        mitigated = table.tier(Tier.MITIGATED)
        if facts.mandatory_mitigation:
            if facts.juvenile:
                hits.append(hit("r15.juvenile", age=facts.age))  # R-15, Art 30
            for ground in sorted(facts.mitigating, key=lambda g: g.rank):
                hits.append(hit(_GROUND_CODES[ground.value]))  # R-16, Art 32
            if partly_impaired:
                hits.append(hit("r15.partly_impaired"))
            if facts.aggravated:
                # Mitigation wins: a mandatory 从轻/减轻 can never become 从重.
                hits.append(hit("r16.mitigation_prevails", factors=facts.aggravating_factors))
            if mitigated is not None and mitigated.condition.matches(circumstances, facts):
                hits.append(hit("r17.mitigated_by_table", condition=mitigated.condition.text))
                return Tier.MITIGATED
            hits.append(hit("r17.mandatory_lighter"))
            return Tier.LIGHTER
        if facts.aggravated:
            if partly_impaired:
                hits.append(hit("r15.partly_impaired_outweighed"))
            hits.append(hit("r17.aggravating", factors=facts.aggravating_factors))
            return Tier.HEAVIER
        if mitigated is not None and mitigated.condition.matches(circumstances, facts):
            if partly_impaired:
                hits.append(hit("r15.partly_impaired"))
            hits.append(hit("r17.mitigated_by_table", condition=mitigated.condition.text))
            return Tier.MITIGATED
        if partly_impaired:
            hits.append(hit("r15.partly_impaired"))  # Art 31: 可以从轻 (recorded)
            return Tier.LIGHTER
        for tier, code in (
            (Tier.LIGHTER, "r17.lighter_by_table"),
            (Tier.HEAVIER, "r17.heavier_by_table"),
        ):
            spec = table.tier(tier)
            if spec is not None and spec.condition.matches(circumstances, facts):
                hits.append(hit(code, condition=spec.condition.text))
                return tier
        hits.append(hit("r17.ordinary"))
        return Tier.ORDINARY

    def _penalty(self, tier: Tier) -> Recommendation:
        hits = self.hits
        default_spec = self.default.tier(tier)
        assert default_spec is not None
        if self.table.is_default:
            hits.append(hit("r17.default_table"))
            spec = default_spec
        else:
            found = self.table.tier(tier)
            if found is None:
                hits.append(hit("r17.tier_missing", version=self.table.version, tier=tier))
                spec = default_spec
            else:
                spec = found
        types, fine_range, multiples = self._apply(spec, default_spec, tier)
        if not types and spec is not default_spec:
            hits.append(hit("r17.tier_empty", tier=tier))
            types, fine_range, multiples = self._apply(default_spec, default_spec, tier)

        if PenaltyType.FINE in types:
            outcome = Outcome.FINE
        elif PenaltyType.WARNING in types:
            outcome = Outcome.WARNING
        else:
            outcome = Outcome.OTHER
        if PenaltyType.FINE not in types and types:
            hits.append(hit("r17.no_fine_in_tier", tier=tier, types=types))
        return self._build(
            outcome=outcome,
            tier=tier,
            types=types,
            fine_range=fine_range,
            multiples=multiples,
            first_minor=False,
            mitigation=self.facts.mandatory_mitigation,
        )

    def _apply(
        self, spec: TierSpec, default_spec: TierSpec, tier: Tier
    ) -> tuple[frozenset[PenaltyType], Range | None, Range | None]:
        """The tier's lawful types and its fine range clipped to the statute (R-19)."""
        violation, hits = self.violation, self.hits
        legal = violation.penalty_types
        if tier is Tier.MITIGATED:
            legal = legal | MITIGATION_SUBSTITUTES
        types = spec.penalty_types & legal
        outside = spec.penalty_types - legal
        if outside:
            hits.append(hit("r19.types_without_basis", tier=tier, types=outside))
        if PenaltyType.DETENTION in types:
            types = types - {PenaltyType.DETENTION}
            hits.append(hit("r03.no_detention"))
        if tier is not Tier.MITIGATED:
            # "并处": omitting a mandatory type would be 减轻, so every other tier has it.
            missing = violation.mandatory_types - types - {PenaltyType.DETENTION}
            if missing:
                types = types | missing
                hits.append(hit("r17.mandatory_added", tier=tier, types=missing))
        fine_range = multiples = None
        if PenaltyType.FINE in types:
            statutory = self.statutory
            if statutory is None:
                # The basis (e.g. goods' value) is not established: no range yet.
                hits.append(hit("r17.fine_basis_unknown", basis=self.basis))
                return types, None, None
            fine_range, multiples = self._fine(spec, default_spec, tier, statutory)
            if fine_range is None or fine_range.high <= 0:
                types = types - {PenaltyType.FINE}
                fine_range = multiples = None
        return types, fine_range, multiples

    def _fine(
        self, spec: TierSpec, default_spec: TierSpec, tier: Tier, statutory: Range
    ) -> tuple[Range | None, Range | None]:
        fine_spec = self.violation.fine
        assert fine_spec is not None
        hits = self.hits
        mode = fine_spec.mode_for(self.basis_amount, self.facts.basis_incalculable)
        # 减轻 lies below the statutory minimum; every other tier inside the statute.
        bound = Range(ZERO, statutory.low) if tier is Tier.MITIGATED else statutory
        for candidate in (spec, default_spec):
            if mode is FineMode.MULTIPLE:
                mult = candidate.multiples
                if mult is None:
                    if candidate is spec and spec is not default_spec:
                        hits.append(hit("r17.range_default", tier=tier))
                    continue
                assert self.basis_amount is not None
                high = money_down(mult.high * self.basis_amount)
                raw = Range(min(money_up(mult.low * self.basis_amount), high), high)
            else:
                mult = None
                if candidate.amounts is None:
                    if candidate is spec and spec is not default_spec:
                        hits.append(hit("r17.range_default", tier=tier))
                    continue
                raw = candidate.amounts
            low, high = max(raw.low, bound.low), min(raw.high, bound.high)
            if low > high:
                if candidate is spec and spec is not default_spec:
                    hits.append(hit("r17.table_range_invalid", tier=tier))
                continue
            if raw.high > statutory.high:
                # never above the statutory maximum, whatever the table says.
                hits.append(hit("r19.clipped", tier=tier, table_high=raw.high, max=statutory.high))
            fine_range = Range(low, high)
            multiples = None
            if mult is not None:
                assert fine_spec.min_multiple is not None and fine_spec.max_multiple is not None
                m_bound_low = ZERO if tier is Tier.MITIGATED else fine_spec.min_multiple
                m_bound_high = (
                    fine_spec.min_multiple if tier is Tier.MITIGATED else fine_spec.max_multiple
                )
                m_low = min(max(mult.low, m_bound_low), m_bound_high)
                m_high = max(min(mult.high, m_bound_high), m_low)
                multiples = Range(m_low, m_high)
                hits.append(
                    hit(
                        "r17.range_multiple",
                        tier=tier,
                        basis=self.basis,
                        basis_amount=self.basis_amount,
                        m_low=Times(m_low),
                        m_high=Times(m_high),
                        low=low,
                        high=high,
                        stat_low=statutory.low,
                        stat_high=statutory.high,
                    )
                )
            else:
                hits.append(
                    hit(
                        "r17.range_fixed",
                        tier=tier,
                        low=low,
                        high=high,
                        stat_low=statutory.low,
                        stat_high=statutory.high,
                    )
                )
            return fine_range, multiples
        return None, None

    # -- results -----------------------------------------------------------------------

    def _no_penalty(self, *, binding: str | None, first_minor: bool) -> Recommendation:
        return self._build(
            outcome=Outcome.NO_PENALTY,
            tier=Tier.NO_PENALTY,
            types=_NO_TYPES,
            fine_range=None,
            multiples=None,
            first_minor=first_minor,
            mitigation=False,
            binding=binding,
        )

    def _build(
        self,
        *,
        outcome: Outcome,
        tier: Tier,
        types: frozenset[PenaltyType],
        fine_range: Range | None,
        multiples: Range | None,
        first_minor: bool,
        mitigation: bool,
        binding: str | None = None,
    ) -> Recommendation:
        facts = self.facts
        if outcome is Outcome.NO_PENALTY:
            # No hearing and no summary decision; review and discussion follow the case.
            flags, flag_hits = procedure_flags(self.ctx, _NO_TYPES, fine=None)
        else:
            gains = facts.illegal_gains or ZERO
            value = facts.goods_value or ZERO
            flags, flag_hits = procedure_flags(
                self.ctx,
                types,
                fine=fine_range.high if fine_range is not None else None,
                gains=gains,
                property_value=value,
            )
        return Recommendation(
            violation_code=self.violation.code,
            violation_version=self.violation.version,
            benchmark_version=self.table.version,
            benchmark_is_default=self.table.is_default,
            outcome=outcome,
            tier=tier,
            allowed_types=types,
            fine_range=fine_range,
            fine_multiples=multiples,
            fine_basis=self.basis,
            fine_basis_amount=self.basis_amount,
            statutory_fine=self.statutory,
            statutory_types=self.violation.penalty_types,
            mandatory_types=self.violation.mandatory_types,
            hits=tuple(self.hits) + flag_hits,
            flags=flags,
            context=self.ctx,
            binding_no_penalty_rule=binding,
            first_minor_offence=first_minor,
            mitigation_required=mitigation,
        )


# ---------------------------------------------------------------------------------------
# law in time
# ---------------------------------------------------------------------------------------


def _version_in_force(versions: Sequence[Violation], on: date) -> Violation | None:
    found = [v for v in versions if v.in_force(on)]
    if len(found) > 1:
        raise ValueError(
            f"several versions of {found[0].code!r} in force on {on.isoformat()}: "
            + ", ".join(v.version for v in found)
        )
    return found[0] if found else None


def _table_in_force(tables: Sequence[BenchmarkTable], code: str, on: date) -> BenchmarkTable | None:
    found = [t for t in tables if t.violation_code == code and t.in_force(on)]
    if len(found) > 1:
        raise ValueError(f"several benchmark versions of {code!r} in force on {on.isoformat()}")
    return found[0] if found else None


def severity(rec: Recommendation) -> tuple:
    """Order recommendations from lightest: no penalty, then by the heaviest type allowed,
    then by the fine's maximum and minimum (R-18 "处罚较轻")."""
    if rec.outcome is Outcome.NO_PENALTY:
        return (0,)
    top = max((t.rank for t in rec.allowed_types), default=0)
    high = rec.fine_range.high if rec.fine_range else ZERO
    low = rec.fine_range.low if rec.fine_range else ZERO
    return (1, top, high, low)


def recommend_in_time(
    versions: Sequence[Violation],
    facts: Facts,
    *,
    act_date: date,
    decision_date: date,
    benchmarks: Sequence[BenchmarkTable] = (),
    thresholds: AgencyThresholds = DEFAULT_THRESHOLDS,
) -> Recommendation:
    """R-18 (Art 37): the versions (of the provision and of the agency's benchmark) in
    force on the act date apply, unless those in force on the decision date give a lighter
    result, or the act is no longer a violation at all.

    `versions` are the catalogue versions of one violation type; `benchmarks` the agency's
    table versions for it (none: the default split). Dates are given by the caller (the
    engine never reads the clock).
    """
    if decision_date < act_date:
        raise ValueError("the decision date cannot precede the act date")
    then = _version_in_force(versions, act_date)
    if then is None:
        raise ValueError(f"no version of the violation is in force on {act_date.isoformat()}")
    now = _version_in_force(versions, decision_date)
    table_then = _table_in_force(benchmarks, then.code, act_date)
    if now is None:
        # Repealed without successor: no longer treated as a violation.
        base = _Run(then, facts, table_then, thresholds)
        base.hits.append(
            hit(
                "r18.decriminalised",
                code=then.code,
                version=then.version,
                valid_to=then.valid_to,
            )
        )
        rec = base._no_penalty(binding="R-18", first_minor=False)
        return replace(rec, law_in_time=LawInTime.DECRIMINALISED)
    table_now = _table_in_force(benchmarks, now.code, decision_date)
    old = recommend(then, facts, benchmark=table_then, thresholds=thresholds)
    if now == then and table_now == table_then:
        return replace(old, law_in_time=LawInTime.ACT_DATE)
    new = recommend(now, facts, benchmark=table_now, thresholds=thresholds)
    params = {
        "act_date": act_date,
        "decision_date": decision_date,
        "old": then.version,
        "old_table": old.benchmark_version,
        "new": now.version,
        "new_table": new.benchmark_version,
    }
    if severity(new) < severity(old):
        note = hit("r18.new_lighter", **params)
        return replace(new, hits=(note,) + new.hits, law_in_time=LawInTime.DECISION_DATE)
    note = hit("r18.old_applies", **params)
    return replace(old, hits=(note,) + old.hits, law_in_time=LawInTime.ACT_DATE)
