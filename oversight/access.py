"""Who may use the oversight pages: the legal office (法制监督), for the cases and officers
of its own agency. Everybody else gets 404 (the page's existence is not disclosed)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from cases.models import Case, officer_of
from core.roles import Role, has_role
from officers.models import Officer

MAX_ID = 2**63 - 1


def is_legal_office(user) -> bool:
    return has_role(user, Role.LEGAL_OFFICE) and officer_of(user) is not None


def require_legal_office(request: HttpRequest) -> Officer:
    """The legal office's own officer profile (its agency scopes everything), or 404."""
    if not is_legal_office(request.user):
        raise Http404()
    return officer_of(request.user)


def case_or_404(request: HttpRequest, pk: int) -> Case:
    require_legal_office(request)
    if not 0 < pk <= MAX_ID:
        raise Http404()
    case = (
        Case.objects.visible_to(request.user)
        .select_related("agency", "lead_officer", "primary_party")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404()
    return case


def agency_ids(user) -> list[int]:
    officer = officer_of(user)
    return [officer.agency_id] if officer is not None else []
