"""Output types: rule hits, procedure flags, the recommendation and the proposal check."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from core.errors import RuleViolation, Verdict

from . import explain
from .types import (
    ZERO,
    MultipleBasis,
    Outcome,
    PartyKind,
    PenaltyType,
    Range,
    Tier,
    money,
)

Params = tuple[tuple[str, object], ...]


@dataclass(frozen=True, slots=True)
class RuleHit:
    """A rule that fired: `code` names the message in `explain.MESSAGES`.

    `rule`, `article` and `message` are rendered on access (translated, Chinese by default).
    """

    code: str
    params: Params = ()

    @property
    def rule(self) -> str:
        return explain.MESSAGES[self.code].rule

    @property
    def article(self) -> str:
        return explain.article(self.code)

    @property
    def message(self) -> str:
        return explain.render(self.code, self.params)

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"

    def as_violation(self) -> RuleViolation:
        return RuleViolation(self.rule, self.message)


def hit(code: str, /, **params: object) -> RuleHit:
    return RuleHit(code, tuple(params.items()))


@dataclass(frozen=True, slots=True)
class ProcedureFlags:
    """R-30 hearing, R-20 summary procedure, R-28 legal review, R-27 collective discussion."""

    hearing_entitled: bool = False
    summary_eligible: bool = False
    legal_review_needed: bool = False
    collective_discussion_needed: bool = False


@dataclass(frozen=True, slots=True)
class ProcedureContext:
    """What `check_proposal` needs besides the recommendation to compute exact flags."""

    party_kind: PartyKind
    hearing_threshold: Decimal
    facts_certain: bool
    complex_case: bool
    major_violation: bool
    major_public_interest: bool
    hearing_expected: bool
    needs_legal_review: bool
    collective_on_hearing: bool
    collective_on_threshold_fine: bool
    illegal_gains: Decimal | None
    goods_value: Decimal | None


class LawInTime(enum.StrEnum):
    """R-18: which version applied."""

    ACT_DATE = "act_date"
    DECISION_DATE = "decision_date"
    DECRIMINALISED = "decriminalised"


@dataclass(frozen=True, slots=True)
class Recommendation:
    """The engine's answer. Flags assume the heaviest penalty inside the recommendation;
    `check_proposal` gives the exact flags of a concrete proposal."""

    violation_code: str
    violation_version: str
    benchmark_version: str
    benchmark_is_default: bool
    outcome: Outcome
    tier: Tier
    allowed_types: frozenset[PenaltyType]
    #: Recommended fine in yuan (clipped to the statutory maximum, R-19); None if no fine.
    fine_range: Range | None
    #: Multiples of `fine_basis` behind `fine_range` when the multiple part applies.
    fine_multiples: Range | None
    fine_basis: MultipleBasis | None
    fine_basis_amount: Decimal | None
    #: The fine the law allows for these facts (None if not computable or no fine).
    statutory_fine: Range | None
    statutory_types: frozenset[PenaltyType]
    mandatory_types: frozenset[PenaltyType]
    hits: tuple[RuleHit, ...]
    flags: ProcedureFlags
    context: ProcedureContext
    #: Rule ("R-12", "R-14", "R-15", "R-18") that makes "no penalty" binding, else None.
    binding_no_penalty_rule: str | None = None
    #: R-13 situation: first offence, minor, small harm.
    first_minor_offence: bool = False
    #: R-15 (14–17) or R-16 ground present: lighter or mitigated is mandatory.
    mitigation_required: bool = False
    law_in_time: LawInTime | None = None

    @property
    def hearing_entitled(self) -> bool:
        return self.flags.hearing_entitled

    @property
    def summary_eligible(self) -> bool:
        return self.flags.summary_eligible

    @property
    def legal_review_needed(self) -> bool:
        return self.flags.legal_review_needed

    @property
    def collective_discussion_needed(self) -> bool:
        return self.flags.collective_discussion_needed

    @property
    def rules(self) -> tuple[str, ...]:
        """Rule ids that fired, in order, without repeats."""
        return tuple(dict.fromkeys(h.rule for h in self.hits))

    def explanations(self) -> list[tuple[str, str, str]]:
        """(rule, article, Chinese explanation) for display."""
        return [(h.rule, h.article, h.message) for h in self.hits]

    def hit_codes(self) -> tuple[str, ...]:
        return tuple(h.code for h in self.hits)


@dataclass(frozen=True, slots=True)
class Proposal:
    """拟处罚: what the officer proposes (also what a notice or decision states)."""

    types: frozenset[PenaltyType]
    fine: Decimal = ZERO
    confiscated_gains: Decimal = ZERO
    confiscated_property: Decimal = ZERO

    @classmethod
    def of(
        cls,
        *types: PenaltyType,
        fine: Decimal | int | str = 0,
        gains: Decimal | int | str = 0,
        property_value: Decimal | int | str = 0,
    ) -> Proposal:
        return cls(frozenset(types), money(fine), money(gains), money(property_value))

    @property
    def is_none(self) -> bool:
        return not self.types


@dataclass(frozen=True, slots=True)
class ProposalCheck:
    """Result of `check_proposal`.

    `refused`: unlawful whatever anyone approves (R-19 maximum, no legal basis, binding no
    penalty). `departure`: outside the recommendation (R-17): needs written reasons and the
    head's approval or a collective discussion. `accepted`: neither.
    """

    refusals: tuple[RuleHit, ...]
    departures: tuple[RuleHit, ...]
    flags: ProcedureFlags
    flag_reasons: tuple[RuleHit, ...]

    @property
    def refused(self) -> bool:
        return bool(self.refusals)

    @property
    def departure(self) -> bool:
        return bool(self.departures)

    @property
    def accepted(self) -> bool:
        return not self.refusals and not self.departures

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(h.rule for h in self.refusals + self.departures))

    def verdict(self, *, departure_approved: bool = False) -> Verdict:
        """Guard result for the service layer: refusals always block; departures block
        until a departure (reasons + head approval or collective discussion) is approved."""
        problems = list(self.refusals)
        if not departure_approved:
            problems.extend(self.departures)
        return Verdict.of(h.as_violation() for h in problems)
