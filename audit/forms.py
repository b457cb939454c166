"""The explorer's filter form (GET). Every field is validated: bad input gives a
translated error and no query, never a 500."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from audit.selectors import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from core.roles import Role

BIGINT_MAX = 2**63 - 1

_prefix = RegexValidator(
    r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\.?$",
    _("操作代码前缀只能包含小写字母、数字、下划线和点，如 cases.case。"),
)
_object_type = RegexValidator(
    r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$",
    _("对象类型格式为 应用.模型，如 cases.case。"),
)


class EventFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    actor = forms.CharField(label=_("操作人用户名"), required=False, max_length=150)
    role = forms.ChoiceField(
        label=_("角色"),
        required=False,
        choices=[("", _("全部"))] + [(r.value, r.label) for r in Role],
    )
    agency = forms.IntegerField(
        label=_("执法主体编号"), required=False, min_value=1, max_value=BIGINT_MAX
    )
    action = forms.CharField(
        label=_("操作代码前缀"), required=False, max_length=100, validators=[_prefix]
    )
    case = forms.IntegerField(
        label=_("案件编号"), required=False, min_value=1, max_value=BIGINT_MAX
    )
    object_type = forms.CharField(
        label=_("对象类型"), required=False, max_length=100, validators=[_object_type]
    )
    object_id = forms.CharField(label=_("对象编号"), required=False, max_length=64)
    after = forms.IntegerField(
        required=False, min_value=0, max_value=BIGINT_MAX, widget=forms.HiddenInput
    )
    before = forms.IntegerField(
        required=False, min_value=1, max_value=BIGINT_MAX, widget=forms.HiddenInput
    )
    size = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE_SIZE, widget=forms.HiddenInput
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        if data.get("object_id") and not data.get("object_type"):
            self.add_error("object_type", _("按对象编号筛选时请同时填写对象类型。"))
        if data.get("after") is not None and data.get("before") is not None:
            raise forms.ValidationError(_("翻页参数有误，请重新查询。"))
        return data

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "actor": (data.get("actor") or "").strip() or None,
            "role": data.get("role") or None,
            "agency_id": data.get("agency"),
            "action_prefix": (data.get("action") or "").strip() or None,
            "case_id": data.get("case"),
            "object_type": (data.get("object_type") or "").strip() or None,
            "object_id": (data.get("object_id") or "").strip() or None,
        }

    def paging(self) -> dict:
        data = self.cleaned_data
        return {
            "after_seq": data.get("after"),
            "before_seq": data.get("before"),
            "page_size": data.get("size") or DEFAULT_PAGE_SIZE,
        }
