"""The engine's inputs for a case (R-13 first offence, R-15 age, R-18 versions, the
agency's benchmarks and thresholds) and the JSON stored with a proposal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from cases.models import Case, CaseParty, Party
from core import clock
from core.errors import DomainError, RuleViolation
from penalties import discretion as d
from penalties import history
from penalties.discretion.snapshot import _decode, _encode
from penalties.engine_inputs import engine_benchmarks, engine_versions
from penalties.models import Proposal
from penalties.selectors import on_first_offence_list

# --- inputs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FactsInput:
    """What the officer records (the engine's `Facts` without what the system computes:
    party kind, age (R-15) and first offence (R-13))."""

    minor: bool = False
    harm: d.Harm = d.Harm.GENERAL
    promptly_corrected: bool = False
    fault_disproved: bool = False
    capacity: d.Capacity = d.Capacity.FULL
    mitigating: frozenset[d.MitigatingGround] = frozenset()
    aggravating: frozenset[d.Aggravating] = frozenset()
    illegal_gains: Decimal | None = None
    goods_value: Decimal | None = None
    ad_fees: Decimal | None = None
    turnover: Decimal | None = None
    basis_incalculable: bool = False
    facts_certain: bool = False
    complex_case: bool = False
    major_violation: bool = False
    major_public_interest: bool = False
    hearing_expected: bool = False

    @classmethod
    def of(cls, data: FactsInput | Mapping[str, Any] | None) -> FactsInput:
        """From a form's cleaned data, stored JSON or keyword values (codes or enums)."""
        if isinstance(data, FactsInput):
            return data
        data = dict(data or {})
        try:
            return cls(
                minor=bool(data.get("minor")),
                harm=d.Harm(data.get("harm") or d.Harm.GENERAL),
                promptly_corrected=bool(data.get("promptly_corrected")),
                fault_disproved=bool(data.get("fault_disproved")),
                capacity=d.Capacity(data.get("capacity") or d.Capacity.FULL),
                mitigating=frozenset(d.MitigatingGround(x) for x in data.get("mitigating") or ()),
                aggravating=frozenset(d.Aggravating(x) for x in data.get("aggravating") or ()),
                illegal_gains=_amount(data.get("illegal_gains")),
                goods_value=_amount(data.get("goods_value")),
                ad_fees=_amount(data.get("ad_fees")),
                turnover=_amount(data.get("turnover")),
                basis_incalculable=bool(data.get("basis_incalculable")),
                facts_certain=bool(data.get("facts_certain")),
                complex_case=bool(data.get("complex_case")),
                major_violation=bool(data.get("major_violation")),
                major_public_interest=bool(data.get("major_public_interest")),
                hearing_expected=bool(data.get("hearing_expected")),
            )
        except (ValueError, TypeError) as exc:
            raise DomainError(_("认定情节的取值无效")) from exc


def _amount(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = d.money(value if not isinstance(value, float) else str(value))
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise DomainError(_("金额无效：%(v)s") % {"v": value}) from exc
    if amount < 0:
        raise DomainError(_("金额不得为负数"))
    return amount


def penalty_of(
    types: Iterable[str | d.PenaltyType],
    *,
    fine: Any = None,
    gains: Any = None,
    property_value: Any = None,
) -> d.Proposal:
    """The engine's `Proposal` from codes and amounts (empty amounts are zero)."""
    try:
        kinds = frozenset(d.PenaltyType(t) for t in types)
    except ValueError as exc:
        raise DomainError(_("处罚种类无效")) from exc
    return d.Proposal(
        kinds,
        _amount(fine) or d.money(0),
        _amount(gains) or d.money(0),
        _amount(property_value) or d.money(0),
    )


# --- age ---------------------------------------------------------------------------


def age_on(birth: date, on: date) -> int:
    """Full years of age (周岁) on `on`.

    A year of age is complete only from the day AFTER the birthday (the rule for 周岁 in
    punitive law: 最高人民法院 2006 未成年人刑事案件解释 Art 2, and the 公安部 reply on
    the age of offenders): on the 14th birthday the party is still under 14 (R-15: no
    penalty), on the 18th birthday still a juvenile (mitigation mandatory). Born on
    29 February: the year completes on 1 March.
    """
    years = on.year - birth.year
    if (on.month, on.day) <= (birth.month, birth.day):
        years -= 1
    return years


# --- loading the engine's inputs ----------------------------------------------------------


@dataclass(frozen=True)
class CaseInputs:
    """Everything the engine needs about a case besides the officer's facts."""

    violation_code: str
    act_date: date
    law_date: date  # the act date, or the end of a continuing act
    decision_date: date
    party: Party | None
    party_kind: d.PartyKind
    birth_date: date | None
    age: int | None
    lookback_years: int
    priors: tuple[history.PriorPenalty, ...]
    first_offence: bool
    on_first_offence_list: bool
    thresholds: d.AgencyThresholds
    case_is_major: bool
    versions: tuple[d.Violation, ...] = field(repr=False)
    benchmarks: tuple[d.BenchmarkTable, ...] = field(repr=False)


def primary_party(case: Case) -> Party | None:
    if case.primary_party_id:
        return case.primary_party
    link = (
        CaseParty.objects.filter(case_id=case.pk)
        .select_related("party")
        .order_by("-is_primary", "pk")
        .first()
    )
    return link.party if link else None


def rules_agency_id(case: Case) -> int:
    """The agency whose benchmarks and settings apply: the one in whose name the case is
    handled (a delegated organisation applies its principal's, R-03)."""
    return case.acting_agency_id or case.agency_id


def case_inputs(case: Case, *, on: date | None = None) -> CaseInputs:
    """Load the engine's inputs for `case` as of `on` (the decision date, R-18)."""
    on = on or clock.today()
    code = case.violation_code
    if not code:
        raise DomainError(_("案件尚未选择违法行为，无法计算裁量建议"))
    if case.act_date is None:
        raise DomainError(_("案件尚未填写违法行为发生日期，无法计算裁量建议"))
    law_date = case.limitation_start or case.act_date
    if on < law_date:
        raise DomainError(_("违法行为日期晚于今天，无法计算裁量建议"))
    from officers.models import Agency, AgencySettings

    agency_id = rules_agency_id(case)
    agency = Agency.objects.filter(pk=agency_id).first()
    settings_ = AgencySettings.objects.filter(agency_id=agency_id).first()
    party = primary_party(case)
    kind = (
        d.PartyKind.PERSON
        if party is not None and party.kind == Party.Kind.PERSON
        else d.PartyKind.ORGANISATION
    )
    birth = party.birth_date if party is not None and kind is d.PartyKind.PERSON else None
    age = None
    if birth is not None:
        if birth > case.act_date:
            raise DomainError(_("当事人出生日期晚于违法行为发生日期，请核对"))
        age = age_on(birth, case.act_date)
    years = history.lookback_years(agency)
    priors = (
        tuple(
            history.prior_penalties(
                party, code, before=case.act_date, years=years, exclude_case=case
            )
        )
        if party is not None
        else ()
    )
    listed = on_first_offence_list(agency_id, code, case.act_date) or on_first_offence_list(
        agency_id, code, on
    )
    thresholds = d.AgencyThresholds(
        hearing_person=d.money(settings_.hearing_threshold_person)
        if settings_
        else d.DEFAULT_THRESHOLDS.hearing_person,
        hearing_organisation=d.money(settings_.hearing_threshold_org)
        if settings_
        else d.DEFAULT_THRESHOLDS.hearing_organisation,
        first_offence_list=frozenset({code}) if listed else frozenset(),
    )
    versions = engine_versions(code)
    if not any(v.in_force(law_date) for v in versions):
        raise RuleViolation(
            "R-18",
            _("违法行为发生时（%(date)s）该违法行为（%(code)s）没有有效的法律依据，无法拟处罚")
            % {"date": law_date.isoformat(), "code": code},
        )
    return CaseInputs(
        violation_code=code,
        act_date=case.act_date,
        law_date=law_date,
        decision_date=on,
        party=party,
        party_kind=kind,
        birth_date=birth,
        age=age,
        lookback_years=years,
        priors=priors,
        first_offence=party is not None and not priors,
        on_first_offence_list=listed,
        thresholds=thresholds,
        case_is_major=bool(case.is_major),
        versions=versions,
        benchmarks=engine_benchmarks(agency_id, code),
    )


def build_facts(inputs: CaseInputs, given: FactsInput | Mapping[str, Any] | None) -> d.Facts:
    """The engine's Facts: the officer's input plus what the system computed."""
    f = FactsInput.of(given)
    try:
        return d.Facts(
            party_kind=inputs.party_kind,
            minor=f.minor,
            harm=f.harm,
            promptly_corrected=f.promptly_corrected,
            first_offence=inputs.first_offence,
            fault_disproved=f.fault_disproved,
            age=inputs.age,
            capacity=f.capacity if inputs.party_kind is d.PartyKind.PERSON else d.Capacity.FULL,
            mitigating=f.mitigating,
            aggravating=f.aggravating,
            illegal_gains=f.illegal_gains,
            goods_value=f.goods_value,
            ad_fees=f.ad_fees,
            turnover=f.turnover,
            basis_incalculable=f.basis_incalculable,
            facts_certain=f.facts_certain,
            # The case's 重大复杂 flag counts as complex.
            complex_case=f.complex_case or inputs.case_is_major,
            major_violation=f.major_violation,
            major_public_interest=f.major_public_interest,
            hearing_expected=f.hearing_expected,
        )
    except ValueError as exc:
        raise DomainError(_("认定情节的取值无效")) from exc


@dataclass(frozen=True)
class Evaluation:
    inputs: CaseInputs
    facts: d.Facts
    recommendation: d.Recommendation


def evaluate(
    case: Case,
    facts: FactsInput | Mapping[str, Any] | None,
    *,
    on: date | None = None,
    inputs: CaseInputs | None = None,
) -> Evaluation:
    """Run the engine for `case`; `inputs` already loaded by the caller (a page that
    showed them) are reused, never for a write (`propose` always loads afresh)."""
    inputs = inputs if inputs is not None else case_inputs(case, on=on)
    engine_facts = build_facts(inputs, facts)
    try:
        rec = d.recommend_in_time(  # the lighter of the law then and now
            inputs.versions,
            engine_facts,
            act_date=inputs.law_date,
            decision_date=inputs.decision_date,
            benchmarks=inputs.benchmarks,
            thresholds=inputs.thresholds,
        )
    except ValueError as exc:
        raise DomainError(_("无法计算裁量建议：%(e)s") % {"e": exc}) from exc
    return Evaluation(inputs, engine_facts, rec)


def recommend_for_case(
    case: Case, facts_input: FactsInput | Mapping[str, Any] | None, *, on: date | None = None
) -> d.Recommendation:
    """The engine's recommendation for `case` with the officer's facts, as of `on`."""
    return evaluate(case, facts_input, on=on).recommendation


# --- JSON of what is stored ------------------------------------------------------------------


def facts_json(ev: Evaluation) -> dict[str, Any]:
    f, i = ev.facts, ev.inputs
    return {
        "party_kind": f.party_kind.value,
        "minor": f.minor,
        "harm": f.harm.value,
        "promptly_corrected": f.promptly_corrected,
        "first_offence": f.first_offence,
        "fault_disproved": f.fault_disproved,
        "age": f.age,
        "capacity": f.capacity.value,
        "mitigating": sorted(m.value for m in f.mitigating),
        "aggravating": sorted(a.value for a in f.aggravating),
        "illegal_gains": _str(f.illegal_gains),
        "goods_value": _str(f.goods_value),
        "ad_fees": _str(f.ad_fees),
        "turnover": _str(f.turnover),
        "basis_incalculable": f.basis_incalculable,
        "facts_certain": f.facts_certain,
        "complex_case": f.complex_case,
        "major_violation": f.major_violation,
        "major_public_interest": f.major_public_interest,
        "hearing_expected": f.hearing_expected,
        # How the system computed age and first offence: shown, not typed.
        "computed": {
            "act_date": i.act_date.isoformat(),
            "law_date": i.law_date.isoformat(),
            "decision_date": i.decision_date.isoformat(),
            "birth_date": i.birth_date.isoformat() if i.birth_date else None,
            "lookback_years": i.lookback_years,
            "on_first_offence_list": i.on_first_offence_list,
            "priors": [
                {
                    "case_id": p.case_id,
                    "agency_id": p.agency_id,
                    "case_number": p.case_number,
                    "decided_on": p.decided_on.isoformat(),
                }
                for p in i.priors
            ],
        },
    }


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _hit_json(h: d.RuleHit) -> dict[str, Any]:
    return {
        "code": h.code,
        "rule": h.rule,
        "article": h.article,
        "message": h.message,
        "params": [[k, _encode(v)] for k, v in h.params],
    }


def hit_from_json(data: Mapping[str, Any]) -> d.RuleHit:
    return d.RuleHit(data["code"], tuple((k, _decode(v)) for k, v in data["params"]))


def outcome_of(check: d.ProposalCheck) -> str:
    return "refused" if check.refused else ("departure" if check.departure else "accepted")


def check_json(check: d.ProposalCheck) -> dict[str, Any]:
    return {
        "outcome": outcome_of(check),
        "refusals": [_hit_json(h) for h in check.refusals],
        "departures": [_hit_json(h) for h in check.departures],
        "flags": {
            "hearing_entitled": check.flags.hearing_entitled,
            "summary_eligible": check.flags.summary_eligible,
            "legal_review_needed": check.flags.legal_review_needed,
            "collective_discussion_needed": check.flags.collective_discussion_needed,
        },
        "flag_reasons": [_hit_json(h) for h in check.flag_reasons],
    }


def proposal_as_engine(proposal: Proposal) -> d.Proposal:
    """The stored proposal as the engine's `Proposal` (for R-26 comparisons)."""
    return d.Proposal(
        frozenset(d.PenaltyType(t) for t in proposal.penalty_types or ()),
        d.money(proposal.fine or 0),
        d.money(proposal.confiscated_gains or 0),
        d.money(proposal.confiscated_property_value or 0),
    )


def stored_recommendation(proposal: Proposal) -> d.Recommendation:
    """What the officer saw, rebuilt from the snapshot."""
    return d.from_snapshot(proposal.recommendation)


__all__ = [
    "CaseInputs",
    "Evaluation",
    "FactsInput",
    "age_on",
    "build_facts",
    "case_inputs",
    "check_json",
    "evaluate",
    "facts_json",
    "hit_from_json",
    "outcome_of",
    "penalty_of",
    "primary_party",
    "proposal_as_engine",
    "recommend_for_case",
    "rules_agency_id",
    "stored_recommendation",
]
