"""Forms of the catalogue and benchmark pages. They check the shape of the input (numbers,
dates, known codes, no NUL bytes: Django's CharField refuses them); the legal checks
(R-17, R-19) are the service's, so every path refuses the same way."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from penalties.models import (
    ConditionFlag,
    PenaltyType,
    Tier,
    ViolationType,
    ViolationVersion,
)
from penalties.services.tier_checks import TierSpec

_AMOUNT = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}
_MULTIPLE = {"max_digits": 8, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class BenchmarkFilterForm(forms.Form):
    q = forms.CharField(label=_("代码或名称"), max_length=100, required=False)
    domain = forms.ChoiceField(label=_("执法领域"), required=False)

    def __init__(self, *args, domains=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = [("", _("全部"))] + [(d.code, d.name) for d in domains]


class VersionForm(forms.Form):
    label = forms.CharField(label=_("版本号"), max_length=60)
    notes = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class TierForm(forms.Form):
    """One tier of a draft. Penalty types offered are the statute's (plus 警告 for 减轻)."""

    conditions = forms.CharField(
        label=_("适用条件"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    flags = forms.MultipleChoiceField(
        label=_("须同时具备"),
        choices=ConditionFlag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    flags_any = forms.MultipleChoiceField(
        label=_("具备其一即可"),
        choices=ConditionFlag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    flags_none = forms.MultipleChoiceField(
        label=_("不得具备"),
        choices=ConditionFlag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    penalty_types = forms.MultipleChoiceField(
        label=_("处罚种类"),
        choices=PenaltyType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fine_min = forms.DecimalField(label=_("罚款下限（元）"), required=False, **_AMOUNT)
    fine_max = forms.DecimalField(label=_("罚款上限（元）"), required=False, **_AMOUNT)
    multiple_min = forms.DecimalField(label=_("倍数下限"), required=False, **_MULTIPLE)
    multiple_max = forms.DecimalField(label=_("倍数上限"), required=False, **_MULTIPLE)
    amount_below = forms.DecimalField(
        label=_("计算基数低于（元）"),
        required=False,
        help_text=_("仅对按倍数计算罚款的违法行为有效，例如货值金额低于该数额时适用本档"),
        **_AMOUNT,
    )
    amount_at_least = forms.DecimalField(label=_("计算基数不低于（元）"), required=False, **_AMOUNT)

    def __init__(self, *args, tier: str, statute: ViolationVersion | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tier = tier
        allowed = set(statute.penalty_types) if statute is not None else set(PenaltyType.values)
        if tier == Tier.MITIGATED:
            allowed.add(PenaltyType.WARNING)
        self.fields["penalty_types"].choices = [c for c in PenaltyType.choices if c[0] in allowed]
        if tier == Tier.NO_PENALTY:
            for name in ("penalty_types", "fine_min", "fine_max", "multiple_min", "multiple_max"):
                del self.fields[name]
        elif statute is None or not statute.is_multiple:
            for name in ("multiple_min", "multiple_max", "amount_below", "amount_at_least"):
                del self.fields[name]
        elif not statute.has_absolute_range:
            del self.fields["fine_min"], self.fields["fine_max"]

    def to_spec(self) -> TierSpec:
        data = self.cleaned_data
        return TierSpec(
            tier=self.tier,
            conditions=data.get("conditions", "").strip(),
            flags=list(data.get("flags") or []),
            flags_any=list(data.get("flags_any") or []),
            flags_none=list(data.get("flags_none") or []),
            penalty_types=list(data.get("penalty_types") or []),
            fine_min=data.get("fine_min"),
            fine_max=data.get("fine_max"),
            multiple_min=data.get("multiple_min"),
            multiple_max=data.get("multiple_max"),
            amount_below=data.get("amount_below"),
            amount_at_least=data.get("amount_at_least"),
        )


class PublishForm(forms.Form):
    effective_from = forms.DateField(label=_("施行日期"), widget=DateInput)
    approved_by = forms.CharField(
        label=_("审定机构"), max_length=200, help_text=_("例如“局长办公会议 2026-03-01 审议通过”")
    )


class FirstOffenceForm(forms.Form):
    violation = forms.ModelChoiceField(label=_("违法行为"), queryset=ViolationType.objects.none())
    conditions = forms.CharField(
        label=_("适用条件"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        initial=_("初次违法且危害后果轻微并及时改正"),
    )
    effective_from = forms.DateField(label=_("施行日期"), widget=DateInput)
    effective_to = forms.DateField(label=_("失效日期"), widget=DateInput, required=False)

    def __init__(self, *args, violations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["violation"].queryset = violations
        self.fields["violation"].label_from_instance = lambda v: f"{v.code} {v.name}"

    def clean(self):
        data = super().clean()
        start, end = data.get("effective_from"), data.get("effective_to")
        if start and end and end < start:
            self.add_error("effective_to", _("失效日期不得早于施行日期"))
        return data


class EndEntryForm(forms.Form):
    effective_to = forms.DateField(label=_("失效日期"), widget=DateInput)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("工作簿（.xlsx）"))


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("代码或名称"), max_length=100, required=False)
    domain = forms.ChoiceField(label=_("执法领域"), required=False)

    def __init__(self, *args, domains=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = [("", _("全部"))] + [(d.code, d.name) for d in domains]
