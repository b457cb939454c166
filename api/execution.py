"""Execution (执行, R-40–R-44, R-62): the amount due today with the late surcharge, the
payments, deferral and instalment plans, reconsideration and litigation, demand notices
and the court application, as on the execution page.

The execution actions (record a payment, on-the-spot collection and its hand-in, plans,
remedies, fault review, demand notice and its service, court application and outcome)
are mostly case actions: penalties registers them on the case page, so they are
`POST /api/cases/{id}/actions/exec-…/` (see `api.case_actions`); those it keeps off the
case page are `POST /api/cases/{id}/execution/actions/…/`. The page lists them all with
their guards' reasons and URLs.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from api.actions import action_urls
from api.base import ApiView, case_or_404
from api.cases import ActionResultSerializer, case_detail_data
from api.refs import read_serializer
from cases import actions as case_actions
from core import clock
from penalties.models import (
    CourtApplication,
    DeferralOrInstalment,
    DemandNotice,
    Payment,
    RemedyProceeding,
)
from penalties.services import execution
from penalties.views import execution as execution_views

TAG = "execution"
MONEY = dict(max_digits=16, decimal_places=2)

PaymentSerializer = read_serializer(Payment, "Payment")
PlanSerializer = read_serializer(DeferralOrInstalment, "DeferralOrInstalment")
RemedySerializer = read_serializer(RemedyProceeding, "RemedyProceeding")
DemandNoticeSerializer = read_serializer(DemandNotice, "DemandNotice")
CourtApplicationSerializer = read_serializer(CourtApplication, "CourtApplication")


class AccountSerializer(serializers.Serializer):
    """The account on `on` (R-40 due date, R-42 plans, R-43 surcharge capped at the fine)."""

    on = serializers.DateField()
    fine = serializers.DecimalField(**MONEY)
    other = serializers.DecimalField(
        **MONEY, help_text=gettext_lazy("没收违法所得（不计加处罚款）")
    )
    principal = serializers.DecimalField(**MONEY)
    paid = serializers.DecimalField(**MONEY)
    surcharge = serializers.DecimalField(**MONEY, help_text=gettext_lazy("加处罚款（R-43）"))
    surcharge_capped = serializers.BooleanField()
    days_counted = serializers.IntegerField()
    days_paused = serializers.IntegerField()
    outstanding_principal = serializers.DecimalField(**MONEY)
    outstanding_surcharge = serializers.DecimalField(**MONEY)
    outstanding = serializers.DecimalField(**MONEY)


class ExecutionActionOfferSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    available = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    rules = serializers.ListField(child=serializers.CharField())
    url = serializers.CharField(allow_null=True)


class ExecutionPageSerializer(serializers.Serializer):
    decision = serializers.IntegerField(allow_null=True)
    account = AccountSerializer(allow_null=True)
    payments = PaymentSerializer(many=True)
    plans = PlanSerializer(many=True)
    remedies = RemedySerializer(many=True)
    demand_notices = DemandNoticeSerializer(many=True)
    court_applications = CourtApplicationSerializer(many=True)
    actions = ExecutionActionOfferSerializer(many=True)


def _action_url(case_id: int, code: str) -> str | None:
    name = code.replace("-", "_")
    for url_name in (f"api:case_action_{name}", f"api:execution_action_{name}"):
        try:
            return reverse(url_name, args=[case_id])
        except NoReverseMatch:
            continue
    return None


class ExecutionPage(ApiView):
    @extend_schema(tags=[TAG], operation_id="execution_retrieve", responses=ExecutionPageSerializer)
    def get(self, request, pk: int):
        case = case_or_404(request.user, pk)
        decision = execution.execution_decision(case)
        data = {
            "decision": None,
            "account": None,
            "payments": [],
            "plans": [],
            "remedies": [],
            "demand_notices": [],
            "court_applications": [],
            "actions": [],
        }
        if decision is not None:
            st = execution.account_statement(decision, on=clock.today())
            data.update(
                {
                    "decision": decision.pk,
                    "account": st,
                    "payments": Payment.objects.filter(decision=decision).order_by("paid_on", "pk"),
                    "plans": DeferralOrInstalment.objects.filter(decision=decision).order_by("-pk"),
                    "remedies": RemedyProceeding.objects.filter(decision=decision).order_by(
                        "filed_on", "pk"
                    ),
                    "demand_notices": DemandNotice.objects.filter(decision=decision).order_by("pk"),
                    "court_applications": CourtApplication.objects.filter(
                        decision=decision
                    ).order_by("pk"),
                    "actions": [
                        {
                            "code": o["action"].code,
                            "label": str(o["action"].label),
                            "available": o["available"],
                            "reasons": o["verdict"].reasons,
                            "rules": list(dict.fromkeys(p.rule for p in o["verdict"].problems)),
                            "url": _action_url(case.pk, o["action"].code),
                        }
                        for o in execution_views.offered(case, request.user)
                    ],
                }
            )
        return Response(ExecutionPageSerializer(data).data)


# Execution actions the case page does not carry (e.g. recording a demand notice's
# service) get endpoints of their own; the others are case actions.
VIEWS, action_patterns = action_urls(
    execution_views.ACTIONS,
    route="cases/<id:pk>/execution/actions/{slug}/",
    url_name="execution_action_{code}",
    component="Execution",
    operation="execution_action",
    skip=[a.code for a in execution_views.ACTIONS if a.code in case_actions.BY_CODE],
    tag="execution",
    result=case_detail_data,
    result_serializer=ActionResultSerializer,
    page=gettext_lazy("执行页面"),
)

urlpatterns = [
    path("cases/<id:pk>/execution/", ExecutionPage.as_view(), name="execution_page"),
    *action_patterns,
]
