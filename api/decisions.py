"""Collective discussion, legal review, approval and the decision (R-24–R-29, R-35–R-39).

- `GET /api/cases/{id}/decision/`: the decision page's data: decisions, discussions,
  legal reviews, approvals, what still blocks a decision (the gate, R-24–R-26, R-31, R-34;
  the time limit, R-35) and the actions with their guards' reasons;
- the decision page's actions (submit for review/approval, require and record a
  collective discussion, issue the decision, decide without penalty, serve the decision,
  record its revocation or change) as POST endpoints generated from its registry;
- legal reviews (R-28): the reviewer's queue, one review, and its completion with the
  checklist of the review page (`ReviewForm`);
- approvals (R-29): the head's queue, one approval, and the decision on it;
- publication (R-39): the legal office's queue, publish and withdraw.

Everything goes through `penalties.services.reviews`, `decisions` and `publicity` with
the pages' forms and guards; anything outside the user's agency or role is a 404.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from api import bridge
from api.actions import action_urls
from api.base import ApiView, case_or_404, refuse_unless, validated
from api.cases import ActionResultSerializer, case_detail_data
from api.refs import read_serializer
from core import clock
from core.errors import DomainError
from core.roles import Role, has_role
from penalties import forms_decisions as f
from penalties import gate
from penalties.models import (
    CollectiveDiscussion,
    Decision,
    DecisionApproval,
    LegalReview,
    Publication,
)
from penalties.services import decisions, publicity, reviews
from penalties.views import decisions as decision_views

TAG = "decisions"

DecisionSerializer = read_serializer(Decision, "Decision")
DiscussionSerializer = read_serializer(CollectiveDiscussion, "CollectiveDiscussion")
LegalReviewSerializer = read_serializer(LegalReview, "LegalReview")
ApprovalSerializer = read_serializer(DecisionApproval, "DecisionApproval")
PublicationSerializer = read_serializer(Publication, "Publication")


class VerdictSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    problems = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))


def verdict_data(verdict) -> dict:
    return {
        "ok": verdict.ok,
        "problems": [{"rule": p.rule, "detail": str(p)} for p in verdict.problems],
    }


class DecisionActionOfferSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    available = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    rules = serializers.ListField(child=serializers.CharField())
    url = serializers.CharField()


class DecisionPageSerializer(serializers.Serializer):
    decisions = DecisionSerializer(many=True)
    current_decision = serializers.IntegerField(allow_null=True)
    discussions = DiscussionSerializer(many=True)
    legal_reviews = LegalReviewSerializer(many=True)
    approvals = ApprovalSerializer(many=True)
    pending_review = serializers.IntegerField(allow_null=True)
    pending_approval = serializers.IntegerField(allow_null=True)
    gate = VerdictSerializer(
        help_text=gettext_lazy("告知、陈述申辩与听证（R-24–R-26、R-31、R-34）")
    )
    time_limit = VerdictSerializer(help_text=gettext_lazy("办案期限（R-35）"))
    decision_verdict = VerdictSerializer(
        allow_null=True, help_text=gettext_lazy("负责人审批阶段：能否作出处罚决定")
    )
    actions = DecisionActionOfferSerializer(many=True)


def _pk(obj) -> int | None:
    return obj.pk if obj is not None else None


class DecisionPage(ApiView):
    @extend_schema(tags=[TAG], operation_id="decisions_retrieve", responses=DecisionPageSerializer)
    def get(self, request, pk: int):
        case = case_or_404(request.user, pk)
        today = clock.today()
        current = decisions.current_decision(case)
        data = {
            "decisions": decisions.decisions_of(case),
            "current_decision": _pk(current),
            "discussions": CollectiveDiscussion.objects.filter(case=case).order_by("pk"),
            "legal_reviews": LegalReview.objects.filter(case=case).order_by("pk"),
            "approvals": DecisionApproval.objects.filter(case=case).order_by("pk"),
            "pending_review": _pk(reviews.pending_review(case)),
            "pending_approval": _pk(reviews.pending_approval(case)),
            "gate": verdict_data(gate.decision_gate(case, on=today)),
            "time_limit": verdict_data(decisions.time_limit_verdict(case, on=today)),
            "decision_verdict": verdict_data(decisions.decision_verdict(case, on=today))
            if case.state == "approval"
            else None,
            "actions": [
                {
                    "code": o["action"].code,
                    "label": str(o["action"].label),
                    "available": o["available"],
                    "reasons": o["verdict"].reasons,
                    "rules": list(dict.fromkeys(p.rule for p in o["verdict"].problems)),
                    "url": reverse(
                        f"api:decision_action_{o['action'].code.replace('-', '_')}", args=[case.pk]
                    ),
                }
                for o in decision_views.offered(case, request.user)
            ],
        }
        return Response(DecisionPageSerializer(data).data)


VIEWS, action_patterns = action_urls(
    decision_views.ACTIONS,
    route="cases/<id:pk>/decision/actions/{slug}/",
    url_name="decision_action_{code}",
    component="Decision",
    operation="decisions_action",
    tag="decision actions",
    result=case_detail_data,
    result_serializer=ActionResultSerializer,
    page=gettext_lazy("决定页面"),
)


# --- Legal review (R-28) ---------------------------------------------------------------------
ReviewCompleteSerializer = bridge.serializer_for_form(
    f.ReviewForm, "LegalReviewComplete", form_kwargs={}
)


class ReviewList(generics.ListAPIView):
    """Pending legal reviews of the user's agency (legal reviewers; others see none)."""

    serializer_class = LegalReviewSerializer

    def get_queryset(self):
        return reviews.review_queue(self.request.user)

    @extend_schema(tags=[TAG], operation_id="reviews_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _review_or_404(request, pk: int) -> LegalReview:
    review = reviews.review_queue(request.user).filter(pk=pk).first()
    if review is None:
        raise Http404()
    return review


class ReviewDetail(ApiView):
    @extend_schema(tags=[TAG], operation_id="reviews_retrieve", responses=LegalReviewSerializer)
    def get(self, request, pk: int):
        return Response(LegalReviewSerializer(_review_or_404(request, pk)).data)


class ReviewComplete(ApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="reviews_complete",
        request=ReviewCompleteSerializer,
        responses=LegalReviewSerializer,
        description=gettext_lazy(
            "完成法制审核（R-28）：逐项审核意见（item_*：ok/not_ok，note_*：说明）、审核意见、"
            "结论（passed/returned）。审核人员须具备法律职业资格且非本案调查人员。"
        ),
    )
    def post(self, request, pk: int):
        review = _review_or_404(request, pk)
        case = review.case
        refuse_unless(reviews.reviewer_verdict(case, request.user))
        data = validated(ReviewCompleteSerializer, request)
        form = bridge.bind(f.ReviewForm, data, case=case, user=request.user)
        reviews.complete_review(
            review,
            by=request.user,
            findings=form.findings(),
            opinion=form.cleaned_data["opinion"],
            passed=form.cleaned_data["result"] == "passed",
            return_reasons=form.cleaned_data["return_reasons"],
        )
        review.refresh_from_db()
        return Response(LegalReviewSerializer(review).data)


# --- Approval (R-29) ---------------------------------------------------------------------------
ApprovalDecideSerializer = bridge.serializer_for_form(f.ApprovalForm, "DecisionApprovalDecide")


class ApprovalList(generics.ListAPIView):
    """Pending approvals of the user's agency (supervisors; others see none)."""

    serializer_class = ApprovalSerializer

    def get_queryset(self):
        return reviews.approval_queue(self.request.user)

    @extend_schema(tags=[TAG], operation_id="approvals_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _approval_or_404(request, pk: int) -> DecisionApproval:
    """The approval page's scope: pending ones in the user's queue; decided ones stay
    readable for the agency's supervisors."""
    approval = DecisionApproval.objects.filter(pk=pk).select_related("case").first()
    if approval is None:
        raise Http404()
    if reviews.approval_queue(request.user).filter(pk=pk).exists():
        return approval
    officer = getattr(request.user, "officer", None)
    if (
        officer is None
        or officer.agency_id != approval.case.agency_id
        or not has_role(request.user, Role.SUPERVISOR)
    ):
        raise Http404()
    return approval


class ApprovalDetail(ApiView):
    @extend_schema(tags=[TAG], operation_id="approvals_retrieve", responses=ApprovalSerializer)
    def get(self, request, pk: int):
        return Response(ApprovalSerializer(_approval_or_404(request, pk)).data)


class ApprovalDecide(ApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="approvals_decide",
        request=ApprovalDecideSerializer,
        responses=ApprovalSerializer,
        description=gettext_lazy(
            "负责人审批处罚决定（R-29）：批准（决定内容）或退回；审批人不得为本案调查人员、拟处罚人或法制审核人员。"
        ),
    )
    def post(self, request, pk: int):
        approval = _approval_or_404(request, pk)
        if approval.status != DecisionApproval.Status.PENDING:
            raise DomainError(_("该审批已办结，无需重复审批"), code="exists")
        case = approval.case
        data = validated(ApprovalDecideSerializer, request)
        form = bridge.bind(f.ApprovalForm, data, case=case, user=request.user)
        reviews.decide_approval(
            approval,
            by=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            reasons=form.cleaned_data["reasons"],
            outcome=form.cleaned_data["outcome"] or None,
            return_to=form.cleaned_data["return_to"],
        )
        approval.refresh_from_db()
        return Response(ApprovalSerializer(approval).data)


# --- Publication (R-39) ------------------------------------------------------------------------
PublishSerializer = bridge.serializer_for_form(f.PublishForm, "PublicationPublish")
PublicationWithdrawSerializer = bridge.serializer_for_form(f.WithdrawForm, "PublicationWithdraw")


def _legal_office(request) -> None:
    if (
        not has_role(request.user, Role.LEGAL_OFFICE)
        or getattr(request.user, "officer", None) is None
    ):
        raise Http404()


class PublicationList(generics.ListAPIView):
    """Decisions to publish or withdraw (the legal office of the agency)."""

    serializer_class = PublicationSerializer

    def get_queryset(self):
        _legal_office(self.request)
        return publicity.publication_queue(self.request.user)

    @extend_schema(tags=[TAG], operation_id="publications_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _publication_or_404(request, pk: int) -> Publication:
    _legal_office(request)
    pub = Publication.objects.filter(pk=pk, agency_id=request.user.officer.agency_id).first()
    if pub is None:
        raise Http404()
    return pub


class PublicationPublish(ApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="publications_publish",
        request=PublishSerializer,
        responses=PublicationSerializer,
        description=gettext_lazy("公示处罚决定（R-39）：个人信息须已遮蔽，送达前不得公示。"),
    )
    def post(self, request, pk: int):
        pub = _publication_or_404(request, pk)
        refuse_unless(publicity.publish_verdict(pub, request.user))
        form = bridge.bind(f.PublishForm, validated(PublishSerializer, request))
        publicity.publish(pub, by=request.user, masked_text=form.cleaned_data["masked_text"])
        pub.refresh_from_db()
        return Response(PublicationSerializer(pub).data)


class PublicationWithdraw(ApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="publications_withdraw",
        request=PublicationWithdrawSerializer,
        responses=PublicationSerializer,
    )
    def post(self, request, pk: int):
        pub = _publication_or_404(request, pk)
        refuse_unless(publicity.withdraw_verdict(pub, request.user))
        form = bridge.bind(f.WithdrawForm, validated(PublicationWithdrawSerializer, request))
        publicity.withdraw(pub, by=request.user, reasons=form.cleaned_data["reasons"])
        pub.refresh_from_db()
        return Response(PublicationSerializer(pub).data)


urlpatterns = [
    path("cases/<id:pk>/decision/", DecisionPage.as_view(), name="decision_page"),
    *action_patterns,
    path("reviews/", ReviewList.as_view(), name="review_list"),
    path("reviews/<id:pk>/", ReviewDetail.as_view(), name="review_detail"),
    path("reviews/<id:pk>/complete/", ReviewComplete.as_view(), name="review_complete"),
    path("approvals/", ApprovalList.as_view(), name="approval_list"),
    path("approvals/<id:pk>/", ApprovalDetail.as_view(), name="approval_detail"),
    path("approvals/<id:pk>/decide/", ApprovalDecide.as_view(), name="approval_decide"),
    path("publications/", PublicationList.as_view(), name="publication_list"),
    path("publications/<id:pk>/publish/", PublicationPublish.as_view(), name="publication_publish"),
    path(
        "publications/<id:pk>/withdraw/",
        PublicationWithdraw.as_view(),
        name="publication_withdraw",
    ),
]
