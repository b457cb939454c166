"""Agency pages: profile and rule settings, powers list (权责清单) and delegations, roster."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import clock
from core.errors import DomainError
from core.roles import Role, has_role
from officers import services
from officers.forms import (
    AgencyProfileForm,
    AgencySettingsForm,
    DelegationForm,
    PowerForm,
    RosterImportForm,
)
from officers.models import Agency, AgencySettings, Delegation, Power
from officers.selectors import AGENCY_READERS, delegations_of, powers_of
from officers.services.roster import COLUMNS, export_roster, import_roster
from officers.views._helpers import own_agency_or_404
from officers.views.staff import _form_page


@login_required
@require_http_methods(["GET", "POST"])
def agency_settings(request: HttpRequest) -> HttpResponse:
    """The agency's profile and its R-rule settings (statement period, thresholds, …)."""
    agency = own_agency_or_404(request, Role.AGENCY_ADMIN)
    rule_settings, _created = AgencySettings.objects.get_or_create(agency=agency)
    which = request.POST.get("form") if request.method == "POST" else None
    profile_form = AgencyProfileForm(
        request.POST if which == "profile" else None,
        instance=Agency.objects.get(pk=agency.pk),
        prefix="profile",
    )
    settings_form = AgencySettingsForm(
        request.POST if which == "settings" else None,
        instance=AgencySettings.objects.get(pk=rule_settings.pk),
        prefix="settings",
    )
    if which == "profile" and profile_form.is_valid():
        data = dict(profile_form.cleaned_data)
        domains = data.pop("domains")
        try:
            services.update_agency(agency, by=request.user, domains=domains, **data)
        except DomainError as exc:
            profile_form.add_error(None, str(exc))
        else:
            messages.success(request, _("机关信息已保存。"))
            return redirect("officers:agency_settings")
    if which == "settings" and settings_form.is_valid():
        try:
            services.update_agency_settings(agency, by=request.user, **settings_form.cleaned_data)
        except DomainError as exc:
            settings_form.add_error(None, str(exc))
        else:
            messages.success(request, _("规则设置已保存。"))
            return redirect("officers:agency_settings")
    return render(
        request,
        "officers/agency_settings.html",
        {"agency": agency, "profile_form": profile_form, "settings_form": settings_form},
    )


@login_required
@require_GET
def power_list(request: HttpRequest) -> HttpResponse:
    agency = own_agency_or_404(request, *AGENCY_READERS)
    today = clock.today()
    powers = list(powers_of(agency))
    for power in powers:
        power.in_force = power.valid_from <= today and (
            power.valid_to is None or today <= power.valid_to
        )
    delegations = list(delegations_of(agency))
    for delegation in delegations:
        delegation.in_force = delegation.valid_from <= today <= delegation.valid_to
    return render(
        request,
        "officers/power_list.html",
        {
            "agency": agency,
            "powers": powers,
            "delegations": delegations,
            "is_admin": has_role(request.user, Role.AGENCY_ADMIN),
            "today": today,
        },
    )


def _own_power_or_404(request: HttpRequest, pk: int) -> Power:
    agency = own_agency_or_404(request, Role.AGENCY_ADMIN)
    power = Power.objects.filter(pk=pk, agency=agency).first()
    if power is None:
        raise Http404()
    return power


@login_required
@require_http_methods(["GET", "POST"])
def power_create(request: HttpRequest) -> HttpResponse:
    agency = own_agency_or_404(request, Role.AGENCY_ADMIN)
    form = PowerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_power(agency, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("权责清单事项已添加。"))
            return redirect("officers:power_list")
    return _form_page(request, form, title=_("添加权责清单事项"), back="officers:power_list")


@login_required
@require_http_methods(["GET", "POST"])
def power_edit(request: HttpRequest, pk: int) -> HttpResponse:
    power = _own_power_or_404(request, pk)
    form = PowerForm(request.POST or None, instance=Power.objects.get(pk=power.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_power(power, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存。"))
            return redirect("officers:power_list")
    return _form_page(request, form, title=_("编辑权责清单事项"), back="officers:power_list")


@login_required
@require_POST
def power_delete(request: HttpRequest, pk: int) -> HttpResponse:
    power = _own_power_or_404(request, pk)
    try:
        services.delete_power(power, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已删除。"))
    return redirect("officers:power_list")


def _own_delegation_or_404(request: HttpRequest, pk: int) -> Delegation:
    agency = own_agency_or_404(request, Role.AGENCY_ADMIN)
    delegation = (
        Delegation.objects.filter(pk=pk, principal=agency).select_related("principal").first()
    )
    if delegation is None:
        raise Http404()
    return delegation


@login_required
@require_http_methods(["GET", "POST"])
def delegation_create(request: HttpRequest) -> HttpResponse:
    agency = own_agency_or_404(request, Role.AGENCY_ADMIN)
    form = DelegationForm(request.POST or None, principal=agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_delegation(by=request.user, principal=agency, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("行政委托已登记。"))
            return redirect("officers:power_list")
    return _form_page(request, form, title=_("登记行政委托"), back="officers:power_list")


@login_required
@require_http_methods(["GET", "POST"])
def delegation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = _own_delegation_or_404(request, pk)
    form = DelegationForm(
        request.POST or None,
        instance=Delegation.objects.get(pk=delegation.pk),
        principal=delegation.principal,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        domains = data.pop("domains")
        try:
            services.update_delegation(delegation, by=request.user, domains=domains, **data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存。"))
            return redirect("officers:power_list")
    return _form_page(request, form, title=_("编辑行政委托"), back="officers:power_list")


@login_required
@require_POST
def delegation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = _own_delegation_or_404(request, pk)
    try:
        services.delete_delegation(delegation, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已删除。"))
    return redirect("officers:power_list")


@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request: HttpRequest) -> HttpResponse:
    """Import a roster: every row checked; any bad row → nothing saved, errors by row."""
    agency = own_agency_or_404(request, Role.AGENCY_ADMIN)
    form = RosterImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = import_roster(agency, form.cleaned_data["file"], by=request.user)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            if result.ok:
                messages.success(
                    request,
                    _("导入完成：新增 %(c)s 人，更新 %(u)s 人。")
                    % {"c": result.created, "u": result.updated},
                )
                return redirect("officers:officer_list")
    status = 400 if result is not None and not result.ok else 200
    return render(
        request,
        "officers/roster_import.html",
        {"form": form, "result": result, "columns": [str(label) for _k, label in COLUMNS]},
        status=status,
    )


@login_required
@require_GET
def roster_export(request: HttpRequest) -> HttpResponse:
    agency = own_agency_or_404(request, Role.AGENCY_ADMIN)
    content = export_roster(agency, by=request.user)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = clock.today().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="roster-{agency.pk}-{stamp}.xlsx"'
    return response
