"""Recommendation ⇄ JSON, so that a proposal stores exactly what the officer saw.

`snapshot(rec)` gives plain JSON (amounts as strings, enums as codes) including each rule's
rendered Chinese explanation, for the legal office to read later even if the wording of
the messages changes; `from_snapshot(data)` rebuilds the same `Recommendation` (its
messages rendered anew from code and parameters), so `check_proposal` can run against it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from .explain import Times
from .results import (
    LawInTime,
    ProcedureContext,
    ProcedureFlags,
    Recommendation,
    RuleHit,
)
from .types import (
    Aggravating,
    Capacity,
    Circumstance,
    Harm,
    MitigatingGround,
    MultipleBasis,
    Outcome,
    PartyKind,
    PenaltyType,
    Range,
    Tier,
)

FORMAT = 1
_ENUMS: dict[str, type[Enum]] = {
    cls.__name__: cls
    for cls in (
        Aggravating,
        Capacity,
        Circumstance,
        Harm,
        MitigatingGround,
        MultipleBasis,
        Outcome,
        PartyKind,
        PenaltyType,
        Tier,
    )
}


def _encode(value: object) -> Any:
    if isinstance(value, Enum):
        return {"enum": type(value).__name__, "value": value.value}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, Times):
        return {"times": str(value.value)}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, (frozenset, set)):
        items = [_encode(v) for v in value]
        return {"set": sorted(items, key=repr)}
    return value


def _decode(value: Any) -> object:
    if isinstance(value, dict):
        if "enum" in value:
            return _ENUMS[value["enum"]](value["value"])
        if "decimal" in value:
            return Decimal(value["decimal"])
        if "times" in value:
            return Times(Decimal(value["times"]))
        if "date" in value:
            return date.fromisoformat(value["date"])
        if "set" in value:
            return frozenset(_decode(v) for v in value["set"])
    return value


def _range(r: Range | None) -> list[str] | None:
    return None if r is None else [str(r.low), str(r.high)]


def _unrange(data: list[str] | None) -> Range | None:
    return None if data is None else Range(Decimal(data[0]), Decimal(data[1]))


def _types(types: frozenset[PenaltyType]) -> list[str]:
    return [t.value for t in sorted(types, key=lambda t: (t.rank, t.value))]


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _undec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def snapshot(rec: Recommendation) -> dict[str, Any]:
    """Plain JSON for a JSONField; includes the rendered explanations."""
    ctx = rec.context
    return {
        "format": FORMAT,
        "violation_code": rec.violation_code,
        "violation_version": rec.violation_version,
        "benchmark_version": rec.benchmark_version,
        "benchmark_is_default": rec.benchmark_is_default,
        "outcome": rec.outcome.value,
        "tier": rec.tier.value,
        "allowed_types": _types(rec.allowed_types),
        "fine_range": _range(rec.fine_range),
        "fine_multiples": _range(rec.fine_multiples),
        "fine_basis": rec.fine_basis.value if rec.fine_basis else None,
        "fine_basis_amount": _dec(rec.fine_basis_amount),
        "statutory_fine": _range(rec.statutory_fine),
        "statutory_types": _types(rec.statutory_types),
        "mandatory_types": _types(rec.mandatory_types),
        "hits": [
            {
                "code": h.code,
                "rule": h.rule,
                "article": h.article,
                "message": h.message,
                "params": [[k, _encode(v)] for k, v in h.params],
            }
            for h in rec.hits
        ],
        "flags": {
            "hearing_entitled": rec.flags.hearing_entitled,
            "summary_eligible": rec.flags.summary_eligible,
            "legal_review_needed": rec.flags.legal_review_needed,
            "collective_discussion_needed": rec.flags.collective_discussion_needed,
        },
        "context": {
            "party_kind": ctx.party_kind.value,
            "hearing_threshold": str(ctx.hearing_threshold),
            "facts_certain": ctx.facts_certain,
            "complex_case": ctx.complex_case,
            "major_violation": ctx.major_violation,
            "major_public_interest": ctx.major_public_interest,
            "hearing_expected": ctx.hearing_expected,
            "needs_legal_review": ctx.needs_legal_review,
            "collective_on_hearing": ctx.collective_on_hearing,
            "collective_on_threshold_fine": ctx.collective_on_threshold_fine,
            "illegal_gains": _dec(ctx.illegal_gains),
            "goods_value": _dec(ctx.goods_value),
        },
        "binding_no_penalty_rule": rec.binding_no_penalty_rule,
        "first_minor_offence": rec.first_minor_offence,
        "mitigation_required": rec.mitigation_required,
        "law_in_time": rec.law_in_time.value if rec.law_in_time else None,
    }


def from_snapshot(data: dict[str, Any]) -> Recommendation:
    """Rebuild the recommendation stored by `snapshot` (equal to the original)."""
    if data.get("format") != FORMAT:
        raise ValueError(f"unknown snapshot format {data.get('format')!r}")
    c = data["context"]
    return Recommendation(
        violation_code=data["violation_code"],
        violation_version=data["violation_version"],
        benchmark_version=data["benchmark_version"],
        benchmark_is_default=data["benchmark_is_default"],
        outcome=Outcome(data["outcome"]),
        tier=Tier(data["tier"]),
        allowed_types=frozenset(PenaltyType(t) for t in data["allowed_types"]),
        fine_range=_unrange(data["fine_range"]),
        fine_multiples=_unrange(data["fine_multiples"]),
        fine_basis=MultipleBasis(data["fine_basis"]) if data["fine_basis"] else None,
        fine_basis_amount=_undec(data["fine_basis_amount"]),
        statutory_fine=_unrange(data["statutory_fine"]),
        statutory_types=frozenset(PenaltyType(t) for t in data["statutory_types"]),
        mandatory_types=frozenset(PenaltyType(t) for t in data["mandatory_types"]),
        hits=tuple(
            RuleHit(h["code"], tuple((k, _decode(v)) for k, v in h["params"])) for h in data["hits"]
        ),
        flags=ProcedureFlags(**data["flags"]),
        context=ProcedureContext(
            party_kind=PartyKind(c["party_kind"]),
            hearing_threshold=Decimal(c["hearing_threshold"]),
            facts_certain=c["facts_certain"],
            complex_case=c["complex_case"],
            major_violation=c["major_violation"],
            major_public_interest=c["major_public_interest"],
            hearing_expected=c["hearing_expected"],
            needs_legal_review=c["needs_legal_review"],
            collective_on_hearing=c["collective_on_hearing"],
            collective_on_threshold_fine=c["collective_on_threshold_fine"],
            illegal_gains=_undec(c["illegal_gains"]),
            goods_value=_undec(c["goods_value"]),
        ),
        binding_no_penalty_rule=data["binding_no_penalty_rule"],
        first_minor_offence=data["first_minor_offence"],
        mitigation_required=data["mitigation_required"],
        law_in_time=LawInTime(data["law_in_time"]) if data["law_in_time"] else None,
    )
