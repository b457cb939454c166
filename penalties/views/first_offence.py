"""The agency's first-offence list (首违不罚清单, R-13)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import clock
from core.errors import DomainError
from penalties.forms import EndEntryForm, FirstOffenceForm
from penalties.models import ViolationType
from penalties.selectors import can_edit_benchmarks, first_offence_visible_to
from penalties.services import benchmarks as services
from penalties.views._helpers import editor_agency_or_404, reader_agency_or_404


def _violations_for(agency):
    qs = ViolationType.objects.filter(is_active=True).select_related("domain")
    domain_ids = list(agency.domains.values_list("pk", flat=True))
    return qs.filter(domain_id__in=domain_ids) if domain_ids else qs


@login_required
@require_http_methods(["GET", "POST"])
def first_offence_list(request: HttpRequest) -> HttpResponse:
    agency = reader_agency_or_404(request)
    can_edit = can_edit_benchmarks(request.user, agency)
    today = clock.today()
    form = None
    if can_edit:
        form = FirstOffenceForm(
            request.POST or None,
            violations=_violations_for(agency),
            initial={"effective_from": today},
        )
    elif request.method == "POST":
        raise Http404()
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_first_offence_entry(
                agency=agency,
                violation=data["violation"],
                conditions=data["conditions"],
                effective_from=data["effective_from"],
                effective_to=data["effective_to"],
                by=request.user,
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已列入首违不罚清单。"))
            return redirect("penalties:first_offence_list")
    entries = list(
        first_offence_visible_to(request.user).order_by("violation__code", "-effective_from")
    )
    return render(
        request,
        "penalties/first_offence_list.html",
        {
            "agency": agency,
            "entries": [
                (e, e.in_force(today), e.effective_to is None or e.effective_to >= today)
                for e in entries
            ],
            "form": form,
            "end_form": EndEntryForm(initial={"effective_to": today}) if can_edit else None,
            "can_edit": can_edit,
            "today": today,
        },
    )


@login_required
@require_POST
def first_offence_end(request: HttpRequest, pk: int) -> HttpResponse:
    editor_agency_or_404(request)
    entry = first_offence_visible_to(request.user).filter(pk=pk).first()
    if entry is None:
        raise Http404()
    form = EndEntryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写有效的失效日期。"))
        return redirect("penalties:first_offence_list")
    try:
        services.end_first_offence_entry(
            entry=entry, effective_to=form.cleaned_data["effective_to"], by=request.user
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已设定失效日期。"))
    return redirect("penalties:first_offence_list")
