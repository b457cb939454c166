"""The JSON API under /api/: one module per domain, each exporting `urlpatterns`.

A later stage (proposals, notices, hearings, reviews, decisions, payments) is one more
module listed in RESOURCE_MODULES.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _
from drf_spectacular.views import SpectacularAPIView

from api import (
    audit,
    case_actions,
    cases,
    decisions,
    discretion,
    docs,
    documents,
    evidence,
    execution,
    notices,
    officers,
    parties,
    proposals,
    records,
    token_views,
)
from api.errors import PROBLEM

app_name = "api"

RESOURCE_MODULES = [
    officers,
    parties,
    cases,
    case_actions,
    evidence,
    records,
    documents,
    discretion,
    proposals,
    notices,
    decisions,
    execution,
    audit,
]


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Unknown paths under /api/ answer in problem+json too."""
    detail = _("未找到该资源，或您无权查看")
    body = {
        "type": "about:blank",
        "title": _("未找到"),
        "status": 404,
        "detail": detail,
        "instance": request.path,
    }
    return JsonResponse(
        body, status=404, content_type=PROBLEM, json_dumps_params={"ensure_ascii": False}
    )


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.DocsView.as_view(), name="docs"),
    path("tokens/", token_views.token_list, name="tokens"),
    path("tokens/<id:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
]
for module in RESOURCE_MODULES:
    urlpatterns += module.urlpatterns
urlpatterns.append(re_path(r"^(?P<rest>.*)$", not_found))
