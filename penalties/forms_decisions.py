"""Forms of the review, approval, decision, publication and summary-procedure pages.

Text fields reject NUL bytes (Django's CharField validator) with a translated error;
formats (dates, choices, amounts, the one-per-line lists) are checked here, the rules
(R-20, R-27–R-39) in the services, which the views call.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Party
from cases.selectors import parties_visible_to
from core import clock
from documents.models import ServiceRecord
from officers.models import EnforcementDomain, Officer
from penalties import discretion as d
from penalties.models import (
    Decision,
    DecisionApproval,
    LegalReview,
    ViolationType,
)
from penalties.services.reviews import CONCLUSIONS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
TEXTAREA = forms.Textarea(attrs={"rows": 4})
MAX_TEXT = 20000
SEPARATORS = re.compile(r"[：:，,、\s]+")


class CaseForm(forms.Form):
    """Base: the form knows the case (may be None) and the acting user."""

    def __init__(self, *args: Any, case: Case | None = None, user: Any = None, **kwargs: Any):
        self.case = case
        self.user = user
        super().__init__(*args, **kwargs)


class ConfirmForm(CaseForm):
    pass


class ReasonsForm(CaseForm):
    reasons = forms.CharField(label=_("理由"), widget=TEXTAREA, max_length=MAX_TEXT)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class DiscussionForm(CaseForm):
    """R-27: attendees, opinions, conclusion."""

    held_at = forms.DateTimeField(
        label=_("讨论时间"), widget=DATETIME, input_formats=DATETIME_FORMATS
    )
    place = forms.CharField(label=_("讨论地点"), max_length=200)
    chair = forms.CharField(label=_("主持人"), max_length=50)
    recorder = forms.CharField(label=_("记录人"), max_length=50)
    attendees = forms.CharField(
        label=_("参加人员"),
        widget=TEXTAREA,
        max_length=MAX_TEXT,
        help_text=_("每行一人：姓名 职务（R-27：至少三人）"),
    )
    opinions = forms.CharField(
        label=_("讨论意见"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_TEXT,
        help_text=_("每行一条：姓名：意见"),
    )
    conclusion = forms.ChoiceField(
        label=_("讨论结论"),
        choices=[(c.value, c.label) for c in CONCLUSIONS],
        widget=forms.RadioSelect,
    )
    conclusion_text = forms.CharField(label=_("结论意见"), widget=TEXTAREA, max_length=MAX_TEXT)

    def clean_attendees(self) -> list[dict]:
        out = []
        for line in _lines(self.cleaned_data["attendees"]):
            parts = SEPARATORS.split(line, maxsplit=1)
            out.append({"name": parts[0][:50], "post": (parts[1] if len(parts) > 1 else "")[:100]})
        return out

    def clean_opinions(self) -> list[dict]:
        out = []
        for line in _lines(self.cleaned_data["opinions"]):
            parts = re.split(r"[：:]", line, maxsplit=1)
            if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
                raise forms.ValidationError(
                    _("第 %(n)s 条意见格式应为“姓名：意见”"), params={"n": len(out) + 1}
                )
            out.append({"name": parts[0].strip()[:50], "opinion": parts[1].strip()})
        return out


class ReviewForm(CaseForm):
    """R-28: a finding per checklist item; passed or returned with reasons."""

    RESULT = (("passed", _("审核通过")), ("returned", _("退回补充调查")))
    FINDING = (("ok", _("符合")), ("not_ok", _("不符合")))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in LegalReview.Item:
            self.fields[f"item_{item.value}"] = forms.ChoiceField(
                label=item.label, choices=self.FINDING, widget=forms.RadioSelect
            )
            self.fields[f"note_{item.value}"] = forms.CharField(
                label=_("说明"), required=False, max_length=2000
            )
        self.fields["opinion"] = forms.CharField(
            label=_("审核意见"), widget=TEXTAREA, max_length=MAX_TEXT
        )
        self.fields["result"] = forms.ChoiceField(
            label=_("审核结论"), choices=self.RESULT, widget=forms.RadioSelect
        )
        self.fields["return_reasons"] = forms.CharField(
            label=_("退回理由"), widget=TEXTAREA, required=False, max_length=MAX_TEXT
        )

    def item_rows(self) -> list[tuple]:
        return [(self[f"item_{i.value}"], self[f"note_{i.value}"]) for i in LegalReview.Item]

    def findings(self) -> dict:
        data = self.cleaned_data
        return {
            item.value: {
                "ok": data[f"item_{item.value}"] == "ok",
                "note": data.get(f"note_{item.value}", ""),
            }
            for item in LegalReview.Item
        }


class ApprovalForm(CaseForm):
    """R-29: approve (with the outcome) or return with reasons."""

    DECISION = (("approve", _("批准")), ("return", _("退回")))
    decision = forms.ChoiceField(label=_("审批结论"), choices=DECISION, widget=forms.RadioSelect)
    outcome = forms.ChoiceField(
        label=_("决定内容"), choices=DecisionApproval.Outcome.choices, required=False
    )
    return_to = forms.ChoiceField(
        label=_("退回至"),
        choices=[("", "—")] + list(DecisionApproval.ReturnTo.choices),
        required=False,
    )
    reasons = forms.CharField(
        label=_("审批意见"), widget=TEXTAREA, required=False, max_length=MAX_TEXT
    )


class NoPenaltyForm(CaseForm):
    outcome = forms.ChoiceField(
        label=_("决定"),
        choices=[
            (DecisionApproval.Outcome.NO_PENALTY, DecisionApproval.Outcome.NO_PENALTY.label),
            (
                DecisionApproval.Outcome.NOT_ESTABLISHED,
                DecisionApproval.Outcome.NOT_ESTABLISHED.label,
            ),
        ],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(label=_("理由"), widget=TEXTAREA, max_length=MAX_TEXT)
    education = forms.CharField(
        label=_("批评教育情况"),
        widget=TEXTAREA,
        required=False,
        max_length=MAX_TEXT,
        help_text=_("R-12：不予行政处罚的，须记录对当事人的批评教育"),
    )


class ServeForm(CaseForm):
    """R-38: method, date, recipient and proof."""

    method = forms.ChoiceField(label=_("送达方式"), choices=ServiceRecord.Method.choices)
    served_on = forms.DateField(label=_("送达日期"), widget=DATE)
    recipient = forms.CharField(label=_("受送达人/签收人"), max_length=100)
    proof = forms.FileField(label=_("送达凭证（PDF、JPG、PNG）"))
    consent_reference = forms.CharField(
        label=_("电子送达确认书编号"), required=False, max_length=200
    )
    refused_to_sign = forms.BooleanField(label=_("拒绝签收（留置送达）"), required=False)
    note = forms.CharField(label=_("备注"), widget=TEXTAREA, required=False, max_length=MAX_TEXT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["served_on"].initial = clock.today()
            party = getattr(self.case, "primary_party", None) if self.case else None
            if party is not None:
                self.fields["recipient"].initial = party.name


class ChangeForm(CaseForm):
    status = forms.ChoiceField(
        label=_("撤销或变更"),
        choices=[
            (Decision.Status.REVOKED, Decision.Status.REVOKED.label),
            (Decision.Status.CHANGED, Decision.Status.CHANGED.label),
        ],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(label=_("理由"), widget=TEXTAREA, max_length=MAX_TEXT)


class PublishForm(forms.Form):
    masked_text = forms.CharField(
        label=_("公示内容（已隐去个人信息）"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=MAX_TEXT,
        help_text=_("R-39：保存时再次隐去自然人姓名、身份证号码、电话和详细地址"),
    )


class WithdrawForm(forms.Form):
    reasons = forms.CharField(label=_("撤回理由"), widget=TEXTAREA, max_length=MAX_TEXT)


# --- Summary procedure (R-20) ------------------------------------------------------------

HARM_LABELS = {
    "none": _("没有危害后果"),
    "small": _("危害后果轻微"),
    "general": _("危害后果一般"),
    "serious": _("危害后果严重"),
}
RIGHTS_TEMPLATE = _(
    "执法人员已出示执法证件，当场告知当事人拟作出的行政处罚内容及事实、理由、依据，并告知当事人依法"
    "享有陈述、申辩的权利。"
)


class SummaryForm(forms.Form):
    """当场处罚 (R-20): who, where, what, the oral notice, the statement, the number."""

    partner = forms.ModelChoiceField(
        label=_("共同执法人员"),
        queryset=Officer.objects.none(),
        help_text=_("R-01：两名持有效执法证的执法人员"),
    )
    party = forms.ModelChoiceField(
        label=_("当事人"),
        queryset=Party.objects.none(),
        help_text=_("请先在当事人页面登记当事人"),
    )
    domain = forms.ModelChoiceField(label=_("执法领域"), queryset=EnforcementDomain.objects.none())
    violation_code = forms.ChoiceField(label=_("违法行为"))
    acted_at = forms.DateTimeField(
        label=_("执法时间"), widget=DATETIME, input_formats=DATETIME_FORMATS
    )
    place = forms.CharField(label=_("执法地点"), max_length=255)
    title = forms.CharField(label=_("案由"), max_length=200, required=False)
    facts_text = forms.CharField(label=_("违法事实"), widget=TEXTAREA, max_length=MAX_TEXT)
    facts_certain = forms.BooleanField(
        label=_("违法事实确凿并有法定依据"), required=False, help_text=_("R-20")
    )
    minor = forms.BooleanField(label=_("违法行为轻微"), required=False)
    harm = forms.ChoiceField(label=_("危害后果"), choices=())
    promptly_corrected = forms.BooleanField(label=_("及时改正"), required=False)
    penalty_types = forms.MultipleChoiceField(
        label=_("处罚种类"),
        choices=[("warning", _("警告")), ("fine", _("罚款"))],
        widget=forms.CheckboxSelectMultiple,
    )
    fine = forms.DecimalField(
        label=_("罚款金额（元）"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text=_("R-20：公民200元以下，法人或者其他组织3000元以下"),
    )
    rights_notice = forms.CharField(
        label=_("口头告知内容"), widget=TEXTAREA, max_length=MAX_TEXT, help_text=_("R-24")
    )
    statement = forms.CharField(
        label=_("当事人陈述申辩"), widget=TEXTAREA, required=False, max_length=MAX_TEXT
    )
    statement_waived = forms.BooleanField(label=_("当事人明确放弃陈述申辩"), required=False)
    recheck = forms.CharField(
        label=_("复核意见"),
        widget=TEXTAREA,
        required=False,
        max_length=MAX_TEXT,
        help_text=_("R-25"),
    )
    refused_to_sign = forms.BooleanField(label=_("当事人拒绝签收"), required=False)
    signature_note = forms.CharField(label=_("签收情况"), required=False, max_length=255)
    reserved_number = forms.ChoiceField(
        label=_("预留决定书编号"), help_text=_("R-37：使用预先编号的当场处罚决定书")
    )

    def __init__(self, *args: Any, user: Any, officer: Officer, numbers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = (
            Officer.objects.filter(agency_id=officer.agency_id, status=Officer.Status.ON_POST)
            .exclude(pk=officer.pk)
            .order_by("name")
        )
        self.fields["party"].queryset = parties_visible_to(user).order_by("name")
        domains = officer.agency.domains.all()
        self.fields["domain"].queryset = domains.order_by("name")
        codes = ViolationType.objects.filter(is_active=True, domain__in=domains).order_by("code")
        self.fields["violation_code"].choices = [(v.code, f"{v.code} {v.name}") for v in codes]
        self.fields["harm"].choices = [(h.value, HARM_LABELS.get(h.value, h.value)) for h in d.Harm]
        self.fields["reserved_number"].choices = [(n, n) for n in numbers]
        if not self.is_bound:
            self.fields["acted_at"].initial = timezone.localtime(clock.now()).strftime(
                "%Y-%m-%dT%H:%M"
            )
            self.fields["rights_notice"].initial = RIGHTS_TEMPLATE
            self.fields["harm"].initial = d.Harm.GENERAL.value

    def facts(self) -> dict:
        c = self.cleaned_data
        return {
            "facts_certain": c["facts_certain"],
            "minor": c["minor"],
            "harm": c["harm"],
            "promptly_corrected": c["promptly_corrected"],
        }


class ReserveForm(forms.Form):
    count = forms.IntegerField(label=_("预留数量"), min_value=1, max_value=100, initial=10)


class FilingForm(forms.Form):
    note = forms.CharField(label=_("备案意见"), widget=TEXTAREA, required=False, max_length=2000)
