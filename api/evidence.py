"""Evidence (证据, R-22): list, register (multipart, with an optional file), upload more
files, download (audited), verify, exclude and record the party's opinion.

Registration uses the case page's "登记证据" action: its guard, its form (collectors must be
officers assigned to the case) and `cases.services.add_evidence` / `attach_file`, whose
content checks (type by magic bytes, size limit, SHA-256) apply unchanged. The review
actions reuse the evidence page's forms and services (`cases.views.EVIDENCE_ACTIONS`).
"""

from __future__ import annotations

from django.db import transaction
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import generics, serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from api import bridge
from api.base import ApiView, case_or_404, refuse_unless, validated
from api.pagination import cursor_by
from api.refs import OfficerRefSerializer, ReadModelSerializer, label_field
from cases import actions, forms, services, uploads
from cases.models import Evidence, EvidenceFile
from cases.views import EVIDENCE_ACTIONS
from core.errors import InvalidTransition

TAG = "evidence"
ADD = actions.BY_CODE["add_evidence"]

FILE_TYPES = sorted(
    {
        s.content_type
        for s in (
            uploads.PDF,
            uploads.JPEG,
            uploads.PNG,
            uploads.MP4,
            uploads.MOV,
            uploads.MP3,
            uploads.WAV,
            uploads.DOCX,
            uploads.XLSX,
            uploads.TEXT,
        )
    }
)


class EvidenceFileSerializer(ReadModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceFile
        fields = [
            "id",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, row: EvidenceFile) -> str:
        ev = row.evidence
        return reverse("api:evidence_file", args=[ev.case_id, ev.pk, row.pk])


class EvidenceSerializer(ReadModelSerializer):
    type_label = label_field("get_type_display")
    state_label = label_field("get_state_display")
    party_opinion_label = label_field("get_party_opinion_display")
    collectors = serializers.SerializerMethodField()
    files = EvidenceFileSerializer(many=True, read_only=True)
    is_citable = serializers.BooleanField(read_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "case",
            "seq",
            "type",
            "type_label",
            "title",
            "description",
            "collected_on",
            "collectors",
            "method",
            "source",
            "state",
            "state_label",
            "illegally_obtained",
            "state_reason",
            "reviewed_on",
            "party_opinion",
            "party_opinion_label",
            "party_opinion_text",
            "party_opinion_on",
            "is_citable",
            "files",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OfficerRefSerializer(many=True))
    def get_collectors(self, ev: Evidence) -> list[dict]:
        return OfficerRefSerializer(ev.collected_by.all(), many=True).data


EvidenceCreateSerializer = bridge.serializer_for_form(forms.EvidenceForm, "EvidenceCreate")
UploadSerializer = bridge.serializer_for_form(forms.UploadForm, "EvidenceUpload")


def _evidence_qs(case):
    return Evidence.objects.filter(case=case).prefetch_related("collected_by", "files")


def _evidence_or_404(request, pk: int, eid: int) -> Evidence:
    case = case_or_404(request.user, pk)
    evidence = _evidence_qs(case).filter(pk=eid).first()
    if evidence is None:
        raise Http404()
    return evidence


class EvidenceList(generics.ListAPIView):
    """The case's evidence, in order (证据序号)."""

    serializer_class = EvidenceSerializer
    pagination_class = cursor_by("seq")
    parser_classes = [MultiPartParser, JSONParser]

    def get_queryset(self):
        return _evidence_qs(case_or_404(self.request.user, self.kwargs["pk"]))

    @extend_schema(tags=[TAG], operation_id="evidence_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=[TAG],
        operation_id="evidence_create",
        request={
            "multipart/form-data": EvidenceCreateSerializer,
            "application/json": EvidenceCreateSerializer,
        },
        responses={201: EvidenceSerializer},
        description=gettext_lazy(
            "登记证据（R-22），可附文件（multipart）。收集人员须为本案两名以上在办执法人员（R-01）。"
        ),
    )
    def post(self, request, pk: int):
        case = case_or_404(request.user, pk)
        if not ADD.shown(case):
            raise InvalidTransition(
                _("案件处于“%(state)s”状态，当前不能登记证据") % {"state": case.get_state_display()}
            )
        refuse_unless(ADD.guard(case, request.user))
        data = validated(EvidenceCreateSerializer, request)
        form = bridge.bind(forms.EvidenceForm, data, case=case, user=request.user)
        cleaned = dict(form.cleaned_data)
        upload = cleaned.pop("file", None)
        with transaction.atomic():  # the item and its file: both or neither
            evidence = services.add_evidence(case, by=request.user, **cleaned)
            if upload:
                services.attach_file(evidence, by=request.user, upload=upload)
        evidence = _evidence_qs(case).get(pk=evidence.pk)
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


@extend_schema_view(get=extend_schema(tags=[TAG], operation_id="evidence_retrieve"))
class EvidenceDetail(generics.RetrieveAPIView):
    serializer_class = EvidenceSerializer

    def get_object(self):
        return _evidence_or_404(self.request, self.kwargs["pk"], self.kwargs["eid"])


class EvidenceUpload(ApiView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=[TAG],
        operation_id="evidence_upload",
        request={"multipart/form-data": UploadSerializer},
        responses={201: EvidenceFileSerializer},
        description=gettext_lazy(
            "上传证据文件：按文件内容判断类型（%(types)s），超过大小上限、空文件或类型不符时拒绝。"
        )
        % {"types": uploads.ACCEPTED_LABELS},
    )
    def post(self, request, pk: int, eid: int):
        evidence = _evidence_or_404(request, pk, eid)
        data = validated(UploadSerializer, request)
        form = bridge.bind(forms.UploadForm, data)
        row = services.attach_file(evidence, by=request.user, upload=form.cleaned_data["file"])
        return Response(EvidenceFileSerializer(row).data, status=status.HTTP_201_CREATED)


class EvidenceFileDownload(ApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="evidence_file_download",
        responses={
            (200, content_type): OpenApiResponse(OpenApiTypes.BINARY) for content_type in FILE_TYPES
        },
        description=gettext_lazy("下载证据文件（每次下载记入审计日志）。"),
    )
    def get(self, request, pk: int, eid: int, fid: int):
        evidence = _evidence_or_404(request, pk, eid)
        row = (
            EvidenceFile.objects.filter(evidence=evidence, pk=fid)
            .select_related("evidence")
            .first()
        )
        if row is None:
            raise Http404()
        try:
            handle = row.file.open("rb")
        except (FileNotFoundError, OSError, ValueError):
            raise Http404() from None
        services.record_download(row, by=request.user)
        return FileResponse(
            handle,
            as_attachment=True,
            filename=f"{evidence.case_id}-{evidence.seq}-{row.sha256[:12]}{row.extension}",
            content_type=row.content_type,
        )


def _review_view(code: str, label, operation: str) -> type[ApiView]:
    form_class, run = EVIDENCE_ACTIONS[code]
    request_serializer = bridge.serializer_for_form(form_class, f"Evidence{code.title()}Request")

    class EvidenceReview(ApiView):
        def post(self, request, pk: int, eid: int):
            evidence = _evidence_or_404(request, pk, eid)
            data = validated(request_serializer, request)
            form = bridge.bind(form_class, data)
            run(evidence, request.user, form.cleaned_data)
            evidence = _evidence_or_404(request, pk, eid)
            return Response(EvidenceSerializer(evidence).data)

    EvidenceReview.__name__ = EvidenceReview.__qualname__ = f"Evidence{code.title()}"
    return extend_schema_view(
        post=extend_schema(
            tags=[TAG],
            operation_id=operation,
            summary=str(label),
            request=request_serializer,
            responses=EvidenceSerializer,
        )
    )(EvidenceReview)


EvidenceVerify = _review_view("verify", gettext_lazy("查证属实（R-22）"), "evidence_verify")
EvidenceExclude = _review_view("exclude", gettext_lazy("排除证据（R-22）"), "evidence_exclude")
EvidenceOpinion = _review_view(
    "opinion", gettext_lazy("记录当事人意见（R-22）"), "evidence_opinion"
)

urlpatterns = [
    path("cases/<id:pk>/evidence/", EvidenceList.as_view(), name="evidence_list"),
    path("cases/<id:pk>/evidence/<id:eid>/", EvidenceDetail.as_view(), name="evidence_detail"),
    path(
        "cases/<id:pk>/evidence/<id:eid>/files/", EvidenceUpload.as_view(), name="evidence_upload"
    ),
    path(
        "cases/<id:pk>/evidence/<id:eid>/files/<id:fid>/",
        EvidenceFileDownload.as_view(),
        name="evidence_file",
    ),
    path(
        "cases/<id:pk>/evidence/<id:eid>/verify/",
        EvidenceVerify.as_view(),
        name="evidence_verify",
    ),
    path(
        "cases/<id:pk>/evidence/<id:eid>/exclude/",
        EvidenceExclude.as_view(),
        name="evidence_exclude",
    ),
    path(
        "cases/<id:pk>/evidence/<id:eid>/opinion/",
        EvidenceOpinion.as_view(),
        name="evidence_opinion",
    ),
]
