"""Proposals (拟处罚, R-11, R-13, R-17–R-19): the case's proposals, a preview of the
engine's recommendation and check (nothing written), a new proposal, the head's decision
on a departure, and withdrawal.

Everything goes through `penalties.services.proposals` with the proposal page's forms
(`ProposalForm`, `DepartureDecisionForm`, `WithdrawForm`) and guards; age (R-15) and
first offence (R-13) are computed by the system from the party's record, never sent.
A fine for a first minor offence is refused with R-13 unless written departure reasons
are given, and then waits for the head's approval (R-17) before the notice.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from api import bridge
from api.base import ApiView, case_or_404, refuse_unless, validated
from api.pagination import cursor_by
from api.refs import ReadModelSerializer
from penalties import discretion as d
from penalties.forms_proposals import DepartureDecisionForm, ProposalForm, WithdrawForm
from penalties.models import Proposal
from penalties.services import proposals as svc
from penalties.views.proposals import _statutory_types

TAG = "proposals"
PENALTY_TYPES = [t.value for t in d.PenaltyType if t is not d.PenaltyType.DETENTION]


def _enum(enum_cls) -> list[str]:
    return [m.value for m in enum_cls if m.value != ""]


ProposalCreateSerializer = bridge.serializer_for_form(
    ProposalForm,
    "ProposalCreate",
    extra={
        "harm": serializers.ChoiceField(choices=_enum(d.Harm), required=False),
        "capacity": serializers.ChoiceField(choices=_enum(d.Capacity), required=False),
        "mitigating": serializers.ListField(
            child=serializers.ChoiceField(choices=_enum(d.MitigatingGround)), required=False
        ),
        "aggravating": serializers.ListField(
            child=serializers.ChoiceField(choices=_enum(d.Aggravating)), required=False
        ),
        "penalty_types": serializers.ListField(
            child=serializers.ChoiceField(choices=PENALTY_TYPES),
            required=False,
            help_text=gettext_lazy("处罚种类（须为该违法行为法定种类或警告）"),
        ),
    },
)
DepartureSerializer = bridge.serializer_for_form(DepartureDecisionForm, "ProposalDepartureDecision")
WithdrawSerializer = bridge.serializer_for_form(WithdrawForm, "ProposalWithdraw")


class ProposalSerializer(ReadModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    proposed_by = serializers.CharField(source="proposed_by.get_username", read_only=True)
    facts = serializers.JSONField(
        read_only=True, help_text=gettext_lazy("认定情节（含系统计算的年龄、初次违法）")
    )
    recommendation = serializers.JSONField(
        read_only=True, help_text=gettext_lazy("裁量建议快照（拟处罚人所见）")
    )
    check_result = serializers.JSONField(read_only=True, help_text=gettext_lazy("拟处罚校验结果"))
    departure_attendees = serializers.JSONField(read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "case",
            "version",
            "status",
            "status_label",
            "violation_code",
            "act_date",
            "place",
            "penalty_types",
            "fine",
            "confiscated_gains",
            "confiscated_property_value",
            "tier",
            "facts",
            "recommendation",
            "check_result",
            "departure_reasons",
            "departure_via",
            "departure_decided_at",
            "departure_decision_reasons",
            "departure_attendees",
            "departure_conclusion",
            "proposed_by",
            "proposed_at",
            "ended_at",
        ]
        read_only_fields = fields


class PreviewSerializer(serializers.Serializer):
    outcome = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("accepted / departure / refused；未选处罚时为空")
    )
    recommendation = serializers.JSONField()
    check = serializers.JSONField(allow_null=True)
    same_act = serializers.ListField(
        child=serializers.CharField(), help_text=gettext_lazy("同一违法行为已罚款（R-11）")
    )


def _proposals(case):
    return Proposal.objects.filter(case=case).select_related("proposed_by")


def _bound_form(case, data: dict) -> ProposalForm:
    inputs = svc.case_inputs(case)  # DomainError (→ 422) when the case lacks what it needs
    return bridge.bind(ProposalForm, data, statutory_types=_statutory_types(inputs))


@extend_schema_view(get=extend_schema(tags=[TAG], operation_id="proposals_list"))
class ProposalList(generics.ListAPIView):
    """The case's proposals, newest version first (superseded ones included)."""

    serializer_class = ProposalSerializer
    pagination_class = cursor_by("-version")

    def get_queryset(self):
        return _proposals(case_or_404(self.request.user, self.kwargs["pk"]))

    @extend_schema(
        tags=[TAG],
        operation_id="proposals_create",
        request=ProposalCreateSerializer,
        responses={201: ProposalSerializer},
        description=gettext_lazy(
            "提出拟处罚意见：与拟处罚页面相同的表单、守卫与服务（R-11、R-13、R-17、R-19）。"
            "超出裁量建议的须填写偏离理由，并经负责人批准后方可告知。"
        ),
    )
    def post(self, request, pk: int):
        case = case_or_404(request.user, pk)
        refuse_unless(svc.propose_guard(case, request.user))
        form = _bound_form(case, validated(ProposalCreateSerializer, request))
        proposal = svc.propose(
            case,
            facts=form.facts_data(),
            penalty=form.penalty(),
            by=request.user,
            departure_reasons=form.cleaned_data.get("departure_reasons") or "",
        )
        return Response(
            ProposalSerializer(_proposals(case).get(pk=proposal.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class ProposalPreview(ApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="proposals_preview",
        request=ProposalCreateSerializer,
        responses=PreviewSerializer,
        description=gettext_lazy("按所填情节与处罚计算裁量建议并校验（不保存）。"),
    )
    def post(self, request, pk: int):
        case = case_or_404(request.user, pk)
        form = _bound_form(case, validated(ProposalCreateSerializer, request))
        penalty = form.penalty()
        pre = svc.preview(case, form.facts_data(), penalty, user=request.user)
        return Response(
            {
                "outcome": pre.outcome,
                "recommendation": d.snapshot(pre.evaluation.recommendation),
                "check": svc.check_json(pre.check) if pre.check is not None else None,
                "same_act": pre.same_act.reasons,
            }
        )


class ProposalDetail(ApiView):
    @extend_schema(tags=[TAG], operation_id="proposals_retrieve", responses=ProposalSerializer)
    def get(self, request, pk: int, version: int):
        case = case_or_404(request.user, pk)
        proposal = _proposals(case).filter(version=version).first()
        if proposal is None:
            raise Http404()
        return Response(ProposalSerializer(proposal).data)


class ProposalDeparture(ApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="proposals_decide_departure",
        request=DepartureSerializer,
        responses=ProposalSerializer,
        description=gettext_lazy(
            "负责人审批偏离裁量基准，或记录集体讨论决定（R-17）；拟处罚人和本案调查人员不得审批。"
        ),
    )
    def post(self, request, pk: int, version: int):
        case = case_or_404(request.user, pk)
        proposal = _proposals(case).filter(version=version).first()
        if proposal is None:
            raise Http404()
        refuse_unless(svc.departure_guard(proposal, request.user))
        form = bridge.bind(DepartureDecisionForm, validated(DepartureSerializer, request))
        data = form.cleaned_data
        svc.decide_departure(
            proposal,
            approve=form.approve,
            via=data["via"],
            reasons=data.get("reasons") or "",
            attendees=form.attendee_names(),
            conclusion=data.get("conclusion") or "",
            by=request.user,
        )
        return Response(ProposalSerializer(_proposals(case).get(pk=proposal.pk)).data)


class ProposalWithdraw(ApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="proposals_withdraw",
        request=WithdrawSerializer,
        responses=ProposalSerializer,
    )
    def post(self, request, pk: int):
        case = case_or_404(request.user, pk)
        refuse_unless(svc.withdraw_guard(case, request.user))
        form = bridge.bind(WithdrawForm, validated(WithdrawSerializer, request))
        proposal = svc.withdraw_proposal(
            case, by=request.user, reasons=form.cleaned_data["reasons"]
        )
        return Response(ProposalSerializer(_proposals(case).get(pk=proposal.pk)).data)


urlpatterns = [
    path("cases/<id:pk>/proposals/", ProposalList.as_view(), name="proposal_list"),
    path("cases/<id:pk>/proposals/preview/", ProposalPreview.as_view(), name="proposal_preview"),
    path("cases/<id:pk>/proposals/withdraw/", ProposalWithdraw.as_view(), name="proposal_withdraw"),
    path("cases/<id:pk>/proposals/<id:version>/", ProposalDetail.as_view(), name="proposal_detail"),
    path(
        "cases/<id:pk>/proposals/<id:version>/departure/",
        ProposalDeparture.as_view(),
        name="proposal_departure",
    ),
]
