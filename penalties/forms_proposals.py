"""Forms of the proposal pages: the facts (情节), the proposed penalty, the head's decision
on a departure, and withdrawal. Age (R-15) and first offence (R-13) are computed by the
system from the party's birth date and history, never typed here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from penalties import discretion as d
from penalties.models import Proposal

MONEY = dict(required=False, min_value=0, max_digits=14, decimal_places=2)
TEXT_MAX = 5000

FACT_FLAGS = (
    "minor",
    "promptly_corrected",
    "fault_disproved",
    "basis_incalculable",
    "facts_certain",
    "complex_case",
    "major_violation",
    "major_public_interest",
    "hearing_expected",
)
FACT_FIELDS = (
    "minor",
    "harm",
    "promptly_corrected",
    "fault_disproved",
    "capacity",
    "mitigating",
    "aggravating",
    "illegal_gains",
    "goods_value",
    "ad_fees",
    "turnover",
    "basis_incalculable",
    "facts_certain",
    "complex_case",
    "major_violation",
    "major_public_interest",
    "hearing_expected",
)
PENALTY_FIELDS = (
    "penalty_types",
    "fine",
    "confiscated_gains",
    "confiscated_property_value",
    "departure_reasons",
)


def _choices(enum_cls) -> list[tuple[str, str]]:
    return [(m.value, m.label) for m in enum_cls]


class ProposalForm(forms.Form):
    """Facts and penalty in one form, so that the live preview (htmx, on change) sees
    both; the submit posts the same fields to the service."""

    # --- facts (情节) ---
    minor = forms.BooleanField(label=_("违法行为轻微"), required=False)
    harm = forms.ChoiceField(
        label=_("危害后果"), choices=(), initial=d.Harm.GENERAL.value, required=False
    )
    promptly_corrected = forms.BooleanField(label=_("及时改正"), required=False)
    fault_disproved = forms.BooleanField(
        label=_("有证据足以证明没有主观过错"), required=False, help_text=_("R-14，第三十三条第二款")
    )
    capacity = forms.ChoiceField(
        label=_("辨认或者控制能力（自然人）"),
        choices=(),
        initial=d.Capacity.FULL.value,
        required=False,
        help_text=_("R-15，第三十一条"),
    )
    mitigating = forms.MultipleChoiceField(
        label=_("法定从轻、减轻情节（第三十二条）"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("R-16：具有其中之一的，应当从轻或者减轻处罚"),
    )
    aggravating = forms.MultipleChoiceField(
        label=_("从重情节"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    illegal_gains = forms.DecimalField(label=_("违法所得（元）"), **MONEY)
    goods_value = forms.DecimalField(label=_("货值金额（元）"), **MONEY)
    ad_fees = forms.DecimalField(label=_("广告费用（元）"), **MONEY)
    turnover = forms.DecimalField(label=_("违法经营额（元）"), **MONEY)
    basis_incalculable = forms.BooleanField(label=_("计算基数无法计算或者明显偏低"), required=False)
    facts_certain = forms.BooleanField(label=_("违法事实确凿并有法定依据"), required=False)
    complex_case = forms.BooleanField(label=_("情节复杂"), required=False)
    major_violation = forms.BooleanField(label=_("重大违法行为"), required=False)
    major_public_interest = forms.BooleanField(label=_("涉及重大公共利益"), required=False)
    hearing_expected = forms.BooleanField(label=_("当事人已申请或者将申请听证"), required=False)

    # --- penalty (拟处罚) ---
    penalty_types = forms.MultipleChoiceField(
        label=_("处罚种类"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    fine = forms.DecimalField(label=_("罚款金额（元）"), **MONEY)
    confiscated_gains = forms.DecimalField(label=_("没收违法所得（元）"), **MONEY)
    confiscated_property_value = forms.DecimalField(label=_("没收非法财物价值（元）"), **MONEY)
    departure_reasons = forms.CharField(
        label=_("偏离裁量基准的理由"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "拟处罚超出裁量建议的，须书面说明理由，并经机关负责人批准或者集体讨论决定（R-17）"
        ),
    )

    def __init__(self, *args: Any, statutory_types=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["harm"].choices = _choices(d.Harm)
        self.fields["capacity"].choices = _choices(d.Capacity)
        self.fields["mitigating"].choices = _choices(d.MitigatingGround)
        self.fields["aggravating"].choices = _choices(d.Aggravating)
        types = set(statutory_types or ()) | {d.PenaltyType.WARNING}
        types.discard(d.PenaltyType.DETENTION)
        ordered = sorted(types, key=lambda t: (t.rank, list(d.PenaltyType).index(t)))
        self.fields["penalty_types"].choices = [(t.value, t.label) for t in ordered]

    def facts_fields(self):
        return [self[name] for name in FACT_FIELDS]

    def penalty_fields(self):
        return [self[name] for name in PENALTY_FIELDS]

    def facts_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in FACT_FIELDS}

    def penalty(self) -> d.Proposal:
        data = self.cleaned_data
        return d.Proposal(
            frozenset(d.PenaltyType(t) for t in data.get("penalty_types") or ()),
            d.money(data.get("fine") or 0),
            d.money(data.get("confiscated_gains") or 0),
            d.money(data.get("confiscated_property_value") or 0),
        )


def initial_from(proposal: Proposal | None) -> dict[str, Any]:
    """Prefill the form from the case's latest proposal (facts and penalty)."""
    if proposal is None:
        return {}
    facts = proposal.facts or {}
    initial = {name: facts.get(name) for name in FACT_FIELDS if name in facts}
    initial["penalty_types"] = list(proposal.penalty_types or [])
    initial["fine"] = proposal.fine
    initial["confiscated_gains"] = proposal.confiscated_gains
    initial["confiscated_property_value"] = proposal.confiscated_property_value
    return initial


class DepartureDecisionForm(forms.Form):
    """R-17: the head's decision, or the record of a collective discussion."""

    decision = forms.ChoiceField(
        label=_("审批结果"),
        choices=(("approve", _("批准偏离")), ("refuse", _("不予批准"))),
        widget=forms.RadioSelect,
    )
    via = forms.ChoiceField(
        label=_("审批方式"),
        choices=Proposal.DepartureVia.choices,
        initial=Proposal.DepartureVia.HEAD,
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=_("审批意见"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attendees = forms.CharField(
        label=_("集体讨论参加人员"),
        required=False,
        max_length=1000,
        help_text=_("集体讨论决定的填写，每行一人或者以顿号分隔"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    conclusion = forms.CharField(
        label=_("集体讨论结论"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @property
    def approve(self) -> bool:
        return self.cleaned_data.get("decision") == "approve"

    def attendee_names(self) -> list[str]:
        raw = self.cleaned_data.get("attendees") or ""
        for sep in ("、", "，", ",", ";", "；"):
            raw = raw.replace(sep, "\n")
        return [n.strip() for n in raw.splitlines() if n.strip()]


class WithdrawForm(forms.Form):
    reasons = forms.CharField(
        label=_("撤回理由"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
