"""Forms of the public pages and the staff pages of the portal.

Every text field rejects NUL bytes (Django's CharField validator, translated) and has a
length limit; choices are validated against their lists; the services check the rules
again. Errors are translated sentences shown beside the field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from cases.forms import violation_field
from cases.models import Party
from core import clock
from officers.models import Agency, EnforcementDomain, Officer
from portal import selectors
from portal.models import Commitment, Complaint, PortalSettings
from portal.services import complaints as complaint_svc

TEXTAREA = forms.Textarea(attrs={"rows": 4})
RATING_CHOICES = [(i, str(i)) for i in range(5, 0, -1)]
PHONE = RegexValidator(r"^[0-9+\-() ]{5,30}$", _("请填写有效的电话号码（数字、空格或“-”）"))
NUL = ProhibitNullCharactersValidator(message=_("含有非法字符（空字符），请删除后重新提交"))


class CleanTextMixin:
    """Every text field refuses NUL bytes with a clear sentence (PostgreSQL rejects them;
    Django's own wording in Chinese is misleading)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators = [
                    NUL if isinstance(v, ProhibitNullCharactersValidator) else v
                    for v in field.validators
                ]


class CertificateCheckForm(CleanTextMixin, forms.Form):
    number = forms.CharField(
        label=_("执法证号"),
        max_length=50,
        error_messages={"required": _("请输入执法证号")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )


class EvaluationForm(CleanTextMixin, forms.Form):
    """R-65: three ratings and a comment; nothing that identifies the party."""

    courtesy = forms.TypedChoiceField(
        label=_("文明执法（态度、言行是否文明规范）"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("请为文明执法评分")},
    )
    lawfulness = forms.TypedChoiceField(
        label=_("程序合法（是否出示证件、依法定程序办理）"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("请为程序合法评分")},
    )
    rights_explained = forms.TypedChoiceField(
        label=_("权利告知（陈述、申辩、听证及救济权利是否讲解清楚）"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("请为权利告知评分")},
    )
    comment = forms.CharField(
        label=_("意见建议（选填）"),
        widget=TEXTAREA,
        required=False,
        max_length=2000,
        help_text=_("请勿填写身份证号、电话等个人信息。"),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ComplaintForm(CleanTextMixin, forms.Form):
    """R-71: what the public files. Contact details are optional."""

    kind = forms.ChoiceField(
        label=_("类别"),
        choices=Complaint.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择投诉举报类别")},
    )
    agency = forms.ModelChoiceField(
        label=_("执法机关"),
        queryset=Agency.objects.none(),
        empty_label=_("请选择"),
        error_messages={
            "required": _("请选择执法机关"),
            "invalid_choice": _("请选择列表中的执法机关"),
        },
    )
    officer_ref = forms.CharField(
        label=_("执法人员姓名或执法证号（选填）"),
        max_length=100,
        required=False,
        help_text=_("投诉执法人员的须填写"),
    )
    description = forms.CharField(
        label=_("事项描述"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": _("请描述投诉或举报的事项")},
        help_text=_("时间、地点、经过；举报违法行为请写明被举报对象和违法事实。"),
    )
    contact_name = forms.CharField(label=_("联系人（选填）"), max_length=50, required=False)
    contact_phone = forms.CharField(
        label=_("联系电话（选填）"), max_length=30, required=False, validators=[PHONE]
    )
    attachments = MultipleFileField(
        label=_("附件（选填）"),
        required=False,
        help_text=_("PDF、JPEG 或 PNG，最多 3 个，每个不超过 10 MB。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = selectors.public_agencies()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == Complaint.Kind.OFFICER and not data.get("officer_ref"):
            self.add_error("officer_ref", _("投诉执法人员的，请填写执法人员姓名或执法证号"))
        files = data.get("attachments") or []
        if len(files) > complaint_svc.MAX_ATTACHMENTS:
            self.add_error(
                "attachments", _("附件最多 %(n)s 个") % {"n": complaint_svc.MAX_ATTACHMENTS}
            )
        return data


class LookupForm(CleanTextMixin, forms.Form):
    number = forms.CharField(
        label=_("受理编号"),
        max_length=30,
        help_text=_("例如 TS2026-000123"),
        error_messages={"required": _("请输入受理编号")},
    )
    code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        error_messages={"required": _("请输入提交时获得的查询码")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


# --- Staff -----------------------------------------------------------------------------------


class AssignForm(CleanTextMixin, forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("承办人"), queryset=Officer.objects.none(), empty_label=_("请选择")
    )

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = complaint_svc.assignable(complaint)


class RespondForm(CleanTextMixin, forms.Form):
    response = forms.CharField(label=_("答复内容"), widget=TEXTAREA, max_length=10000)


class ConvertForm(CleanTextMixin, forms.Form):
    domain = forms.ModelChoiceField(label=_("执法领域"), queryset=EnforcementDomain.objects.none())
    title = forms.CharField(label=_("案由"), max_length=200)

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = complaint_svc.lead_domains(complaint)
        self.fields["violation_code"] = violation_field(complaint.agency)


class QueueFilterForm(CleanTextMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部"))] + list(Complaint.Status.choices), required=False
    )
    kind = forms.ChoiceField(
        label=_("类别"), choices=[("", _("全部"))] + list(Complaint.Kind.choices), required=False
    )
    overdue = forms.BooleanField(label=_("仅看已超期"), required=False)


class CommitmentForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["position", "item", "standard", "metric", "is_active"]
        widgets = {"standard": TEXTAREA}


class PortalSettingsForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = PortalSettings
        fields = [
            "legal_aid_centre",
            "legal_aid_address",
            "legal_aid_phone",
            "legal_aid_note",
            "complaint_handling_wd",
        ]
        widgets = {"legal_aid_note": TEXTAREA}


class ReferralForm(CleanTextMixin, forms.Form):
    party = forms.ModelChoiceField(label=_("当事人"), queryset=Party.objects.none())
    referred_on = forms.DateField(
        label=_("转介日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    centre = forms.CharField(label=_("法律援助机构"), max_length=200)
    note = forms.CharField(label=_("备注"), widget=TEXTAREA, required=False, max_length=2000)

    def __init__(self, *args: Any, parties: list[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(pk__in=[p.pk for p in parties])
        self.fields["referred_on"].initial = clock.today()
