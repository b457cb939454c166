"""Cases (案件): the list with the case list's filters, the case, a new lead, edits, and the
case's full-process record (timeline).

Every lookup starts from `Case.objects.visible_to(user)` (another agency's case is 404);
the list uses the case list's own form (`cases.forms.CaseFilterForm`), filter
(`selectors.filter_cases`) and keyset paging (`selectors.case_page`); a new lead and an
edit are validated by the pages' forms and written by `cases.services`. Opening a case is
audited (`cases.case.viewed`) exactly as on the case page.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from api import bridge
from api.base import ApiView, case_or_404, staff_or_404, validated
from api.pagination import page_envelope
from api.refs import (
    AgencyRefSerializer,
    DomainRefSerializer,
    OfficerRefSerializer,
    ReadModelSerializer,
    label_field,
)
from audit import services as audit
from cases import actions, forms, selectors, services
from cases.models import Approval, Case, CaseOfficer, CaseParty, Recusal
from cases.states import State
from core.errors import PermissionDenied
from core.roles import Role, has_role

TAG = "cases"

# Actions whose API endpoint is a resource of its own (multipart upload, structured Q&A).
DEDICATED_ENDPOINTS = {
    "add_evidence": "api:evidence_list",
    "create_record": "api:record_list",
}


# --- serializers --------------------------------------------------------------------------
class CaseListItemSerializer(ReadModelSerializer):
    display_number = serializers.CharField(read_only=True)
    state_label = label_field("get_state_display")
    lead_officer = OfficerRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "display_number",
            "title",
            "state",
            "state_label",
            "procedure",
            "agency",
            "domain",
            "violation_code",
            "violation_name",
            "party_name",
            "lead_officer",
            "registered_on",
            "verification_due_on",
            "filed_on",
            "decision_due_on",
            "is_overdue",
            "decided_on",
            "closed_on",
            "version",
        ]
        read_only_fields = fields


class CasePartySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="party.id")
    name = serializers.CharField(source="party.name")
    kind = serializers.CharField(source="party.kind")
    id_type = serializers.CharField(source="party.id_type")
    masked_id_number = serializers.CharField(source="party.masked_id_number")
    is_primary = serializers.BooleanField()


class AssignmentSerializer(ReadModelSerializer):
    officer = OfficerRefSerializer(read_only=True)

    class Meta:
        model = CaseOfficer
        fields = ["id", "officer", "is_lead", "active", "assigned_on", "ended_on", "end_reason"]
        read_only_fields = fields


class ApprovalSerializer(ReadModelSerializer):
    kind_label = label_field("get_kind_display")
    status_label = label_field("get_status_display")

    class Meta:
        model = Approval
        fields = [
            "id",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "reasons",
            "requested_on",
            "decided_on",
            "decision_note",
        ]
        read_only_fields = fields


class RecusalSerializer(ReadModelSerializer):
    officer = OfficerRefSerializer(read_only=True)
    status_label = label_field("get_status_display")

    class Meta:
        model = Recusal
        fields = [
            "id",
            "officer",
            "applicant",
            "grounds",
            "requested_on",
            "status",
            "status_label",
            "decided_on",
            "decision_reasons",
        ]
        read_only_fields = fields


class ActionOfferSerializer(serializers.Serializer):
    """An action relevant to the case now, with the guard's verdict (as the case page
    shows it: unavailable actions carry the rule and the reason)."""

    code = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField()
    available = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    rules = serializers.ListField(child=serializers.CharField())
    url = serializers.CharField(allow_null=True, help_text=gettext_lazy("执行该操作的接口地址"))


def action_url(case: Case, code: str) -> str | None:
    if code in DEDICATED_ENDPOINTS:
        return reverse(DEDICATED_ENDPOINTS[code], args=[case.pk])
    try:
        return reverse(f"api:case_action_{code}", args=[case.pk])
    except Exception:  # an action the API does not offer (yet)
        return None


class CaseDetailSerializer(CaseListItemSerializer):
    domain = DomainRefSerializer(read_only=True)
    agency = AgencyRefSerializer(read_only=True)
    acting_agency = AgencyRefSerializer(read_only=True, allow_null=True)
    source_label = label_field("get_source_display")
    parties = serializers.SerializerMethodField()
    assignments = serializers.SerializerMethodField()
    approvals = serializers.SerializerMethodField()
    recusals = serializers.SerializerMethodField()
    next_step = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta(CaseListItemSerializer.Meta):
        fields = [
            *CaseListItemSerializer.Meta.fields,
            "acting_agency",
            "facts",
            "place",
            "act_date",
            "is_continuing",
            "act_end_date",
            "discovered_on",
            "safety_related",
            "is_major",
            "source",
            "source_label",
            "source_detail",
            "referring_body",
            "verification_extended",
            "verification_result",
            "not_filed_reasons",
            "parties",
            "assignments",
            "approvals",
            "recusals",
            "next_step",
            "actions",
            "links",
        ]
        read_only_fields = fields

    @extend_schema_field(CasePartySerializer(many=True))
    def get_parties(self, case: Case) -> list[dict]:
        rows = (
            CaseParty.objects.filter(case=case)
            .select_related("party")
            .order_by("-is_primary", "pk")
        )
        return CasePartySerializer(rows, many=True).data

    @extend_schema_field(AssignmentSerializer(many=True))
    def get_assignments(self, case: Case) -> list[dict]:
        rows = (
            CaseOfficer.objects.filter(case=case)
            .select_related("officer")
            .order_by("-active", "-is_lead", "pk")
        )
        return AssignmentSerializer(rows, many=True).data

    @extend_schema_field(ApprovalSerializer(many=True))
    def get_approvals(self, case: Case) -> list[dict]:
        return ApprovalSerializer(case.approvals.all(), many=True).data

    @extend_schema_field(RecusalSerializer(many=True))
    def get_recusals(self, case: Case) -> list[dict]:
        return RecusalSerializer(case.recusals.select_related("officer"), many=True).data

    def get_next_step(self, case: Case) -> str:
        return actions.next_step(case)

    @extend_schema_field(ActionOfferSerializer(many=True))
    def get_actions(self, case: Case) -> list[dict]:
        user = self.context["request"].user
        return [
            {
                "code": o.action.code,
                "label": str(o.action.label),
                "kind": o.action.kind,
                "available": o.available,
                "reasons": o.verdict.reasons,
                "rules": list(dict.fromkeys(p.rule for p in o.verdict.problems)),
                "url": action_url(case, o.action.code),
            }
            for o in actions.offered(case, user)
        ]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_links(self, case: Case) -> dict[str, str]:
        return {
            "self": reverse("api:case_detail", args=[case.pk]),
            "evidence": reverse("api:evidence_list", args=[case.pk]),
            "records": reverse("api:record_list", args=[case.pk]),
            "documents": reverse("api:case_documents", args=[case.pk]),
            "timeline": reverse("api:case_timeline", args=[case.pk]),
        }


def case_detail_data(case_pk: int, request) -> dict | None:
    """The case as the user sees it now (None if an action moved it out of their view)."""
    case = selectors.get_visible_case(request.user, case_pk)
    if case is None:
        return None
    return CaseDetailSerializer(case, context={"request": request}).data


class ActionResultSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=gettext_lazy("操作结果（已翻译）"))
    case = CaseDetailSerializer(allow_null=True)


# --- the list and a new lead ----------------------------------------------------------------
LIST_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description=gettext_lazy("案件编号或当事人")),
    OpenApiParameter(
        "state", OpenApiTypes.STR, enum=State.values, description=gettext_lazy("状态")
    ),
    OpenApiParameter(
        "officer", OpenApiTypes.INT, description=gettext_lazy("承办人员（执法人员编号）")
    ),
    OpenApiParameter("violation", OpenApiTypes.STR, description=gettext_lazy("违法行为代码")),
    OpenApiParameter("party", OpenApiTypes.INT, description=gettext_lazy("当事人编号")),
    OpenApiParameter("filed_from", OpenApiTypes.DATE, description=gettext_lazy("立案日期自")),
    OpenApiParameter("filed_to", OpenApiTypes.DATE, description=gettext_lazy("立案日期至")),
    OpenApiParameter("overdue", OpenApiTypes.BOOL, description=gettext_lazy("仅显示超期")),
    OpenApiParameter(
        "sort", OpenApiTypes.STR, enum=list(selectors.SORTS), description=gettext_lazy("排序")
    ),
    OpenApiParameter(
        "size",
        OpenApiTypes.INT,
        enum=list(selectors.PAGE_SIZES),
        description=gettext_lazy("每页条数"),
    ),
    OpenApiParameter("cursor", OpenApiTypes.STR, description=gettext_lazy("分页游标（取自 next）")),
]

LeadCreateSerializer = bridge.serializer_for_form(
    forms.LeadForm,
    "LeadCreate",
    extra={
        "violation_code": serializers.CharField(
            max_length=40, required=False, allow_blank=True, label=gettext_lazy("违法行为代码")
        )
    },
)
CaseEditSerializer = bridge.serializer_for_form(
    forms.CaseEditForm,
    "CaseEdit",
    extra={
        "violation_code": serializers.CharField(
            max_length=40, required=False, allow_blank=True, label=gettext_lazy("违法行为代码")
        )
    },
)


class CaseList(ApiView):
    """The case list: the same filters, sorts and keyset paging as the case list page."""

    @extend_schema(
        tags=[TAG],
        operation_id="cases_list",
        parameters=LIST_PARAMETERS,
        responses=page_envelope(CaseListItemSerializer(many=True), "PaginatedCaseList"),
    )
    def get(self, request):
        officer = staff_or_404(request.user)
        query = request.query_params.copy()
        cursor = query.pop("cursor", [None])[-1] or None
        form = forms.CaseFilterForm(query, agency_id=officer.agency_id)
        if not form.is_valid():
            raise serializers.ValidationError(bridge.form_errors(form))
        params = form.cleaned_data
        qs = selectors.filter_cases(selectors.visible_cases(request.user), params)
        try:
            page = selectors.case_page(
                qs,
                sort=params.get("sort") or selectors.DEFAULT_SORT,
                after=cursor,
                page_size=params.get("size") or 50,
            )
        except selectors.BadCursor:
            raise serializers.ValidationError({"cursor": [_("分页游标无效")]}) from None
        next_url = None
        if page.next_cursor:
            next_url = replace_query_param(request.build_absolute_uri(), "cursor", page.next_cursor)
        return Response(
            {
                "next": next_url,
                "previous": None,
                "results": CaseListItemSerializer(page.rows, many=True).data,
            }
        )

    @extend_schema(
        tags=[TAG],
        operation_id="cases_create_lead",
        request=LeadCreateSerializer,
        responses={201: CaseDetailSerializer},
        description=gettext_lazy("登记线索（R-21）：与“登记线索”页面相同的表单校验和服务。"),
    )
    def post(self, request):
        officer = staff_or_404(request.user)
        if not has_role(request.user, Role.OFFICER, Role.SUPERVISOR):
            raise PermissionDenied(_("只有执法人员或负责人可以登记线索"))
        data = validated(LeadCreateSerializer, request)
        form = bridge.bind(
            forms.LeadForm,
            data,
            agency=officer.agency,
            parties=selectors.parties_visible_to(request.user),
        )
        case = services.register_lead(by=request.user, **form.cleaned_data)
        return Response(case_detail_data(case.pk, request), status=status.HTTP_201_CREATED)


class CaseDetail(ApiView):
    @extend_schema(tags=[TAG], operation_id="cases_retrieve", responses=CaseDetailSerializer)
    def get(self, request, pk: int):
        case = case_or_404(request.user, pk)
        with transaction.atomic():
            audit.record("cases.case.viewed", case, by=request.user)  # a sensitive read
        return Response(CaseDetailSerializer(case, context={"request": request}).data)


class CaseEdit(ApiView):
    """Edit the facts of a lead or case (partial: omitted fields keep their values).
    `version` is required: a stale version is a 409, not a silent overwrite."""

    @extend_schema(
        tags=[TAG],
        operation_id="cases_edit",
        request=CaseEditSerializer,
        responses=CaseDetailSerializer,
    )
    def post(self, request, pk: int):
        case = case_or_404(request.user, pk)
        serializer = CaseEditSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        provided = dict(serializer.validated_data)
        if "version" not in provided:
            raise serializers.ValidationError({"version": [_("该字段是必填项。")]})
        current: dict[str, Any] = {f: getattr(case, f) for f in services.leads.EDITABLE_FIELDS}
        initial = {**current, "version": case.version}
        form = bridge.bind(forms.CaseEditForm, {**current, **provided}, initial=initial, case=case)
        data = dict(form.cleaned_data)
        version = data.pop("version")
        services.update_case(case, by=request.user, expected_version=version, **data)
        return Response(case_detail_data(case.pk, request))


# --- the full-process record ------------------------------------------------------------------
class TimelineEventSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    at = serializers.DateTimeField()
    actor_name = serializers.CharField()
    role = serializers.CharField()
    action = serializers.CharField()
    label = serializers.CharField()
    object_type = serializers.CharField()
    object_repr = serializers.CharField()


class CaseTimeline(ApiView):
    """The case's audit events, oldest first (全过程记录), as on the case page."""

    @extend_schema(
        tags=[TAG],
        operation_id="cases_timeline",
        responses=TimelineEventSerializer(many=True),
    )
    def get(self, request, pk: int):
        case = case_or_404(request.user, pk)
        return Response(TimelineEventSerializer(selectors.timeline(case), many=True).data)


urlpatterns = [
    path("cases/", CaseList.as_view(), name="case_list"),
    path("cases/<id:pk>/", CaseDetail.as_view(), name="case_detail"),
    path("cases/<id:pk>/edit/", CaseEdit.as_view(), name="case_edit"),
    path("cases/<id:pk>/timeline/", CaseTimeline.as_view(), name="case_timeline"),
]
