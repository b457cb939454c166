"""Forms of the notice and hearing pages. Text fields reject NUL bytes (Django's CharField
validator) with a translated error; dates, times and choices are checked here, the rules
(R-24–R-34) in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseOfficer
from documents.models import ServiceRecord
from officers.models import Officer
from penalties.models import (
    HearingPostponement,
    HearingRecord,
    HearingRecusal,
    HearingRequest,
    Recheck,
    Statement,
    Waiver,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TEXTAREA = forms.Textarea(attrs={"rows": 4})
MAX_TEXT = 20000


class NoticeForm(forms.Form):
    """Base: the form knows the case and the acting user."""

    def __init__(self, *args: Any, case: Case, user: Any, **kwargs: Any) -> None:
        self.case = case
        self.user = user
        super().__init__(*args, **kwargs)


def _officers(case: Case):
    return Officer.objects.filter(agency_id=case.agency_id, status=Officer.Status.ON_POST).order_by(
        "name"
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class EmptyForm(NoticeForm):
    pass


class IssueNoticeForm(NoticeForm):
    facts = forms.CharField(
        label=_("违法事实"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_TEXT,
        help_text=_("告知书载明的违法事实；证据、法律依据和拟处罚内容由系统根据拟处罚意见填写"),
    )
    officers = forms.ModelMultipleChoiceField(
        label=_("执法人员"),
        queryset=Officer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("R-01：两名以上持有效执法证的执法人员"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = CaseOfficer.objects.filter(case=self.case, active=True).values("officer_id")
        self.fields["officers"].queryset = Officer.objects.filter(pk__in=ids).order_by("name")
        if not self.is_bound:
            self.initial.setdefault("facts", self.case.facts)
            self.initial.setdefault("officers", list(self.fields["officers"].queryset))


class ServiceForm(NoticeForm):
    """R-38: method, date, recipient, proof (scan of the signed receipt)."""

    method = forms.ChoiceField(label=_("送达方式"), choices=ServiceRecord.Method.choices)
    served_on = forms.DateField(label=_("送达日期"), widget=DATE)
    recipient = forms.CharField(label=_("受送达人/签收人"), max_length=100)
    proof = forms.FileField(
        label=_("送达凭证"), help_text=_("签收的送达回证或邮寄回执的扫描件（PDF、JPG、PNG）")
    )
    consent_reference = forms.CharField(
        label=_("电子送达确认书编号"), max_length=200, required=False
    )
    refused_to_sign = forms.BooleanField(label=_("拒绝签收（留置送达）"), required=False)
    note = forms.CharField(label=_("备注"), widget=TEXTAREA, required=False, max_length=5000)


class StatementForm(NoticeForm):
    received_on = forms.DateField(label=_("收到日期"), widget=DATE)
    channel = forms.ChoiceField(label=_("提出方式"), choices=Statement.Channel.choices)
    stated_by = forms.CharField(label=_("陈述申辩人"), max_length=200)
    content = forms.CharField(label=_("陈述申辩内容"), widget=TEXTAREA, max_length=MAX_TEXT)
    attachments = MultipleFileField(
        label=_("材料"), required=False, help_text=_("当事人提交的书面材料或证据（可多选）")
    )


class RecheckForm(NoticeForm):
    statement = forms.ModelChoiceField(label=_("陈述申辩"), queryset=Statement.objects.none())
    outcome = forms.ChoiceField(
        label=_("复核结论"), choices=Recheck.Outcome.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("复核理由"),
        widget=TEXTAREA,
        required=False,
        max_length=MAX_TEXT,
        help_text=_("R-25：不予采纳或部分采纳的，须说明理由"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["statement"]
        field.queryset = Statement.objects.filter(case=self.case, recheck__isnull=True).order_by(
            "seq"
        )
        field.label_from_instance = lambda s: (
            f"第{s.seq}号 · {s.received_on:%Y-%m-%d} · {s.stated_by}"
        )


class WaiverForm(NoticeForm):
    scope = forms.ChoiceField(label=_("放弃事项"), choices=Waiver.Scope.choices)
    signed_on = forms.DateField(label=_("签署日期"), widget=DATE)
    signed_by = forms.CharField(label=_("签署人"), max_length=200)
    document = forms.FileField(
        label=_("书面放弃材料"), help_text=_("R-25：当事人签署的书面材料（PDF、JPG、PNG 等）")
    )
    note = forms.CharField(label=_("备注"), widget=TEXTAREA, required=False, max_length=5000)


class HearingRequestForm(NoticeForm):
    received_on = forms.DateField(
        label=_("提出日期"), widget=DATE, help_text=_("邮寄的以邮戳日期为准")
    )
    channel = forms.ChoiceField(label=_("申请方式"), choices=HearingRequest.Channel.choices)
    requested_by = forms.CharField(label=_("申请人"), max_length=200)
    note = forms.CharField(label=_("申请内容"), widget=TEXTAREA, required=False, max_length=5000)


class WithdrawRequestForm(NoticeForm):
    withdrawn_on = forms.DateField(label=_("撤回日期"), widget=DATE)
    note = forms.CharField(label=_("备注"), widget=TEXTAREA, required=False, max_length=5000)


class ScheduleForm(NoticeForm):
    presiding_officer = forms.ModelChoiceField(
        label=_("听证主持人"),
        queryset=Officer.objects.none(),
        help_text=_("R-33：不得由本案调查人员担任"),
    )
    recorder = forms.ModelChoiceField(label=_("记录员"), queryset=Officer.objects.none())
    place = forms.CharField(label=_("听证地点"), max_length=255)
    hearing_date = forms.DateField(
        label=_("听证日期"), widget=DATE, help_text=_("R-32：听证通知书须在听证7个工作日前送达")
    )
    hearing_time = forms.TimeField(label=_("听证时间"), widget=TIME)
    public = forms.BooleanField(label=_("公开举行"), required=False, initial=True)
    non_public_reason = forms.CharField(
        label=_("不公开理由"),
        max_length=255,
        required=False,
        help_text=_("涉及国家秘密、商业秘密或者个人隐私的，可以不公开举行"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presiding_officer"].queryset = _officers(self.case)
        self.fields["recorder"].queryset = _officers(self.case)


class PostponeForm(NoticeForm):
    hearing_date = forms.DateField(label=_("新定听证日期"), widget=DATE)
    hearing_time = forms.TimeField(label=_("新定听证时间"), widget=TIME)
    requested_by = forms.ChoiceField(
        label=_("提出方"), choices=HearingPostponement.RequestedBy.choices
    )
    reason = forms.CharField(label=_("延期理由"), widget=TEXTAREA, max_length=5000)


class HearingRecusalForm(NoticeForm):
    role = forms.ChoiceField(label=_("被申请回避人"), choices=HearingRecusal.Role.choices)
    applicant = forms.CharField(label=_("申请人"), max_length=200)
    grounds = forms.CharField(label=_("申请理由"), widget=TEXTAREA, max_length=5000)
    requested_on = forms.DateField(label=_("申请日期"), widget=DATE)


class RecusalDecisionForm(NoticeForm):
    recusal = forms.ModelChoiceField(label=_("回避申请"), queryset=HearingRecusal.objects.none())
    decision = forms.ChoiceField(
        label=_("决定"),
        choices=[("grant", _("准予回避")), ("refuse", _("驳回"))],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(label=_("决定理由"), widget=TEXTAREA, max_length=5000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recusal"]
        field.queryset = HearingRecusal.objects.filter(
            hearing__case=self.case, status=HearingRecusal.Status.PENDING
        ).select_related("officer")
        field.label_from_instance = lambda r: (
            f"{r.get_role_display()} {r.officer.name} · {r.applicant}"
        )


class ReplaceOfficerForm(NoticeForm):
    role = forms.ChoiceField(label=_("职责"), choices=HearingRecusal.Role.choices)
    officer = forms.ModelChoiceField(label=_("更换为"), queryset=Officer.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = _officers(self.case)


class HearingRecordForm(NoticeForm):
    held_on = forms.DateField(label=_("举行日期"), widget=DATE)
    attendance = forms.ChoiceField(
        label=_("出席情况"),
        choices=HearingRecord.Attendance.choices,
        widget=forms.RadioSelect,
        help_text=_("R-34：无正当理由拒不出席或者未经许可中途退出的，视为放弃听证"),
    )
    participants = forms.CharField(
        label=_("参加人员"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("每行一人，格式“身份：姓名”，例如“委托代理人：陈律师”"),
    )
    investigators_case = forms.CharField(
        label=_("调查人员提出的事实、证据和处罚建议"),
        widget=TEXTAREA,
        required=False,
        max_length=MAX_TEXT,
    )
    defence = forms.CharField(
        label=_("当事人的陈述和申辩"), widget=TEXTAREA, required=False, max_length=MAX_TEXT
    )
    cross_examination = forms.CharField(
        label=_("质证和辩论"), widget=TEXTAREA, required=False, max_length=MAX_TEXT
    )
    final_statement = forms.CharField(
        label=_("当事人最后陈述"), widget=TEXTAREA, required=False, max_length=MAX_TEXT
    )
    signature = forms.ChoiceField(label=_("签名情况"), choices=HearingRecord.Signature.choices)
    signature_note = forms.CharField(
        label=_("签名情况说明"), widget=TEXTAREA, required=False, max_length=2000
    )

    def clean_participants(self) -> list[dict[str, str]]:
        rows = []
        for line in (self.cleaned_data.get("participants") or "").splitlines():
            line = line.strip()
            if not line:
                continue
            for sep in ("：", ":"):
                if sep in line:
                    role, name = line.split(sep, 1)
                    break
            else:
                role, name = "", line
            rows.append({"role": role.strip(), "name": name.strip()})
        return rows


class RenotifyForm(NoticeForm):
    reasons = forms.CharField(
        label=_("变更的事实、证据或依据"),
        widget=TEXTAREA,
        max_length=MAX_TEXT,
        help_text=_("R-26：拟作出的处罚重于已告知的处罚的，须重新告知并说明变更的事实、证据或依据"),
    )
