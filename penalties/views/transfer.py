"""Spreadsheet export and import of the agency's benchmark tables (R-17)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core import clock
from core.errors import DomainError
from penalties import xlsx
from penalties.forms import ImportForm
from penalties.views._helpers import editor_agency_or_404, reader_agency_or_404


@login_required
@require_GET
def benchmark_export(request: HttpRequest) -> HttpResponse:
    """The tables in force today (`?drafts=1`: the open drafts) as .xlsx."""
    agency = reader_agency_or_404(request)
    drafts = request.GET.get("drafts") == "1"
    today = clock.today()
    data = xlsx.export_workbook(agency, on=today, drafts=drafts, by=request.user)
    kind = "drafts" if drafts else "in-force"
    response = HttpResponse(data, content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="benchmarks-{agency.pk}-{kind}-{today.isoformat()}.xlsx"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def benchmark_import(request: HttpRequest) -> HttpResponse:
    agency = editor_agency_or_404(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = xlsx.import_workbook(
                agency=agency, upload=form.cleaned_data["file"], by=request.user, on=clock.today()
            )
        except xlsx.UploadRejected as exc:
            form.add_error("file", exc.message)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            if result.ok:
                messages.success(
                    request,
                    _("已导入 %(n)s 个违法行为的裁量基准，均为草稿，请逐一核对后发布。")
                    % {"n": len(result.versions)},
                )
                return redirect("penalties:benchmark_list")
    return render(
        request,
        "penalties/benchmark_import.html",
        {
            "form": form,
            "result": result,
            "columns": [h for _k, h in xlsx.COLUMNS],
            "max_kb": xlsx.MAX_UPLOAD_BYTES // 1024,
        },
    )
