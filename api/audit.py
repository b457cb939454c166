"""Audit events (审计日志): the legal office's and the audit administrator's explorer.

Who may read, and which events, is `audit.selectors.can_browse` / `visible_events` (the
legal office: its own agency's events; the audit administrator: all). Anybody else gets
404, as on the explorer page. Filters are the explorer's form; pages go by the gap-free
sequence number, newest first.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers

from api.errors import form_errors
from api.pagination import SeqCursorPagination
from api.refs import ReadModelSerializer
from audit import selectors
from audit.actions import label_for
from audit.forms import BIGINT_MAX, EventFilterForm
from audit.models import AuditEvent

TAG = "audit"
FILTERS = ("date_from", "date_to", "actor", "action", "case", "object_type")


class AuditEventSerializer(ReadModelSerializer):
    label = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = [
            "seq",
            "at",
            "actor",
            "actor_name",
            "role",
            "ip",
            "request_id",
            "action",
            "label",
            "object_type",
            "object_id",
            "object_repr",
            "case_id",
            "agency_id",
            "before",
            "after",
            "data",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields

    def get_label(self, event: AuditEvent) -> str:
        return label_for(event.action)


def _require_browser(request) -> None:
    if not selectors.can_browse(request.user):
        raise Http404()


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        operation_id="audit_events_list",
        parameters=[
            OpenApiParameter("date_from", OpenApiTypes.DATE, description=gettext_lazy("起始日期")),
            OpenApiParameter("date_to", OpenApiTypes.DATE, description=gettext_lazy("截止日期")),
            OpenApiParameter("actor", OpenApiTypes.STR, description=gettext_lazy("操作人用户名")),
            OpenApiParameter(
                "action", OpenApiTypes.STR, description=gettext_lazy("操作代码前缀，如 cases.case")
            ),
            OpenApiParameter("case", OpenApiTypes.INT, description=gettext_lazy("案件编号")),
            OpenApiParameter(
                "object_type", OpenApiTypes.STR, description=gettext_lazy("对象类型，如 cases.case")
            ),
        ],
    )
)
class AuditEventList(generics.ListAPIView):
    """Events the user may read, newest first (legal office and audit administrator)."""

    serializer_class = AuditEventSerializer
    pagination_class = SeqCursorPagination

    def get_queryset(self):
        _require_browser(self.request)
        params = {k: v for k, v in self.request.query_params.items() if k in FILTERS}
        form = EventFilterForm(params)
        if not form.is_valid():
            raise serializers.ValidationError(form_errors(form))
        return selectors.apply_filters(
            selectors.visible_events(self.request.user), **form.filters()
        )


@extend_schema_view(get=extend_schema(tags=[TAG], operation_id="audit_events_retrieve"))
class AuditEventDetail(generics.RetrieveAPIView):
    serializer_class = AuditEventSerializer

    def get_object(self):
        _require_browser(self.request)
        seq = self.kwargs["seq"]
        if seq > BIGINT_MAX:
            raise Http404()
        event = selectors.visible_events(self.request.user).filter(seq=seq).first()
        if event is None:
            raise Http404()
        return event


urlpatterns = [
    path("audit/events/", AuditEventList.as_view(), name="audit_event_list"),
    path("audit/events/<id:seq>/", AuditEventDetail.as_view(), name="audit_event_detail"),
]
