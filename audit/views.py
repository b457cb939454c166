"""The legal office's audit explorer: browse and filter events, read one event's before and
after, verify the chain on demand. Anyone without the role gets 404 (the page's existence
is not disclosed). Viewing is not itself audited; exports (later) will be."""

from __future__ import annotations

import json
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit import selectors
from audit.actions import label_for
from audit.forms import BIGINT_MAX, EventFilterForm
from audit.models import VerificationRun
from audit.tasks import verify_chain
from core.roles import Role

# A run that has not finished after this long is taken as crashed, not as running.
RUN_STALE_AFTER = timedelta(hours=2)


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


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    _require_browser(request)
    form = EventFilterForm(request.GET or None)
    page = None
    if form.is_bound and not form.is_valid():
        messages.error(request, _("筛选条件有误，请按提示修改。"))
    else:
        if not form.is_bound:
            form = EventFilterForm({})
            form.is_valid()
        page = selectors.filter_events(
            selectors.visible_events(request.user), **form.filters(), **form.paging()
        )
    rows = [
        {"event": event, "label": label_for(event.action), "role": _role_label(event.role)}
        for event in (page.events if page else [])
    ]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "newer_url": _page_url(request, after=page.newest_seq) if page and page.has_newer else None,
        "older_url": _page_url(request, before=page.oldest_seq)
        if page and page.has_older
        else None,
        "first_url": _page_url(request) if page and page.has_newer else None,
        "last_run": VerificationRun.objects.select_related("triggered_by").first(),
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


@login_required
@require_POST
def verify_now(request: HttpRequest) -> HttpResponse:
    """Start a verification (in-process without Redis, else on the audit queue)."""
    _require_browser(request)
    running = VerificationRun.objects.filter(
        finished_at__isnull=True, started_at__gte=timezone.now() - RUN_STALE_AFTER
    ).exists()
    if running:
        messages.warning(request, _("已有一次校验正在进行，请稍后刷新查看结果。"))
        return redirect("audit:event_list")
    result = verify_chain.delay(
        triggered_by_id=request.user.pk, request_id=getattr(request, "request_id", "")
    )
    run = VerificationRun.objects.filter(pk=result.result).first() if result.ready() else None
    if run is None:
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
