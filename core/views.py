"""Pages that belong to no domain: home dispatch, test clock, error pages."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import clock
from core.home import panels_for
from core.roles import Role, role_codes


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on a workspace that says what to do next.

    Domain apps contribute panels through `core.home.register_panel`; this view knows
    none of them.
    """
    codes = role_codes(request.user)
    return render(
        request,
        "core/home.html",
        {
            "panels": panels_for(request),
            "role_labels": [Role(c).label for c in sorted(codes)],
            "today": clock.today(),
        },
    )


@require_http_methods(["GET", "POST"])
def test_clock(request: HttpRequest) -> HttpResponse:
    """Move the rules' clock (demo and browser tests only; 404 everywhere else)."""
    if not settings.ENFORCEMENT_TEST_CLOCK:
        raise Http404()
    if request.method == "POST":
        raw = request.POST.get("today", "")
        if raw == "reset":
            clock.store_shared_offset(timedelta(0))
        else:
            try:
                target = date.fromisoformat(raw)
            except ValueError:
                return JsonResponse({"error": _("日期格式应为 YYYY-MM-DD。")}, status=400)
            clock.set_today(target)
            clock.store_shared_offset(clock.offset())
    return JsonResponse({"today": clock.today().isoformat(), "now": clock.now().isoformat()})


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)
