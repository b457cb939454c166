"""Agency admin forms: certificates, exams, training; faults (admin or legal office)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import DomainError
from core.roles import Role
from officers import services
from officers.forms import (
    CertificateIssueForm,
    ExamForm,
    FaultEditForm,
    FaultForm,
    ReasonForm,
    ReviewForm,
    TrainingForm,
)
from officers.models import Certificate, Fault
from officers.views._helpers import managed_officer_or_404, own_agency_or_404
from officers.views.staff import _form_page


def _run(request, form, call, *, success: str) -> bool:
    """Call the service; a DomainError becomes a form error. True when it succeeded."""
    try:
        call()
    except DomainError as exc:
        form.add_error(None, str(exc))
        return False
    messages.success(request, success)
    return True


@login_required
@require_http_methods(["GET", "POST"])
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    officer = managed_officer_or_404(request, pk, Role.AGENCY_ADMIN)
    form = CertificateIssueForm(request.POST or None, initial={"issuer": officer.agency.name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            request,
            form,
            lambda: services.issue_certificate(
                officer,
                by=request.user,
                number=data["number"],
                issuer=data["issuer"],
                domains=data["domains"],
                issued_on=data["issued_on"],
                expires_on=data["expires_on"],
                review_due_on=data.get("review_due_on"),
            ),
            success=_("执法证已登记。"),
        ):
            return redirect("officers:officer_detail", pk=officer.pk)
    return _form_page(request, form, title=_("登记执法证"), officer=officer)


CERTIFICATE_ACTIONS = {
    "review": (_("年审"), ReviewForm),
    "suspend": (_("暂扣执法证"), ReasonForm),
    "revoke": (_("吊销执法证"), ReasonForm),
    "restore": (_("恢复执法证"), ReasonForm),
}


@login_required
@require_http_methods(["GET", "POST"])
def certificate_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in CERTIFICATE_ACTIONS:
        raise Http404()
    agency = own_agency_or_404(request, Role.AGENCY_ADMIN)
    cert = (
        Certificate.objects.select_related("officer").filter(pk=pk, officer__agency=agency).first()
    )
    if cert is None:
        raise Http404()
    title, form_class = CERTIFICATE_ACTIONS[action]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        calls = {
            "review": lambda: services.review_certificate(
                cert, by=request.user, passed=data["passed"], note=data["note"]
            ),
            "suspend": lambda: services.suspend_certificate(
                cert, by=request.user, reason=data["reason"]
            ),
            "revoke": lambda: services.revoke_certificate(
                cert, by=request.user, reason=data["reason"]
            ),
            "restore": lambda: services.restore_certificate(
                cert, by=request.user, reason=data["reason"]
            ),
        }
        if _run(request, form, calls[action], success=_("已办理：%(a)s。") % {"a": title}):
            return redirect("officers:officer_detail", pk=cert.officer_id)
    return _form_page(
        request, form, title=f"{title} · {cert.number}", officer=cert.officer, submit=str(title)
    )


@login_required
@require_http_methods(["GET", "POST"])
def exam_create(request: HttpRequest, pk: int) -> HttpResponse:
    officer = managed_officer_or_404(request, pk, Role.AGENCY_ADMIN)
    form = ExamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            request,
            form,
            lambda: services.record_exam(officer, by=request.user, **data),
            success=_("考试记录已保存。"),
        ):
            return redirect("officers:officer_detail", pk=officer.pk)
    return _form_page(request, form, title=_("记录考试"), officer=officer)


@login_required
@require_http_methods(["GET", "POST"])
def training_create(request: HttpRequest, pk: int) -> HttpResponse:
    officer = managed_officer_or_404(request, pk, Role.AGENCY_ADMIN)
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            request,
            form,
            lambda: services.record_training(officer, by=request.user, **data),
            success=_("培训记录已保存。"),
        ):
            return redirect("officers:officer_detail", pk=officer.pk)
    return _form_page(request, form, title=_("记录培训"), officer=officer)


@login_required
@require_http_methods(["GET", "POST"])
def fault_create(request: HttpRequest, pk: int) -> HttpResponse:
    officer = managed_officer_or_404(request, pk, Role.AGENCY_ADMIN, Role.LEGAL_OFFICE)
    form = FaultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            request,
            form,
            lambda: services.record_fault(officer, by=request.user, **data),
            success=_("执法过错已登记。"),
        ):
            return redirect("officers:officer_detail", pk=officer.pk)
    return _form_page(request, form, title=_("登记执法过错"), officer=officer)


@login_required
@require_http_methods(["GET", "POST"])
def fault_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agency = own_agency_or_404(request, Role.AGENCY_ADMIN, Role.LEGAL_OFFICE)
    fault = Fault.objects.select_related("officer").filter(pk=pk, officer__agency=agency).first()
    if fault is None:
        raise Http404()
    form = FaultEditForm(
        request.POST or None,
        instance=None,
        initial={
            "case_reference": fault.case_reference,
            "sanction": fault.sanction,
            "recovery_amount": fault.recovery_amount,
            "recovery_status": fault.recovery_status,
            "recovered_amount": fault.recovered_amount,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            request,
            form,
            lambda: services.update_fault(fault, by=request.user, **data),
            success=_("已保存。"),
        ):
            return redirect("officers:officer_detail", pk=fault.officer_id)
    return _form_page(request, form, title=_("执法过错处理与追偿"), officer=fault.officer)
