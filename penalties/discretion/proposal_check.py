"""Checking a proposed penalty (拟处罚) against the recommendation, and R-26 comparisons.

A proposal inside the recommendation is accepted. Outside it is a departure (R-17): the
officer writes reasons and the head approves (or a collective discussion decides), both
recorded by the caller. Some proposals are refused outright because no approval can make
them lawful: above the statutory maximum (R-19), a type the statute does not provide
(Art 38), detention (police only), or any penalty where the law says "no penalty".
"""

from __future__ import annotations

from .flags import procedure_flags
from .results import Proposal, ProposalCheck, Recommendation, RuleHit, hit
from .types import MITIGATION_SUBSTITUTES, ZERO, Outcome, PenaltyType, Tier

_REFUSE_NO_PENALTY = {
    "R-12": "r12.refuse_penalty",
    "R-14": "r14.refuse_penalty",
    "R-15": "r15.refuse_penalty",
    "R-18": "r18.refuse_penalty",
}
_ORDINARY_TIERS = (Tier.LIGHTER, Tier.ORDINARY, Tier.HEAVIER)


def check_proposal(recommendation: Recommendation, proposal: Proposal) -> ProposalCheck:
    """Compare `proposal` with `recommendation`: refusals, departures and the exact
    procedure flags (R-20, R-27, R-28, R-30) of this proposal."""
    rec = recommendation
    types = proposal.types
    fine = proposal.fine
    refusals: list[RuleHit] = []
    departures: list[RuleHit] = []

    # Consistency of the proposal itself.
    if min(fine, proposal.confiscated_gains, proposal.confiscated_property) < 0:
        refusals.append(hit("r17.negative_amount"))
    if PenaltyType.FINE in types and fine <= 0:
        refusals.append(hit("r17.fine_without_amount"))
    for kind, amount in (
        (PenaltyType.FINE, fine),
        (PenaltyType.CONFISCATE_GAINS, proposal.confiscated_gains),
        (PenaltyType.CONFISCATE_PROPERTY, proposal.confiscated_property),
    ):
        if amount > 0 and kind not in types:
            refusals.append(hit("r17.amount_without_type", type=kind))

    # R-03 / Art 18 ¶3: detention is for the police.
    if PenaltyType.DETENTION in types:
        refusals.append(hit("r03.detention"))
    # R-19 / Art 38: a type without legal basis (a warning may replace the statutory type
    # as 减轻, which is a departure, not a nullity).
    outside = types - rec.statutory_types - MITIGATION_SUBSTITUTES - {PenaltyType.DETENTION}
    if outside:
        refusals.append(hit("r19.type_without_basis", types=outside))
    # never above the statutory maximum — not even with an approved departure.
    if PenaltyType.FINE in types and fine > 0 and PenaltyType.FINE in rec.statutory_types:
        if rec.statutory_fine is None:
            refusals.append(hit("r19.fine_basis_unknown", basis=rec.fine_basis))
        elif fine > rec.statutory_fine.high:
            refusals.append(hit("r19.above_max", amount=fine, max=rec.statutory_fine.high))
    if PenaltyType.CONFISCATE_GAINS in types:
        found = rec.context.illegal_gains or ZERO
        if proposal.confiscated_gains > found:
            refusals.append(
                hit("r19.gains_above_found", amount=proposal.confiscated_gains, gains=found)
            )
    # the law says no penalty.
    if rec.binding_no_penalty_rule and types:
        refusals.append(hit(_REFUSE_NO_PENALTY[rec.binding_no_penalty_rule]))
    elif rec.outcome is Outcome.NO_PENALTY:
        if types:
            departures.append(
                hit(
                    "r13.no_penalty_departure"
                    if rec.first_minor_offence
                    else "r17.no_penalty_departure"
                )
            )
    elif not types:
        departures.append(hit("r17.none_proposed"))
    else:
        departures.extend(_departures(rec, proposal, outside))

    flags, flag_hits = procedure_flags(
        rec.context,
        types,
        fine=fine,
        gains=proposal.confiscated_gains,
        property_value=proposal.confiscated_property,
    )
    return ProposalCheck(tuple(refusals), tuple(departures), flags, flag_hits)


def _departures(
    rec: Recommendation, proposal: Proposal, outside: frozenset[PenaltyType]
) -> list[RuleHit]:
    types, fine = proposal.types, proposal.fine
    out: list[RuleHit] = []
    # a first minor offence with small harm gets a warning, not a fine.
    if rec.first_minor_offence and PenaltyType.FINE in types:
        out.append(hit("r13.fine_departure"))
    extra = types - rec.allowed_types - outside - {PenaltyType.DETENTION}
    if rec.first_minor_offence:
        extra = extra - {PenaltyType.FINE}
    if extra:
        out.append(hit("r17.type_departure", types=extra, tier=rec.tier))
    above_tier = bool(extra) and max(t.rank for t in extra) > max(
        (t.rank for t in rec.allowed_types), default=0
    )
    rng = rec.fine_range
    if PenaltyType.FINE in types and PenaltyType.FINE in rec.allowed_types and rng and fine > 0:
        if fine > rng.high:
            out.append(hit("r17.amount_above_tier", amount=fine, tier=rec.tier, high=rng.high))
            above_tier = True
        elif fine < rng.low:
            out.append(hit("r17.amount_below_tier", amount=fine, tier=rec.tier, low=rng.low))
    stat = rec.statutory_fine
    if (
        PenaltyType.FINE in types
        and stat is not None
        and 0 < fine < stat.low
        and rec.tier is not Tier.MITIGATED
    ):
        out.append(hit("r17.below_statutory_min", amount=fine, min=stat.low))
    if rec.tier in _ORDINARY_TIERS and not rec.first_minor_offence:
        missing = rec.mandatory_types - types - {PenaltyType.DETENTION}
        # Nothing to confiscate is not an omission.
        if not rec.context.illegal_gains:
            missing = missing - {PenaltyType.CONFISCATE_GAINS}
        if not rec.context.goods_value:
            missing = missing - {PenaltyType.CONFISCATE_PROPERTY}
        if missing:
            out.append(hit("r17.missing_mandatory", types=missing))
    if rec.mitigation_required and above_tier:
        # R-15 (14–17) / R-16: 从轻 or 减轻 is mandatory; going beyond it must be justified.
        code = (
            "r16.above_mitigated"
            if any(h.rule == "R-16" for h in rec.hits)
            else "r15.above_mitigated"
        )
        out.append(hit(code, tier=rec.tier))
    return out


def heavier_reasons(decided: Proposal, notified: Proposal) -> tuple[RuleHit, ...]:
    """Why `decided` is heavier than `notified` (R-26, Art 45 ¶2); empty if it is not.

    Heavier means: a more severe type than any notified; an added type (unless it replaces
    a removed, more severe one); a higher fine or confiscation value.
    """
    reasons: list[RuleHit] = []
    new_top = max((t.rank for t in decided.types), default=0)
    old_top = max((t.rank for t in notified.types), default=0)
    if new_top > old_top:
        reasons.append(
            hit(
                "r26.type_rank",
                new=frozenset(t for t in decided.types if t.rank == new_top),
                old=frozenset(t for t in notified.types if t.rank == old_top) or "—",
            )
        )
    added = decided.types - notified.types
    removed = notified.types - decided.types
    counted = frozenset(t for t in added if not any(u.rank > t.rank for u in removed))
    if counted:
        reasons.append(hit("r26.added_type", types=counted))
    # Amounts are compared where both impose the type; a type only in the decision is
    # judged above (added, or a lighter substitute for a removed heavier type).
    for kind, code, new, old in (
        (PenaltyType.FINE, "r26.fine_higher", decided.fine, notified.fine),
        (
            PenaltyType.CONFISCATE_GAINS,
            "r26.gains_higher",
            decided.confiscated_gains,
            notified.confiscated_gains,
        ),
        (
            PenaltyType.CONFISCATE_PROPERTY,
            "r26.property_higher",
            decided.confiscated_property,
            notified.confiscated_property,
        ),
    ):
        if kind in decided.types and kind in notified.types and new > old:
            reasons.append(hit(code, new=new, old=old))
    return tuple(reasons)


def is_heavier(decided: Proposal, notified: Proposal) -> bool:
    """R-26: True when the decision would be heavier than the notice (a new notice is due)."""
    return bool(heavier_reasons(decided, notified))
