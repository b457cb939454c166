"""Public disclosure pages (R-70, R-39, R-72, R-73): no login, nothing personal beyond what
the rules allow, every list paged with a constant number of queries."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases import workflow
from core import clock
from portal import compliance, selectors
from portal.forms import CertificateCheckForm
from portal.models import Commitment, PortalSettings
from portal.views._helpers import page_of, rate_limited, too_many, valid_pk

# Remedies (救济途径): 行政复议法 (2023) Art 20: 60 days; 行政诉讼法 Art 46: 6 months.
RECONSIDERATION_DAYS = 60
LITIGATION_MONTHS = 6


def _query(**params) -> str:
    """The list's filters as a query-string prefix for the pager links."""
    kept = {k: v for k, v in params.items() if v not in ("", None)}
    return f"{urlencode(kept)}&" if kept else ""


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"agencies": list(selectors.public_agencies())})


@require_GET
def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = list(selectors.public_agencies().prefetch_related("domains"))
    return render(request, "portal/agency_list.html", {"agencies": agencies})


def _agency_or_404(pk: int):
    agency = selectors.public_agency(valid_pk(pk))
    if agency is None:
        raise Http404()
    return agency


@require_GET
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """执法主体资格、权责清单、岗位责任、监督电话、承诺、法律援助: one agency's disclosure."""
    agency = _agency_or_404(pk)
    today = clock.today()
    commitments = list(Commitment.objects.filter(agency=agency, is_active=True))
    figures = compliance.figures([agency.pk], today=today)[agency.pk]
    return render(
        request,
        "portal/agency_detail.html",
        {
            "agency": agency,
            "today": today,
            "domains": selectors.domains_of(agency),
            "powers": selectors.powers(agency, on=today),
            "delegations": selectors.delegations(agency, on=today),
            "posts": selectors.posts(agency),
            "officer_count": selectors.public_officers(agency).count(),
            "commitments": [(c, figures.get(c.metric)) for c in commitments],
            "figures": list(figures.values()),
            "settings": PortalSettings.objects.filter(agency=agency).first(),
        },
    )


@require_GET
def officer_list(request: HttpRequest) -> HttpResponse:
    """Enforcement officers: name, certificate number, domains, status (R-70)."""
    agencies = list(selectors.public_agencies())
    agency_id = request.GET.get("agency", "")
    agency = next((a for a in agencies if str(a.pk) == agency_id), None)
    q = (request.GET.get("q") or "").replace("\x00", "").strip()[:50]
    officers = selectors.public_officers(agency, q=q)
    page = page_of(request, officers, 50)
    today = clock.today()
    rows = []
    for o in page.object_list:
        certs = []
        for c in o.certificates.all():
            state, label = selectors.effective_state(c, today)
            certs.append({"number": c.number, "label": label, "ok": state == "valid"})
        rows.append({"officer": o, "certificates": certs, "domains": list(o.domains.all())})
    return render(
        request,
        "portal/officer_list.html",
        {
            "agencies": agencies,
            "agency": agency,
            "q": q,
            "page": page,
            "rows": rows,
            "query": _query(agency=agency.pk if agency else "", q=q),
        },
    )


@require_GET
def certificate_check(request: HttpRequest) -> HttpResponse:
    """R-70: verify a certificate by number; rate-limited per IP."""
    context: dict = {"form": CertificateCheckForm(), "checked": False}
    if "number" in request.GET:
        form = CertificateCheckForm(request.GET)
        context["form"] = form
        if rate_limited(request, "certificate_check"):  # the check is rate-limited
            return too_many(request, "portal/certificate_check.html", context)
        if form.is_valid():
            context["checked"] = True
            context["result"] = selectors.check_certificate(form.cleaned_data["number"])
            context["number"] = selectors.normalise_certificate_number(form.cleaned_data["number"])
    return render(request, "portal/certificate_check.html", context)


def flowchart_view() -> dict:
    """The workflow table as steps: each state with its outgoing edges (R-70)."""
    chart = workflow.flowchart()  # rendered from the table, cannot drift
    labels = {n["id"]: n["label"] for n in chart["nodes"]}
    out: dict[str, list[dict]] = {n["id"]: [] for n in chart["nodes"]}
    for e in chart["edges"]:
        out[e["from"]].append({**e, "to_label": labels[e["to"]]})
    groups: dict[str, list[dict]] = {"main": [], "summary": [], "exit": []}
    for n in chart["nodes"]:
        groups[n["kind"]].append({**n, "edges": out[n["id"]]})
    return {"groups": groups, "edge_count": len(chart["edges"])}


@require_GET
def procedure(request: HttpRequest) -> HttpResponse:
    """执法程序公开: the flowchart generated from `cases.workflow` (cannot drift)."""
    return render(request, "portal/procedure.html", flowchart_view())


@require_GET
def remedies(request: HttpRequest) -> HttpResponse:
    """执法救济方法公开、监督举报电话公开 (§四(二))."""
    agencies = list(selectors.public_agencies())
    return render(
        request,
        "portal/remedies.html",
        {
            "agencies": agencies,
            "reconsideration_days": RECONSIDERATION_DAYS,
            "litigation_months": LITIGATION_MONTHS,
        },
    )


@require_GET
def legal_aid(request: HttpRequest) -> HttpResponse:
    """R-73: where parties who may qualify apply for legal aid, per agency."""
    agencies = list(selectors.public_agencies())
    settings = {
        s.agency_id: s for s in PortalSettings.objects.filter(agency__in=[a.pk for a in agencies])
    }
    rows = [(a, settings.get(a.pk)) for a in agencies]
    return render(request, "portal/legal_aid.html", {"rows": rows})


@require_GET
def commitments(request: HttpRequest) -> HttpResponse:
    """R-72: every agency's commitments with the figures measured from its records."""
    agencies = list(selectors.public_agencies())
    figures = compliance.figures([a.pk for a in agencies])
    items: dict[int, list[Commitment]] = {}
    for c in Commitment.objects.filter(agency__in=[a.pk for a in agencies], is_active=True):
        items.setdefault(c.agency_id, []).append(c)
    rows = [
        {
            "agency": a,
            "commitments": [(c, figures[a.pk].get(c.metric)) for c in items.get(a.pk, [])],
            "figures": list(figures[a.pk].values()),
        }
        for a in agencies
    ]
    since, until = compliance.window(clock.today())
    return render(
        request, "portal/commitments.html", {"rows": rows, "since": since, "until": until}
    )


@require_GET
def benchmark_list(request: HttpRequest) -> HttpResponse:
    """Published discretion benchmarks (裁量基准), never drafts."""
    agencies = list(selectors.public_agencies())
    agency_id = request.GET.get("agency", "")
    agency = next((a for a in agencies if str(a.pk) == agency_id), None)
    page = page_of(request, selectors.published_benchmarks(agency), 50)
    return render(
        request,
        "portal/benchmark_list.html",
        {
            "agencies": agencies,
            "agency": agency,
            "page": page,
            "today": clock.today(),
            "query": _query(agency=agency.pk if agency else ""),
        },
    )


@require_GET
def benchmark_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.published_benchmark(valid_pk(pk))
    if version is None:
        raise Http404()
    tiers = sorted(version.tiers.all(), key=lambda t: t.rank)
    return render(
        request,
        "portal/benchmark_detail.html",
        {"version": version, "tiers": tiers, "today": clock.today()},
    )


@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    """R-39: published decisions (masked), newest first."""
    agencies = list(selectors.public_agencies())
    agency_id = request.GET.get("agency", "")
    agency = next((a for a in agencies if str(a.pk) == agency_id), None)
    page = page_of(request, selectors.published_decisions(agency), 30)
    return render(
        request,
        "portal/decision_list.html",
        {
            "agencies": agencies,
            "agency": agency,
            "page": page,
            "query": _query(agency=agency.pk if agency else ""),
        },
    )


@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    publication = selectors.published_decision(valid_pk(pk))
    if publication is None:
        raise Http404()
    return render(request, "portal/decision_detail.html", {"publication": publication})
