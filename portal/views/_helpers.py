"""Small helpers the portal's views share."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal import ratelimit

MAX_ID = 2**63 - 1


def valid_pk(pk: int) -> int:
    """Ids beyond BIGINT are unknown (404), never a database error."""
    if pk < 1 or pk > MAX_ID:
        raise Http404()
    return pk


def page_of(request: HttpRequest, items, per_page: int = 30) -> Page:
    """The requested page; junk or out-of-range numbers give the nearest valid page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def rate_limited(request: HttpRequest, scope: str) -> bool:
    return not ratelimit.hit(request, scope)


def too_many(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    context = {
        **context,
        "rate_limited": True,
        "rate_message": _("操作过于频繁，请稍后再试。"),
    }
    return render(request, template, context, status=429)
