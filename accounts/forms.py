"""Forms of the accounts app: the working-day calendar page (R-50)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from accounts.calendar_services import FIRST_YEAR, LAST_YEAR

NUL_MESSAGE = _("不得包含空字符（NUL）。")


class TextField(forms.CharField):
    """A CharField whose NUL-byte error (PostgreSQL refuses NUL) is our own sentence."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ] + [ProhibitNullCharactersValidator(message=NUL_MESSAGE)]


class StrictDateField(forms.DateField):
    """ISO dates only (the browser's date input sends YYYY-MM-DD)."""

    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": _("日期格式应为 YYYY-MM-DD。")}

    def to_python(self, value):
        if isinstance(value, str) and "\x00" in value:
            raise ValidationError(NUL_MESSAGE, code="null_characters_not_allowed")
        return super().to_python(value)


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("年度应在 %(first)s 至 %(last)s 之间。"),
            code="year_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


class CalendarDayForm(forms.Form):
    """Enter a holiday (放假) or a make-up working day (调休上班)."""

    KIND_REST = "rest"
    KIND_WORK = "work"
    KIND_CHOICES = [
        (KIND_REST, _("休息日（法定节假日、放假）")),
        (KIND_WORK, _("工作日（调休上班）")),
    ]

    date = StrictDateField(
        label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    kind = forms.ChoiceField(label=_("类别"), choices=KIND_CHOICES)
    name = TextField(
        label=_("名称"),
        max_length=50,
        help_text=_("如：元旦、春节、国庆节、调休上班"),
        error_messages={"required": _("请填写名称（如：国庆节、调休上班）。")},
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        _check_year(day.year)
        return day

    @property
    def is_workday(self) -> bool:
        return self.cleaned_data["kind"] == self.KIND_WORK


class CalendarDayRemoveForm(forms.Form):
    date = StrictDateField(label=_("日期"), widget=forms.HiddenInput)


class CalendarYearForm(forms.Form):
    """Mark a year as completely entered (or withdraw the mark)."""

    year = forms.IntegerField(label=_("年度"), widget=forms.HiddenInput)
    complete = forms.TypedChoiceField(
        label=_("操作"),
        choices=[("1", _("标记为已完整录入")), ("0", _("撤销完整录入标记"))],
        coerce=lambda v: v == "1",
        widget=forms.HiddenInput,
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        _check_year(year)
        return year


class YearQueryForm(forms.Form):
    """The `?year=` of the calendar page."""

    year = forms.IntegerField(required=False)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None:
            _check_year(year)
        return year
