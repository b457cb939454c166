"""Document pages: detail, rendering status (htmx), downloads, service, re-render, void.

Every view starts from `selectors.visible_document`: a document the user may not see is a
404, never a 403 with data. Downloads are audited. Services raise DomainError; the views
turn it into a message or an inline form error and change nothing.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.roles import Role, has_role
from documents import access, kinds, selectors, services
from documents.forms import ServiceRecordForm, VoidForm
from documents.models import Document, DocumentVersion, ServiceRecord

SERVE_ROLES = (Role.OFFICER, Role.SUPERVISOR)
RERENDER_ROLES = (Role.OFFICER, Role.SUPERVISOR, Role.LEGAL_OFFICE)
VOID_ROLES = (Role.SUPERVISOR, Role.LEGAL_OFFICE)


def _document_or_404(request: HttpRequest, pk: int) -> Document:
    doc = selectors.visible_document(request.user, pk)
    if doc is None:
        raise Http404()
    return doc


def _detail_context(request: HttpRequest, doc: Document, **extra) -> dict:
    kind = kinds.get(doc.kind)
    may_serve = has_role(request.user, *SERVE_ROLES)
    may_void = has_role(request.user, *VOID_ROLES)
    service_verdict = services.service_verdict(doc)
    void_verdict = services.void_verdict(doc)
    rerender_verdict = services.rerender_verdict(doc)
    context = {
        "document": doc,
        "kind": kind,
        "versions": list(doc.versions.order_by("-n")),
        "latest": doc.latest_version,
        "service_records": list(doc.service_records.select_related("receipt", "recorded_by")),
        "served_on": selectors.served_on_date(doc),
        "case_url": access.case_url(doc.case_id),
        "may_serve": may_serve and kind.served,
        "service_verdict": service_verdict,
        "may_void": may_void,
        "void_verdict": void_verdict,
        "may_rerender": has_role(request.user, *RERENDER_ROLES),
        "rerender_verdict": rerender_verdict,
        "data_json": json.dumps(doc.data, ensure_ascii=False, indent=2, sort_keys=True),
    }
    if context["may_serve"] and service_verdict.ok and "service_form" not in extra:
        context["service_form"] = ServiceRecordForm(document=doc)
    if may_void and void_verdict.ok and "void_form" not in extra:
        context["void_form"] = VoidForm()
    context.update(extra)
    return context


@login_required
@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_or_404(request, pk)
    return render(request, "documents/detail.html", _detail_context(request, doc))


@login_required
@require_GET
def document_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The rendering status of the latest version; htmx polls it until it is done."""
    doc = _document_or_404(request, pk)
    return render(request, "documents/partials/document_status.html", {"doc": doc})


def _file_response(field_file, filename: str, content_type: str) -> FileResponse:
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404() from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def download_version(request: HttpRequest, pk: int, n: int) -> HttpResponse:
    doc = _document_or_404(request, pk)
    if not selectors.valid_id(n):
        raise Http404()
    version = get_object_or_404(
        DocumentVersion, document=doc, n=n, state=DocumentVersion.State.DONE
    )
    response = _file_response(version.file, f"{doc.number}-v{version.n}.pdf", "application/pdf")
    services.record_download(version, by=request.user)
    return response


@login_required
@require_GET
def download_latest(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_or_404(request, pk)
    version = doc.versions.filter(state=DocumentVersion.State.DONE).order_by("-n").first()
    if version is None:
        raise Http404()
    return download_version(request, pk=doc.pk, n=version.n)


@login_required
@require_GET
def download_proof(request: HttpRequest, pk: int, record_pk: int) -> HttpResponse:
    doc = _document_or_404(request, pk)
    if not selectors.valid_id(record_pk):
        raise Http404()
    record = get_object_or_404(ServiceRecord, pk=record_pk, document=doc)
    if not record.proof:
        raise Http404()
    ext = record.proof.name.rsplit(".", 1)[-1]
    content_type = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}.get(
        ext, "application/octet-stream"
    )
    response = _file_response(
        record.proof, f"{doc.number}-送达凭证-{record.pk}.{ext}", content_type
    )
    services.record_proof_download(record, by=request.user)
    return response


@login_required
@require_POST
def record_service(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_or_404(request, pk)
    if not has_role(request.user, *SERVE_ROLES):
        raise Http404()
    form = ServiceRecordForm(request.POST, request.FILES, document=doc)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_service(
                doc,
                method=data["method"],
                served_on=data["served_on"],
                recipient=data["recipient"],
                proof=data.get("proof"),
                receipt=data.get("receipt"),
                consent_reference=data.get("consent_reference", ""),
                refused_to_sign=data.get("refused_to_sign", False),
                note=data.get("note", ""),
                by=request.user,
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("送达记录已保存。"))
            return redirect("documents:detail", pk=doc.pk)
    context = _detail_context(request, doc, service_form=form)
    return render(request, "documents/detail.html", context, status=400)


@login_required
@require_POST
def rerender(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_or_404(request, pk)
    if not has_role(request.user, *RERENDER_ROLES):
        raise Http404()
    try:
        version = services.rerender(doc, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已提交重新生成（第 %(n)d 版）。") % {"n": version.n})
    return redirect("documents:detail", pk=doc.pk)


@login_required
@require_POST
def void(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_or_404(request, pk)
    if not has_role(request.user, *VOID_ROLES):
        raise Http404()
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            services.void_document(doc, form.cleaned_data["reason"], by=request.user)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("文书已作废，编号 %(n)s 保留且不再使用。") % {"n": doc.number}
            )
            return redirect("documents:detail", pk=doc.pk)
    context = _detail_context(request, doc, void_form=form)
    return render(request, "documents/detail.html", context, status=400)
