"""Parties (当事人): list, register, read, edit contact details, reveal the full identity
number (audited).

Scope is `cases.selectors.parties_visible_to` (parties of cases the user may see, or
registered by the user's agency); identity numbers are masked except through the audited
reveal, for those `may_reveal_identity` allows, as on the party page.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from api import bridge
from api.base import ApiView, staff_or_404, validated
from api.cases import CaseListItemSerializer
from api.refs import ReadModelSerializer, label_field
from cases import forms, selectors, services
from cases.models import Party
from core.errors import DomainError

TAG = "parties"


class TierSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=["remote", "near", "close"])
    label = serializers.CharField()
    violations = serializers.IntegerField()
    serious = serializers.IntegerField()
    since = serializers.DateField()
    explanation = serializers.CharField()


class PartySerializer(ReadModelSerializer):
    kind_label = label_field("get_kind_display")
    id_type_label = label_field("get_id_type_display")
    masked_id_number = serializers.CharField(read_only=True)

    class Meta:
        model = Party
        fields = [
            "id",
            "kind",
            "kind_label",
            "name",
            "id_type",
            "id_type_label",
            "masked_id_number",
            "birth_date",
            "phone",
            "address",
            "legal_representative",
            "created_at",
        ]
        read_only_fields = fields


class PartyDetailSerializer(PartySerializer):
    supervision_tier = serializers.SerializerMethodField(help_text=gettext_lazy("监管等级（R-74）"))
    cases = serializers.SerializerMethodField(help_text=gettext_lazy("您可查看的该当事人案件"))
    may_reveal = serializers.SerializerMethodField()

    class Meta(PartySerializer.Meta):
        fields = [*PartySerializer.Meta.fields, "supervision_tier", "cases", "may_reveal"]
        read_only_fields = fields

    @extend_schema_field(TierSerializer)
    def get_supervision_tier(self, party: Party) -> dict:
        tier = selectors.supervision_tier(party)
        return TierSerializer(tier).data

    @extend_schema_field(CaseListItemSerializer(many=True))
    def get_cases(self, party: Party) -> list[dict]:
        user = self.context["request"].user
        rows = selectors.party_history(user, party).select_related("lead_officer")[:200]
        return CaseListItemSerializer(rows, many=True).data

    def get_may_reveal(self, party: Party) -> bool:
        return selectors.may_reveal_identity(self.context["request"].user, party)


class RevealSerializer(serializers.Serializer):
    id_number = serializers.CharField()


PartyCreateSerializer = bridge.serializer_for_form(forms.PartyForm, "PartyCreate")
PartyEditSerializer = bridge.serializer_for_form(forms.PartyEditForm, "PartyEdit")


def _party_or_404(request, pk: int) -> Party:
    party = selectors.parties_visible_to(request.user).filter(pk=pk).first()
    if party is None:
        raise Http404()
    return party


class PartyList(generics.ListAPIView):
    serializer_class = PartySerializer

    def get_queryset(self):
        staff_or_404(self.request.user)
        qs = selectors.parties_visible_to(self.request.user)
        q = self.request.query_params.get("q", "")
        if q:
            form = forms.PartySearchForm({"q": q})
            if not form.is_valid():
                raise serializers.ValidationError(bridge.form_errors(form))
            qs = qs.filter(name__icontains=form.cleaned_data["q"])
        return qs

    @extend_schema(
        tags=[TAG],
        operation_id="parties_list",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description=gettext_lazy("名称或姓名"))
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=[TAG],
        operation_id="parties_create",
        request=PartyCreateSerializer,
        responses={201: PartyDetailSerializer, 200: PartyDetailSerializer},
        description=gettext_lazy(
            "登记当事人（居民身份证按 GB 11643、统一社会信用代码按 GB 32100 校验）。"
            "同一证件号码已登记时返回 200 和该当事人（您可查看时），否则 409。"
        ),
    )
    def post(self, request):
        staff_or_404(request.user)
        data = validated(PartyCreateSerializer, request)
        form = bridge.bind(forms.PartyForm, data)
        party, created = services.register_party(by=request.user, **form.cleaned_data)
        if not selectors.parties_visible_to(request.user).filter(pk=party.pk).exists():
            raise DomainError(_("该证件号码的当事人已登记"), code="exists")
        body = PartyDetailSerializer(party, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class PartyDetail(ApiView):
    @extend_schema(tags=[TAG], operation_id="parties_retrieve", responses=PartyDetailSerializer)
    def get(self, request, pk: int):
        party = _party_or_404(request, pk)
        return Response(PartyDetailSerializer(party, context={"request": request}).data)


class PartyEdit(ApiView):
    """Edit contact details (partial: omitted fields keep their values); the identity
    number never changes (a different number is another party)."""

    @extend_schema(
        tags=[TAG],
        operation_id="parties_edit",
        request=PartyEditSerializer,
        responses=PartyDetailSerializer,
    )
    def post(self, request, pk: int):
        party = _party_or_404(request, pk)
        serializer = PartyEditSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = ("name", "phone", "address", "legal_representative")
        current = {f: getattr(party, f) for f in fields}
        form = bridge.bind(forms.PartyEditForm, {**current, **serializer.validated_data})
        party = services.update_party(party, by=request.user, **form.cleaned_data)
        return Response(PartyDetailSerializer(party, context={"request": request}).data)


class PartyReveal(ApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="parties_reveal",
        request=None,
        responses=RevealSerializer,
        description=gettext_lazy("查看完整证件号码：仅限需要的人员，每次查看记入审计日志。"),
    )
    def post(self, request, pk: int):
        party = _party_or_404(request, pk)
        number = services.reveal_id_number(party, by=request.user)
        return Response({"id_number": number})


urlpatterns = [
    path("parties/", PartyList.as_view(), name="party_list"),
    path("parties/<id:pk>/", PartyDetail.as_view(), name="party_detail"),
    path("parties/<id:pk>/edit/", PartyEdit.as_view(), name="party_edit"),
    path("parties/<id:pk>/reveal/", PartyReveal.as_view(), name="party_reveal"),
]
