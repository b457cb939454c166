"""Procedure flags (R-20, R-27, R-28, R-30), shared by the recommendation (computed at the
heaviest penalty it allows) and the proposal check (computed at the exact proposal)."""

from __future__ import annotations

from decimal import Decimal

from .results import ProcedureContext, ProcedureFlags, RuleHit, hit
from .types import HEARING_TYPES, SUMMARY_LIMITS, SUMMARY_TYPES, ZERO, PenaltyType


def procedure_flags(
    ctx: ProcedureContext,
    types: frozenset[PenaltyType],
    *,
    fine: Decimal | None,
    gains: Decimal = ZERO,
    property_value: Decimal = ZERO,
) -> tuple[ProcedureFlags, tuple[RuleHit, ...]]:
    """Flags for a penalty of `types` with this fine (None: not computable) and
    confiscation values. Thresholds are inclusive (R-30: "≥")."""
    hits: list[RuleHit] = []
    threshold = ctx.hearing_threshold
    fine_amount = fine if (fine is not None and PenaltyType.FINE in types) else ZERO

    # R-30 (Art 63): the notice must offer a hearing.
    hearing = False
    if fine_amount > 0 and fine_amount >= threshold:
        hearing = True
        hits.append(hit("r30.fine", amount=fine_amount, threshold=threshold, party=ctx.party_kind))
    if PenaltyType.CONFISCATE_GAINS in types and gains > 0 and gains >= threshold:
        hearing = True
        hits.append(hit("r30.gains", amount=gains, threshold=threshold, party=ctx.party_kind))
    if (
        PenaltyType.CONFISCATE_PROPERTY in types
        and property_value > 0
        and property_value >= threshold
    ):
        hearing = True
        hits.append(
            hit("r30.property", amount=property_value, threshold=threshold, party=ctx.party_kind)
        )
    heavy = types & HEARING_TYPES
    if heavy:
        hearing = True
        hits.append(hit("r30.type", types=heavy))

    # R-20 (Art 51): facts certain, a warning or a small fine, nothing else (a
    # confiscation with nothing to confiscate is nothing).
    limit = SUMMARY_LIMITS[ctx.party_kind]
    imposed = types
    if gains <= 0:
        imposed = imposed - {PenaltyType.CONFISCATE_GAINS}
    if property_value <= 0:
        imposed = imposed - {PenaltyType.CONFISCATE_PROPERTY}
    summary = (
        ctx.facts_certain
        and bool(imposed)
        and imposed <= SUMMARY_TYPES
        and (PenaltyType.FINE not in types or (fine is not None and fine <= limit))
    )
    if summary:
        hits.append(hit("r20.summary", party=ctx.party_kind, limit=limit))

    # R-28 (Art 58): legal review.
    review = False
    if ctx.needs_legal_review:
        review = True
        hits.append(hit("r28.flagged"))
    if ctx.major_public_interest:
        review = True
        hits.append(hit("r28.public_interest"))
    if ctx.hearing_expected:
        review = True
        hits.append(hit("r28.hearing"))
    if ctx.complex_case:
        review = True
        hits.append(hit("r28.complex"))

    # R-27 (Art 57 ¶2): collective discussion.
    collective = False
    if ctx.complex_case or ctx.major_violation:
        collective = True
        hits.append(hit("r27.complex"))
    if ctx.collective_on_hearing and ctx.hearing_expected:
        collective = True
        hits.append(hit("r27.hearing"))
    if ctx.collective_on_threshold_fine and fine_amount > 0 and fine_amount >= threshold:
        collective = True
        hits.append(hit("r27.fine", amount=fine_amount, threshold=threshold))

    return ProcedureFlags(hearing, summary, review, collective), tuple(hits)
