"""The summary procedure pages (当场处罚, R-20): the officers' form, the pre-assigned
numbers (R-37), the record of one on-the-spot decision, and the agency's filing (备案)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.models import Case, officer_of
from core import clock
from core.errors import DomainError
from core.roles import Role, has_role
from documents.services import reserve_numbers
from penalties.forms_decisions import FilingForm, ReserveForm, SummaryForm
from penalties.models import SummaryProcedure
from penalties.services import decision_data as dd
from penalties.services import summary

MAX_ID = 2**63 - 1
ROLES = (Role.OFFICER, Role.SUPERVISOR, Role.LEGAL_OFFICE)


def _officer_or_404(request: HttpRequest):
    officer = officer_of(request.user)
    if officer is None or not has_role(request.user, *ROLES):
        raise Http404()
    return officer


def _issuer(officer):
    """Numbers are reserved in the name the documents go out in (R-03: the principal of
    an entrusted organisation)."""
    return officer.agency


@login_required
@require_http_methods(["GET", "POST"])
def summary_list(request: HttpRequest) -> HttpResponse:
    officer = _officer_or_404(request)
    reserve_form = ReserveForm(request.POST or None)
    if request.method == "POST":
        if not has_role(request.user, Role.OFFICER, Role.SUPERVISOR):
            raise Http404()
        if reserve_form.is_valid():
            try:
                docs = reserve_numbers(
                    _issuer(officer),
                    summary.KIND,
                    reserve_form.cleaned_data["count"],
                    by=request.user,
                )
            except DomainError as exc:
                reserve_form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("已预留 %(n)d 个编号：%(first)s 至 %(last)s")
                    % {"n": len(docs), "first": docs[0].number, "last": docs[-1].number},
                )
                return redirect("penalties:summary_list")
    today = clock.today()
    recent = (
        SummaryProcedure.objects.filter(case__agency_id=officer.agency_id)
        .select_related("case", "decision", "officer_a", "officer_b")
        .order_by("-pk")[:50]
    )
    queue = list(summary.filing_queue(request.user)[:100])
    return render(
        request,
        "penalties/summary/summary_list.html",
        {
            "recent": [(p, summary.filing_overdue(p, on=today)) for p in recent],
            "queue": [(p, summary.filing_overdue(p, on=today)) for p in queue],
            "numbers": list(summary.reserved_numbers(_issuer(officer))),
            "reserve_form": reserve_form,
            "may_decide": summary.may_act_on_the_spot(request.user).ok,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def summary_new(request: HttpRequest) -> HttpResponse:
    officer = _officer_or_404(request)
    verdict = summary.may_act_on_the_spot(request.user)
    numbers = [d.number for d in summary.reserved_numbers(_issuer(officer))]
    form = SummaryForm(request.POST or None, user=request.user, officer=officer, numbers=numbers)
    if request.method == "POST" and verdict.ok and form.is_valid():
        c = form.cleaned_data
        try:
            proc = summary.decide_on_the_spot(
                by=request.user,
                partner=c["partner"],
                party=c["party"],
                domain=c["domain"],
                violation_code=c["violation_code"],
                acted_at=c["acted_at"],
                place=c["place"],
                title=c["title"],
                facts_text=c["facts_text"],
                facts=form.facts(),
                penalty_types=c["penalty_types"],
                fine=c["fine"],
                rights_notice=c["rights_notice"],
                statement=c["statement"],
                statement_waived=c["statement_waived"],
                recheck=c["recheck"],
                refused_to_sign=c["refused_to_sign"],
                signature_note=c["signature_note"],
                reserved_number=c["reserved_number"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("已当场作出行政处罚决定 %(n)s，请于 %(d)s 前报本机关备案")
                % {"n": proc.reserved_number, "d": proc.filing_due_on.isoformat()},
            )
            return redirect("penalties:summary_detail", pk=proc.pk)
    return render(
        request,
        "penalties/summary/summary_form.html",
        {"form": form, "verdict": verdict, "numbers": numbers},
    )


def _proc_or_404(request: HttpRequest, pk: int) -> SummaryProcedure:
    _officer_or_404(request)
    if not 0 < pk <= MAX_ID:
        raise Http404()
    visible = Case.objects.visible_to(request.user).values("pk")
    proc = (
        SummaryProcedure.objects.filter(pk=pk, case__in=visible)
        .select_related("case", "decision", "decision__document", "officer_a", "officer_b")
        .first()
    )
    if proc is None:
        raise Http404()
    return proc


@login_required
@require_GET
def summary_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proc = _proc_or_404(request, pk)
    return render(
        request,
        "penalties/summary/summary_detail.html",
        {
            "proc": proc,
            "case": proc.case,
            "decision": proc.decision,
            "penalties": dd.penalties_list(proc.penalty_types, fine=proc.fine),
            "filing_verdict": summary.filing_verdict(proc, request.user),
            "filing_overdue": summary.filing_overdue(proc),
            "filing_form": FilingForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def summary_file(request: HttpRequest, pk: int) -> HttpResponse:
    proc = _proc_or_404(request, pk)
    verdict = summary.filing_verdict(proc, request.user)
    form = FilingForm(request.POST or None)
    if request.method == "POST" and verdict.ok and form.is_valid():
        try:
            summary.file_summary(proc, by=request.user, note=form.cleaned_data["note"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已备案"))
            return redirect("penalties:summary_detail", pk=proc.pk)
    elif request.method == "POST" and not verdict.ok:
        messages.error(request, "；".join(verdict.reasons))
    return render(
        request,
        "penalties/summary/summary_file.html",
        {"proc": proc, "form": form, "verdict": verdict},
    )


def case_section(case: Case, request: HttpRequest) -> dict | None:
    """当场处罚 card on the case page of a summary case."""
    if case.procedure != Case.Procedure.SUMMARY:
        return None
    proc = SummaryProcedure.objects.filter(case=case).select_related("decision").first()
    if proc is None:
        return None
    return {
        "title": _("当场处罚（简易程序）"),
        "template": "penalties/summary/_case_section.html",
        "context": {"proc": proc, "filing_overdue": summary.filing_overdue(proc)},
        "order": 40,
    }
