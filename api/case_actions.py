"""Case actions as POST endpoints, one per action of the case page
(`POST /api/cases/{id}/actions/{action}/`), generated from the page's registry
(`cases.actions.ACTIONS`, including actions a higher app registers with
`cases.actions.register_action`). See `api.actions` for what each endpoint does.

Evidence and records have resources of their own (multipart upload; structured
questions and answers): `api.evidence`, `api.records`.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from api.actions import action_urls
from api.cases import DEDICATED_ENDPOINTS, ActionResultSerializer, case_detail_data
from cases import actions

VIEWS, urlpatterns = action_urls(
    actions.ACTIONS,
    route="cases/<id:pk>/actions/{slug}/",
    url_name="case_action_{code}",
    component="Case",
    operation="cases_action",
    skip=DEDICATED_ENDPOINTS,
    tag="case actions",
    result=case_detail_data,
    result_serializer=ActionResultSerializer,
    page=gettext_lazy("案件页面"),
)
