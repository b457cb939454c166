"""Notices, statements and hearings (告知、陈述申辩、听证; R-24–R-26, R-30–R-34, R-38):
the notice page's data and the gate "may a penalty decision be made?", and every notice
and hearing action as a POST endpoint generated from the notice page's registry
(`penalties.views.notices.ACTIONS`: issue the notice, record its service, statements and
their re-checks, written waivers, a new notice (R-26), hearing requests, scheduling,
summons service, postponement, hearing recusals, the hearing record).

Attachments and waiver documents are downloaded through the audited endpoint, as on the
page.
"""

from __future__ import annotations

import mimetypes

from django.db import transaction
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from api.actions import action_urls
from api.base import ApiView, case_or_404
from api.cases import ActionResultSerializer, case_detail_data
from api.refs import ReadModelSerializer
from audit import services as audit
from core import clock
from penalties import gate
from penalties.models import (
    Hearing,
    HearingRequest,
    Notice,
    Recheck,
    Statement,
    StatementAttachment,
    Waiver,
)
from penalties.views import notices as notice_views

TAG = "notices"
FILES = {"attachment": StatementAttachment, "waiver": Waiver}


def _file_url(case_id: int, kind: str, pk: int) -> str:
    return reverse("api:notice_file", args=[case_id, kind, pk])


class NoticeSerializer(ReadModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    document_number = serializers.CharField(source="document.number", read_only=True)
    penalty = serializers.JSONField(read_only=True)

    class Meta:
        model = Notice
        fields = [
            "id",
            "seq",
            "status",
            "status_label",
            "proposal",
            "document",
            "document_number",
            "penalty",
            "hearing_offered",
            "statement_period_wd",
            "changes",
            "issued_on",
            "served_on",
            "statement_deadline",
            "hearing_request_deadline",
            "superseded_on",
            "renotify_reasons",
        ]
        read_only_fields = fields


class FileRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    original_name = serializers.CharField()
    sha256 = serializers.CharField()
    download = serializers.CharField()


def _files(case_id: int, kind: str, rows) -> list[dict]:
    return [
        {
            "id": r.pk,
            "original_name": r.original_name,
            "sha256": r.sha256,
            "download": _file_url(case_id, kind, r.pk),
        }
        for r in rows
    ]


class RecheckSerializer(ReadModelSerializer):
    class Meta:
        model = Recheck
        exclude = ["statement", "rechecked_by"]
        read_only_fields = ["id"]


class StatementSerializer(ReadModelSerializer):
    recheck = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = Statement
        exclude = ["case", "recorded_by"]

    def get_recheck(self, s: Statement) -> dict | None:
        recheck = getattr(s, "recheck", None)
        return RecheckSerializer(recheck).data if recheck is not None else None

    def get_attachments(self, s: Statement) -> list[dict]:
        return _files(s.case_id, "attachment", s.attachments.all())


class WaiverSerializer(ReadModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = Waiver
        exclude = ["file", "uploaded_by"]

    def get_download(self, w: Waiver) -> str:
        return _file_url(w.notice.case_id, "waiver", w.pk)


class HearingRequestSerializer(ReadModelSerializer):
    class Meta:
        model = HearingRequest
        exclude = ["case", "recorded_by"]


class HearingSerializer(ReadModelSerializer):
    class Meta:
        model = Hearing
        exclude = ["case", "scheduled_by"]


class GateSerializer(serializers.Serializer):
    may_decide = serializers.BooleanField(help_text=gettext_lazy("今天能否作出处罚决定"))
    problems = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))


class NoticeActionOfferSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    available = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    rules = serializers.ListField(child=serializers.CharField())
    url = serializers.CharField()


class NoticePageSerializer(serializers.Serializer):
    notices = NoticeSerializer(many=True)
    statements = StatementSerializer(many=True)
    waivers = WaiverSerializer(many=True)
    hearing_requests = HearingRequestSerializer(many=True)
    hearings = HearingSerializer(many=True)
    gate = GateSerializer()
    actions = NoticeActionOfferSerializer(many=True)


class NoticePage(ApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="notices_retrieve",
        responses=NoticePageSerializer,
        description=gettext_lazy(
            "告知书、陈述申辩与复核、书面放弃、听证申请与听证，以及“可否作出处罚决定”（R-24、R-25、R-26、R-31、R-34）。"
        ),
    )
    def get(self, request, pk: int):
        case = case_or_404(request.user, pk)
        verdict = gate.decision_gate(case, on=clock.today())
        offered = notice_views.offered(case, request.user)
        data = {
            "notices": notice_views.notice_rows(case),
            "statements": Statement.objects.filter(case=case)
            .select_related("recheck")
            .prefetch_related("attachments")
            .order_by("seq"),
            "waivers": Waiver.objects.filter(notice__case=case)
            .select_related("notice")
            .order_by("pk"),
            "hearing_requests": HearingRequest.objects.filter(case=case).order_by("pk"),
            "hearings": Hearing.objects.filter(case=case).order_by("pk"),
            "gate": {
                "may_decide": verdict.ok,
                "problems": [{"rule": p.rule, "detail": str(p)} for p in verdict.problems],
            },
            "actions": [
                {
                    "code": o["action"].code,
                    "label": str(o["action"].label),
                    "available": o["available"],
                    "reasons": o["verdict"].reasons,
                    "rules": list(dict.fromkeys(p.rule for p in o["verdict"].problems)),
                    "url": reverse(f"api:notice_action_{o['action'].code}", args=[case.pk]),
                }
                for o in offered
            ],
        }
        return Response(NoticePageSerializer(data).data)


class NoticeFile(ApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="notices_file_download",
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)},
        description=gettext_lazy("下载陈述申辩材料或书面放弃材料（每次下载记入审计日志）。"),
    )
    def get(self, request, pk: int, kind: str, fid: int):
        case = case_or_404(request.user, pk)
        if kind == "waiver":
            row = Waiver.objects.filter(pk=fid, notice__case=case).first()
        elif kind == "attachment":
            row = StatementAttachment.objects.filter(pk=fid, statement__case=case).first()
        else:
            row = None
        if row is None or not row.file:
            raise Http404()
        try:
            handle = row.file.open("rb")
        except OSError:
            raise Http404() from None
        with transaction.atomic():
            audit.record(
                notice_views.FILE_ACTION,
                row,
                by=request.user,
                data={"name": row.original_name, "sha256": row.sha256},
            )
        content_type = row.content_type or mimetypes.guess_type(row.original_name)[0]
        return FileResponse(
            handle,
            as_attachment=True,
            filename=row.original_name,
            content_type="application/octet-stream" if not content_type else content_type,
        )


VIEWS, action_patterns = action_urls(
    notice_views.ACTIONS,
    route="cases/<id:pk>/notice/actions/{slug}/",
    url_name="notice_action_{code}",
    component="Notice",
    operation="notices_action",
    tag="notice actions",
    result=case_detail_data,
    result_serializer=ActionResultSerializer,
    page=gettext_lazy("告知页面"),
)

urlpatterns = [
    path("cases/<id:pk>/notice/", NoticePage.as_view(), name="notice_page"),
    path(
        "cases/<id:pk>/notice/files/<slug:kind>/<id:fid>/",
        NoticeFile.as_view(),
        name="notice_file",
    ),
    *action_patterns,
]
