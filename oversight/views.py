"""Pages of the legal office's oversight (法制监督): the oversight dashboard, a case's
full-process record with its case-file export, fault reviews (R-62) and rows changed
outside the application. Only the legal office of the case's agency sees them; everyone
else gets 404."""

from __future__ import annotations

import json
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.actions import label_for
from audit.services import record
from cases.models import Case
from core import clock
from core.errors import DomainError
from core.roles import Role
from officers.idnumber import mask as mask_id_number
from oversight import access, bundle, faults, scan, selectors
from oversight.forms import CloseForm, DashboardForm, FaultOpenForm, FindingForm, PagingForm
from oversight.history import for_label
from oversight.models import ExportBundle, FaultReview, OutsideChange

RECORD_VIEWED = "oversight.case_record.viewed"


def _role_label(code: str) -> str:
    try:
        return str(Role(code).label)
    except ValueError:
        return code


def _paging(request: HttpRequest) -> dict:
    form = PagingForm(request.GET)
    return form.cleaned_data if form.is_valid() else {}


# --- Dashboard ------------------------------------------------------------------------------
@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    access.require_legal_office(request)
    form = DashboardForm(request.GET or None)
    months = form.cleaned_data.get("months") or 12 if form.is_valid() else 12
    today = clock.today()
    since = today - timedelta(days=round(months * 30.44))
    agencies = access.agency_ids(request.user)
    data = selectors.dashboard(agencies, today, since)
    return render(
        request,
        "oversight/dashboard.html",
        {"form": form, "d": data, "since": since, "today": today, "months": months},
    )


# --- Full-process record --------------------------------------------------------------------
@login_required
@require_GET
def case_record(request: HttpRequest, pk: int) -> HttpResponse:
    """全过程记录: every event of the case from lead to closing, documents (all versions,
    sha256), evidence (sha256), who did what when. Reading it is a sensitive read."""
    case = access.case_or_404(request, pk)
    paging = _paging(request)
    with transaction.atomic():
        record(RECORD_VIEWED, case, by=request.user)
    events, more = selectors.timeline(case, after_seq=paging.get("after"))
    rows = [{"event": e, "label": label_for(e.action), "role": _role_label(e.role)} for e in events]
    context = {
        "case": case,
        "rows": rows,
        "more_url": f"?after={events[-1].seq}" if more and events else None,
        "first_page": paging.get("after") is None,
        "actors": [{**a, "role_label": _role_label(a["role"])} for a in selectors.actors(case)],
        "documents": selectors.documents(case),
        "evidence": selectors.evidence(case),
        "exports": list(ExportBundle.objects.filter(case=case).select_related("requested_by")[:10]),
        "reviews": list(FaultReview.objects.filter(case=case).order_by("-pk")),
    }
    return render(request, "oversight/case_record.html", context)


# --- Case-file export -----------------------------------------------------------------------
@login_required
@require_POST
def export_start(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_or_404(request, pk)
    running = ExportBundle.objects.filter(
        case=case,
        state__in=[ExportBundle.State.PENDING, ExportBundle.State.BUILDING],
        requested_at__gte=timezone.now() - bundle.STALE_AFTER,
    ).exists()
    if running:
        messages.warning(request, _("本案已有一份案卷正在生成，请稍候。"))
    else:
        exported = bundle.request_export(case, by=request.user)
        exported.refresh_from_db()
        if exported.state == ExportBundle.State.DONE:
            messages.success(request, _("案卷已生成，可以下载。"))
        elif exported.state == ExportBundle.State.FAILED:
            messages.error(request, _("案卷生成失败：%(e)s") % {"e": exported.error})
        else:
            messages.info(request, _("已开始生成案卷，本页显示进度。"))
    return redirect(reverse("oversight:case_record", args=[case.pk]) + "#exports")


def _bundle_or_404(request: HttpRequest, pk: int) -> ExportBundle:
    access.require_legal_office(request)
    if not 0 < pk <= access.MAX_ID:
        raise Http404()
    exported = (
        ExportBundle.objects.filter(
            pk=pk, case__in=Case.objects.visible_to(request.user).values("pk")
        )
        .select_related("case", "requested_by")
        .first()
    )
    if exported is None:
        raise Http404()
    return exported


@login_required
@require_GET
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    """One export row (htmx polls it every second while it is being built)."""
    exported = _bundle_or_404(request, pk)
    return render(request, "oversight/_export_row.html", {"x": exported})


@login_required
@require_GET
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    exported = _bundle_or_404(request, pk)
    if exported.state != ExportBundle.State.DONE or not exported.file:
        raise Http404()
    try:
        handle = exported.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404() from None
    with transaction.atomic():
        bundle.record_download(exported, by=request.user)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"case-{exported.case_id}-bundle-{exported.pk}.zip",
        content_type="application/zip",
    )


# --- Fault reviews (R-62) -------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def fault_open(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_or_404(request, pk)
    officers = faults.case_officers(case)
    form = FaultOpenForm(request.POST or None, officers=officers)
    if request.method == "POST" and form.is_valid():
        try:
            review = faults.open_review(
                case,
                by=request.user,
                officers=list(form.cleaned_data["officers"]),
                grounds=form.cleaned_data["grounds"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已启动执法过错审查。"))
            return redirect("oversight:fault_detail", pk=review.pk)
    return render(request, "oversight/fault_open.html", {"case": case, "form": form})


def _review_or_404(request: HttpRequest, pk: int) -> FaultReview:
    access.require_legal_office(request)
    if not 0 < pk <= access.MAX_ID:
        raise Http404()
    review = (
        FaultReview.objects.filter(
            pk=pk, case__in=Case.objects.visible_to(request.user).values("pk")
        )
        .select_related("case", "opened_by", "closed_by")
        .first()
    )
    if review is None:
        raise Http404()
    return review


def _pending_officers(review: FaultReview):
    found = set(review.findings.values_list("officer_id", flat=True))
    return [o for o in review.officers.order_by("name", "pk") if o.pk not in found]


def _fault_page(request, review, *, finding_form=None, close_form=None, status=200):
    pending = _pending_officers(review)
    context = {
        "review": review,
        "case": review.case,
        "findings": list(
            review.findings.select_related("officer", "fault", "recorded_by").order_by("pk")
        ),
        "officers": list(review.officers.order_by("name", "pk")),
        "pending": pending,
        "finding_form": finding_form or FindingForm(officers=pending),
        "close_form": close_form or CloseForm(),
        "close_problems": faults.close_verdict(review),
    }
    return render(request, "oversight/fault_detail.html", context, status=status)


@login_required
@require_GET
def fault_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _fault_page(request, _review_or_404(request, pk))


@login_required
@require_POST
def fault_finding(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk)
    form = FindingForm(request.POST, officers=_pending_officers(review))
    if form.is_valid():
        d = form.cleaned_data
        try:
            faults.record_finding(
                review,
                by=request.user,
                officer=d["officer"],
                outcome=d["outcome"],
                kind=d.get("kind") or "",
                occurred_on=d.get("occurred_on"),
                finding=d.get("finding") or "",
                sanction=d.get("sanction") or "",
                measure=d.get("measure") or "",
                recovery_amount=d.get("recovery_amount"),
                note=d.get("note") or "",
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已记录认定。"))
            return redirect("oversight:fault_detail", pk=review.pk)
    return _fault_page(request, review, finding_form=form, status=400)


@login_required
@require_POST
def fault_close(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            faults.close_review(review, by=request.user, conclusion=form.cleaned_data["conclusion"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("执法过错审查已办结。"))
            return redirect("oversight:fault_detail", pk=review.pk)
    return _fault_page(request, review, close_form=form, status=400)


# --- Changed outside the application --------------------------------------------------------
@login_required
@require_GET
def outside_changes(request: HttpRequest) -> HttpResponse:
    """Rows whose change no application event explains (oversight.history). The scan is
    incremental, so running it on page load costs the changes since the last pass."""
    access.require_legal_office(request)
    last = (scan.recent() or scan.scan()) if scan.supported() else None
    paging = _paging(request)
    rows, more = selectors.outside_changes(
        access.agency_ids(request.user), before_id=paging.get("before")
    )
    return render(
        request,
        "oversight/outside_changes.html",
        {
            "rows": rows,
            "older_url": f"?before={rows[-1].pk}" if more and rows else None,
            "supported": scan.supported(),
            "last": last,
        },
    )


def _history_values(row) -> list[tuple[str, str]]:
    out = []
    for f in row._meta.concrete_fields:
        if f.name.startswith("pgh_"):
            continue
        value = getattr(row, f.attname)
        if f.name == "id_number" and value:
            value = mask_id_number(value)
        elif isinstance(value, (dict, list)):
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        out.append((f.name, "" if value is None else str(value)))
    return out


@login_required
@require_GET
def outside_change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_legal_office(request)
    if not 0 < pk <= access.MAX_ID:
        raise Http404()
    change = OutsideChange.objects.filter(
        pk=pk, agency_id__in=access.agency_ids(request.user)
    ).first()
    if change is None:
        raise Http404()
    tracked = for_label(change.object_type)
    row = previous = None
    if tracked is not None:
        history = tracked.history.objects
        row = history.filter(pgh_id=change.history_id).first()
        if row is not None:
            previous = (
                history.filter(pgh_obj_id=row.pgh_obj_id, pgh_id__lt=row.pgh_id)
                .order_by("-pgh_id")
                .first()
            )
    values = _history_values(row) if row is not None else []
    before = dict(_history_values(previous)) if previous is not None else {}
    diff = [
        {
            "name": name,
            "after": value,
            "before": before.get(name),
            "changed": before.get(name) != value,
        }
        for name, value in values
    ]
    return render(
        request,
        "oversight/outside_change_detail.html",
        {"change": change, "row": row, "previous": previous, "diff": diff},
    )
