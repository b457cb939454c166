"""The pure discretion engine (issue 5; R-12…R-20, R-26…R-28, R-30).

No database, no clock, no I/O: callers (the DB layer) build the inputs from rows and
store the outputs. Public API:

- inputs (`types`): `Violation`, `FineSpec`, `ProvisionRef`, `BenchmarkTable`,
  `TierSpec`, `Condition`, `Facts`, `AgencyThresholds`, `Range`, and the enums
  `PenaltyType`, `Tier`, `Outcome`, `Harm`, `PartyKind`, `Capacity`, `MitigatingGround`,
  `Aggravating`, `MultipleBasis`, `Fallback`, `Circumstance`;
- `recommend(violation, facts, benchmark=, thresholds=)` and
  `recommend_in_time(versions, facts, act_date=, decision_date=, benchmarks=, thresholds=)`
  (R-18) → `Recommendation`;
- `check_proposal(recommendation, proposal)` → `ProposalCheck` (accepted / departure /
  refused, exact flags, `.verdict(departure_approved=)`);
- `is_heavier(decided, notified)` / `heavier_reasons(...)` for R-26;
- `default_benchmark(violation)`, `validate_benchmark(violation, table)` for R-17 tables;
- `snapshot(recommendation)` / `from_snapshot(data)`: JSON for storing with a proposal.
"""

from .benchmark import BenchmarkProblem, default_benchmark, split, validate_benchmark
from .engine import recommend, recommend_in_time, severity
from .flags import procedure_flags
from .proposal_check import check_proposal, heavier_reasons, is_heavier
from .results import (
    LawInTime,
    ProcedureContext,
    ProcedureFlags,
    Proposal,
    ProposalCheck,
    Recommendation,
    RuleHit,
)
from .snapshot import from_snapshot, snapshot
from .types import (
    DEFAULT_THRESHOLDS,
    HEARING_TYPES,
    SUMMARY_LIMITS,
    AgencyThresholds,
    Aggravating,
    BenchmarkTable,
    Capacity,
    Circumstance,
    Condition,
    Facts,
    Fallback,
    FineMode,
    FineSpec,
    Harm,
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
    money,
)

__all__ = [
    "DEFAULT_THRESHOLDS",
    "HEARING_TYPES",
    "SUMMARY_LIMITS",
    "AgencyThresholds",
    "Aggravating",
    "BenchmarkProblem",
    "BenchmarkTable",
    "Capacity",
    "Circumstance",
    "Condition",
    "Facts",
    "Fallback",
    "FineMode",
    "FineSpec",
    "Harm",
    "LawInTime",
    "MitigatingGround",
    "MultipleBasis",
    "Outcome",
    "PartyKind",
    "PenaltyType",
    "ProcedureContext",
    "ProcedureFlags",
    "Proposal",
    "ProposalCheck",
    "ProvisionRef",
    "Range",
    "Recommendation",
    "RuleHit",
    "Tier",
    "TierSpec",
    "Violation",
    "check_proposal",
    "default_benchmark",
    "from_snapshot",
    "heavier_reasons",
    "is_heavier",
    "money",
    "procedure_flags",
    "recommend",
    "recommend_in_time",
    "severity",
    "snapshot",
    "split",
    "validate_benchmark",
]
