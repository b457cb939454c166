"""Proposals (拟处罚): the officer's facts, the engine's recommendation, the proposed penalty.

This module is the single gate for proposals: the web form, the API, the demo loader and
any bulk path call `propose()`, which refuses what the law forbids (R-19, R-11, a binding
"no penalty") and turns anything outside the recommendation into a departure (R-17) that
needs written reasons and the head's approval or a collective discussion before the case
may move on. The headline rule R-13 (a first minor offence gets a warning, not a fine)
holds because a fine in that situation is always such a departure, and `proposal_ready()`
(called by the notice service) re-checks it from the stored snapshot.

The engine is pure; `case_inputs()` loads everything it needs from the database (R-18
versions, the agency's benchmark versions and thresholds, the first-offence list, the
party's kind, age (R-15) and history (R-13)) and the engine runs on plain values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import record
from cases import guards
from cases.models import Case, CaseOfficer, CaseParty, Party
from cases.recusal import recusal
from cases.states import State
from cases.workflow import transition
from core import clock
from core.errors import DomainError, RuleViolation, Verdict
from penalties import discretion as d
from penalties import history
from penalties.discretion.snapshot import _decode, _encode
from penalties.engine_inputs import engine_benchmarks, engine_versions
from penalties.models import Proposal
from penalties.selectors import on_first_offence_list

S = State
P = Proposal.Status
PROPOSE_STATES = frozenset({S.INVESTIGATION_CLOSED, S.PROPOSED})
MAX_TEXT = 5000

ACTION_LABELS = {
    "penalties.proposal.created": gettext_lazy("提出拟处罚意见"),
    "penalties.proposal.superseded": gettext_lazy("拟处罚意见被新版本取代"),
    "penalties.proposal.departure_approved": gettext_lazy("批准偏离裁量基准"),
    "penalties.proposal.departure_refused": gettext_lazy("不批准偏离裁量基准"),
    "penalties.proposal.withdrawn": gettext_lazy("撤回拟处罚意见"),
}


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
    case: Case, facts: FactsInput | Mapping[str, Any] | None, *, on: date | None = None
) -> Evaluation:
    inputs = case_inputs(case, on=on)
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


# --- reads ---------------------------------------------------------------------------------


def live_proposal(case: Case | int) -> Proposal | None:
    """The case's latest proposal that is neither superseded nor withdrawn (any status)."""
    case_id = case.pk if isinstance(case, Case) else case
    return Proposal.objects.live().filter(case_id=case_id).order_by("-version").first()


def current_proposal(case: Case | int) -> Proposal | None:
    """The proposal in force: accepted or departure approved, not superseded."""
    p = live_proposal(case)
    return p if p is not None and p.in_force else None


def proposals_of(case: Case | int) -> list[Proposal]:
    case_id = case.pk if isinstance(case, Case) else case
    return list(
        Proposal.objects.filter(case_id=case_id)
        .select_related("proposed_by", "departure_decided_by")
        .order_by("-version")
    )


def first_minor_fine(proposal: Proposal) -> bool:
    """R-13 situation from the stored snapshot: a fine for a first minor offence."""
    rec = proposal.recommendation or {}
    return bool(rec.get("first_minor_offence")) and "fine" in (proposal.penalty_types or [])


def _departure_rule(proposal: Proposal) -> str:
    rules = [h.get("rule") for h in (proposal.check_result or {}).get("departures", [])]
    if "R-13" in rules or first_minor_fine(proposal):
        return "R-13"
    return "R-17"


# --- guards ------------------------------------------------------------------------------------


def proposal_ready(case: Case | int) -> Verdict:
    """May the case move on (notice, R-24) with its current proposal? Called by the
    notice service. Refused while there is no proposal, a departure awaits approval or
    was refused (R-17), and — from the stored snapshot, whatever the row's status says —
    while a fine for a first minor offence lacks an approved departure (R-13)."""
    p = live_proposal(case)
    if p is None:
        return Verdict.refuse("R-24", _("案件尚无拟处罚意见，不能告知拟作出的行政处罚"))
    if p.status == P.DEPARTURE_PENDING:
        rule = _departure_rule(p)
        if rule == "R-13":
            msg = _(
                "第%(v)s版拟处罚对初次违法、情节轻微、危害后果轻微的当事人拟处罚款，属于偏离，"
                "须经机关负责人批准或者集体讨论决定后方可告知"
            )
        else:
            msg = _("第%(v)s版拟处罚偏离裁量基准，须经机关负责人批准或者集体讨论决定后方可告知")
        return Verdict.refuse(rule, msg % {"v": p.version})
    if p.status == P.DEPARTURE_REFUSED:
        return Verdict.refuse(
            _departure_rule(p),
            _("第%(v)s版拟处罚偏离裁量基准未获批准，须重新提出拟处罚意见") % {"v": p.version},
        )
    if p.status != P.ACCEPTED and p.status != P.DEPARTURE_APPROVED:
        return Verdict.refuse("R-17", _("第%(v)s版拟处罚尚未提交") % {"v": p.version})
    verdict = Verdict()
    # R-13 headline, re-checked from the snapshot: a row written by any other path
    # (import, script, direct write) cannot carry a fine for a first minor offence
    # unless a departure was approved by someone.
    if first_minor_fine(p) and not (
        p.status == P.DEPARTURE_APPROVED and p.departure_decided_by_id and p.departure_reasons
    ):
        verdict += Verdict.refuse(
            "R-13",
            _(
                "初次违法、情节轻微、危害后果轻微的，应当适用警告而非罚款；拟处罚款未经批准的偏离，不得告知"
            ),
        )
    if p.status == P.ACCEPTED and (p.check_result or {}).get("departures"):
        verdict += Verdict.refuse("R-17", _("拟处罚偏离裁量基准，但没有批准记录，不得告知"))
    return verdict


def propose_guard(case: Case, user: Any) -> Verdict:
    """Who may propose, and when: an assigned officer of the case (R-04: no recusal),
    once the investigation is closed (or to replace the case's current proposal)."""
    verdict = guards.not_closed(case)
    verdict += guards.in_states(case, PROPOSE_STATES, guards.ACCESS, _("提出拟处罚意见"))
    if not guards.is_assigned(case, user):
        verdict += Verdict.refuse(guards.ACCESS, _("只有本案承办人员可以提出拟处罚意见"))
    return verdict + recusal(case, user)


def departure_guard(proposal: Proposal, user: Any) -> Verdict:
    """R-17: a departure is decided by the agency head (or recorded as a collective
    discussion by the head), never by the proposer or an investigator of the case."""
    case = proposal.case
    verdict = guards.not_closed(case)
    if proposal.status != P.DEPARTURE_PENDING:
        verdict += Verdict.refuse(
            "R-17", _("第%(v)s版拟处罚不是待审批的偏离") % {"v": proposal.version}
        )
    if not guards.is_supervisor_of(case, user):
        verdict += Verdict.refuse(
            "R-17", _("偏离裁量基准须经本机关负责人批准或者集体讨论决定，您不是本机关负责人")
        )
    if user is not None and proposal.proposed_by_id == getattr(user, "pk", None):
        verdict += Verdict.refuse("R-17", _("拟处罚人不得审批本人提出的偏离"))
    officer = getattr(user, "officer", None) if getattr(user, "is_authenticated", False) else None
    if officer is not None and CaseOfficer.objects.filter(case=case, officer=officer).exists():
        verdict += Verdict.refuse("R-17", _("本案调查人员不得审批偏离裁量基准"))
    return verdict + recusal(case, user)


def withdraw_guard(case: Case, user: Any) -> Verdict:
    verdict = guards.may_change(case, user)
    verdict += guards.in_states(case, {S.PROPOSED}, guards.ACCESS, _("撤回拟处罚意见"))
    return verdict


def same_act_fine(case: Case, user: Any) -> Verdict:
    """R-11: no second fine for the same act, in any agency."""
    found = history.fines_for_same_act(case)
    if not found:
        return Verdict()
    visible = set(
        Case.objects.visible_to(user)
        .filter(pk__in=[f.case_id for f in found])
        .values_list("pk", flat=True)
    )
    names = [f.case_number if f.case_id in visible else _("另一机关的案件") for f in found]
    return Verdict.refuse(
        "R-11",
        _(
            "同一当事人的同一违法行为（%(code)s，%(date)s，%(place)s）已在%(cases)s中拟处或者决定罚款，"
            "一事不二罚，不得再次拟处罚款"
        )
        % {
            "code": case.violation_code,
            "date": case.act_date.isoformat() if case.act_date else "",
            "place": case.place,
            "cases": "、".join(dict.fromkeys(names)),
        },
    )


def clean_text(value: str | None, *, label: str) -> str:
    text = (value or "").strip()
    if "\x00" in text:
        raise DomainError(_("%(label)s不得包含空字符") % {"label": label})
    if len(text) > MAX_TEXT:
        raise DomainError(_("%(label)s不得超过%(n)s字") % {"label": label, "n": MAX_TEXT})
    return text


def departure_refusal(check: d.ProposalCheck) -> RuleViolation:
    """R-17 (R-13 for a first minor offence): a departure without written reasons."""
    rule = "R-13" if any(h.rule == "R-13" for h in check.departures) else "R-17"
    text = "；".join(h.message for h in check.departures)
    return RuleViolation(
        rule, _("%(why)s。未填写偏离理由，不能提交。") % {"why": text.rstrip("。")}
    )


# --- writes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    """What the page shows before submit: recommendation, check and R-11 findings."""

    evaluation: Evaluation
    check: d.ProposalCheck | None
    same_act: Verdict

    @property
    def outcome(self) -> str | None:
        if self.check is None:
            return None
        return "refused" if not self.same_act.ok else outcome_of(self.check)


def preview(
    case: Case,
    facts: FactsInput | Mapping[str, Any] | None,
    penalty: d.Proposal | None,
    *,
    user: Any,
    on: date | None = None,
) -> Preview:
    ev = evaluate(case, facts, on=on)
    check = None
    same = Verdict()
    if penalty is not None and not penalty.is_none:
        check = d.check_proposal(ev.recommendation, penalty)
        if d.PenaltyType.FINE in penalty.types:
            same = same_act_fine(case, user)
    return Preview(ev, check, same)


@transaction.atomic
def propose(
    case: Case,
    *,
    facts: FactsInput | Mapping[str, Any] | None,
    penalty: d.Proposal,
    by: Any,
    departure_reasons: str = "",
    on: date | None = None,
) -> Proposal:
    """Propose `penalty` for `case` (the one gate for every path: form, API, bulk).

    Refused: outside the case's state or by someone not assigned; a second fine for the
    same act (R-11); anything no approval can make lawful (R-19 maximum, no legal basis,
    a binding "no penalty"); a departure without written reasons (R-17; R-13 for a fine
    for a first minor offence). Otherwise stored with the snapshot of the recommendation,
    `accepted` or `departure_pending`; the previous proposal is superseded; the case moves
    to PROPOSED.
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    propose_guard(locked, by).raise_if_refused()
    if penalty.is_none:
        raise RuleViolation(
            "R-17", _("拟处罚须至少选择一种处罚种类；依法不予处罚的，应当作出不予行政处罚决定")
        )
    reasons = clean_text(departure_reasons, label=_("偏离理由"))
    ev = evaluate(locked, facts, on=on)
    rec = ev.recommendation
    check = d.check_proposal(rec, penalty)
    verdict = Verdict()
    if d.PenaltyType.FINE in penalty.types:
        verdict += same_act_fine(locked, by)  # one act, one fine, across agencies
    # R-19 (maximum, legal basis) and R-12/R-14/R-15/R-18 (binding no penalty): refused
    # outright, whatever reasons or approvals are offered.
    verdict += Verdict.of(h.as_violation() for h in check.refusals)
    verdict.raise_if_refused()
    if check.departure and not reasons:
        raise departure_refusal(check)  # written reasons first
    status = P.DEPARTURE_PENDING if check.departure else P.ACCEPTED

    previous = list(Proposal.objects.live().select_for_update().filter(case=locked))
    now = clock.now()
    for old in previous:
        was = old.status
        old.status, old.ended_at = P.SUPERSEDED, now
        old.save(update_fields=["status", "ended_at"])
        record(
            "penalties.proposal.superseded",
            old,
            by=by,
            before={"status": was},
            after={"status": P.SUPERSEDED},
            data={"version": old.version},
        )
    version = (Proposal.objects.filter(case=locked).aggregate(m=Max("version"))["m"] or 0) + 1
    types = sorted((t.value for t in penalty.types), key=lambda c: (d.PenaltyType(c).rank, c))
    proposal = Proposal.objects.create(
        case=locked,
        version=version,
        status=status,
        violation_code=locked.violation_code,
        party=ev.inputs.party,
        act_date=locked.act_date,
        place=locked.place,
        penalty_types=types,
        fine=penalty.fine if d.PenaltyType.FINE in penalty.types else None,
        confiscated_gains=penalty.confiscated_gains
        if d.PenaltyType.CONFISCATE_GAINS in penalty.types
        else None,
        confiscated_property_value=penalty.confiscated_property
        if d.PenaltyType.CONFISCATE_PROPERTY in penalty.types
        else None,
        tier=rec.tier.value,
        facts=facts_json(ev),
        recommendation=d.snapshot(rec),
        check_result=check_json(check),
        departure_reasons=reasons if check.departure else "",
        proposed_by=by,
        proposed_at=now,
    )
    record(
        "penalties.proposal.created",
        proposal,
        by=by,
        after={
            "version": version,
            "status": status,
            "penalty_types": types,
            "fine": _str(proposal.fine),
            "tier": rec.tier.value,
        },
        data={
            "recommendation": rec.outcome.value,
            "departures": [h.rule for h in check.departures],
            "first_minor_offence": rec.first_minor_offence,
            "superseded": [p.version for p in previous],
        },
    )
    if locked.state == S.INVESTIGATION_CLOSED:
        transition(
            case,
            S.PROPOSED,
            by=by,
            data={"proposal": proposal.pk, "version": version, "status": status},
        )
    return proposal


@transaction.atomic
def decide_departure(
    proposal: Proposal,
    *,
    approve: bool,
    via: str,
    reasons: str,
    by: Any,
    attendees: Iterable[str] | None = None,
    conclusion: str = "",
    discussion: Any = None,
) -> Proposal:
    """R-17: the head's decision on a departure, or the outcome of a collective discussion
    (who attended and the conclusion, or the DECISION stage's CollectiveDiscussion record).

    Approved → `departure_approved` (the case may move on); refused → `departure_refused`
    (the officer proposes again)."""
    p = Proposal.objects.select_for_update().select_related("case").get(pk=proposal.pk)
    departure_guard(p, by).raise_if_refused()
    if via not in Proposal.DepartureVia.values:
        raise DomainError(_("请选择审批方式：负责人审批或者集体讨论"))
    reasons = clean_text(reasons, label=_("审批意见"))
    conclusion = clean_text(conclusion, label=_("集体讨论结论"))
    names = [clean_text(a, label=_("参加人员")) for a in (attendees or [])]
    names = [n for n in names if n]
    discussion_id = None
    if via == Proposal.DepartureVia.COLLECTIVE:
        if discussion is not None:
            if getattr(discussion, "case_id", None) != p.case_id:
                raise DomainError(_("集体讨论记录不属于本案"))
            if getattr(discussion, "status", "") != "held":
                raise RuleViolation("R-17", _("集体讨论尚未举行，不能据此审批偏离"))
            discussion_id = discussion.pk
            names = names or [
                str(a.get("name", "")) if isinstance(a, dict) else str(a)
                for a in (discussion.attendees or [])
            ]
            conclusion = conclusion or discussion.conclusion_text
        if len(names) < 2:
            raise RuleViolation("R-17", _("集体讨论须记录参加人员（至少两人）"))
        if not conclusion:
            raise RuleViolation("R-17", _("集体讨论须记录讨论结论"))
        reasons = reasons or conclusion
    if not reasons:
        raise RuleViolation("R-17", _("须填写审批意见"))
    before = {"status": p.status}
    p.status = P.DEPARTURE_APPROVED if approve else P.DEPARTURE_REFUSED
    p.departure_via = via
    p.departure_decided_by = by
    p.departure_decided_at = clock.now()
    p.departure_decision_reasons = reasons
    p.departure_attendees = names if via == Proposal.DepartureVia.COLLECTIVE else []
    p.departure_conclusion = conclusion if via == Proposal.DepartureVia.COLLECTIVE else ""
    p.discussion_id = discussion_id
    p.save(
        update_fields=[
            "status",
            "departure_via",
            "departure_decided_by",
            "departure_decided_at",
            "departure_decision_reasons",
            "departure_attendees",
            "departure_conclusion",
            "discussion_id",
        ]
    )
    record(
        "penalties.proposal.departure_approved"
        if approve
        else "penalties.proposal.departure_refused",
        p,
        by=by,
        before=before,
        after={"status": p.status, "via": via},
        data={
            "version": p.version,
            "reasons": reasons,
            "attendees": p.departure_attendees,
            "conclusion": p.departure_conclusion,
            "discussion": discussion_id,
        },
    )
    return p


@transaction.atomic
def withdraw_proposal(case: Case, *, by: Any, reasons: str) -> Proposal:
    """Withdraw the live proposal before notice: the case returns to investigation_closed."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    withdraw_guard(locked, by).raise_if_refused()
    reasons = clean_text(reasons, label=_("撤回理由"))
    if not reasons:
        raise DomainError(_("须填写撤回理由"))
    p = Proposal.objects.live().select_for_update().filter(case=locked).first()
    if p is None:
        raise DomainError(_("案件没有可撤回的拟处罚意见"))
    before = {"status": p.status}
    p.status, p.ended_at = P.WITHDRAWN, clock.now()
    p.save(update_fields=["status", "ended_at"])
    record(
        "penalties.proposal.withdrawn",
        p,
        by=by,
        before=before,
        after={"status": p.status},
        data={"version": p.version, "reasons": reasons},
    )
    transition(case, S.INVESTIGATION_CLOSED, by=by, data={"proposal": p.pk, "reasons": reasons})
    return p


@dataclass(frozen=True)
class BatchResult:
    case_id: int
    proposal: Proposal | None
    error: str = ""


def propose_batch(entries: Iterable[Mapping[str, Any]], *, by: Any) -> list[BatchResult]:
    """Bulk path (imports, scripts, the demo loader): every entry goes through `propose`
    in its own savepoint, so a refused entry (R-13, R-11, R-19, …) changes nothing and the
    others still go in. Entries: {"case", "facts", "penalty", "departure_reasons"}."""
    out: list[BatchResult] = []
    for entry in entries:
        case = entry["case"]
        try:
            with transaction.atomic():
                p = propose(
                    case,
                    facts=entry.get("facts"),
                    penalty=entry["penalty"],
                    by=by,
                    departure_reasons=entry.get("departure_reasons", ""),
                )
        except DomainError as exc:
            out.append(BatchResult(case.pk, None, str(exc)))
        else:
            out.append(BatchResult(case.pk, p))
    return out


def register_audit_labels() -> None:
    from audit import actions

    for code, label in ACTION_LABELS.items():
        actions.register(code, label)


__all__ = [
    "ACTION_LABELS",
    "BatchResult",
    "CaseInputs",
    "Evaluation",
    "FactsInput",
    "Preview",
    "age_on",
    "build_facts",
    "case_inputs",
    "current_proposal",
    "decide_departure",
    "departure_guard",
    "evaluate",
    "live_proposal",
    "penalty_of",
    "preview",
    "proposal_as_engine",
    "proposal_ready",
    "propose",
    "propose_batch",
    "propose_guard",
    "proposals_of",
    "recommend_for_case",
    "same_act_fine",
    "stored_recommendation",
    "withdraw_proposal",
]
