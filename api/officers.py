"""Agencies, officers and certificates (read), and the public certificate check.

Staff see their own agency, and the officers `officers.selectors.officers_visible_to`
gives them (agency admins, legal office and supervisors: the agency; others: themselves),
exactly as on the officer pages. The certificate check by number is public (R-70): it
returns only what a citizen may verify.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from api.base import ApiView, staff_or_404
from api.refs import DomainRefSerializer, ReadModelSerializer, label_field
from core import clock
from officers import selectors
from officers.models import Agency, Certificate, Officer
from officers.qualification import may_act
from portal import ratelimit
from portal import selectors as portal_selectors

TAG = "officers"


# --- serializers --------------------------------------------------------------------------
class AgencySerializer(ReadModelSerializer):
    kind_label = label_field("get_kind_display")
    domains = DomainRefSerializer(many=True, read_only=True)
    can_enforce = serializers.BooleanField(read_only=True)

    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "short_name",
            "credit_code",
            "kind",
            "kind_label",
            "region",
            "parent",
            "doc_prefix",
            "address",
            "hotline",
            "domains",
            "is_active",
            "can_enforce",
        ]
        read_only_fields = fields


class CertificateSerializer(ReadModelSerializer):
    officer_name = serializers.CharField(source="officer.name", read_only=True)
    state_label = label_field("get_state_display")
    domains = DomainRefSerializer(many=True, read_only=True)

    class Meta:
        model = Certificate
        fields = [
            "id",
            "officer",
            "officer_name",
            "number",
            "issuer",
            "domains",
            "issued_on",
            "expires_on",
            "review_due_on",
            "state",
            "state_label",
        ]
        read_only_fields = fields


class QualificationSerializer(serializers.Serializer):
    ok = serializers.BooleanField(help_text=_("今天能否从事执法活动（R-01、R-60、R-61、R-62）"))
    reasons = serializers.ListField(child=serializers.CharField())


class OfficerSerializer(ReadModelSerializer):
    status_label = label_field("get_status_display")
    domains = DomainRefSerializer(many=True, read_only=True)
    certificates = CertificateSerializer(many=True, read_only=True)
    qualification = serializers.SerializerMethodField()

    class Meta:
        model = Officer
        fields = [
            "id",
            "name",
            "agency",
            "post",
            "status",
            "status_label",
            "is_new_staff",
            "domains",
            "certificates",
            "qualification",
        ]
        read_only_fields = fields

    @extend_schema_field(QualificationSerializer)
    def get_qualification(self, officer: Officer) -> dict:
        verdict = may_act(officer, on=clock.today())
        return {"ok": verdict.ok, "reasons": verdict.reasons}


class PublicCertificateSerializer(serializers.Serializer):
    """What anybody may check (R-70): nothing beyond the certificate itself."""

    name = serializers.CharField(source="holder", help_text=_("持证人姓名"))
    number = serializers.CharField(help_text=_("证件编号"))
    domains = serializers.ListField(child=serializers.CharField(), help_text=_("执法领域"))
    state = serializers.ChoiceField(
        choices=["valid", "suspended", "revoked", "expired", "review_missed", "not_yet"],
        help_text=_("今天的实际状态（过期、逾期未年审的不再有效）"),
    )
    state_label = serializers.CharField()
    valid_from = serializers.DateField(source="issued_on")
    valid_until = serializers.DateField(source="expires_on")
    is_valid = serializers.SerializerMethodField(help_text=_("今天是否有效"))

    def get_is_valid(self, check) -> bool:
        return check.state == "valid"


# --- views --------------------------------------------------------------------------------
@extend_schema(tags=[TAG])
class AgencyList(generics.ListAPIView):
    """The user's own agency (执法主体)."""

    serializer_class = AgencySerializer

    def get_queryset(self):
        officer = staff_or_404(self.request.user)
        return Agency.objects.filter(pk=officer.agency_id).prefetch_related("domains")


@extend_schema(tags=[TAG])
class AgencyDetail(generics.RetrieveAPIView):
    serializer_class = AgencySerializer

    def get_queryset(self):
        officer = staff_or_404(self.request.user)
        return Agency.objects.filter(pk=officer.agency_id).prefetch_related("domains")


@extend_schema(
    tags=[TAG],
    parameters=[
        OpenApiParameter(
            "status", OpenApiTypes.STR, enum=Officer.Status.values, description=_("状态")
        ),
        OpenApiParameter("q", OpenApiTypes.STR, description=_("姓名、用户名或岗位")),
    ],
)
class OfficerList(generics.ListAPIView):
    """Officers whose file the user may open (the officer list page's scope)."""

    serializer_class = OfficerSerializer

    def get_queryset(self):
        params = self.request.query_params
        status = params.get("status", "")
        if status and status not in Officer.Status.values:
            raise serializers.ValidationError({"status": [_("状态无效")]})
        q = params.get("q", "")
        if "\x00" in q or len(q) > 100:
            raise serializers.ValidationError({"q": [_("查询条件无效")]})
        return selectors.officer_list(self.request.user, status=status, q=q)


@extend_schema(tags=[TAG])
class OfficerDetail(generics.RetrieveAPIView):
    serializer_class = OfficerSerializer

    def get_queryset(self):
        return selectors.officer_list(self.request.user)


@extend_schema(tags=[TAG])
class CertificateList(generics.ListAPIView):
    """Certificates of the officers the user may see."""

    serializer_class = CertificateSerializer

    def get_queryset(self):
        return (
            selectors.certificates_visible_to(self.request.user)
            .select_related("officer")
            .prefetch_related("domains")
        )


@extend_schema(tags=[TAG])
class CertificateDetail(generics.RetrieveAPIView):
    serializer_class = CertificateSerializer

    def get_queryset(self):
        return (
            selectors.certificates_visible_to(self.request.user)
            .select_related("officer")
            .prefetch_related("domains")
        )


class PublicCertificateCheck(ApiView):
    """Verify an enforcement certificate by its number (public, R-70): the public
    disclosure's own check (`portal.selectors.check_certificate`) and its per-IP limit."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["public"],
        auth=[],
        operation_id="public_certificate_check",
        responses=PublicCertificateSerializer,
    )
    def get(self, request, number: str):
        if not ratelimit.hit(request, "certificate_check"):
            raise exceptions.Throttled(wait=ratelimit.limit_for("certificate_check")[1])
        number = number.strip()
        if not number or "\x00" in number or len(number) > 50:
            raise Http404()
        check = portal_selectors.check_certificate(number)
        if check is None:
            raise Http404()
        return Response(PublicCertificateSerializer(check).data)


urlpatterns = [
    path("agencies/", AgencyList.as_view(), name="agency_list"),
    path("agencies/<id:pk>/", AgencyDetail.as_view(), name="agency_detail"),
    path("officers/", OfficerList.as_view(), name="officer_list"),
    path("officers/<id:pk>/", OfficerDetail.as_view(), name="officer_detail"),
    path("certificates/", CertificateList.as_view(), name="certificate_list"),
    path("certificates/<id:pk>/", CertificateDetail.as_view(), name="certificate_detail"),
    path(
        "public/certificates/<str:number>/",
        PublicCertificateCheck.as_view(),
        name="public_certificate",
    ),
]
