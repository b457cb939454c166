"""Forms of the execution page (R-40–R-44, R-62). Text fields reject NUL bytes (Django's
CharField validator) with a translated error; amounts, dates and choices are checked
here, the rules in the services. Every form knows the case and the acting user, so the
same forms serve the execution page and the actions registered on the case page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from core import clock, workdays
from documents.forms import ServiceRecordForm
from penalties import surcharge as sc
from penalties.models import (
    CourtApplication,
    DeferralOrInstalment,
    OnSpotCollection,
    Payment,
    RemedyProceeding,
)
from penalties.services import enforcement
from penalties.services.execution import execution_decision, pending_hand_ins
from penalties.services.plans import PlannedInstalment

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})
MAX_TEXT = 5000


def _today() -> date:
    return clock.today()


def money_field(label, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=required,
        error_messages={
            "invalid": _("请输入金额（元），最多两位小数"),
            "max_decimal_places": _("金额最多两位小数"),
            "max_digits": _("金额过大"),
            "min_value": _("金额须大于零"),
        },
    )


def date_field(label, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DATE,
        required=required,
        initial=_today,
        error_messages={"invalid": _("请输入有效日期（年-月-日）")},
    )


class ExecutionForm(forms.Form):
    """Base: the form knows the case and the acting user."""

    def __init__(self, *args: Any, case: Case, user: Any, **kwargs: Any) -> None:
        self.case = case
        self.user = user
        super().__init__(*args, **kwargs)


class ApproveForm(ExecutionForm):
    decision = forms.ChoiceField(
        label=_("审批结果"),
        choices=[("approve", _("批准")), ("reject", _("不予批准"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("审批意见"), widget=TEXTAREA, required=False, max_length=MAX_TEXT
    )

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


# --- R-40 / R-41 -------------------------------------------------------------------------------
class PaymentForm(ExecutionForm):
    amount = money_field(_("缴款金额（元）"))
    paid_on = date_field(_("缴款日期"))
    channel = forms.ChoiceField(
        label=_("缴款方式"),
        choices=[c for c in Payment.Channel.choices if c[0] != Payment.Channel.ON_SPOT],
    )
    reference = forms.CharField(
        label=_("缴款凭证号（交易流水号）"),
        max_length=100,
        help_text=_("R-40：银行或电子支付缴款须登记缴款凭证号"),
    )
    note = forms.CharField(label=_("备注"), widget=TEXTAREA, required=False, max_length=MAX_TEXT)


class OnSpotForm(ExecutionForm):
    amount = money_field(_("收缴金额（元）"))
    collected_on = date_field(_("收缴日期"))
    receipt_number = forms.CharField(
        label=_("专用票据号码"),
        max_length=100,
        help_text=_("R-41：须出具财政部门统一制发的罚没款专用票据"),
    )
    ground = forms.ChoiceField(
        label=_("当场收缴的法定情形"), choices=OnSpotCollection.Ground.choices
    )
    party_requested = forms.BooleanField(label=_("当事人提出当场缴纳"), required=False)
    ground_note = forms.CharField(
        label=_("情况说明"), widget=TEXTAREA, required=False, max_length=MAX_TEXT
    )


class HandInForm(ExecutionForm):
    collection = forms.ModelChoiceField(
        label=_("当场收缴的罚款"),
        queryset=OnSpotCollection.objects.none(),
        error_messages={"invalid_choice": _("请选择尚未上交的当场收缴罚款")},
    )
    handed_in_on = date_field(_("上交日期"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collection"].queryset = pending_hand_ins(self.case)
        self.fields["collection"].label_from_instance = lambda c: (
            _g("票据 %(r)s，%(a)s 元，%(d)s 收缴，%(due)s 前上交")
            % {
                "r": c.payment.receipt_number,
                "a": c.payment.amount,
                "d": c.payment.paid_on.isoformat(),
                "due": c.hand_in_due_on.isoformat(),
            }
        )


# --- R-42 --------------------------------------------------------------------------------------
class PlanForm(ExecutionForm):
    kind = forms.ChoiceField(label=_("申请事项"), choices=DeferralOrInstalment.Kind.choices)
    applied_on = date_field(_("申请日期"))
    reasons = forms.CharField(
        label=_("申请理由（经济困难情况）"), widget=TEXTAREA, max_length=MAX_TEXT
    )
    instalments = forms.CharField(
        label=_("缴款期限和金额"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("每行一期：日期 金额，例如“2026-12-08 3000”。暂缓缴纳只填一行。"),
    )

    def clean_instalments(self) -> list[PlannedInstalment]:
        rows: list[PlannedInstalment] = []
        for n, line in enumerate(self.cleaned_data["instalments"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            parts = line.replace("，", " ").replace(",", " ").split()
            if len(parts) != 2:
                raise ValidationError(_g("第 %(n)d 行应为“日期 金额”") % {"n": n})
            try:
                due = date.fromisoformat(parts[0])
                amount = Decimal(parts[1])
            except (ValueError, InvalidOperation):
                raise ValidationError(
                    _g("第 %(n)d 行的日期或金额无效（日期如 2026-12-08，金额如 3000）") % {"n": n}
                ) from None
            if not amount.is_finite() or amount <= 0 or amount != sc.to_fen(amount):
                raise ValidationError(_g("第 %(n)d 行的金额须大于零，最多两位小数") % {"n": n})
            rows.append(PlannedInstalment(due, amount))
        if not rows:
            raise ValidationError(_g("请填写至少一期缴款期限和金额"))
        if len(rows) > 36:
            raise ValidationError(_g("分期不得超过 36 期"))
        return rows


# --- Remedies (R-43, R-62) ---------------------------------------------------------------------
class RemedyForm(ExecutionForm):
    kind = forms.ChoiceField(label=_("救济途径"), choices=RemedyProceeding.Kind.choices)
    filed_on = date_field(_("申请或起诉日期"))
    body = forms.CharField(label=_("复议机关或人民法院"), max_length=200)
    reference = forms.CharField(label=_("案号"), max_length=100, required=False)


class RemedyOutcomeForm(ExecutionForm):
    outcome = forms.ChoiceField(
        label=_("结果"),
        choices=[
            c for c in RemedyProceeding.Outcome.choices if c[0] != RemedyProceeding.Outcome.PENDING
        ],
        widget=forms.RadioSelect,
    )
    decided_on = date_field(_("决定或裁判日期"))
    changed_fine = forms.DecimalField(
        label=_("变更后的罚款（元）"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
        help_text=_("仅“变更”时填写；不再罚款的填 0"),
        error_messages={"invalid": _("请输入金额（元），最多两位小数")},
    )
    note = forms.CharField(
        label=_("复议决定或裁判的主要内容"), widget=TEXTAREA, required=False, max_length=MAX_TEXT
    )


class FaultReviewForm(ExecutionForm):
    decision = forms.ChoiceField(
        label=_("认定结果"),
        choices=[("confirm", _("认定为错案")), ("dismiss", _("不认定为错案"))],
        widget=forms.RadioSelect,
    )
    finding = forms.CharField(label=_("认定意见"), widget=TEXTAREA, max_length=MAX_TEXT)


# --- R-44 --------------------------------------------------------------------------------------
class DemandNoticeForm(ExecutionForm):
    perform_by = forms.DateField(
        label=_("履行期限"),
        widget=DATE,
        help_text=_("不得早于十个工作日之后"),
        error_messages={"invalid": _("请输入有效日期（年-月-日）")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["perform_by"].initial = workdays.add_workdays(
            clock.today(), sc.DEMAND_NOTICE_WORKDAYS
        )


class DemandServiceForm(ServiceRecordForm):
    """documents' service form for the pending demand notice (R-38 checks in documents)."""

    def __init__(self, *args: Any, case: Case, user: Any, **kwargs: Any) -> None:
        self.case = case
        self.user = user
        decision = execution_decision(case)
        self.notice = enforcement.unserved_notice(decision) if decision else None
        if self.notice is None:  # nothing to serve: the guard says why, the form is inert
            forms.Form.__init__(self, *args, **kwargs)
            self.document = None
        else:
            super().__init__(*args, document=self.notice.document, **kwargs)
        self.fields["served_on"].initial = _today

    def clean(self):
        data = super().clean()
        if self.notice is None:
            raise ValidationError(_g("没有待送达的催告书"))
        return data


class CourtApplicationForm(ExecutionForm):
    court = forms.CharField(label=_("受理法院"), max_length=200)
    filed_on = date_field(_("申请日期"))
    court_reference = forms.CharField(label=_("法院案号"), max_length=100, required=False)


class CourtOutcomeForm(ExecutionForm):
    outcome = forms.ChoiceField(
        label=_("结果"),
        choices=[
            c for c in CourtApplication.Outcome.choices if c[0] != CourtApplication.Outcome.PENDING
        ],
        widget=forms.RadioSelect,
    )
    outcome_on = date_field(_("裁定日期"))
    note = forms.CharField(
        label=_("结果说明"), widget=TEXTAREA, required=False, max_length=MAX_TEXT
    )
