"""The legal office's audit explorer: browse and filter events, read one event's before and
after, export the filtered events (audited), verify the chain on demand with a progress bar,
sign and download checkpoints. Anyone without the role gets 404 (the page's existence is
not disclosed). Browsing is not itself audited; exports and downloads are."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit import checkpoints, selectors
from audit.actions import label_for
from audit.chain import format_time
from audit.forms import BIGINT_MAX, EventFilterForm
from audit.models import AuditAlert, Checkpoint, VerificationRun
from audit.services import record
from audit.tasks import verify_chain
from core.errors import DomainError
from core.roles import Role, has_role

# A run that has not finished after this long is taken as crashed, not as running.
RUN_STALE_AFTER = timedelta(hours=2)
# Rows in one CSV export (newest first); narrow the filters for more.
EXPORT_MAX_ROWS = 50_000
EXPORTED = "audit.events.exported"


def _require_browser(request: HttpRequest) -> None:
    if not selectors.can_browse(request.user):
        raise Http404()


def _page_url(request: HttpRequest, **paging: int) -> str:
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    for key, value in paging.items():
        query[key] = str(value)
    return "?" + query.urlencode()


def _role_label(code: str) -> str:
    try:
        return str(Role(code).label)
    except ValueError:
        return code


def _running_run() -> VerificationRun | None:
    return VerificationRun.objects.filter(
        finished_at__isnull=True, started_at__gte=timezone.now() - RUN_STALE_AFTER
    ).first()


def _bound_form(request: HttpRequest) -> EventFilterForm:
    form = EventFilterForm(request.GET or None)
    if not form.is_bound:
        form = EventFilterForm({})
    form.is_valid()
    return form


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    _require_browser(request)
    form = _bound_form(request)
    page = None
    if form.errors:
        messages.error(request, _("筛选条件有误，请按提示修改。"))
    else:
        page = selectors.filter_events(
            selectors.visible_events(request.user), **form.filters(), **form.paging()
        )
    rows = [
        {"event": event, "label": label_for(event.action), "role": _role_label(event.role)}
        for event in (page.events if page else [])
    ]
    export_query = request.GET.copy()
    for key in ("after", "before", "size"):
        export_query.pop(key, None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "newer_url": _page_url(request, after=page.newest_seq) if page and page.has_newer else None,
        "older_url": _page_url(request, before=page.oldest_seq)
        if page and page.has_older
        else None,
        "first_url": _page_url(request) if page and page.has_newer else None,
        "export_query": export_query.urlencode(),
        "last_run": VerificationRun.objects.select_related("triggered_by").first(),
        "last_checkpoint": Checkpoint.objects.first(),
        "scoped": selectors.agency_scoped(request.user),
    }
    return render(request, "audit/event_list.html", context)


def _pretty(value) -> str:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)


@login_required
@require_GET
def event_detail(request: HttpRequest, seq: int) -> HttpResponse:
    _require_browser(request)
    if seq > BIGINT_MAX:
        raise Http404()
    event = selectors.visible_events(request.user).filter(seq=seq).first()
    if event is None:
        raise Http404()
    context = {
        "event": event,
        "label": label_for(event.action),
        "role": _role_label(event.role),
        "before": _pretty(event.before),
        "after": _pretty(event.after),
        "data": _pretty(event.data) if event.data else "",
    }
    return render(request, "audit/event_detail.html", context)


# --- Export -------------------------------------------------------------------------------
CSV_COLUMNS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "role",
    "ip",
    "request_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "case_id",
    "agency_id",
    "before",
    "after",
    "data",
    "prev_hash",
    "hash",
)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(qs, limit: int) -> Iterator[str]:
    """Newest first, in keyset chunks (constant memory, no OFFSET)."""
    writer = csv.writer(_Echo())
    yield "\ufeff"  # spreadsheet programs read UTF-8 with a BOM
    yield writer.writerow([*CSV_COLUMNS[:8], "action_label", *CSV_COLUMNS[8:]])
    sent = 0
    before = None
    while sent < limit:
        chunk = qs if before is None else qs.filter(seq__lt=before)
        rows = list(chunk.order_by("-seq").values(*CSV_COLUMNS)[: min(2000, limit - sent)])
        if not rows:
            return
        for row in rows:
            values = []
            for name in CSV_COLUMNS:
                value = row[name]
                if name == "at":
                    value = format_time(value)
                elif name in ("before", "after", "data"):
                    value = "" if value is None else json.dumps(value, ensure_ascii=False)
                values.append("" if value is None else value)
                if name == "action":
                    values.append(label_for(row["action"]))
            yield writer.writerow(values)
        sent += len(rows)
        before = rows[-1]["seq"]


@login_required
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    """The filtered events as CSV (at most EXPORT_MAX_ROWS, newest first); the export is
    itself an audit event naming the filters."""
    _require_browser(request)
    form = _bound_form(request)
    if form.errors:
        messages.error(request, _("筛选条件有误，请按提示修改。"))
        return redirect("audit:event_list")
    filters = form.filters()
    qs = selectors.apply_filters(selectors.visible_events(request.user), **filters)
    agencies = selectors.user_agency_ids(request.user)
    with transaction.atomic():
        record(
            EXPORTED,
            None,
            by=request.user,
            agency_id=agencies[0] if len(agencies) == 1 else None,
            data={
                "filters": {k: v for k, v in filters.items() if v not in (None, "")},
                "max_rows": EXPORT_MAX_ROWS,
            },
        )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(
        _csv_rows(qs, EXPORT_MAX_ROWS), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="audit-events-{stamp}.csv"'
    return response


# --- Verification ---------------------------------------------------------------------------
@login_required
@require_POST
def verify_now(request: HttpRequest) -> HttpResponse:
    """Start a verification (in-process without Redis, else on the audit queue). The run
    row exists before the task starts, so the page polls its progress at once."""
    _require_browser(request)
    if _running_run() is not None:
        messages.warning(request, _("已有一次校验正在进行，请稍后刷新查看结果。"))
        return redirect("audit:event_list")
    run = VerificationRun.objects.create(started_at=timezone.now(), triggered_by=request.user)
    try:
        verify_chain.delay(
            triggered_by_id=request.user.pk,
            request_id=getattr(request, "request_id", ""),
            run_id=run.pk,
        )
    except Exception:  # noqa: BLE001 - the broker is unreachable: no run is under way
        if VerificationRun.objects.filter(pk=run.pk, finished_at__isnull=True).delete()[0]:
            messages.error(request, _("无法启动校验任务（任务队列不可用），请稍后重试。"))
            return redirect("audit:event_list")
        raise
    run.refresh_from_db()
    if run.running:
        messages.info(request, _("已开始校验审计链，完成后本页显示结果。"))
    elif run.ok:
        messages.success(request, _("审计链校验通过：共 %(n)d 条事件。") % {"n": run.checked})
    else:
        messages.error(
            request,
            _("审计链校验未通过：第 %(seq)s 号事件异常（%(reason)s）。")
            % {"seq": run.first_bad_seq, "reason": run.reason},
        )
    return redirect("audit:event_list")


@login_required
@require_GET
def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The verification card (htmx polls it every second while the run is going)."""
    _require_browser(request)
    if pk > BIGINT_MAX:
        raise Http404()
    run = VerificationRun.objects.select_related("triggered_by").filter(pk=pk).first()
    if run is None:
        raise Http404()
    return render(request, "audit/_last_run.html", {"last_run": run})


# --- Checkpoints ----------------------------------------------------------------------------
@login_required
@require_GET
def checkpoint_list(request: HttpRequest) -> HttpResponse:
    _require_browser(request)
    try:
        key_error = None
        configured = checkpoints.load_private_key() is not None
    except checkpoints.SigningKeyError as exc:
        key_error, configured = str(exc), False
    context = {
        "checkpoints": list(Checkpoint.objects.select_related("signed_by")[:100]),
        "public_key": checkpoints.configured_public_key(),
        "configured": configured,
        "key_error": key_error,
        "how_to": checkpoints.how_to_configure(),
    }
    return render(request, "audit/checkpoint_list.html", context)


@login_required
@require_POST
def checkpoint_sign(request: HttpRequest) -> HttpResponse:
    _require_browser(request)
    try:
        checkpoint = checkpoints.sign_checkpoint(by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("已签名检查点：第 %(seq)d 号事件，链头哈希 %(hash)s…")
            % {"seq": checkpoint.seq, "hash": checkpoint.head_hash[:16]},
        )
    return redirect("audit:checkpoint_list")


@login_required
@require_GET
def checkpoint_download(request: HttpRequest, pk: int) -> HttpResponse:
    _require_browser(request)
    if pk > BIGINT_MAX:
        raise Http404()
    checkpoint = Checkpoint.objects.filter(pk=pk).first()
    if checkpoint is None:
        raise Http404()
    with transaction.atomic():
        record(checkpoints.DOWNLOADED, checkpoint, by=request.user, data={"seq": checkpoint.seq})
    response = HttpResponse(
        checkpoints.document_bytes(checkpoint), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="audit-checkpoint-{checkpoint.seq}.json"'
    )
    return response


# --- Alerts ---------------------------------------------------------------------------------
@login_required
@require_POST
def alert_read(request: HttpRequest, pk: int) -> HttpResponse:
    """The audit administrator marks one of their alerts as read."""
    if not has_role(request.user, Role.AUDIT_ADMIN) or pk > BIGINT_MAX:
        raise Http404()
    alert = AuditAlert.objects.filter(pk=pk, recipient=request.user).first()
    if alert is None:
        raise Http404()
    if alert.read_at is None:
        alert.read_at = timezone.now()
        alert.save(update_fields=["read_at"])
    return redirect("core:home")
