"""Pages of the cases app. Every case lookup goes through `Case.objects.visible_to`
(outsiders get 404); every write calls a service and shows its refusal as a message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit import services as audit
from cases import actions, deadlines, filing, forms, guards, sections, selectors, services, workflow
from cases.models import (
    AssistanceRequest,
    Case,
    CaseOfficer,
    Evidence,
    EvidenceFile,
    Inspection,
    Party,
    Record,
    officer_of,
)
from cases.services.leads import inspection_to_lead_verdict
from cases.states import State
from core import clock
from core.errors import DomainError
from core.roles import Role, has_role

try:
    from documents.selectors import documents_for_case
except ImportError:  # pragma: no cover
    documents_for_case = None


def _case_or_404(request: HttpRequest, pk: int) -> Case:
    case = selectors.get_visible_case(request.user, pk)
    if case is None:
        raise Http404()
    return case


def _agency_id(request: HttpRequest) -> int | None:
    officer = officer_of(request.user)
    return officer.agency_id if officer else None


def _staff_or_404(request: HttpRequest):
    officer = officer_of(request.user)
    if officer is None:
        raise Http404()
    return officer


# --- Lists ------------------------------------------------------------------------------
def _list(request: HttpRequest, *, leads: bool) -> HttpResponse:
    form = forms.CaseFilterForm(request.GET or None, agency_id=_agency_id(request))
    params: dict = {}
    if request.GET and form.is_valid():
        params = form.cleaned_data
    elif request.GET:
        messages.error(request, _("筛选条件有误，已显示全部结果"))
    qs = selectors.visible_cases(request.user)
    if leads:
        qs = qs.filter(state__in=[State.LEAD, State.FILING_REVIEW])
    qs = selectors.filter_cases(qs, params)
    size = params.get("size") or 50
    sort = params.get("sort") or selectors.DEFAULT_SORT
    after = request.GET.get("after") or None
    try:
        page = selectors.case_page(qs, sort=sort, after=after, page_size=size)
    except selectors.BadCursor:
        messages.error(request, _("分页参数无效，已回到第一页"))
        page = selectors.case_page(qs, sort=sort, page_size=size)
    query = request.GET.copy()
    query.pop("after", None)
    next_query = None
    if page.next_cursor:
        q = query.copy()
        q["after"] = page.next_cursor
        next_query = q.urlencode()
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "leads": leads,
            "first_query": query.urlencode(),
            "next_query": next_query,
            "is_later_page": bool(after),
            # One reverse() for the page instead of one per row.
            "case_url_prefix": reverse("cases:case_list"),
            "today": clock.today(),
        },
    )


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    return _list(request, leads=False)


@login_required
def lead_list(request: HttpRequest) -> HttpResponse:
    return _list(request, leads=True)


@login_required
@require_http_methods(["GET", "POST"])
def lead_create(request: HttpRequest) -> HttpResponse:
    officer = _staff_or_404(request)
    if not has_role(request.user, Role.OFFICER, Role.SUPERVISOR):
        raise Http404()
    parties = selectors.parties_visible_to(request.user)
    form = forms.LeadForm(request.POST or None, agency=officer.agency, parties=parties)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.register_lead(by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已登记线索"))
            return redirect("cases:case_detail", pk=case.pk)
    return render(
        request, "cases/form_page.html", {"form": form, "title": _("登记线索"), "multipart": False}
    )


# --- Case page --------------------------------------------------------------------------
@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    with transaction.atomic():
        audit.record("cases.case.viewed", case, by=request.user)  # a sensitive read
    assignments = list(
        CaseOfficer.objects.filter(case=case)
        .select_related("officer")
        .order_by("-active", "-is_lead", "pk")
    )
    parties = list(case.case_parties.select_related("party"))
    clock_ = deadlines.compute(case)
    documents = list(documents_for_case(case.pk)) if documents_for_case else []
    context = {
        "case": case,
        "assignments": assignments,
        "parties": parties,
        "evidence": list(case.evidence.prefetch_related("collected_by", "files")),
        "records": list(case.records.prefetch_related("participants")),
        "recusals": list(case.recusals.select_related("officer")),
        "approvals": list(case.approvals.select_related("requested_by", "decided_by")),
        "preservations": list(case.preservations.all()),
        "transfers": list(case.transfers.all()),
        "assistance": list(case.assistance_requests.select_related("to_agency")),
        "closing_reports": list(case.closing_reports.all()),
        "corrections": list(case.corrections.all()),
        "clock": clock_,
        "next_deadline": deadlines.next_deadline(case),
        "offered": actions.offered(case, request.user),
        "extra_sections": sections.sections_for(case, request),
        "timeline": selectors.timeline(case),
        "documents": documents,
        "may_reveal": {
            cp.party_id: selectors.may_reveal_identity(request.user, cp.party) for cp in parties
        },
        "filing_report": filing.filing_checks(case, request.user)
        if case.state in (State.LEAD, State.FILING_REVIEW)
        else None,
        "today": clock.today(),
        "next_step": actions.next_step(case),
        "preservation_overdue": [
            p for p in case.preservations.all() if deadlines.preservation_overdue(p)
        ],
    }
    return render(request, "cases/case_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    initial = {f: getattr(case, f) for f in services.leads.EDITABLE_FIELDS}
    initial["version"] = case.version
    form = forms.CaseEditForm(request.POST or None, initial=initial, case=case)
    verdict = guards.may_change(case, request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.update_case(case, by=request.user, expected_version=version, **data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存"))
            return redirect("cases:case_detail", pk=case.pk)
    return render(
        request,
        "cases/form_page.html",
        {"form": form, "title": _("修改案件信息"), "case": case, "verdict": verdict},
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_action(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    case = _case_or_404(request, pk)
    action = actions.BY_CODE.get(code)
    if action is None:
        raise Http404()
    verdict = action.guard(case, request.user)
    multipart = action.form is forms.EvidenceForm
    form = action.form(request.POST or None, request.FILES or None, case=case, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            try:
                message = action.run(case, request.user, form)
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, message)
                return redirect("cases:case_detail", pk=case.pk)
    return render(
        request,
        "cases/form_page.html",
        {
            "form": form,
            "title": action.label,
            "case": case,
            "verdict": verdict,
            "multipart": multipart,
            "action": action,
        },
        status=200,
    )


# --- Evidence ---------------------------------------------------------------------------
EVIDENCE_ACTIONS = {
    "verify": (
        forms.VerifyEvidenceForm,
        lambda ev, u, d: services.verify_evidence(ev, by=u, note=d["note"]),
    ),
    "exclude": (
        forms.ExcludeEvidenceForm,
        lambda ev, u, d: services.exclude_evidence(ev, by=u, **d),
    ),
    "opinion": (forms.OpinionForm, lambda ev, u, d: services.record_party_opinion(ev, by=u, **d)),
    "upload": (forms.UploadForm, lambda ev, u, d: services.attach_file(ev, by=u, upload=d["file"])),
}


def _evidence_or_404(request: HttpRequest, pk: int, eid: int) -> tuple[Case, Evidence]:
    case = _case_or_404(request, pk)
    evidence = (
        Evidence.objects.filter(case=case, pk=eid).prefetch_related("collected_by", "files").first()
    )
    if evidence is None:
        raise Http404()
    return case, evidence


@login_required
def evidence_detail(request: HttpRequest, pk: int, eid: int) -> HttpResponse:
    case, evidence = _evidence_or_404(request, pk, eid)
    return render(
        request,
        "cases/evidence_detail.html",
        {
            "case": case,
            "evidence": evidence,
            "verdict": guards.may_change(case, request.user),
            "forms": {name: form_cls() for name, (form_cls, _run) in EVIDENCE_ACTIONS.items()},
        },
    )


@login_required
@require_POST
def evidence_action(request: HttpRequest, pk: int, eid: int, code: str) -> HttpResponse:
    case, evidence = _evidence_or_404(request, pk, eid)
    if code not in EVIDENCE_ACTIONS:
        raise Http404()
    form_cls, run = EVIDENCE_ACTIONS[code]
    form = form_cls(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    else:
        try:
            run(evidence, request.user, form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已保存"))
    return redirect("cases:evidence_detail", pk=case.pk, eid=evidence.pk)


@login_required
def evidence_download(request: HttpRequest, pk: int, eid: int, fid: int) -> HttpResponse:
    case, evidence = _evidence_or_404(request, pk, eid)
    row = EvidenceFile.objects.filter(evidence=evidence, pk=fid).select_related("evidence").first()
    if row is None:
        raise Http404()
    try:
        handle = row.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404() from None
    services.record_download(row, by=request.user)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{case.pk}-{evidence.seq}-{row.sha256[:12]}{row.extension}",
        content_type=row.content_type,
    )


@login_required
def record_detail(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    record = Record.objects.filter(case=case, pk=rid).prefetch_related("participants", "qa").first()
    if record is None:
        raise Http404()
    return render(request, "cases/record_detail.html", {"case": case, "record": record})


# --- Parties ----------------------------------------------------------------------------
@login_required
def party_list(request: HttpRequest) -> HttpResponse:
    _staff_or_404(request)
    form = forms.PartySearchForm(request.GET or None)
    qs = selectors.parties_visible_to(request.user)
    if request.GET and form.is_valid() and form.cleaned_data["q"]:
        qs = qs.filter(name__icontains=form.cleaned_data["q"])
    elif request.GET and not form.is_valid():
        messages.error(request, _("查询条件有误"))
    parties = list(qs.order_by("name", "pk")[:200])
    return render(request, "cases/party_list.html", {"form": form, "parties": parties})


@login_required
@require_http_methods(["GET", "POST"])
def party_create(request: HttpRequest) -> HttpResponse:
    _staff_or_404(request)
    form = forms.PartyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            party, created = services.register_party(by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            if created:
                messages.success(request, _("已登记当事人"))
            else:
                messages.info(request, _("该证件号码的当事人已登记"))
            if selectors.parties_visible_to(request.user).filter(pk=party.pk).exists():
                return redirect("cases:party_detail", pk=party.pk)
            return redirect("cases:party_list")
    return render(request, "cases/form_page.html", {"form": form, "title": _("登记当事人")})


def _party_or_404(request: HttpRequest, pk: int) -> Party:
    party = selectors.parties_visible_to(request.user).filter(pk=pk).first()
    if party is None:
        raise Http404()
    return party


@login_required
def party_detail(request: HttpRequest, pk: int) -> HttpResponse:
    party = _party_or_404(request, pk)
    return render(
        request,
        "cases/party_detail.html",
        {
            "party": party,
            "history": list(selectors.party_history(request.user, party)[:200]),
            "tier": selectors.supervision_tier(party),
            "may_reveal": selectors.may_reveal_identity(request.user, party),
            "revealed": request.session.pop(f"revealed-party-{party.pk}", None),
        },
    )


@login_required
@require_POST
def party_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    party = _party_or_404(request, pk)
    try:
        number = services.reveal_id_number(party, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("cases:party_detail", pk=party.pk)
    # Shown once on the next page; the view was recorded in the audit trail.
    request.session[f"revealed-party-{party.pk}"] = number
    return redirect("cases:party_detail", pk=party.pk)


@login_required
@require_http_methods(["GET", "POST"])
def party_edit(request: HttpRequest, pk: int) -> HttpResponse:
    party = _party_or_404(request, pk)
    initial = {f: getattr(party, f) for f in ("name", "phone", "address", "legal_representative")}
    form = forms.PartyEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_party(party, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存"))
            return redirect("cases:party_detail", pk=party.pk)
    return render(request, "cases/form_page.html", {"form": form, "title": _("修改当事人信息")})


# --- Inspections ------------------------------------------------------------------------
@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    officer = _staff_or_404(request)
    rows = list(
        Inspection.objects.filter(agency_id=officer.agency_id)
        .select_related("party", "lead")
        .order_by("-inspected_on", "-pk")[:200]
    )
    return render(request, "cases/inspection_list.html", {"inspections": rows})


@login_required
@require_http_methods(["GET", "POST"])
def inspection_create(request: HttpRequest) -> HttpResponse:
    officer = _staff_or_404(request)
    form = forms.InspectionForm(
        request.POST or None,
        agency=officer.agency,
        parties=selectors.parties_visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.record_inspection(by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已登记监督检查"))
            return redirect("cases:inspection_detail", pk=inspection.pk)
    return render(request, "cases/form_page.html", {"form": form, "title": _("登记监督检查")})


@login_required
@require_http_methods(["GET", "POST"])
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    officer = _staff_or_404(request)
    inspection = (
        Inspection.objects.filter(agency_id=officer.agency_id, pk=pk)
        .select_related("party", "domain", "lead")
        .prefetch_related("officers")
        .first()
    )
    if inspection is None:
        raise Http404()
    form = forms.InspectionToLeadForm(
        request.POST or None, agency=officer.agency, domain=inspection.domain
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.inspection_to_lead(inspection, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已转为线索"))
            return redirect("cases:case_detail", pk=case.pk)
    lead_visible = (
        inspection.lead_id is not None
        and selectors.visible_cases(request.user).filter(pk=inspection.lead_id).exists()
    )
    return render(
        request,
        "cases/inspection_detail.html",
        {
            "inspection": inspection,
            "form": form,
            "verdict": inspection_to_lead_verdict(inspection),
            "lead_visible": lead_visible,
        },
    )


# --- Assistance between agencies (R-47) ---------------------------------------------------
@login_required
def assistance_list(request: HttpRequest) -> HttpResponse:
    officer = _staff_or_404(request)
    incoming = list(
        AssistanceRequest.objects.filter(to_agency_id=officer.agency_id)
        .select_related("from_agency")
        .order_by("-pk")[:200]
    )
    return render(
        request,
        "cases/assistance_list.html",
        {"incoming": incoming, "form": forms.AssistanceResponseForm()},
    )


@login_required
@require_POST
def assistance_respond(request: HttpRequest, pk: int) -> HttpResponse:
    officer = _staff_or_404(request)
    req = AssistanceRequest.objects.filter(pk=pk, to_agency_id=officer.agency_id).first()
    if req is None:
        raise Http404()
    form = forms.AssistanceResponseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择答复并填写内容"))
    else:
        try:
            services.respond_assistance(req, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已答复"))
    return redirect(reverse("cases:assistance_list"))


# --- Procedure flowchart (R-70 data) --------------------------------------------------------
def procedure(request: HttpRequest) -> HttpResponse:
    """The general procedure as drawn from the workflow table (public)."""
    return render(request, "cases/procedure.html", {"chart": workflow.flowchart()})
