"""Forms of the cases pages. Every text field rejects NUL bytes (Django's CharField
validator) and every error is a translated sentence; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import violations
from cases.models import (
    AssistanceRequest,
    Case,
    CaseOfficer,
    Evidence,
    ExcludedPeriod,
    Party,
    Preservation,
    Record,
    Recusal,
    Transfer,
)
from cases.selectors import PAGE_SIZES, SORT_LABELS
from cases.services.lifecycle import SUSPENSION_GROUNDS, TERMINATION_GROUNDS
from cases.states import State
from officers.models import Agency, EnforcementDomain, Officer

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"})
TEXTAREA = forms.Textarea(attrs={"rows": 3})
SUSPENSION_CHOICES = list(SUSPENSION_GROUNDS.items())
TERMINATION_CHOICES = list(TERMINATION_GROUNDS.items())


def _agency_officers(agency_id: int):
    return Officer.objects.filter(agency_id=agency_id, status=Officer.Status.ON_POST).order_by(
        "name"
    )


class CaseActionForm(forms.Form):
    """Base of the forms on a case: they know the case and the acting user."""

    def __init__(self, *args: Any, case: Case, user: Any, **kwargs: Any) -> None:
        self.case = case
        self.user = user
        super().__init__(*args, **kwargs)


class ReasonsForm(CaseActionForm):
    reasons = forms.CharField(label=_("理由"), widget=TEXTAREA, max_length=5000)


class EmptyForm(CaseActionForm):
    pass


class DecisionForm(CaseActionForm):
    decision = forms.ChoiceField(
        label=_("审批结果"),
        choices=[("approve", _("批准")), ("reject", _("不批准"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("审批意见"), widget=TEXTAREA, required=False, max_length=5000)

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class NotFileForm(CaseActionForm):
    verification_result = forms.CharField(label=_("核查结果"), widget=TEXTAREA, max_length=5000)
    reasons = forms.CharField(label=_("不予立案理由"), widget=TEXTAREA, max_length=5000)


def violation_field(agency, domain=None, *, required: bool = False) -> forms.Field:
    """A choice from the catalogue when `penalties` provides one, else a free-text code."""
    if violations.has_catalogue():
        choices = [("", "—")] + violations.choices(agency, domain)
        return forms.ChoiceField(label=_("违法行为"), choices=choices, required=required)
    return forms.CharField(label=_("违法行为代码"), max_length=40, required=required)


class LeadForm(forms.Form):
    domain = forms.ModelChoiceField(label=_("执法领域"), queryset=EnforcementDomain.objects.none())
    source = forms.ChoiceField(label=_("线索来源"), choices=Case.Source.choices)
    referring_body = forms.CharField(label=_("移送或交办机关"), max_length=200, required=False)
    source_detail = forms.CharField(
        label=_("来源说明"), widget=TEXTAREA, required=False, max_length=5000
    )
    title = forms.CharField(label=_("案由"), max_length=200)
    facts = forms.CharField(label=_("案情摘要"), widget=TEXTAREA, required=False, max_length=20000)
    place = forms.CharField(label=_("违法行为地点"), max_length=255, required=False)
    act_date = forms.DateField(label=_("违法行为发生日期"), widget=DATE, required=False)
    is_continuing = forms.BooleanField(label=_("连续或继续状态"), required=False)
    act_end_date = forms.DateField(label=_("行为终了日期"), widget=DATE, required=False)
    discovered_on = forms.DateField(label=_("发现日期"), widget=DATE, required=False)
    safety_related = forms.BooleanField(
        label=_("涉及公民生命健康安全、金融安全且有危害后果"), required=False
    )
    party = forms.ModelChoiceField(label=_("当事人"), queryset=Party.objects.none(), required=False)

    def __init__(self, *args: Any, agency: Agency, parties, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = agency.domains.all() or EnforcementDomain.objects.all()
        self.fields["party"].queryset = parties
        self.fields["violation_code"] = violation_field(agency)
        self.order_fields(["domain", "violation_code"])


class CaseEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("案由"), max_length=200)
    facts = forms.CharField(label=_("案情摘要"), widget=TEXTAREA, required=False, max_length=20000)
    place = forms.CharField(label=_("违法行为地点"), max_length=255, required=False)
    act_date = forms.DateField(label=_("违法行为发生日期"), widget=DATE, required=False)
    is_continuing = forms.BooleanField(label=_("连续或继续状态"), required=False)
    act_end_date = forms.DateField(label=_("行为终了日期"), widget=DATE, required=False)
    discovered_on = forms.DateField(label=_("发现日期"), widget=DATE, required=False)
    safety_related = forms.BooleanField(
        label=_("涉及公民生命健康安全、金融安全且有危害后果"), required=False
    )
    is_major = forms.BooleanField(label=_("重大复杂案件"), required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if case.filed_on is not None:
            self.fields["violation_code"] = forms.CharField(label=_("违法行为代码"), required=False)
        else:
            self.fields["violation_code"] = violation_field(case.agency, case.domain)
        if case.filed_on is not None:
            for name in (
                "act_date",
                "is_continuing",
                "act_end_date",
                "discovered_on",
                "violation_code",
            ):
                self.fields[name].disabled = True


class PartyForm(forms.Form):
    kind = forms.ChoiceField(label=_("当事人类型"), choices=Party.Kind.choices)
    name = forms.CharField(label=_("名称或姓名"), max_length=200)
    id_type = forms.ChoiceField(label=_("证件类型"), choices=Party.IdType.choices)
    id_number = forms.CharField(label=_("证件号码或统一社会信用代码"), max_length=40)
    birth_date = forms.DateField(
        label=_("出生日期"),
        widget=DATE,
        required=False,
        help_text=_("居民身份证号码中的出生日期优先"),
    )
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    address = forms.CharField(label=_("住所或地址"), max_length=255, required=False)
    legal_representative = forms.CharField(
        label=_("法定代表人或负责人"), max_length=100, required=False
    )


class PartyEditForm(forms.Form):
    name = forms.CharField(label=_("名称或姓名"), max_length=200)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    address = forms.CharField(label=_("住所或地址"), max_length=255, required=False)
    legal_representative = forms.CharField(
        label=_("法定代表人或负责人"), max_length=100, required=False
    )


class AddPartyForm(CaseActionForm, PartyForm):
    """Add a party to the case: an existing one found by its number, or a new one."""

    primary = forms.BooleanField(label=_("主要当事人"), required=False, initial=True)


class AssignForm(CaseActionForm):
    officer = forms.ModelChoiceField(label=_("执法人员"), queryset=Officer.objects.none())
    is_lead = forms.BooleanField(label=_("主办"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = CaseOfficer.objects.filter(case=self.case, active=True).values("officer_id")
        self.fields["officer"].queryset = _agency_officers(self.case.agency_id).exclude(
            pk__in=active
        )


class EndAssignmentForm(CaseActionForm):
    officer = forms.ModelChoiceField(label=_("调出人员"), queryset=Officer.objects.none())
    replacement = forms.ModelChoiceField(
        label=_("接替人员"), queryset=Officer.objects.none(), required=False
    )
    reason = forms.CharField(label=_("调整原因"), widget=TEXTAREA, max_length=5000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = CaseOfficer.objects.filter(case=self.case, active=True).values("officer_id")
        self.fields["officer"].queryset = Officer.objects.filter(pk__in=active)
        self.fields["replacement"].queryset = _agency_officers(self.case.agency_id).exclude(
            pk__in=active
        )


class LeadOfficerForm(CaseActionForm):
    officer = forms.ModelChoiceField(label=_("主办人员"), queryset=Officer.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = CaseOfficer.objects.filter(case=self.case, active=True).values("officer_id")
        self.fields["officer"].queryset = Officer.objects.filter(pk__in=active)


class RecusalRequestForm(CaseActionForm):
    officer = forms.ModelChoiceField(label=_("被申请回避人员"), queryset=Officer.objects.none())
    applicant = forms.CharField(label=_("申请人"), max_length=200)
    grounds = forms.CharField(label=_("申请理由"), widget=TEXTAREA, max_length=5000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = CaseOfficer.objects.filter(case=self.case).values("officer_id")
        self.fields["officer"].queryset = Officer.objects.filter(pk__in=ids)


class RecusalDecisionForm(CaseActionForm):
    recusal = forms.ModelChoiceField(label=_("回避申请"), queryset=Recusal.objects.none())
    decision = forms.ChoiceField(
        label=_("决定"),
        choices=[("grant", _("准予回避")), ("refuse", _("驳回申请"))],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(label=_("决定理由"), widget=TEXTAREA, max_length=5000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recusal"].queryset = Recusal.objects.filter(
            case=self.case, status=Recusal.Status.PENDING
        ).select_related("officer")


class SuspensionForm(CaseActionForm):
    ground = forms.ChoiceField(label=_("法定事由"), choices=SUSPENSION_CHOICES)
    reasons = forms.CharField(label=_("具体理由"), widget=TEXTAREA, max_length=5000)


class TerminationForm(CaseActionForm):
    ground = forms.ChoiceField(label=_("法定事由"), choices=TERMINATION_CHOICES)
    reasons = forms.CharField(label=_("具体理由"), widget=TEXTAREA, max_length=5000)


class TransferForm(CaseActionForm):
    kind = forms.ChoiceField(
        label=_("移送类型"), choices=Transfer.Kind.choices, widget=forms.RadioSelect
    )
    to_agency = forms.ModelChoiceField(
        label=_("接收机关"), queryset=Agency.objects.none(), required=False
    )
    to_body = forms.CharField(label=_("接收的司法机关"), max_length=200, required=False)
    reasons = forms.CharField(label=_("移送理由"), widget=TEXTAREA, max_length=5000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = Agency.objects.filter(is_active=True).exclude(
            pk=self.case.agency_id
        )


class TransferReceiptForm(CaseActionForm):
    transfer = forms.ModelChoiceField(label=_("移送"), queryset=Transfer.objects.none())
    receipt_on = forms.DateField(label=_("回执日期"), widget=DATE)
    receipt_by = forms.CharField(label=_("签收人"), max_length=100)
    note = forms.CharField(label=_("回执说明"), widget=TEXTAREA, required=False, max_length=5000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["transfer"].queryset = Transfer.objects.filter(
            case=self.case, receipt_on__isnull=True
        )


class AssistanceForm(CaseActionForm):
    to_agency = forms.ModelChoiceField(label=_("被请求机关"), queryset=Agency.objects.none())
    matter = forms.CharField(label=_("协助事项"), widget=TEXTAREA, max_length=5000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = Agency.objects.filter(is_active=True).exclude(
            pk=self.case.agency_id
        )


class AssistanceResponseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("答复"),
        choices=[
            (AssistanceRequest.Status.ACCEPTED, _("接受")),
            (AssistanceRequest.Status.REFUSED, _("拒绝（须说明理由）")),
            (AssistanceRequest.Status.COMPLETED, _("已完成")),
        ],
        widget=forms.RadioSelect,
    )
    response = forms.CharField(
        label=_("答复内容或拒绝理由"), widget=TEXTAREA, required=False, max_length=5000
    )


class EvidenceForm(CaseActionForm):
    type = forms.ChoiceField(label=_("证据种类"), choices=Evidence.Type.choices)
    title = forms.CharField(label=_("证据名称"), max_length=200)
    description = forms.CharField(
        label=_("证明内容"), widget=TEXTAREA, required=False, max_length=5000
    )
    collected_on = forms.DateField(label=_("收集日期"), widget=DATE)
    collectors = forms.ModelMultipleChoiceField(
        label=_("收集人员（至少两名）"),
        queryset=Officer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    method = forms.CharField(label=_("收集方式"), max_length=200)
    source = forms.CharField(label=_("证据来源"), max_length=200)
    file = forms.FileField(label=_("文件"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = CaseOfficer.objects.filter(case=self.case, active=True).values("officer_id")
        self.fields["collectors"].queryset = Officer.objects.filter(pk__in=ids)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("文件"))


class ExcludeEvidenceForm(forms.Form):
    reasons = forms.CharField(label=_("排除理由"), widget=TEXTAREA, max_length=5000)
    illegally_obtained = forms.BooleanField(label=_("以非法手段取得"), required=False)


class VerifyEvidenceForm(forms.Form):
    note = forms.CharField(label=_("审查说明"), widget=TEXTAREA, required=False, max_length=5000)


class OpinionForm(forms.Form):
    opinion = forms.ChoiceField(
        label=_("当事人意见"),
        choices=[c for c in Evidence.Opinion.choices if c[0]],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(label=_("意见内容"), widget=TEXTAREA, required=False, max_length=5000)


class PreservationForm(CaseActionForm):
    items = forms.CharField(label=_("保存物品清单"), widget=TEXTAREA, max_length=5000)
    place = forms.CharField(label=_("保存地点"), max_length=255)
    reasons = forms.CharField(label=_("保存理由"), widget=TEXTAREA, max_length=5000)


class PreservationDecisionForm(DecisionForm):
    preservation = forms.ModelChoiceField(
        label=_("先行登记保存"), queryset=Preservation.objects.none()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preservation"].queryset = Preservation.objects.filter(
            case=self.case, status=Preservation.Status.PENDING
        )
        self.order_fields(["preservation"])


class DisposalForm(CaseActionForm):
    preservation = forms.ModelChoiceField(
        label=_("先行登记保存"), queryset=Preservation.objects.none()
    )
    disposal = forms.ChoiceField(label=_("处理决定"), choices=Preservation.Disposal.choices)
    note = forms.CharField(label=_("处理说明"), widget=TEXTAREA, required=False, max_length=5000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preservation"].queryset = Preservation.objects.filter(
            case=self.case, status=Preservation.Status.APPROVED
        )


class RecordForm(CaseActionForm):
    kind = forms.ChoiceField(label=_("笔录种类"), choices=Record.Kind.choices)
    held_on = forms.DateField(label=_("日期"), widget=DATE)
    start_time = forms.TimeField(label=_("开始时间"), widget=TIME, required=False)
    end_time = forms.TimeField(label=_("结束时间"), widget=TIME, required=False)
    place = forms.CharField(label=_("地点"), max_length=255)
    subject_name = forms.CharField(label=_("被询问人或现场负责人"), max_length=100)
    subject_role = forms.CharField(label=_("身份"), max_length=100, required=False)
    officers = forms.ModelMultipleChoiceField(
        label=_("执法人员（至少两名）"),
        queryset=Officer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    content = forms.CharField(
        label=_("检查情况"), widget=TEXTAREA, required=False, max_length=20000
    )
    qa = forms.CharField(
        label=_("问答"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=50000,
        help_text=_("每行一条，以“问：”或“答：”开头"),
    )
    signature = forms.ChoiceField(label=_("签名情况"), choices=Record.Signature.choices)
    signature_note = forms.CharField(
        label=_("签名情况说明"), widget=TEXTAREA, required=False, max_length=5000
    )
    witness = forms.CharField(label=_("见证人"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = CaseOfficer.objects.filter(case=self.case, active=True).values("officer_id")
        self.fields["officers"].queryset = Officer.objects.filter(pk__in=ids)

    def clean_qa(self) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        for raw in self.cleaned_data.get("qa", "").splitlines():
            line = raw.strip()
            if not line:
                continue
            if line[:2] in ("问：", "问:"):
                pairs.append((line[2:].strip(), ""))
            elif line[:2] in ("答：", "答:"):
                if not pairs:
                    raise forms.ValidationError(_("第一条须为“问：”"))
                q, a = pairs[-1]
                pairs[-1] = (q, (a + "\n" + line[2:].strip()).strip())
            elif pairs:
                q, a = pairs[-1]
                pairs[-1] = (q, (a + "\n" + line).strip()) if a else ((q + "\n" + line).strip(), a)
            else:
                raise forms.ValidationError(_("问答须以“问：”开头"))
        return pairs


class TimeExtensionForm(CaseActionForm):
    reasons = forms.CharField(label=_("延长理由"), widget=TEXTAREA, max_length=5000)
    discussion_on = forms.DateField(
        label=_("集体讨论日期"), widget=DATE, required=False, help_text=_("再次延长时必填")
    )
    discussion_conclusion = forms.CharField(
        label=_("集体讨论结论"), widget=TEXTAREA, required=False, max_length=5000
    )


class PeriodForm(CaseActionForm):
    kind = forms.ChoiceField(
        label=_("期间种类"),
        choices=[c for c in ExcludedPeriod.Kind.choices if c[0] != ExcludedPeriod.Kind.SUSPENSION],
    )
    start = forms.DateField(label=_("开始日期"), widget=DATE)
    end = forms.DateField(
        label=_("结束日期"), widget=DATE, required=False, help_text=_("尚未结束的留空")
    )
    reasons = forms.CharField(label=_("说明"), widget=TEXTAREA, required=False, max_length=5000)


class EndPeriodForm(CaseActionForm):
    period = forms.ModelChoiceField(label=_("期间"), queryset=ExcludedPeriod.objects.none())
    end = forms.DateField(label=_("结束日期"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = ExcludedPeriod.objects.filter(
            case=self.case, end__isnull=True
        ).exclude(kind=ExcludedPeriod.Kind.SUSPENSION)


class ClosingForm(CaseActionForm):
    summary = forms.CharField(
        label=_("结案报告"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )


class CorrectionForm(CaseActionForm):
    field = forms.ChoiceField(
        label=_("更正事项"),
        choices=[("title", _("案由")), ("facts", _("案情摘要")), ("place", _("违法行为地点"))],
    )
    new_value = forms.CharField(label=_("更正内容"), widget=TEXTAREA, max_length=20000)
    reasons = forms.CharField(label=_("更正理由"), widget=TEXTAREA, max_length=5000)


class InspectionForm(forms.Form):
    domain = forms.ModelChoiceField(label=_("执法领域"), queryset=EnforcementDomain.objects.none())
    party = forms.ModelChoiceField(label=_("被检查对象"), queryset=Party.objects.none())
    inspected_on = forms.DateField(label=_("检查日期"), widget=DATE)
    place = forms.CharField(label=_("检查地点"), max_length=255)
    officers = forms.ModelMultipleChoiceField(
        label=_("检查人员（至少两名）"),
        queryset=Officer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    findings = forms.CharField(label=_("检查情况"), widget=TEXTAREA, max_length=20000)
    found_violation = forms.BooleanField(label=_("发现违法行为"), required=False)

    def __init__(self, *args: Any, agency: Agency, parties, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = agency.domains.all() or EnforcementDomain.objects.all()
        self.fields["party"].queryset = parties
        self.fields["officers"].queryset = _agency_officers(agency.pk)


class InspectionToLeadForm(forms.Form):
    title = forms.CharField(label=_("案由"), max_length=200)

    def __init__(self, *args: Any, agency: Agency, domain=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["violation_code"] = violation_field(agency, domain)


class CaseFilterForm(forms.Form):
    """The list's query string: bad values give a translated error, never a 500."""

    q = forms.CharField(label=_("案件编号或当事人"), max_length=100, required=False)
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部"))] + State.choices, required=False
    )
    officer = forms.ModelChoiceField(
        label=_("承办人员"), queryset=Officer.objects.none(), required=False
    )
    violation = forms.CharField(label=_("违法行为代码"), max_length=40, required=False)
    party = forms.IntegerField(
        label=_("当事人编号"), required=False, min_value=1, widget=forms.HiddenInput
    )
    filed_from = forms.DateField(label=_("立案日期自"), widget=DATE, required=False)
    filed_to = forms.DateField(label=_("至"), widget=DATE, required=False)
    overdue = forms.BooleanField(label=_("仅显示超期"), required=False)
    sort = forms.ChoiceField(label=_("排序"), choices=list(SORT_LABELS.items()), required=False)
    size = forms.TypedChoiceField(
        label=_("每页"),
        choices=[(n, n) for n in PAGE_SIZES],
        coerce=int,
        required=False,
        empty_value=50,
    )

    def __init__(self, *args: Any, agency_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agency_id is not None:
            self.fields["officer"].queryset = Officer.objects.filter(agency_id=agency_id).order_by(
                "name"
            )

    def clean(self) -> dict:
        data = super().clean()
        a, b = data.get("filed_from"), data.get("filed_to")
        if a and b and a > b:
            raise forms.ValidationError(_("开始日期不得晚于结束日期"))
        return data


class PartySearchForm(forms.Form):
    q = forms.CharField(label=_("名称或姓名"), max_length=100, required=False)
