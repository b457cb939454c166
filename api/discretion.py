"""The discretion recommendation (裁量建议): POST the facts, get the engine's answer.

Inputs are loaded exactly as the penalties stage loads them (`penalties.engine_inputs`):
every catalogue version of the violation (R-18 law in time), the user's agency's published
benchmark versions (R-17; none → the engine's default split), the agency's hearing
thresholds (R-30) and its first-offence list (R-13). The pure engine
(`penalties.discretion.recommend_in_time`) computes; nothing is written.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from api.base import ApiView, require, staff_or_404, validated
from core import clock
from core.errors import DomainError, RuleViolation
from penalties import discretion as d
from penalties import engine_inputs
from penalties import selectors as penalty_selectors

TAG = "discretion"
logger = logging.getLogger("api")
AMOUNT = dict(
    max_digits=14, decimal_places=2, min_value=Decimal("0"), required=False, allow_null=True
)


def _choices(enum_cls) -> list[tuple[str, str]]:
    return [(m.value, m.value) for m in enum_cls if m.value != ""]


class FactsSerializer(serializers.Serializer):
    """What the officer established about the case and the party."""

    party_kind = serializers.ChoiceField(choices=_choices(d.PartyKind), default="organisation")
    minor = serializers.BooleanField(default=False, help_text=gettext_lazy("违法行为轻微"))
    harm = serializers.ChoiceField(choices=_choices(d.Harm), default="general")
    promptly_corrected = serializers.BooleanField(default=False, help_text=gettext_lazy("及时改正"))
    first_offence = serializers.BooleanField(
        default=False, help_text=gettext_lazy("初次违法（R-13）")
    )
    fault_disproved = serializers.BooleanField(
        default=False, help_text=gettext_lazy("无主观过错（R-14）")
    )
    age = serializers.IntegerField(min_value=0, max_value=150, required=False, allow_null=True)
    capacity = serializers.ChoiceField(choices=_choices(d.Capacity), default="full")
    mitigating = serializers.ListField(
        child=serializers.ChoiceField(choices=_choices(d.MitigatingGround)), default=list
    )
    aggravating = serializers.ListField(
        child=serializers.ChoiceField(choices=_choices(d.Aggravating)), default=list
    )
    illegal_gains = serializers.DecimalField(**AMOUNT)
    goods_value = serializers.DecimalField(**AMOUNT)
    ad_fees = serializers.DecimalField(**AMOUNT)
    turnover = serializers.DecimalField(**AMOUNT)
    basis_incalculable = serializers.BooleanField(default=False)
    facts_certain = serializers.BooleanField(
        default=False, help_text=gettext_lazy("违法事实确凿（R-20）")
    )
    complex_case = serializers.BooleanField(default=False)
    major_violation = serializers.BooleanField(default=False)
    major_public_interest = serializers.BooleanField(default=False)
    hearing_expected = serializers.BooleanField(default=False)


class RecommendationRequestSerializer(serializers.Serializer):
    violation_code = serializers.CharField(max_length=40)
    act_date = serializers.DateField(help_text=gettext_lazy("违法行为发生（或终了）日期"))
    decision_date = serializers.DateField(
        required=False, allow_null=True, help_text=gettext_lazy("拟作出决定日期（默认今天）")
    )
    facts = FactsSerializer()

    def validate(self, attrs):
        decision = attrs.get("decision_date") or clock.today()
        if decision < attrs["act_date"]:
            raise serializers.ValidationError(
                {"decision_date": [_("决定日期不得早于违法行为日期")]}
            )
        attrs["decision_date"] = decision
        return attrs


class RangeSerializer(serializers.Serializer):
    low = serializers.DecimalField(max_digits=18, decimal_places=4)
    high = serializers.DecimalField(max_digits=18, decimal_places=4)


class CodeLabelSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class HitSerializer(serializers.Serializer):
    rule = serializers.CharField()
    article = serializers.CharField()
    message = serializers.CharField()


class FlagsSerializer(serializers.Serializer):
    hearing_entitled = serializers.BooleanField(help_text=gettext_lazy("应告知听证权利（R-30）"))
    summary_eligible = serializers.BooleanField(help_text=gettext_lazy("可适用简易程序（R-20）"))
    legal_review_needed = serializers.BooleanField(help_text=gettext_lazy("须法制审核（R-28）"))
    collective_discussion_needed = serializers.BooleanField(
        help_text=gettext_lazy("须集体讨论（R-27）")
    )


class RecommendationSerializer(serializers.Serializer):
    violation_code = serializers.CharField()
    violation_version = serializers.CharField()
    benchmark_version = serializers.CharField()
    benchmark_is_default = serializers.BooleanField()
    outcome = CodeLabelSerializer()
    tier = CodeLabelSerializer()
    allowed_types = CodeLabelSerializer(many=True)
    fine_range = RangeSerializer(allow_null=True)
    fine_multiples = RangeSerializer(allow_null=True)
    fine_basis = serializers.CharField(allow_null=True)
    fine_basis_amount = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    statutory_fine = RangeSerializer(allow_null=True)
    statutory_types = CodeLabelSerializer(many=True)
    mandatory_types = CodeLabelSerializer(many=True)
    rules = serializers.ListField(child=serializers.CharField())
    hits = HitSerializer(many=True)
    flags = FlagsSerializer()
    binding_no_penalty_rule = serializers.CharField(allow_null=True)
    first_minor_offence = serializers.BooleanField()
    mitigation_required = serializers.BooleanField()
    law_in_time = serializers.CharField(allow_null=True)
    act_date = serializers.DateField()
    decision_date = serializers.DateField()


def _code_label(member) -> dict[str, str]:
    return {"code": member.value, "label": member.label}


def _types(types) -> list[dict[str, str]]:
    return [_code_label(t) for t in sorted(types, key=lambda t: (t.rank, t.value))]


def _range(r: d.Range | None) -> dict | None:
    return None if r is None else {"low": r.low, "high": r.high}


def as_data(rec: d.Recommendation, *, act_date: date, decision_date: date) -> dict:
    return {
        "violation_code": rec.violation_code,
        "violation_version": rec.violation_version,
        "benchmark_version": rec.benchmark_version,
        "benchmark_is_default": rec.benchmark_is_default,
        "outcome": _code_label(rec.outcome),
        "tier": _code_label(rec.tier),
        "allowed_types": _types(rec.allowed_types),
        "fine_range": _range(rec.fine_range),
        "fine_multiples": _range(rec.fine_multiples),
        "fine_basis": rec.fine_basis.value if rec.fine_basis is not None else None,
        "fine_basis_amount": rec.fine_basis_amount,
        "statutory_fine": _range(rec.statutory_fine),
        "statutory_types": _types(rec.statutory_types),
        "mandatory_types": _types(rec.mandatory_types),
        "rules": list(rec.rules),
        "hits": [{"rule": r, "article": a, "message": m} for r, a, m in rec.explanations()],
        "flags": {
            "hearing_entitled": rec.hearing_entitled,
            "summary_eligible": rec.summary_eligible,
            "legal_review_needed": rec.legal_review_needed,
            "collective_discussion_needed": rec.collective_discussion_needed,
        },
        "binding_no_penalty_rule": rec.binding_no_penalty_rule,
        "first_minor_offence": rec.first_minor_offence,
        "mitigation_required": rec.mitigation_required,
        "law_in_time": rec.law_in_time.value if rec.law_in_time is not None else None,
        "act_date": act_date,
        "decision_date": decision_date,
    }


def thresholds_for(agency, violation_code: str, on: date) -> d.AgencyThresholds:
    """The agency's settings the engine needs (R-30 thresholds, R-13 first-offence list)."""
    s = getattr(agency, "rule_settings", None)
    listed = penalty_selectors.on_first_offence_list(agency, violation_code, on)
    return d.AgencyThresholds(
        hearing_person=d.money(s.hearing_threshold_person)
        if s
        else d.DEFAULT_THRESHOLDS.hearing_person,
        hearing_organisation=(
            d.money(s.hearing_threshold_org) if s else d.DEFAULT_THRESHOLDS.hearing_organisation
        ),
        first_offence_list=frozenset({violation_code}) if listed else frozenset(),
    )


def facts_of(data: dict) -> d.Facts:
    return d.Facts(
        party_kind=d.PartyKind(data["party_kind"]),
        minor=data["minor"],
        harm=d.Harm(data["harm"]),
        promptly_corrected=data["promptly_corrected"],
        first_offence=data["first_offence"],
        fault_disproved=data["fault_disproved"],
        age=data.get("age"),
        capacity=d.Capacity(data["capacity"]),
        mitigating=frozenset(d.MitigatingGround(g) for g in data["mitigating"]),
        aggravating=frozenset(d.Aggravating(a) for a in data["aggravating"]),
        illegal_gains=data.get("illegal_gains"),
        goods_value=data.get("goods_value"),
        ad_fees=data.get("ad_fees"),
        turnover=data.get("turnover"),
        basis_incalculable=data["basis_incalculable"],
        facts_certain=data["facts_certain"],
        complex_case=data["complex_case"],
        major_violation=data["major_violation"],
        major_public_interest=data["major_public_interest"],
        hearing_expected=data["hearing_expected"],
    )


class Recommend(ApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="discretion_recommend",
        request=RecommendationRequestSerializer,
        responses=RecommendationSerializer,
        description=gettext_lazy(
            "按违法行为、日期和案件事实计算裁量建议（R-12…R-20、R-26…R-30），不保存任何数据。"
        ),
    )
    def post(self, request):
        officer = staff_or_404(request.user)
        require(
            penalty_selectors.can_read_catalogue(request.user),
            _("只有执法人员、负责人、法制审核或法制监督人员可以使用裁量建议"),
        )
        data = validated(RecommendationRequestSerializer, request)
        code = data["violation_code"]
        if not penalty_selectors.catalogue_visible_to(request.user).filter(code=code).exists():
            raise serializers.ValidationError({"violation_code": [_("违法行为目录中没有该代码")]})
        act_date, decision_date = data["act_date"], data["decision_date"]
        versions = engine_inputs.engine_versions(code)
        if not any(v.in_force(act_date) for v in versions):
            raise RuleViolation(
                "R-18",
                _("违法行为发生时（%(d)s）该违法行为没有有效的法律规定")
                % {"d": act_date.isoformat()},
            )
        try:
            rec = d.recommend_in_time(
                versions,
                facts_of(data["facts"]),
                act_date=act_date,
                decision_date=decision_date,
                benchmarks=engine_inputs.engine_benchmarks(officer.agency, code),
                thresholds=thresholds_for(officer.agency, code, decision_date),
            )
        except ValueError as exc:  # inputs the engine cannot combine (kept in the log)
            logger.warning("discretion engine refused inputs: %s", exc)
            raise DomainError(_("无法根据所填事实计算裁量建议，请检查金额、年龄等数据")) from None
        body = as_data(rec, act_date=act_date, decision_date=decision_date)
        return Response(RecommendationSerializer(body).data)


urlpatterns = [
    path("discretion/recommendation/", Recommend.as_view(), name="discretion_recommend"),
]
