"""Benchmark pages (裁量基准, R-17): the overview, one violation's versions, one version's
tiers, and the agency admin's editing (draft → tiers → publish). Supervisors, the legal
office and legal reviewers read; only the agency's admin writes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import clock
from core.errors import DomainError
from officers.models import EnforcementDomain
from penalties.engine_inputs import default_tier_specs
from penalties.forms import BenchmarkFilterForm, PublishForm, TierForm, VersionForm
from penalties.models import BenchmarkTier, Tier
from penalties.selectors import (
    benchmark_overview,
    can_edit_benchmarks,
    first_offence_entry,
    sorted_tiers,
    versions_of,
)
from penalties.services import benchmarks as services
from penalties.views._helpers import (
    editor_agency_or_404,
    reader_agency_or_404,
    version_or_404,
    violation_or_404,
)


@login_required
@require_GET
def benchmark_list(request: HttpRequest) -> HttpResponse:
    """Every violation of the agency's domains with the table in force today; those
    without one are marked: the engine's default split applies (R-17)."""
    agency = reader_agency_or_404(request)
    domains = list(agency.domains.all()) or list(EnforcementDomain.objects.all())
    form = BenchmarkFilterForm(request.GET or None, domains=domains)
    filters = {"domain": "", "query": ""}
    if form.is_bound:
        if form.is_valid():
            filters = {
                "domain": form.cleaned_data["domain"],
                "query": form.cleaned_data["q"].strip(),
            }
        else:
            messages.error(request, _("筛选条件有误，请按提示修改。"))
    today = clock.today()
    rows = benchmark_overview(agency, today, **filters)
    return render(
        request,
        "penalties/benchmark_list.html",
        {
            "agency": agency,
            "form": form,
            "rows": rows,
            "today": today,
            "can_edit": can_edit_benchmarks(request.user, agency),
            "with_table": sum(1 for r in rows if not r.uses_default),
        },
    )


def _unsaved(specs) -> list[BenchmarkTier]:
    """Specs as unsaved rows, so templates display them like stored tiers."""
    return [
        BenchmarkTier(tier=s.tier, **{f: getattr(s, f) for f in services.TIER_FIELDS})
        for s in specs
    ]


@login_required
@require_GET
def benchmark_violation(request: HttpRequest, code: str) -> HttpResponse:
    """One violation: the statute, the agency's versions, and the default split."""
    agency = reader_agency_or_404(request)
    violation = violation_or_404(code)
    today = clock.today()
    statute = violation.version_on(today)
    versions = list(versions_of(agency, violation))
    in_force = next((v for v in versions if v.in_force(today)), None)
    return render(
        request,
        "penalties/benchmark_violation.html",
        {
            "agency": agency,
            "violation": violation,
            "statute": statute,
            "versions": versions,
            "in_force": in_force,
            "draft": next((v for v in versions if v.is_draft), None),
            "default_tiers": _unsaved(default_tier_specs(statute))
            if statute and not in_force
            else [],
            "first_offence": first_offence_entry(agency, violation.code, today),
            "today": today,
            "can_edit": can_edit_benchmarks(request.user, agency),
        },
    )


@login_required
@require_GET
def benchmark_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = version_or_404(request, pk)
    today = clock.today()
    can_edit = can_edit_benchmarks(request.user, version.agency_id) and version.is_draft
    statute = version.violation.version_on(version.effective_from or today)
    tiers = sorted_tiers(version)
    present = {t.tier for t in tiers}
    verdict = services.publish_verdict(version, today) if can_edit else None
    return render(
        request,
        "penalties/benchmark_detail.html",
        {
            "version": version,
            "violation": version.violation,
            "statute": statute,
            "tiers": tiers,
            "missing_tiers": [(t.value, t.label) for t in Tier if t.value not in present],
            "can_edit": can_edit,
            "publish_reasons": verdict.reasons if verdict is not None else [],
            "publish_form": PublishForm(initial={"effective_from": today}) if can_edit else None,
            "today": today,
        },
    )


@login_required
@require_POST
def benchmark_new(request: HttpRequest, code: str) -> HttpResponse:
    """Open a new version (a copy of the latest published one, or the default split)."""
    agency = editor_agency_or_404(request)
    violation = violation_or_404(code)
    try:
        version = services.create_draft(agency=agency, violation=violation, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("penalties:benchmark_violation", code=violation.code)
    messages.success(request, _("已创建草稿版本 %(label)s。") % {"label": version.label})
    return redirect("penalties:benchmark_detail", pk=version.pk)


def _editable_or_404(request: HttpRequest, pk: int):
    version = version_or_404(request, pk)
    if not can_edit_benchmarks(request.user, version.agency_id):
        raise Http404()
    return version


@login_required
@require_http_methods(["GET", "POST"])
def benchmark_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = _editable_or_404(request, pk)
    form = VersionForm(
        request.POST or None, initial={"label": version.label, "notes": version.notes}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(
                version=version,
                label=form.cleaned_data["label"],
                notes=form.cleaned_data["notes"],
                by=request.user,
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存。"))
            return redirect("penalties:benchmark_detail", pk=version.pk)
    return render(
        request,
        "penalties/form.html",
        {"form": form, "title": _("编辑版本信息"), "version": version, "submit": _("保存")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def tier_edit(request: HttpRequest, pk: int, tier: str) -> HttpResponse:
    version = _editable_or_404(request, pk)
    if tier not in Tier.values:
        raise Http404()
    statute = version.violation.version_on(version.effective_from or clock.today())
    existing = version.tiers.filter(tier=tier).first()
    initial = {}
    if existing is not None:
        initial = {
            f: getattr(existing, f)
            for f in (
                "conditions",
                "flags",
                "flags_any",
                "flags_none",
                "penalty_types",
                "fine_min",
                "fine_max",
                "multiple_min",
                "multiple_max",
                "amount_below",
                "amount_at_least",
            )
        }
    form = TierForm(request.POST or None, initial=initial, tier=tier, statute=statute)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_tier(version=version, spec=form.to_spec(), by=request.user)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存%(tier)s档。") % {"tier": Tier(tier).label})
            return redirect("penalties:benchmark_detail", pk=version.pk)
    flag_rows = []
    if "flags" in form.fields:
        flag_rows = [
            (label, all_of, any_of, none_of)
            for (_code, label), all_of, any_of, none_of in zip(
                form.fields["flags"].choices,
                form["flags"],
                form["flags_any"],
                form["flags_none"],
                strict=True,
            )
        ]
    return render(
        request,
        "penalties/tier_form.html",
        {
            "form": form,
            "flag_rows": flag_rows,
            "version": version,
            "statute": statute,
            "tier_label": Tier(tier).label,
            "title": _("%(tier)s档") % {"tier": Tier(tier).label},
        },
    )


@login_required
@require_POST
def tier_delete(request: HttpRequest, pk: int, tier: str) -> HttpResponse:
    version = _editable_or_404(request, pk)
    if tier not in Tier.values:
        raise Http404()
    try:
        services.delete_tier(version=version, tier=tier, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已删除%(tier)s档。") % {"tier": Tier(tier).label})
    return redirect("penalties:benchmark_detail", pk=version.pk)


@login_required
@require_POST
def benchmark_publish(request: HttpRequest, pk: int) -> HttpResponse:
    version = _editable_or_404(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("penalties:benchmark_detail", pk=version.pk)
    try:
        services.publish(
            version=version,
            effective_from=form.cleaned_data["effective_from"],
            approved_by=form.cleaned_data["approved_by"],
            by=request.user,
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("已发布，自 %(day)s 起施行。")
            % {"day": form.cleaned_data["effective_from"].isoformat()},
        )
    return redirect("penalties:benchmark_detail", pk=version.pk)


@login_required
@require_POST
def benchmark_discard(request: HttpRequest, pk: int) -> HttpResponse:
    version = _editable_or_404(request, pk)
    code = version.violation.code
    try:
        services.discard_draft(version=version, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("penalties:benchmark_detail", pk=version.pk)
    messages.success(request, _("已删除草稿。"))
    return redirect("penalties:benchmark_violation", code=code)
