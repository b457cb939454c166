"""POST endpoints generated from the pages' action registries.

The case page (`cases.actions.ACTIONS`) and the notice page (`penalties.views.notices.
ACTIONS`) each keep a registry of actions: code, label, form, guard, `shown(case)` and
`run(case, user, form)`, which calls the app's service. `action_view()` turns one entry
into an endpoint that:

1. looks the case up through `visible_to` (404 outside the user's scope);
2. answers 409 when the action is not relevant in the case's state (the page would not
   offer it), and the guard's reasons when it refuses (422 with the rule ids, or 403 when
   the refusal is about who may act);
3. validates the body with the page's form (400 listing each field);
4. runs it in one transaction and answers with the case as it is now.

A registry entry added later gets its endpoint without a change here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from api import bridge
from api.base import ApiView, case_or_404, refuse_unless, validated
from core.errors import InvalidTransition


def camel(code: str) -> str:
    return "".join(part.capitalize() for part in code.replace("-", "_").split("_"))


def slug(code: str) -> str:
    return code.replace("_", "-")


def ident(code: str) -> str:
    return code.replace("-", "_")


def action_view(
    action: Any,
    *,
    name: str,
    tag: str,
    operation_id: str,
    result: Callable[[int, Any], Any],
    result_serializer: Any,
    page: str,
) -> type[ApiView]:
    """One registry entry as an APIView class (`name` is its schema component prefix)."""
    request_serializer = bridge.serializer_for_form(action.form, f"{name}Request")
    multipart = bool(getattr(action, "multipart", False)) or bridge.has_files(action.form)

    class ActionView(ApiView):
        parser_classes = [JSONParser, MultiPartParser] if multipart else [JSONParser]

        def post(self, request, pk: int):
            case = case_or_404(request.user, pk)
            if not action.shown(case):
                raise InvalidTransition(
                    _("案件处于“%(state)s”状态，当前不能%(what)s")
                    % {"state": case.get_state_display(), "what": action.label}
                )
            refuse_unless(action.guard(case, request.user))
            data = validated(request_serializer, request)
            form = bridge.bind(action.form, data, case=case, user=request.user)
            with transaction.atomic():
                message = action.run(case, request.user, form)
            return Response({"detail": str(message), "case": result(case.pk, request)})

    ActionView.__name__ = ActionView.__qualname__ = f"{name}Action"
    ActionView.__doc__ = str(action.label)
    body = (
        {"multipart/form-data": request_serializer, "application/json": request_serializer}
        if multipart
        else request_serializer
    )
    return extend_schema_view(
        post=extend_schema(
            tags=[tag],
            operation_id=operation_id,
            summary=str(action.label),
            description=_(
                "与%(page)s“%(label)s”相同的表单、守卫与服务。不在适用状态时返回 409；"
                "守卫拒绝时返回 422（含规则编号）或 403。"
            )
            % {"page": page, "label": action.label},
            request=body,
            responses=result_serializer,
        )
    )(ActionView)


def action_urls(
    actions: Iterable[Any],
    *,
    route: str,
    url_name: str,
    component: str,
    operation: str,
    skip: Iterable[str] = (),
    **kwargs: Any,
) -> tuple[dict[str, type[ApiView]], list[URLPattern]]:
    """Views and URL patterns for a registry: `route` and `url_name` are formatted with
    the action's `slug` / `code`."""
    skipped = set(skip)
    views = {
        a.code: action_view(
            a,
            name=f"{component}{camel(a.code)}",
            operation_id=f"{operation}_{ident(a.code)}",
            **kwargs,
        )
        for a in actions
        if a.code not in skipped
    }
    urls = [
        path(
            route.format(slug=slug(code)),
            view.as_view(),
            name=url_name.format(code=ident(code)),
        )
        for code, view in views.items()
    ]
    return views, urls
