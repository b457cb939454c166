"""The working-day calendar page (R-50) and its home-page warning.

Agency and system administrators see which years chinese-calendar does not cover (their
deadlines fall back to Mon–Fri), enter holidays and make-up working days, and mark a year
as completely entered. Everybody else gets 404. The page lives in accounts because its
writes record audit events and core (which owns the calendar data) is below audit.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import calendar_services as services
from accounts.forms import (
    CalendarDayForm,
    CalendarDayRemoveForm,
    CalendarYearForm,
    YearQueryForm,
)
from core import clock, workdays
from core.errors import DomainError
from core.models import CalendarDay, CalendarYear
from core.roles import Role, has_role

ADMIN_ROLES = (Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN)


def _require_admin(request: HttpRequest) -> None:
    if not has_role(request.user, *ADMIN_ROLES):
        raise Http404()


def _page_url(year: int) -> str:
    return f"{reverse('accounts:calendar')}?year={year}"


def _watched_years() -> list[int]:
    """This year and next: a 90-day deadline started today can reach into next year."""
    year = clock.today().year
    return [year, year + 1]


def _year_status(year: int, complete_years: set[int]) -> dict:
    if workdays.library_covers(year):
        return {"year": year, "state": "library", "label": _("法定数据"), "badge": "ok"}
    if year in complete_years:
        return {"year": year, "state": "admin", "label": _("管理员已录入"), "badge": "ok"}
    return {
        "year": year,
        "state": "uncovered",
        "label": _("未录入"),
        "badge": "bad",
        "note": workdays.fallback_note(year),
    }


def _render(
    request: HttpRequest,
    year: int,
    *,
    day_form: CalendarDayForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = clock.today()
    complete_years = set(
        CalendarYear.objects.filter(is_complete=True).values_list("year", flat=True)
    )
    overview = [_year_status(y, complete_years) for y in range(today.year - 1, today.year + 3)]
    if year not in {s["year"] for s in overview}:
        overview.append(_year_status(year, complete_years))
        overview.sort(key=lambda s: s["year"])
    selected = _year_status(year, complete_years)
    verdict = services.can_mark_complete(year)
    context = {
        "year": year,
        "prev_year": year - 1,
        "next_year": year + 1,
        "overview": overview,
        "selected": selected,
        "overrides": list(CalendarDay.objects.filter(date__year=year)),
        "library_days": workdays.library_days(year),
        "mark_verdict": verdict,
        "day_form": day_form or CalendarDayForm(initial={"kind": CalendarDayForm.KIND_REST}),
    }
    return render(request, "accounts/calendar.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    """Overview of covered years, one year's entries, and the form to add a day."""
    _require_admin(request)
    year = clock.today().year
    query = YearQueryForm(request.GET)
    if query.is_valid():
        year = query.cleaned_data["year"] or year
    else:
        for error in query.errors.get("year", []):
            messages.error(request, _("年度参数无效：%(error)s") % {"error": error})
    if request.method != "POST":
        return _render(request, year)

    form = CalendarDayForm(request.POST)
    if form.is_valid():
        day = form.cleaned_data["date"]
        try:
            services.set_day(
                day=day, is_workday=form.is_workday, name=form.cleaned_data["name"], by=request.user
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("已保存：%(date)s %(name)s。")
                % {"date": day.isoformat(), "name": form.cleaned_data["name"]},
            )
            return redirect(_page_url(day.year))
        year = day.year
    return _render(request, year, day_form=form, status=400)


@login_required
@require_POST
def calendar_remove(request: HttpRequest) -> HttpResponse:
    """Remove one administrator entry (the day reverts to the library / Mon–Fri)."""
    _require_admin(request)
    form = CalendarDayRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("删除失败：日期无效。"))
        return redirect("accounts:calendar")
    day = form.cleaned_data["date"]
    try:
        services.remove_day(day=day, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已删除 %(date)s 的调整。") % {"date": day.isoformat()})
    return redirect(_page_url(day.year))


@login_required
@require_POST
def calendar_year(request: HttpRequest) -> HttpResponse:
    """Mark a year as completely entered, or withdraw the mark."""
    _require_admin(request)
    form = CalendarYearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("操作失败：年度无效。"))
        return redirect("accounts:calendar")
    year, complete = form.cleaned_data["year"], form.cleaned_data["complete"]
    try:
        services.mark_year(year=year, complete=complete, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(year)s 年已标记为已完整录入。") % {"year": year}
            if complete
            else _("已撤销 %(year)s 年的完整录入标记。") % {"year": year},
        )
    return redirect(_page_url(year))


def calendar_panel(request: HttpRequest) -> dict | None:
    """Home panel for administrators: the years whose deadlines run on Mon–Fri (R-50)."""
    if not has_role(request.user, *ADMIN_ROLES):
        return None
    missing = workdays.uncovered_years(_watched_years())
    if not missing:
        return None
    return {
        "title": _("工作日历"),
        "template": "accounts/calendar_panel.html",
        "context": {
            "notes": [workdays.fallback_note(y) for y in missing],
            "url": _page_url(missing[0]),
        },
        "order": 10,
    }
