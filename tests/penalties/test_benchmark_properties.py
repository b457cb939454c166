"""Property: a table our R-17/R-19 checks accept is one the engine accepts too, and no
accepted tier ever reaches above the statutory maximum (R-19). No database: the checks
and the conversion work on unsaved rows."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from penalties import discretion as d
from penalties.engine_inputs import _fine_spec, _tier_to_engine
from penalties.models import BenchmarkTier, FineBasis, ViolationVersion
from penalties.services.tier_checks import TierSpec, check_table

TYPES = ["warning", "fine", "confiscate_gains", "suspend_business", "revoke_licence"]
amounts = st.integers(min_value=0, max_value=200_000).map(Decimal)
multiples = st.integers(min_value=0, max_value=400).map(lambda n: Decimal(n) / 10)


@st.composite
def statutes(draw):
    multiple = draw(st.booleans())
    lo = draw(amounts)
    hi = draw(amounts.filter(lambda x: x > 0))
    lo, hi = min(lo, hi), max(lo, hi)
    v = ViolationVersion(
        penalty_types=draw(st.lists(st.sampled_from(TYPES), min_size=1, unique=True)) + ["fine"],
        fine_basis=FineBasis.GOODS_VALUE if multiple else FineBasis.FIXED,
        fine_min=lo,
        fine_max=hi,
    )
    v.penalty_types = list(dict.fromkeys(v.penalty_types))
    if multiple:
        mlo, mhi = sorted([draw(multiples), draw(multiples.filter(lambda x: x > 0))])
        v.multiple_min, v.multiple_max = mlo, max(mhi, Decimal("0.1"))
        v.alternative_condition = "no_base"
    return v


def _points(data, lo: Decimal, hi: Decimal, scale: int) -> list[Decimal]:
    """Four ascending cut points, mostly inside [lo, hi], sometimes a little outside."""
    span = int((hi - lo) * scale)
    raw = data.draw(
        st.lists(
            st.integers(min_value=-span // 10 - 1, max_value=span + span // 10 + 1),
            min_size=4,
            max_size=4,
        )
    )
    return sorted(lo + Decimal(x) / scale for x in raw)


def _table(data, statute: ViolationVersion) -> list[TierSpec]:
    fine = _points(data, statute.fine_min, statute.fine_max, 1)
    mult = (
        _points(data, statute.multiple_min, statute.multiple_max, 10)
        if statute.multiple_max is not None
        else None
    )
    specs = []
    for i, tier in enumerate(("lighter", "ordinary", "heavier")):
        specs.append(
            TierSpec(
                tier=tier,
                penalty_types=data.draw(
                    st.sampled_from([["fine"], ["fine", "warning"], ["fine", "revoke_licence"]])
                ),
                fine_min=max(fine[i], Decimal(0)) if data.draw(st.booleans()) or i else fine[i],
                fine_max=fine[i + 1],
                multiple_min=mult[i] if mult else None,
                multiple_max=mult[i + 1] if mult else None,
            )
        )
    if data.draw(st.booleans()):
        top = data.draw(st.integers(min_value=0, max_value=int(statute.fine_min) + 10))
        specs.append(
            TierSpec(
                tier="mitigated",
                penalty_types=["warning", "fine"],
                flags=["mitigating"],
                fine_min=Decimal(0),
                fine_max=Decimal(top),
                multiple_min=Decimal(0) if mult else None,
                multiple_max=statute.multiple_min if mult else None,
            )
        )
    return specs


def _engine_violation(v: ViolationVersion) -> d.Violation:
    return d.Violation(
        code="X",
        name="x",
        penalty_types=frozenset(d.PenaltyType(t) for t in v.penalty_types),
        fine=_fine_spec(v),
    )


@settings(max_examples=300, deadline=None)
@given(statute=statutes(), data=st.data())
def test_r19_accepted_tables_are_engine_valid_and_never_above_the_maximum(statute, data):
    specs = [s for s in _table(data, statute) if s.fine_min is None or s.fine_min >= 0]
    if check_table(statute, specs):
        return
    rows = [
        BenchmarkTier(
            tier=s.tier,
            **{
                k: getattr(s, k)
                for k in (
                    "conditions",
                    "flags",
                    "flags_any",
                    "flags_none",
                    "penalty_types",
                    "fine_min",
                    "fine_max",
                    "multiple_min",
                    "multiple_max",
                    "amount_below",
                    "amount_at_least",
                )
            },
        )
        for s in specs
    ]
    basis = d.MultipleBasis.GOODS_VALUE
    table = d.BenchmarkTable("X", "v", tuple(_tier_to_engine(r, basis) for r in rows))
    assert d.validate_benchmark(_engine_violation(statute), table) == ()
    for s in specs:
        if s.fine_max is not None and s.has_fine:
            assert s.fine_max <= statute.fine_max
        if s.multiple_max is not None and statute.multiple_max is not None:
            assert s.multiple_max <= statute.multiple_max
