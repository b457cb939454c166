"""Documents (文书): metadata, PDF downloads (permission-checked and audited), service
records (送达, R-38), re-rendering and voiding.

Every lookup is `documents.selectors.visible_document` (a document is visible iff its case
is, through the access check the cases app registers): an unseen document is 404. The
service record, re-render and void use the document page's forms, role lists and
services unchanged.
"""

from __future__ import annotations

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
from api.base import ApiView, case_or_404, require, validated
from api.refs import ReadModelSerializer
from core.roles import has_role
from documents import selectors, services
from documents import views as document_views
from documents.forms import ServiceRecordForm, VoidForm
from documents.models import Document, DocumentVersion, ServiceRecord

TAG = "documents"
PDF = {(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)}


class VersionSerializer(ReadModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = DocumentVersion
        fields = [
            "n",
            "state",
            "state_label",
            "progress",
            "sha256",
            "size",
            "rendered_at",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, v: DocumentVersion) -> str | None:
        if v.state != DocumentVersion.State.DONE:
            return None
        return reverse("api:document_version_pdf", args=[v.document_id, v.n])


class ServiceRecordSerializer(ReadModelSerializer):
    method_label = serializers.CharField(source="get_method_display", read_only=True)
    has_proof = serializers.SerializerMethodField()

    class Meta:
        model = ServiceRecord
        fields = [
            "id",
            "method",
            "method_label",
            "served_on",
            "recipient",
            "receipt",
            "consent_reference",
            "refused_to_sign",
            "note",
            "has_proof",
            "proof_sha256",
            "recorded_at",
        ]
        read_only_fields = fields

    def get_has_proof(self, r: ServiceRecord) -> bool:
        return bool(r.proof)


class DocumentSerializer(ReadModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    versions = VersionSerializer(many=True, read_only=True)
    service_records = ServiceRecordSerializer(many=True, read_only=True)
    served_on = serializers.SerializerMethodField(help_text=gettext_lazy("首次送达日期（R-38）"))
    pdf = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "case_id",
            "agency",
            "agency_name",
            "kind",
            "kind_label",
            "number",
            "year",
            "title",
            "status",
            "status_label",
            "created_at",
            "issued_at",
            "void_reason",
            "voided_at",
            "served_on",
            "versions",
            "service_records",
            "pdf",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_served_on(self, doc: Document):
        first = doc.first_service
        return first.served_on if first else None

    def get_pdf(self, doc: Document) -> str:
        return reverse("api:document_pdf", args=[doc.pk])


def _document_or_404(request, pk: int) -> Document:
    doc = selectors.visible_document(request.user, pk)
    if doc is None:
        raise Http404()
    return selectors.with_list_data(Document.objects.filter(pk=doc.pk)).get()


@extend_schema_view(get=extend_schema(tags=[TAG], operation_id="case_documents_list"))
class CaseDocumentList(generics.ListAPIView):
    """The case's documents, oldest first."""

    serializer_class = DocumentSerializer

    def get_queryset(self):
        case = case_or_404(self.request.user, self.kwargs["pk"])
        return selectors.documents_for_case(case.pk)


class DocumentDetail(ApiView):
    @extend_schema(tags=[TAG], operation_id="documents_retrieve", responses=DocumentSerializer)
    def get(self, request, pk: int):
        return Response(DocumentSerializer(_document_or_404(request, pk)).data)


def _pdf_response(doc: Document, version: DocumentVersion, user) -> FileResponse:
    try:
        handle = version.file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404() from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{doc.number}-v{version.n}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    services.record_download(version, by=user)  # every download is an audit event
    return response


class DocumentPdf(ApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="documents_pdf",
        responses=PDF,
        description=gettext_lazy("最新一版 PDF（每次下载记入审计日志）；尚未生成时 404。"),
    )
    def get(self, request, pk: int):
        doc = _document_or_404(request, pk)
        version = doc.versions.filter(state=DocumentVersion.State.DONE).order_by("-n").first()
        if version is None:
            raise Http404()
        return _pdf_response(doc, version, request.user)


class DocumentVersionPdf(ApiView):
    @extend_schema(tags=[TAG], operation_id="documents_version_pdf", responses=PDF)
    def get(self, request, pk: int, n: int):
        doc = _document_or_404(request, pk)
        version = doc.versions.filter(n=n, state=DocumentVersion.State.DONE).first()
        if version is None:
            raise Http404()
        return _pdf_response(doc, version, request.user)


ServiceSerializer = bridge.serializer_for_form(ServiceRecordForm, "ServiceRecordCreate")
VoidSerializer = bridge.serializer_for_form(VoidForm, "DocumentVoid")


class DocumentService(ApiView):
    parser_classes = [MultiPartParser, JSONParser]

    @extend_schema(
        tags=[TAG],
        operation_id="documents_record_service",
        request={"multipart/form-data": ServiceSerializer, "application/json": ServiceSerializer},
        responses={201: DocumentSerializer},
        description=gettext_lazy(
            "登记送达（R-38）：方式、日期、受送达人及凭证（上传凭证或选择已签收的送达回证）。"
        ),
    )
    def post(self, request, pk: int):
        doc = _document_or_404(request, pk)
        require(
            has_role(request.user, *document_views.SERVE_ROLES),
            _("只有执法人员或负责人可以登记送达"),
        )
        services.service_verdict(doc).raise_if_refused()
        data = validated(ServiceSerializer, request)
        form = bridge.bind(ServiceRecordForm, data, document=doc)
        d = form.cleaned_data
        services.record_service(
            doc,
            method=d["method"],
            served_on=d["served_on"],
            recipient=d["recipient"],
            proof=d.get("proof"),
            receipt=d.get("receipt"),
            consent_reference=d.get("consent_reference", ""),
            refused_to_sign=d.get("refused_to_sign", False),
            note=d.get("note", ""),
            by=request.user,
        )
        return Response(
            DocumentSerializer(_document_or_404(request, pk)).data, status=status.HTTP_201_CREATED
        )


class DocumentRerender(ApiView):
    @extend_schema(
        tags=[TAG], operation_id="documents_rerender", request=None, responses=DocumentSerializer
    )
    def post(self, request, pk: int):
        doc = _document_or_404(request, pk)
        require(has_role(request.user, *document_views.RERENDER_ROLES), _("您无权重新生成文书"))
        services.rerender(doc, by=request.user)
        return Response(DocumentSerializer(_document_or_404(request, pk)).data)


class DocumentVoid(ApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="documents_void",
        request=VoidSerializer,
        responses=DocumentSerializer,
    )
    def post(self, request, pk: int):
        doc = _document_or_404(request, pk)
        require(has_role(request.user, *document_views.VOID_ROLES), _("您无权作废文书"))
        data = validated(VoidSerializer, request)
        form = bridge.bind(VoidForm, data)
        services.void_document(doc, form.cleaned_data["reason"], by=request.user)
        return Response(DocumentSerializer(_document_or_404(request, pk)).data)


urlpatterns = [
    path("cases/<id:pk>/documents/", CaseDocumentList.as_view(), name="case_documents"),
    path("documents/<id:pk>/", DocumentDetail.as_view(), name="document_detail"),
    path("documents/<id:pk>/pdf/", DocumentPdf.as_view(), name="document_pdf"),
    path(
        "documents/<id:pk>/v<id:n>/pdf/",
        DocumentVersionPdf.as_view(),
        name="document_version_pdf",
    ),
    path("documents/<id:pk>/service/", DocumentService.as_view(), name="document_service"),
    path("documents/<id:pk>/rerender/", DocumentRerender.as_view(), name="document_rerender"),
    path("documents/<id:pk>/void/", DocumentVoid.as_view(), name="document_void"),
]
