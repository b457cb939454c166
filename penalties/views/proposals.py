"""The proposal pages (拟处罚): facts and live recommendation, penalty and submit, the
stored snapshot, the head's departure decision, withdrawal, and the case-page card.

Everything goes through `penalties.services.proposals`; a case the user may not see is a
404. The live recommendation and the stored snapshot are rendered by the same partial
from the same JSON (`discretion.snapshot`), so the legal office later sees exactly what
the officer saw.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.models import Case
from cases.states import State
from core.errors import DomainError, Verdict
from core.roles import Role, has_role
from penalties import discretion as d
from penalties.discretion.explain import format_money, format_multiple
from penalties.forms_proposals import (
    DepartureDecisionForm,
    ProposalForm,
    WithdrawForm,
    initial_from,
)
from penalties.models import Proposal
from penalties.services import proposals as svc

MAX_ID = 2**63 - 1
SECTION_STATES = frozenset(
    {
        State.INVESTIGATION_CLOSED,
        State.PROPOSED,
        State.NOTIFIED,
        State.HEARING_REQUESTED,
        State.HEARING_SCHEDULED,
        State.HEARING_HELD,
        State.COLLECTIVE_DISCUSSION,
        State.LEGAL_REVIEW,
        State.APPROVAL,
    }
)


def _outcome_label(code: str | None) -> str:
    return {
        "accepted": _("符合裁量建议"),
        "departure": _("偏离裁量基准：须书面说明理由，并经机关负责人批准或者集体讨论决定"),
        "refused": _("不得作出"),
    }.get(code or "", "")


# --- lookups -------------------------------------------------------------------------------


def case_or_404(request: HttpRequest, case_id: int) -> Case:
    if case_id > MAX_ID:
        raise Http404()
    case = (
        Case.objects.visible_to(request.user)
        .select_related("agency", "primary_party")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404()
    return case


def proposal_or_404(case: Case, version: int) -> Proposal:
    if version > MAX_ID:
        raise Http404()
    p = (
        Proposal.objects.filter(case=case, version=version)
        .select_related("proposed_by", "departure_decided_by", "case")
        .first()
    )
    if p is None:
        raise Http404()
    return p


# --- presenting the engine's JSON -----------------------------------------------------------


def _label(enum_cls, code: str | None) -> str:
    if not code:
        return ""
    try:
        return str(enum_cls(code).label)
    except ValueError:
        return code


def _range(r: list[str] | None, *, multiple: bool = False) -> str:
    if not r:
        return ""
    fmt = format_multiple if multiple else format_money
    return f"{fmt(Decimal(r[0]))} — {fmt(Decimal(r[1]))}"


def present_recommendation(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """The snapshot JSON with labels, for `_recommendation.html` (live and stored alike)."""
    if not data:
        return None
    flags = data.get("flags") or {}
    return {
        "outcome": data.get("outcome"),
        "outcome_label": _label(d.Outcome, data.get("outcome")),
        "tier_label": _label(d.Tier, data.get("tier")),
        "allowed": [_label(d.PenaltyType, t) for t in data.get("allowed_types") or []],
        "statutory": [_label(d.PenaltyType, t) for t in data.get("statutory_types") or []],
        "fine_range": _range(data.get("fine_range")),
        "fine_multiples": _range(data.get("fine_multiples"), multiple=True),
        "fine_basis": _label(d.MultipleBasis, data.get("fine_basis")),
        "statutory_fine": _range(data.get("statutory_fine")),
        "benchmark_version": data.get("benchmark_version"),
        "benchmark_is_default": data.get("benchmark_is_default"),
        "violation_code": data.get("violation_code"),
        "violation_version": data.get("violation_version"),
        "law_in_time": data.get("law_in_time"),
        "first_minor_offence": data.get("first_minor_offence"),
        "binding": data.get("binding_no_penalty_rule"),
        "hits": [
            {"rule": h.get("rule"), "article": h.get("article"), "message": h.get("message")}
            for h in data.get("hits") or []
        ],
        "flags": [
            (_("听证权利（R-30）"), flags.get("hearing_entitled")),
            (_("可适用简易程序（R-20）"), flags.get("summary_eligible")),
            (_("须法制审核（R-28）"), flags.get("legal_review_needed")),
            (_("须集体讨论（R-27）"), flags.get("collective_discussion_needed")),
        ],
    }


def present_check(data: dict[str, Any] | None, same_act: Verdict | None = None) -> dict | None:
    if not data:
        return None
    outcome = data.get("outcome")
    problems = [
        {"rule": h.get("rule"), "article": h.get("article"), "message": h.get("message")}
        for h in (data.get("refusals") or []) + (data.get("departures") or [])
    ]
    if same_act is not None and not same_act.ok:
        outcome = "refused"
        problems = [
            {"rule": p.rule, "article": "", "message": p.message} for p in same_act.problems
        ] + problems
    return {
        "outcome": outcome,
        "outcome_label": _outcome_label(outcome),
        "problems": problems,
        "flag_reasons": [
            {"rule": h.get("rule"), "message": h.get("message")}
            for h in data.get("flag_reasons") or []
        ],
    }


def present_computed(inputs: svc.CaseInputs) -> dict[str, Any]:
    return {
        "party": inputs.party,
        "party_kind": inputs.party_kind.label,
        "birth_date": inputs.birth_date,
        "age": inputs.age,
        "first_offence": inputs.first_offence,
        "priors": len(inputs.priors),
        "lookback_years": inputs.lookback_years,
        "on_first_offence_list": inputs.on_first_offence_list,
        "act_date": inputs.act_date,
        "decision_date": inputs.decision_date,
    }


def _statutory_types(inputs: svc.CaseInputs) -> set[d.PenaltyType]:
    types: set[d.PenaltyType] = set()
    for v in inputs.versions:
        if v.in_force(inputs.law_date) or v.in_force(inputs.decision_date):
            types |= set(v.penalty_types)
    return types


def _preview_context(
    case: Case, form: ProposalForm, user: Any, inputs: svc.CaseInputs | None = None
) -> dict[str, Any]:
    """Run the engine on the form's data (no writes)."""
    try:
        pre = svc.preview(case, form.facts_data(), form.penalty(), user=user, inputs=inputs)
    except DomainError as exc:
        return {"engine_error": str(exc)}
    check = svc.check_json(pre.check) if pre.check is not None else None
    reasons = (form.cleaned_data.get("departure_reasons") or "").strip()
    presented = present_check(check, pre.same_act)
    return {
        "rec": present_recommendation(d.snapshot(pre.evaluation.recommendation)),
        "check": presented,
        "needs_reasons": bool(presented and presented["outcome"] == "departure" and not reasons),
        "computed": present_computed(pre.evaluation.inputs),
    }


# --- pages --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def proposal_page(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_or_404(request, case_id)
    live = svc.live_proposal(case)
    guard = svc.propose_guard(case, request.user)
    context: dict[str, Any] = {
        "case": case,
        "live": live,
        "guard": guard,
        "history": svc.proposals_of(case),
        "ready": svc.proposal_ready(case) if live else None,
    }
    try:
        inputs = svc.case_inputs(case)
    except DomainError as exc:
        context["engine_error"] = str(exc)
        return render(request, "penalties/proposals/proposal_page.html", context)
    form = ProposalForm(
        request.POST or None,
        initial=initial_from(live),
        statutory_types=_statutory_types(inputs),
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                proposal = svc.propose(
                    case,
                    facts=form.facts_data(),
                    penalty=form.penalty(),
                    by=request.user,
                    departure_reasons=form.cleaned_data.get("departure_reasons") or "",
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                if proposal.status == Proposal.Status.DEPARTURE_PENDING:
                    messages.warning(
                        request, _("已提出拟处罚意见（偏离裁量基准），待机关负责人审批")
                    )
                else:
                    messages.success(request, _("已提出拟处罚意见"))
                return redirect(
                    "penalties:proposal_detail", case_id=case.pk, version=proposal.version
                )
        if form.is_valid():
            context.update(_preview_context(case, form, request.user, inputs))
    else:
        bound = ProposalForm(_initial_as_data(form), statutory_types=_statutory_types(inputs))
        if bound.is_valid():
            context.update(_preview_context(case, bound, request.user, inputs))
        else:
            context["computed"] = present_computed(inputs)
    context.setdefault("computed", present_computed(inputs))
    context["form"] = form
    return render(request, "penalties/proposals/proposal_page.html", context)


def _initial_as_data(form: ProposalForm) -> dict[str, Any]:
    """The form's initial values as POST-like data, to preview the initial state."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.get_initial_for_field(field, name)
        if value is None or value is False or value == "":
            continue
        data[name] = value
    return data


@login_required
@require_POST
def proposal_preview(request: HttpRequest, case_id: int) -> HttpResponse:
    """htmx partial: the recommendation and the check of the current form values."""
    case = case_or_404(request, case_id)
    try:
        inputs = svc.case_inputs(case)
    except DomainError as exc:
        return render(
            request, "penalties/proposals/_recommendation.html", {"engine_error": str(exc)}
        )
    form = ProposalForm(request.POST, statutory_types=_statutory_types(inputs))
    context: dict[str, Any] = {"case": case}
    if form.is_valid():
        context.update(_preview_context(case, form, request.user, inputs))
    else:
        context["form_errors"] = [
            f"{form.fields[name].label if name in form.fields else ''}{e}"
            for name, errors in form.errors.items()
            for e in errors
        ]
    return render(request, "penalties/proposals/_recommendation.html", context)


@login_required
def proposal_detail(request: HttpRequest, case_id: int, version: int) -> HttpResponse:
    """The stored proposal: facts, the snapshot the officer saw, the check, the departure."""
    case = case_or_404(request, case_id)
    p = proposal_or_404(case, version)
    facts = p.facts or {}
    computed = facts.get("computed") or {}
    return render(
        request,
        "penalties/proposals/proposal_detail.html",
        {
            "case": case,
            "proposal": p,
            "rec": present_recommendation(p.recommendation),
            "check": present_check(p.check_result),
            "facts_rows": _facts_rows(facts),
            "computed": computed,
            "types": [_label(d.PenaltyType, t) for t in p.penalty_types or []],
            "fine": format_money(p.fine) if p.fine is not None else "",
            "gains": format_money(p.confiscated_gains) if p.confiscated_gains else "",
            "property_value": format_money(p.confiscated_property_value)
            if p.confiscated_property_value
            else "",
            "tier_label": _label(d.Tier, p.tier),
            "ready": svc.proposal_ready(case) if p.status not in _ENDED else None,
            "departure_guard": svc.departure_guard(p, request.user)
            if p.status == Proposal.Status.DEPARTURE_PENDING
            else None,
            "withdraw_guard": svc.withdraw_guard(case, request.user)
            if p.status not in _ENDED
            else None,
            "withdraw_form": WithdrawForm(),
        },
    )


_ENDED = (Proposal.Status.SUPERSEDED, Proposal.Status.WITHDRAWN)


def _facts_rows(facts: dict[str, Any]) -> list[tuple[str, str]]:
    yes, no = _("是"), _("否")
    rows = [
        (_("当事人类型"), _label(d.PartyKind, facts.get("party_kind"))),
        (_("年龄（系统计算）"), str(facts["age"]) if facts.get("age") is not None else "—"),
        (_("初次违法（系统计算）"), yes if facts.get("first_offence") else no),
        (_("违法行为轻微"), yes if facts.get("minor") else no),
        (_("危害后果"), _label(d.Harm, facts.get("harm"))),
        (_("及时改正"), yes if facts.get("promptly_corrected") else no),
        (_("没有主观过错"), yes if facts.get("fault_disproved") else no),
        (_("辨认或者控制能力"), _label(d.Capacity, facts.get("capacity"))),
        (
            _("法定从轻、减轻情节"),
            "、".join(_label(d.MitigatingGround, m) for m in facts.get("mitigating") or []) or "—",
        ),
        (
            _("从重情节"),
            "、".join(_label(d.Aggravating, a) for a in facts.get("aggravating") or []) or "—",
        ),
    ]
    for key, label in (
        ("illegal_gains", _("违法所得（元）")),
        ("goods_value", _("货值金额（元）")),
        ("ad_fees", _("广告费用（元）")),
        ("turnover", _("违法经营额（元）")),
    ):
        if facts.get(key) is not None:
            rows.append((label, format_money(Decimal(facts[key]))))
    for key, label in (
        ("facts_certain", _("违法事实确凿并有法定依据")),
        ("complex_case", _("情节复杂")),
        ("major_violation", _("重大违法行为")),
        ("major_public_interest", _("涉及重大公共利益")),
        ("hearing_expected", _("申请听证")),
    ):
        if facts.get(key):
            rows.append((label, yes))
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def proposal_departure(request: HttpRequest, case_id: int, version: int) -> HttpResponse:
    """R-17: the head decides a departure (or records a collective discussion)."""
    case = case_or_404(request, case_id)
    p = proposal_or_404(case, version)
    guard = svc.departure_guard(p, request.user)
    form = DepartureDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.decide_departure(
                p,
                approve=form.approve,
                via=data["via"],
                reasons=data.get("reasons") or "",
                attendees=form.attendee_names(),
                conclusion=data.get("conclusion") or "",
                by=request.user,
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("已批准偏离裁量基准") if form.approve else _("已不予批准偏离")
            )
            return redirect("penalties:proposal_detail", case_id=case.pk, version=p.version)
    return render(
        request,
        "penalties/proposals/departure.html",
        {
            "case": case,
            "proposal": p,
            "guard": guard,
            "form": form,
            "rec": present_recommendation(p.recommendation),
            "check": present_check(p.check_result),
            "types": [_label(d.PenaltyType, t) for t in p.penalty_types or []],
            "fine": format_money(p.fine) if p.fine is not None else "",
        },
    )


@login_required
@require_POST
def proposal_withdraw(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_or_404(request, case_id)
    form = WithdrawForm(request.POST)
    live = svc.live_proposal(case)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    else:
        try:
            svc.withdraw_proposal(case, by=request.user, reasons=form.cleaned_data["reasons"])
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已撤回拟处罚意见"))
            return redirect("penalties:proposal", case_id=case.pk)
    if live is not None:
        return redirect("penalties:proposal_detail", case_id=case.pk, version=live.version)
    return redirect("penalties:proposal", case_id=case.pk)


@login_required
def departure_queue(request: HttpRequest) -> HttpResponse:
    """Departures awaiting the head's decision in the user's agency (supervisors)."""
    if not has_role(request.user, Role.SUPERVISOR):
        raise Http404()
    cases = Case.objects.visible_to(request.user)
    pending = (
        Proposal.objects.filter(status=Proposal.Status.DEPARTURE_PENDING, case__in=cases)
        .select_related("case", "proposed_by")
        .order_by("proposed_at")
    )
    return render(
        request, "penalties/proposals/departure_queue.html", {"pending": list(pending[:200])}
    )


# --- the case page card (cases.sections hook) ---------------------------------------------------


def case_section(case: Case, request: HttpRequest) -> dict | None:
    proposals = svc.proposals_of(case) if case.state in SECTION_STATES else []
    if case.state not in SECTION_STATES and not proposals:
        proposals = svc.proposals_of(case)
        if not proposals:
            return None
    live = next((p for p in proposals if p.status not in _ENDED), None)
    user = request.user
    return {
        "title": _("拟处罚"),
        "template": "penalties/proposals/_case_section.html",
        "order": 40,
        "context": {
            "case": case,
            "live": live,
            "count": len(proposals),
            "ready": svc.proposal_ready(case) if live else None,
            "guard": svc.propose_guard(case, user),
            "may_decide": live is not None
            and live.status == Proposal.Status.DEPARTURE_PENDING
            and svc.departure_guard(live, user).ok,
            "page_url": reverse("penalties:proposal", kwargs={"case_id": case.pk}),
        },
    }


def register_hooks() -> None:
    """Called from PenaltiesConfig.ready(): audit labels and the case-page card."""
    from cases.sections import register_section

    svc.register_audit_labels()
    register_section(case_section)


__all__ = [
    "case_section",
    "departure_queue",
    "proposal_departure",
    "proposal_detail",
    "proposal_page",
    "proposal_preview",
    "proposal_withdraw",
    "register_hooks",
]
