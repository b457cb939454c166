"""Case actions as POST endpoints, one per action of the case page.

Generated from the case page's own registry (`cases.actions.ACTIONS`): each action keeps
its form, its guard and its `run` function, which calls the cases service. The endpoint
`POST /api/cases/{id}/actions/{action}/`:

1. looks the case up through `visible_to` (404 outside the user's scope);
2. refuses with 409 when the action is not relevant in the case's state (the page would
   not offer it), and with the guard's reasons when the guard refuses (422 with the rule
   ids, or 403 when the refusal is about who may act);
3. validates the body with the page's form (400 listing each field);
4. runs the service in one transaction, and answers with the case as it is now.

An action added to the registry gets its endpoint here without a change. Evidence and
records have resources of their own (multipart upload; structured questions and answers).
"""

from __future__ import annotations

from django.db import transaction
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from api import bridge
from api.base import ApiView, case_or_404, refuse_unless, validated
from api.cases import DEDICATED_ENDPOINTS, ActionResultSerializer, case_detail_data
from cases import actions
from cases.actions import ActionDef
from core.errors import InvalidTransition

TAG = "case actions"


def _camel(code: str) -> str:
    return "".join(part.capitalize() for part in code.split("_"))


def make_action_view(action: ActionDef) -> type[ApiView]:
    request_serializer = bridge.serializer_for_form(
        action.form, f"Case{_camel(action.code)}Request"
    )

    class CaseActionView(ApiView):
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
            return Response({"detail": str(message), "case": case_detail_data(case.pk, request)})

    CaseActionView.__name__ = f"Case{_camel(action.code)}Action"
    CaseActionView.__qualname__ = CaseActionView.__name__
    CaseActionView.__doc__ = str(action.label)
    return extend_schema_view(
        post=extend_schema(
            tags=[TAG],
            operation_id=f"cases_action_{action.code}",
            summary=str(action.label),
            description=_(
                "与案件页面“%(label)s”相同的校验与服务。不在适用状态时返回 409；"
                "守卫拒绝时返回 422（含规则编号）或 403。"
            )
            % {"label": action.label},
            request=request_serializer,
            responses=ActionResultSerializer,
        )
    )(CaseActionView)


def _slug(code: str) -> str:
    return code.replace("_", "-")


VIEWS: dict[str, type[ApiView]] = {
    a.code: make_action_view(a) for a in actions.ACTIONS if a.code not in DEDICATED_ENDPOINTS
}

urlpatterns = [
    path(
        f"cases/<id:pk>/actions/{_slug(code)}/",
        view.as_view(),
        name=f"case_action_{code}",
    )
    for code, view in VIEWS.items()
]
