"""Lookups shared by the penalties views: everything outside the user's reach is a 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from officers.models import Agency
from penalties.models import BenchmarkVersion, ViolationType
from penalties.selectors import (
    benchmarks_visible_to,
    can_edit_benchmarks,
    can_read_benchmarks,
    can_read_catalogue,
    user_agency,
)


def reader_agency_or_404(request: HttpRequest) -> Agency:
    """The user's agency, when they may read its benchmarks."""
    if not can_read_benchmarks(request.user):
        raise Http404()
    return user_agency(request.user)


def editor_agency_or_404(request: HttpRequest) -> Agency:
    """The user's agency, when they administer it."""
    agency = user_agency(request.user)
    if agency is None or not can_edit_benchmarks(request.user, agency):
        raise Http404()
    return agency


def version_or_404(request: HttpRequest, pk: int) -> BenchmarkVersion:
    version = benchmarks_visible_to(request.user).filter(pk=pk).first()
    if version is None:
        raise Http404()
    return version


def violation_or_404(code: str) -> ViolationType:
    vt = ViolationType.objects.select_related("domain").filter(code=code).first()
    if vt is None:
        raise Http404()
    return vt


def require_catalogue_reader(request: HttpRequest) -> None:
    if not can_read_catalogue(request.user):
        raise Http404()
