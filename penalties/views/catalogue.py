"""The violation catalogue (违法行为目录): read by all enforcement staff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import clock
from officers.models import EnforcementDomain
from penalties.forms import CatalogueFilterForm
from penalties.models import ViolationVersion
from penalties.selectors import can_read_benchmarks, catalogue_visible_to
from penalties.views._helpers import require_catalogue_reader, violation_or_404


@login_required
@require_GET
def catalogue_list(request: HttpRequest) -> HttpResponse:
    require_catalogue_reader(request)
    form = CatalogueFilterForm(request.GET or None, domains=EnforcementDomain.objects.all())
    qs = catalogue_visible_to(request.user).filter(is_active=True)
    if form.is_bound:
        if form.is_valid():
            if form.cleaned_data["domain"]:
                qs = qs.filter(domain__code=form.cleaned_data["domain"])
            q = form.cleaned_data["q"].strip()
            if q:
                qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q))
        else:
            messages.error(request, _("筛选条件有误，请按提示修改。"))
    today = clock.today()
    page = Paginator(qs.order_by("domain__code", "code"), 50).get_page(request.GET.get("page"))
    ids = [v.pk for v in page.object_list]
    statutes = {
        s.violation_id: s
        for s in ViolationVersion.objects.in_force(today)
        .filter(violation_id__in=ids)
        .select_related("penalty_provision")
    }
    rows = [(v, statutes.get(v.pk)) for v in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "penalties/catalogue_list.html",
        {"form": form, "rows": rows, "page": page, "query": query.urlencode(), "today": today},
    )


@login_required
@require_GET
def catalogue_detail(request: HttpRequest, code: str) -> HttpResponse:
    require_catalogue_reader(request)
    violation = violation_or_404(code)
    versions = list(
        violation.versions.select_related(
            "violated_provision", "penalty_provision", "supplementary_provision"
        ).order_by("-valid_from")
    )
    today = clock.today()
    return render(
        request,
        "penalties/catalogue_detail.html",
        {
            "violation": violation,
            "versions": [(v, v.in_force(today)) for v in versions],
            "today": today,
            "show_benchmarks": can_read_benchmarks(request.user),
        },
    )
