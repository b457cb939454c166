"""Forms of the documents pages: record a service (R-38), void a document."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import clock
from documents.kinds import Kind
from documents.models import Document, ServiceRecord


def _no_nul(value: str) -> str:
    if value and "\x00" in value:
        raise ValidationError(_("输入含有空字符（NUL），请删除后重试。"), code="nul")
    return value


class ServiceRecordForm(forms.Form):
    """What an officer records after serving a document; the service re-checks it."""

    method = forms.ChoiceField(label=_("送达方式"), choices=ServiceRecord.Method.choices)
    served_on = forms.DateField(
        label=_("送达日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    recipient = forms.CharField(label=_("受送达人/签收人"), max_length=100)
    proof = forms.FileField(
        label=_("送达凭证（PDF/JPG/PNG）"),
        required=False,
        help_text=_("签收的文书、邮寄回执、公告页面等的扫描件或照片"),
    )
    receipt = forms.ModelChoiceField(
        label=_("已签收的送达回证"), queryset=Document.objects.none(), required=False
    )
    consent_reference = forms.CharField(
        label=_("电子送达确认书编号"),
        max_length=200,
        required=False,
        help_text=_("R-38：电子送达须经受送达人同意并签订送达地址确认书"),
    )
    refused_to_sign = forms.BooleanField(label=_("受送达人拒绝签收"), required=False)
    note = forms.CharField(
        label=_("备注（见证人、拒收情况等）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, document: Document, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.document = document
        receipts = Document.objects.filter(
            agency_id=document.agency_id,
            kind=Kind.SERVICE_RECEIPT,
            status=Document.Status.ISSUED,
        )
        if document.case_id is not None:
            receipts = receipts.filter(case_id=document.case_id)
        self.fields["receipt"].queryset = receipts.order_by("-created_at")
        self.fields["receipt"].label_from_instance = lambda d: d.number

    def clean_recipient(self) -> str:
        return _no_nul(self.cleaned_data["recipient"]).strip()

    def clean_consent_reference(self) -> str:
        return _no_nul(self.cleaned_data.get("consent_reference", "")).strip()

    def clean_note(self) -> str:
        return _no_nul(self.cleaned_data.get("note", "")).strip()

    def clean_served_on(self):
        served_on = self.cleaned_data["served_on"]
        if served_on > clock.today():
            raise ValidationError(
                _("R-38: 送达日期不得晚于今天（%(t)s）。") % {"t": clock.today().isoformat()},
                code="future",
            )
        return served_on

    def clean(self):
        data = super().clean()
        if data.get("method") == ServiceRecord.Method.ELECTRONIC and not data.get(
            "consent_reference"
        ):
            self.add_error(
                "consent_reference",
                ValidationError(
                    _("R-38: 电子送达须经受送达人同意并签订送达地址确认书，请填写确认书编号。"),
                    code="consent",
                ),
            )
        if not data.get("proof") and not data.get("receipt") and not self.errors.get("proof"):
            self.add_error(
                None,
                ValidationError(_("R-38: 须上传送达凭证或选择已签收的送达回证。"), code="proof"),
            )
        return data


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("作废原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_reason(self) -> str:
        return _no_nul(self.cleaned_data["reason"]).strip()
