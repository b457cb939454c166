"""Forms of the officers pages. They validate input; the services do the writing."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.roles import Role
from officers.idnumber import validate_id_number
from officers.models import (
    Agency,
    AgencySettings,
    Certificate,
    Delegation,
    EnforcementDomain,
    Exam,
    Fault,
    Officer,
    Power,
    Training,
)
from officers.services.agencies import SETTINGS_FIELDS
from officers.services.staff import STAFF_ROLES


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _domains_field(required: bool = True) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("执法领域"),
        queryset=EnforcementDomain.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
        required=required,
    )


def _clean_id(value: str) -> str:
    value = (value or "").strip()
    return validate_id_number(value) if value else ""


STAFF_ROLE_CHOICES = [(str(r), r.label) for r in STAFF_ROLES]


class OfficerCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("用户名"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("用户名只能包含字母、数字和 @/./+/-/_ 字符。")},
    )
    name = forms.CharField(label=_("姓名"), max_length=50)
    email = forms.EmailField(label=_("邮箱"), required=False)
    password = forms.CharField(
        label=_("初始密码"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("留空则账号在设置密码前无法登录。"),
    )
    id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False)
    post = forms.CharField(label=_("岗位"), max_length=100, required=False)
    duties = forms.CharField(label=_("岗位职责"), widget=forms.Textarea, required=False)
    phone = forms.CharField(label=_("电话"), max_length=30, required=False)
    domains = _domains_field(required=False)
    is_new_staff = forms.BooleanField(
        label=_("新进人员"), required=False, help_text=_("R-60：考试合格并取得执法证前不得分派案件")
    )
    legal_qualification = forms.CharField(
        label=_("法律职业资格证书编号"), max_length=50, required=False
    )
    roles = forms.MultipleChoiceField(
        label=_("角色"),
        choices=STAFF_ROLE_CHOICES,
        initial=[Role.OFFICER],
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_id_number(self) -> str:
        return _clean_id(self.cleaned_data.get("id_number", ""))


class OfficerEditForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    email = forms.EmailField(label=_("邮箱"), required=False)
    password = forms.CharField(
        label=_("重设密码"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("留空则不修改。"),
    )
    id_number = forms.CharField(
        label=_("身份证号"), max_length=18, required=False, help_text=_("留空则保持不变。")
    )
    post = forms.CharField(label=_("岗位"), max_length=100, required=False)
    duties = forms.CharField(label=_("岗位职责"), widget=forms.Textarea, required=False)
    phone = forms.CharField(label=_("电话"), max_length=30, required=False)
    domains = _domains_field(required=False)
    legal_qualification = forms.CharField(
        label=_("法律职业资格证书编号"), max_length=50, required=False
    )
    is_active = forms.BooleanField(label=_("账号启用"), required=False)

    def clean_id_number(self) -> str:
        return _clean_id(self.cleaned_data.get("id_number", ""))


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("角色"),
        choices=STAFF_ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=Officer.Status.choices)
    reason = forms.CharField(label=_("原因或决定文号"), max_length=255)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("年审结论"),
        choices=[("1", _("合格")), ("0", _("不合格"))],
        coerce=lambda v: v == "1",
        initial="1",
    )
    note = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class CertificateIssueForm(forms.ModelForm):
    domains = _domains_field()

    class Meta:
        model = Certificate
        fields = ["number", "issuer", "domains", "issued_on", "expires_on", "review_due_on"]
        widgets = {
            "issued_on": DateInput(),
            "expires_on": DateInput(),
            "review_due_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review_due_on"].required = False
        self.fields["review_due_on"].help_text = _("留空则为发证一年后。")

    def clean(self):
        data = super().clean()
        issued, expires = data.get("issued_on"), data.get("expires_on")
        if issued and expires and expires < issued:
            raise ValidationError(_("有效期至不得早于发证日期。"))
        return data


class ExamForm(forms.ModelForm):
    passed = forms.TypedChoiceField(
        label=_("考试结果"),
        choices=[("1", _("合格")), ("0", _("不合格"))],
        coerce=lambda v: v == "1",
    )

    class Meta:
        model = Exam
        fields = ["kind", "subject", "taken_on", "score", "passed", "organiser", "notes"]
        widgets = {"taken_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        fields = [
            "kind",
            "title",
            "law_name",
            "started_on",
            "ended_on",
            "hours",
            "organiser",
            "result",
        ]
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}


class FaultForm(forms.ModelForm):
    class Meta:
        model = Fault
        fields = [
            "kind",
            "case_reference",
            "occurred_on",
            "found_on",
            "finding",
            "sanction",
            "measure",
            "recovery_amount",
            "recovery_status",
        ]
        widgets = {"occurred_on": DateInput(), "found_on": DateInput()}


class FaultEditForm(forms.ModelForm):
    class Meta:
        model = Fault
        fields = [
            "case_reference",
            "sanction",
            "recovery_amount",
            "recovery_status",
            "recovered_amount",
        ]


class AgencyProfileForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "short_name", "region", "doc_prefix", "address", "hotline", "domains"]
        widgets = {"domains": forms.CheckboxSelectMultiple}


class AgencySettingsForm(forms.ModelForm):
    class Meta:
        model = AgencySettings
        fields = list(SETTINGS_FIELDS)


class PowerForm(forms.ModelForm):
    class Meta:
        model = Power
        fields = ["domain", "violation_code", "legal_basis", "valid_from", "valid_to"]
        widgets = {
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
        }


class DelegationForm(forms.ModelForm):
    domains = _domains_field()

    class Meta:
        model = Delegation
        fields = ["delegate", "domains", "scope", "valid_from", "valid_to", "document_number"]
        widgets = {
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "scope": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, principal: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = Agency.objects.filter(
            kind=Agency.Kind.ENTRUSTED
        ).exclude(pk=principal.pk)


class RosterImportForm(forms.Form):
    file = forms.FileField(label=_("花名册文件（.xlsx）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("请上传 .xlsx 格式的电子表格。"))
        if upload.size > 5 * 1024 * 1024:
            raise ValidationError(_("文件不得超过 5 MB。"))
        return upload
