"""Lookups shared by the officers views: everything outside the user's reach is a 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from core.roles import has_role
from officers.models import Agency, Officer
from officers.selectors import officers_visible_to, user_agency


def own_agency_or_404(request: HttpRequest, *roles: str) -> Agency:
    """The user's agency, when they hold one of `roles` there."""
    agency = user_agency(request.user)
    if agency is None or (roles and not has_role(request.user, *roles)):
        raise Http404()
    return agency


def visible_officer_or_404(request: HttpRequest, pk: int) -> Officer:
    officer = (
        officers_visible_to(request.user).select_related("agency", "user").filter(pk=pk).first()
    )
    if officer is None:
        raise Http404()
    return officer


def managed_officer_or_404(request: HttpRequest, pk: int, *roles: str) -> Officer:
    """An officer of the user's agency, when the user holds one of `roles` there."""
    agency = own_agency_or_404(request, *roles)
    officer = Officer.objects.select_related("agency", "user").filter(pk=pk, agency=agency).first()
    if officer is None:
        raise Http404()
    return officer
