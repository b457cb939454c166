"""Throughput of the discretion engine on one core (issue 5: target ≥ 10,000/s).

    python bench/bench_discretion.py [--seconds 3] [--cases 5000]

Builds a deterministic, varied set of inputs (six real provisions, agency tables and the
default split, persons and organisations, every rule path) and measures:
- recommend()                     — the figure the issue asks for;
- recommend() + check_proposal()  — what the proposal page does on every change;
- rendering every explanation     — done only when a page shows them.
The process is pinned to one CPU where the OS allows it.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402
from django.conf import settings  # noqa: E402

if not settings.configured:
    # The engine needs no database: translation settings are enough for the messages.
    settings.configure(USE_I18N=True, LANGUAGE_CODE="zh-hans", INSTALLED_APPS=[])
    django.setup()

from penalties.discretion import (  # noqa: E402
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
    PartyKind,
    PenaltyType,
    Proposal,
    Range,
    Tier,
    TierSpec,
    Violation,
    check_proposal,
    recommend,
)

P = PenaltyType


def _provisions() -> list[Violation]:
    return [
        Violation(
            "JG-42",
            "违反明码标价规定（价格法第四十二条）",
            frozenset({P.CONFISCATE_GAINS, P.FINE}),
            fine=FineSpec.fixed(0, 5000),
            mandatory_types=frozenset({P.CONFISCATE_GAINS}),
        ),
        Violation(
            "XB-56",
            "侵害消费者权益（消费者权益保护法第五十六条）",
            frozenset(
                {P.WARNING, P.CONFISCATE_GAINS, P.FINE, P.SUSPEND_BUSINESS, P.REVOKE_LICENCE}
            ),
            fine=FineSpec.multiples(
                MultipleBasis.ILLEGAL_GAINS, 1, 10, fixed=(0, 500000), fallback=Fallback.NO_BASE
            ),
        ),
        Violation(
            "CP-49",
            "销售不符合安全标准的产品（产品质量法第四十九条）",
            frozenset({P.CONFISCATE_PROPERTY, P.FINE, P.CONFISCATE_GAINS, P.REVOKE_LICENCE}),
            fine=FineSpec.multiples(MultipleBasis.GOODS_VALUE, 1, 3),
            mandatory_types=frozenset({P.CONFISCATE_PROPERTY, P.FINE}),
        ),
        Violation(
            "GG-58",
            "违法发布医疗广告等（广告法第五十八条）",
            frozenset({P.FINE}),
            fine=FineSpec.multiples(
                MultipleBasis.AD_FEES,
                1,
                3,
                fixed=(100000, 200000),
                fallback=Fallback.INCALCULABLE_OR_LOW,
            ),
        ),
        Violation(
            "SP-123",
            "用非食品原料生产食品（食品安全法第一百二十三条）",
            frozenset(
                {P.CONFISCATE_GAINS, P.CONFISCATE_PROPERTY, P.FINE, P.REVOKE_LICENCE, P.DETENTION}
            ),
            fine=FineSpec.multiples(
                MultipleBasis.GOODS_VALUE,
                15,
                30,
                fixed=(100000, 150000),
                fallback=Fallback.BELOW_THRESHOLD,
                threshold=10000,
            ),
            mandatory_types=frozenset({P.FINE}),
            needs_legal_review=True,
        ),
        Violation(
            "SP-126",
            "未按规定建立进货查验记录制度（食品安全法第一百二十六条）",
            frozenset({P.WARNING, P.FINE, P.SUSPEND_BUSINESS, P.REVOKE_LICENCE}),
            fine=FineSpec.fixed(5000, 50000),
            mandatory_types=frozenset({P.WARNING}),
        ),
    ]


def _table(code: str) -> BenchmarkTable:
    return BenchmarkTable(
        code,
        "2024版",
        (
            TierSpec(
                Tier.LIGHTER,
                frozenset({P.WARNING, P.FINE, P.CONFISCATE_GAINS}),
                amounts=Range.of(0, 1000),
                multiples=Range.multiples(1, 2),
                condition=Condition(all_of=frozenset({Circumstance.PROMPTLY_CORRECTED})),
            ),
            TierSpec(
                Tier.ORDINARY,
                frozenset({P.FINE, P.CONFISCATE_GAINS}),
                amounts=Range.of(1000, 3000),
                multiples=Range.multiples(2, 4),
            ),
            TierSpec(
                Tier.HEAVIER,
                frozenset({P.FINE, P.CONFISCATE_GAINS, P.REVOKE_LICENCE}),
                amounts=Range.of(3000, 9000),  # above some maxima: clipped
                multiples=Range.multiples(4, 30),
                condition=Condition(any_of=frozenset({Circumstance.ANY_AGGRAVATING})),
            ),
        ),
    )


def _amount(rng: random.Random) -> Decimal | None:
    if rng.random() < 0.3:
        return None
    return Decimal(rng.randrange(0, 5_000_000)).scaleb(-2)


def build_inputs(n: int, seed: int = 20261127) -> list[tuple]:
    rng = random.Random(seed)
    provisions = _provisions()
    tables = {v.code: _table(v.code) for v in provisions}
    limits = [
        AgencyThresholds(),
        AgencyThresholds(first_offence_list=frozenset({"JG-42", "SP-126"})),
        AgencyThresholds(hearing_person=Decimal("5000.00"), collective_on_hearing=False),
    ]
    inputs = []
    for _ in range(n):
        violation = rng.choice(provisions)
        facts = Facts(
            party_kind=rng.choice(list(PartyKind)),
            minor=rng.random() < 0.3,
            harm=rng.choice(list(Harm)),
            promptly_corrected=rng.random() < 0.5,
            first_offence=rng.random() < 0.5,
            fault_disproved=rng.random() < 0.05,
            age=rng.choice([None, None, 12, 16, 30]),
            capacity=rng.choice([Capacity.FULL] * 8 + [Capacity.PARTLY_IMPAIRED, Capacity.NONE]),
            mitigating=frozenset(rng.sample(list(MitigatingGround), rng.choice([0, 0, 0, 1, 2]))),
            aggravating=frozenset(rng.sample(list(Aggravating), rng.choice([0, 0, 1, 2]))),
            illegal_gains=_amount(rng),
            goods_value=_amount(rng),
            ad_fees=_amount(rng),
            basis_incalculable=rng.random() < 0.1,
            facts_certain=rng.random() < 0.5,
            complex_case=rng.random() < 0.1,
            major_public_interest=rng.random() < 0.05,
            hearing_expected=rng.random() < 0.1,
        )
        table = tables[violation.code] if rng.random() < 0.5 else None
        fine = Decimal(rng.randrange(1, 60_000_000)).scaleb(-2)
        kinds = frozenset(rng.sample(sorted(violation.penalty_types), 1)) | {P.FINE}
        proposal = Proposal(kinds, fine)
        inputs.append((violation, facts, table, rng.choice(limits), proposal))
    return inputs


def measure(label: str, fn, inputs: list[tuple], seconds: float) -> float:
    count = 0
    started = time.perf_counter()
    deadline = started + seconds
    while time.perf_counter() < deadline:
        for item in inputs:
            fn(item)
        count += len(inputs)
    elapsed = time.perf_counter() - started
    rate = count / elapsed
    print(
        f"{label:<44} {rate:>12,.0f} /s   ({count:,} in {elapsed:.2f} s, {1e6 / rate:.1f} µs each)"
    )
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--cases", type=int, default=5000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    inputs = build_inputs(args.cases)

    def rec(item):
        v, f, t, lim, _p = item
        return recommend(v, f, benchmark=t, thresholds=lim)

    def rec_and_check(item):
        return check_proposal(rec(item), item[4])

    def rec_and_render(item):
        return [h.message for h in rec(item).hits]

    rec(inputs[0])  # warm the default-benchmark cache
    print(
        f"discretion engine, {len(inputs):,} varied inputs, one core, Python {sys.version.split()[0]}"
    )
    rate = measure("recommend()", rec, inputs, args.seconds)
    measure("recommend() + check_proposal()", rec_and_check, inputs, args.seconds)
    measure("recommend() + render all explanations", rec_and_render, inputs, args.seconds)
    target = 10_000
    print(f"target ≥ {target:,}/s: {'met' if rate >= target else 'NOT met'}")
    return 0 if rate >= target else 1


if __name__ == "__main__":
    raise SystemExit(main())
