"""Complaints and reports (R-71): the public form, the once-shown receipt, the lookup by
number and code; the staff queue and the handling page (outsiders get 404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import clock
from core.errors import DomainError
from portal.forms import (
    AssignForm,
    ComplaintForm,
    ConvertForm,
    LookupForm,
    QueueFilterForm,
    RespondForm,
)
from portal.models import Complaint, ComplaintAttachment
from portal.services import complaints as svc
from portal.views._helpers import page_of, rate_limited, too_many, valid_pk

RECEIPT_KEY = "portal.complaint_receipt"


# --- Public ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def complaint_new(request: HttpRequest) -> HttpResponse:
    form = ComplaintForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST":
        if rate_limited(request, "complaint_submit"):
            return too_many(request, "portal/complaint_form.html", context)
        if form.is_valid():
            data = form.cleaned_data
            try:
                submitted = svc.submit_complaint(
                    kind=data["kind"],
                    agency=data["agency"],
                    description=data["description"],
                    officer_ref=data["officer_ref"],
                    contact_name=data["contact_name"],
                    contact_phone=data["contact_phone"],
                    attachments=data["attachments"],
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                # Shown once on the next page, then gone from the session.
                request.session[RECEIPT_KEY] = {
                    "number": submitted.complaint.number,
                    "code": submitted.code,
                }
                return redirect("portal:complaint_submitted")
    return render(request, "portal/complaint_form.html", context)


@require_GET
def complaint_submitted(request: HttpRequest) -> HttpResponse:
    receipt = request.session.pop(RECEIPT_KEY, None)
    if not receipt:
        return redirect("portal:complaint_lookup")
    complaint = (
        Complaint.objects.select_related("agency").filter(number=receipt.get("number")).first()
    )
    if complaint is None:
        return redirect("portal:complaint_lookup")
    return render(
        request,
        "portal/complaint_submitted.html",
        {"complaint": complaint, "code": receipt.get("code", "")},
    )


@require_http_methods(["GET", "POST"])
def complaint_lookup(request: HttpRequest) -> HttpResponse:
    """By number and verification code (POST: the code stays out of URLs and logs)."""
    form = LookupForm(request.POST or None)
    context: dict = {"form": form, "complaint": None}
    if request.method == "POST":
        if rate_limited(request, "complaint_lookup"):
            return too_many(request, "portal/complaint_lookup.html", context)
        if form.is_valid():
            complaint = svc.lookup(form.cleaned_data["number"], form.cleaned_data["code"])
            if complaint is None:
                form.add_error(None, _("受理编号或查询码不正确，请核对后重新输入。"))
            else:
                context["complaint"] = complaint
                context["overdue"] = complaint.is_overdue(clock.today())
    return render(request, "portal/complaint_lookup.html", context)


# --- Staff -----------------------------------------------------------------------------------


def _complaint_or_404(request: HttpRequest, pk: int) -> Complaint:
    complaint = (
        svc.visible_to(request.user)
        .select_related("agency", "officer", "assigned_to", "responded_by", "lead")
        .filter(pk=valid_pk(pk))
        .first()
    )
    if complaint is None:
        raise Http404()
    return complaint


@login_required
@require_GET
def complaint_queue(request: HttpRequest) -> HttpResponse:
    """The legal office's queue of its agency's complaints (handlers: their own)."""
    officer = svc.staff_officer(request.user)
    if officer is None:
        raise Http404()
    filters = QueueFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    qs = svc.queue(
        request.user,
        status=params.get("status") or "",
        kind=params.get("kind") or "",
        overdue=bool(params.get("overdue")),
    )
    page = page_of(request, qs, 30)
    today = clock.today()
    return render(
        request,
        "portal/staff/complaint_queue.html",
        {
            "filters": filters,
            "page": page,
            "today": today,
            "rows": [(c, c.is_overdue(today)) for c in page.object_list],
        },
    )


@login_required
@require_GET
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint_or_404(request, pk)
    svc.record_view(complaint, by=request.user)
    return render(
        request, "portal/staff/complaint_detail.html", _detail_context(request, complaint)
    )


def _detail_context(request: HttpRequest, complaint: Complaint, **forms) -> dict:
    user = request.user
    today = clock.today()
    return {
        "complaint": complaint,
        "attachments": list(complaint.attachments.all()),
        "overdue": complaint.is_overdue(today),
        "today": today,
        "assign_verdict": svc.assign_verdict(complaint, user),
        "respond_verdict": svc.respond_verdict(complaint, user),
        "convert_verdict": svc.convert_verdict(complaint, user),
        "assign_form": forms.get("assign_form") or AssignForm(complaint=complaint),
        "respond_form": forms.get("respond_form") or RespondForm(),
        "convert_form": forms.get("convert_form")
        or ConvertForm(complaint=complaint, initial={"title": complaint.description[:60]}),
    }


def _after(request: HttpRequest, complaint: Complaint, action, form_name: str, form, ok: str):
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, ok)
            return redirect("portal:complaint_detail", pk=complaint.pk)
    context = _detail_context(request, complaint, **{form_name: form})
    return render(request, "portal/staff/complaint_detail.html", context, status=400)


@login_required
@require_POST
def complaint_assign(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint_or_404(request, pk)
    form = AssignForm(request.POST, complaint=complaint)
    return _after(
        request,
        complaint,
        lambda d: svc.assign(complaint, by=request.user, assignee=d["assignee"]),
        "assign_form",
        form,
        _("已分派承办人"),
    )


@login_required
@require_POST
def complaint_respond(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint_or_404(request, pk)
    form = RespondForm(request.POST)
    return _after(
        request,
        complaint,
        lambda d: svc.respond(complaint, by=request.user, response=d["response"]),
        "respond_form",
        form,
        _("已登记答复，投诉举报办结"),
    )


@login_required
@require_POST
def complaint_convert(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint_or_404(request, pk)
    form = ConvertForm(request.POST, complaint=complaint)
    if form.is_valid():
        try:
            case = svc.convert_to_lead(
                complaint,
                by=request.user,
                domain=form.cleaned_data["domain"],
                title=form.cleaned_data["title"],
                violation_code=form.cleaned_data.get("violation_code") or "",
            )
        except DomainError as exc:
            messages.error(request, str(exc))
            return redirect("portal:complaint_detail", pk=complaint.pk)
        messages.success(request, _("已转为线索，请在线索核查期限内核查"))
        return redirect("cases:case_detail", pk=case.pk)
    context = _detail_context(request, complaint, convert_form=form)
    return render(request, "portal/staff/complaint_detail.html", context, status=400)


@login_required
@require_GET
def complaint_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    complaint = _complaint_or_404(request, pk)
    attachment = ComplaintAttachment.objects.filter(
        complaint=complaint, pk=valid_pk(attachment_pk)
    ).first()
    if attachment is None:
        raise Http404()
    svc.record_download(attachment, by=request.user)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404() from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{complaint.number}-{attachment.pk}{attachment.extension}",
        content_type=attachment.content_type,
    )
