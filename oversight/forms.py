"""Forms of the oversight pages. Every field validated: bad input gives a translated error
and changes nothing (Django's CharField already refuses NUL characters)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from officers.models import Fault, Officer
from oversight.models import FaultFinding

BIGINT_MAX = 2**63 - 1


class FaultOpenForm(forms.Form):
    officers = forms.ModelMultipleChoiceField(
        label=_("被审查的执法人员"),
        queryset=Officer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请选择被审查的执法人员。")},
    )
    grounds = forms.CharField(
        label=_("启动理由"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [o.pk for o in (officers or [])]
        self.fields["officers"].queryset = Officer.objects.filter(pk__in=ids).order_by("name")


class FindingForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("执法人员"), queryset=Officer.objects.none())
    outcome = forms.ChoiceField(label=_("认定结果"), choices=FaultFinding.Outcome.choices)
    kind = forms.ChoiceField(
        label=_("过错类型"),
        required=False,
        choices=[("", "—")] + list(Fault.Kind.choices),
        help_text=_("R-62：认定为错案的，该执法人员立即停止执法。"),
    )
    occurred_on = forms.DateField(
        label=_("过错发生日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    finding = forms.CharField(
        label=_("认定事实"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    sanction = forms.CharField(
        label=_("处理结果"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    measure = forms.ChoiceField(
        label=_("停职或免职"), required=False, choices=list(Fault.Measure.choices)
    )
    recovery_amount = forms.DecimalField(
        label=_("追偿金额（元）"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    note = forms.CharField(
        label=_("说明"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [o.pk for o in (officers or [])]
        self.fields["officer"].queryset = Officer.objects.filter(pk__in=ids).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("outcome") == FaultFinding.Outcome.FAULT:
            if not data.get("kind"):
                self.add_error("kind", _("认定执法过错时请选择过错类型。"))
            if not data.get("occurred_on"):
                self.add_error("occurred_on", _("认定执法过错时请填写过错发生日期。"))
            if not (data.get("finding") or "").strip():
                self.add_error("finding", _("认定执法过错时请填写认定事实。"))
        return data


class CloseForm(forms.Form):
    conclusion = forms.CharField(
        label=_("审查结论"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DashboardForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("统计期间"),
        required=False,
        coerce=int,
        choices=[
            (3, _("近 3 个月")),
            (6, _("近 6 个月")),
            (12, _("近 12 个月")),
            (24, _("近 24 个月")),
        ],
        empty_value=12,
    )


class PagingForm(forms.Form):
    after = forms.IntegerField(required=False, min_value=0, max_value=BIGINT_MAX)
    before = forms.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX)
