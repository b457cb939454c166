"""A party's penalty history across every agency: first offence (R-13) and one act, one
fine (R-11).

Parties are matched by their identifier (身份证号 / 统一社会信用代码), not by the row of
one agency's registration, so that a party penalised by another agency is found too.

What counts as an earlier penalty: an issued, not revoked penalty decision (warning or
heavier, summary decisions included) of the same party for the same violation type,
decided within the look-back period before the act date. Where a case predates the
decision records (or was closed without one), the case's own state stands in for it: a
case decided, served, executing or decided on the spot, or closed after such a decision.

"Within the look-back" (默认三年内) includes its first day: a penalty decided exactly
three years before the act counts; one decided a day earlier does not. A penalty decided
on or after the act date is not an *earlier* offence for this act.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Q

from cases.deadlines import add_years
from cases.filing import NOT_BLOCKING, normalise_place
from cases.models import Case, CaseParty, Party
from cases.states import State

DEFAULT_LOOKBACK_YEARS = 3

# Case states that stand for "a penalty was decided" when no decision row exists.
PENALISED_STATES = frozenset({State.DECIDED, State.SERVED, State.EXECUTING, State.SUMMARY_DECIDED})
# Audit actions showing that a closed case ended without a penalty.
_NO_PENALTY_ACTIONS = ("cases.case.no_penalty", "cases.case.not_established")


@dataclass(frozen=True)
class PriorPenalty:
    """One earlier penalty found for the party (possibly in another agency)."""

    case_id: int
    agency_id: int
    case_number: str
    decided_on: date
    penalty_types: tuple[str, ...]
    source: str  # "decision" (a decision row) or "case" (the case's state)


def decision_model() -> Any | None:
    """`penalties.Decision` when it is installed (it is built by a later stage)."""
    try:
        return apps.get_model("penalties", "Decision")
    except LookupError:  # pragma: no cover - the model exists in this tree
        return None


def party_ids_matching(party: Party | int) -> list[int]:
    """Every party row carrying the same identifier number as `party`."""
    if isinstance(party, int):
        party = Party.objects.get(pk=party)
    number = (party.id_number or "").strip().upper()
    if not number:
        return [party.pk]
    ids = set(Party.objects.filter(id_number__iexact=number).values_list("pk", flat=True))
    ids.add(party.pk)
    return sorted(ids)


def lookback_years(agency: Any) -> int:
    """The agency's setting (R-13), default 3 years."""
    settings_ = getattr(agency, "rule_settings", None) if agency is not None else None
    years = getattr(settings_, "first_offence_lookback_years", None)
    return int(years) if years else DEFAULT_LOOKBACK_YEARS


def lookback_start(act_date: date, years: int) -> date:
    """The first day that still counts (inclusive)."""
    return add_years(act_date, -years)


def _cases_of(party_ids: list[int], violation_code: str):
    return Case.objects.filter(
        pk__in=CaseParty.objects.filter(party_id__in=party_ids).values("case_id"),
        violation_code=violation_code,
    )


def prior_penalties(
    party: Party | int,
    violation_code: str,
    *,
    before: date,
    years: int = DEFAULT_LOOKBACK_YEARS,
    exclude_case: Case | int | None = None,
) -> list[PriorPenalty]:
    """Penalties of `party` (by identifier, all agencies) for `violation_code` decided in
    [before − years, before): the R-13 look-back. Oldest first."""
    if not violation_code:
        return []
    start = lookback_start(before, years)
    exclude_id = exclude_case.pk if isinstance(exclude_case, Case) else exclude_case
    cases = _cases_of(party_ids_matching(party), violation_code)
    if exclude_id is not None:
        cases = cases.exclude(pk=exclude_id)
    found: dict[int, PriorPenalty] = {}
    seen_by_decision: set[int] = set()

    Decision = decision_model()
    if Decision is not None:
        decisions = (
            Decision.objects.filter(case__in=cases)
            .exclude(kind__in=["no_penalty", "not_established"])
            .select_related("case")
            .order_by("decided_on", "pk")
        )
        for d in decisions:
            # A case with a decision row is judged by its decisions only (a revoked one
            # is no penalty, whatever the case's state says).
            seen_by_decision.add(d.case_id)
            if d.status == Decision.Status.REVOKED or not d.penalty_types:
                continue
            if not (start <= d.decided_on < before):
                continue
            found.setdefault(
                d.case_id,
                PriorPenalty(
                    case_id=d.case_id,
                    agency_id=d.case.agency_id,
                    case_number=d.case.display_number,
                    decided_on=d.decided_on,
                    penalty_types=tuple(d.penalty_types),
                    source="decision",
                ),
            )

    # Cases without a decision row: their state stands for the decision.
    no_penalty_cases = _closed_without_penalty()
    by_state = (
        cases.exclude(pk__in=seen_by_decision)
        .filter(decided_on__gte=start, decided_on__lt=before)
        .filter(Q(state__in=PENALISED_STATES) | Q(state=State.CLOSED))
        .exclude(Q(state=State.CLOSED) & Q(pk__in=no_penalty_cases))
        .order_by("decided_on", "pk")
    )
    for c in by_state:
        found.setdefault(
            c.pk,
            PriorPenalty(
                case_id=c.pk,
                agency_id=c.agency_id,
                case_number=c.display_number,
                decided_on=c.decided_on,
                penalty_types=(),
                source="case",
            ),
        )
    return sorted(found.values(), key=lambda p: (p.decided_on, p.case_id))


def _closed_without_penalty():
    from audit.models import AuditEvent

    return AuditEvent.objects.filter(action__in=_NO_PENALTY_ACTIONS, case_id__isnull=False).values(
        "case_id"
    )


def is_first_offence(
    party: Party | int | None,
    violation_code: str,
    *,
    act_date: date | None,
    years: int = DEFAULT_LOOKBACK_YEARS,
    exclude_case: Case | int | None = None,
) -> bool:
    """R-13: no earlier penalty of the party for the same violation type within the
    look-back before the act date. Unknown party or act date: not established (False)."""
    if party is None or act_date is None or not violation_code:
        return False
    return not prior_penalties(
        party, violation_code, before=act_date, years=years, exclude_case=exclude_case
    )


# --- one act, one fine -----------------------------------------------------------


@dataclass(frozen=True)
class FineForAct:
    """Another case's fine for the same act: proposed or decided."""

    case_id: int
    agency_id: int
    case_number: str
    source: str  # "proposal" or "decision"
    fine: Decimal | None


def _same_act_cases(case: Case):
    """Other cases, in every agency, of the same party (by identifier), violation, act
    date and place (R-11), that still count (not withdrawn, transferred, not established)."""
    if not (case.violation_code and case.act_date):
        return []
    party_ids: set[int] = set()
    for pid in CaseParty.objects.filter(case_id=case.pk).values_list("party_id", flat=True):
        party_ids.update(party_ids_matching(pid))
    if not party_ids:
        return []
    candidates = (
        _cases_of(sorted(party_ids), case.violation_code)
        .filter(act_date=case.act_date)
        .exclude(pk=case.pk)
        .exclude(state__in=NOT_BLOCKING | {State.NO_PENALTY})
    )
    place = normalise_place(case.place)
    return [c for c in candidates if normalise_place(c.place) == place]


def fines_for_same_act(case: Case) -> list[FineForAct]:
    """R-11: fines already proposed (in a live proposal) or decided (not revoked) for the
    same act in any agency."""
    from penalties.models import Proposal

    others = _same_act_cases(case)
    if not others:
        return []
    by_id = {c.pk: c for c in others}
    out: dict[int, FineForAct] = {}
    Decision = decision_model()
    if Decision is not None:
        for d in Decision.objects.filter(case_id__in=by_id).exclude(status=Decision.Status.REVOKED):
            if "fine" in (d.penalty_types or []) or (d.fine or 0) > 0:
                c = by_id[d.case_id]
                out.setdefault(
                    c.pk, FineForAct(c.pk, c.agency_id, c.display_number, "decision", d.fine)
                )
    live = (
        Proposal.objects.live()
        .filter(case_id__in=by_id)
        .exclude(status=Proposal.Status.DEPARTURE_REFUSED)
    )
    for p in live:
        if "fine" in (p.penalty_types or []):
            c = by_id[p.case_id]
            out.setdefault(
                c.pk, FineForAct(c.pk, c.agency_id, c.display_number, "proposal", p.fine)
            )
    return sorted(out.values(), key=lambda f: f.case_id)


__all__ = [
    "DEFAULT_LOOKBACK_YEARS",
    "FineForAct",
    "PriorPenalty",
    "decision_model",
    "fines_for_same_act",
    "is_first_offence",
    "lookback_start",
    "lookback_years",
    "party_ids_matching",
    "prior_penalties",
]
