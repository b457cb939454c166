"""What every resource module shares: lookups that answer 404 outside the user's scope,
the staff check, and the `ActionView` that runs one POST action through a guard, the UI's
form and the service.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.views import APIView

from api import bridge
from api.errors import Refused
from cases import selectors as case_selectors
from cases.models import Case, officer_of
from core.errors import PermissionDenied, Verdict
from officers.models import Officer


class MessageSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("操作结果（已翻译）"))


def staff_or_404(user: Any) -> Officer:
    """The user's officer profile; accounts without one see no staff resources."""
    officer = officer_of(user)
    if officer is None:
        raise Http404()
    return officer


def case_or_404(user: Any, pk: int) -> Case:
    """The one case lookup: `Case.objects.visible_to(user)` (another agency's case is 404)."""
    case = case_selectors.get_visible_case(user, pk)
    if case is None:
        raise Http404()
    return case


def refuse_unless(verdict: Verdict) -> None:
    """Raise every reason of a refused guard (→ 422 with the rule ids, or 403)."""
    if not verdict.ok:
        raise Refused(verdict)


def require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def validated(serializer_class: type[serializers.Serializer], request, **context) -> dict:
    serializer = serializer_class(data=request.data, context={"request": request, **context})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class ApiView(APIView):
    """Base of every API view (a hook for shared behaviour; DRF settings do the rest)."""


def run_in_transaction(fn: Callable[[], Any]) -> Any:
    """Services open their own transactions; this only groups a view's several calls."""
    with transaction.atomic():
        return fn()


__all__ = [
    "ApiView",
    "MessageSerializer",
    "bridge",
    "case_or_404",
    "refuse_unless",
    "require",
    "run_in_transaction",
    "staff_or_404",
    "validated",
]
