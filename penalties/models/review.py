"""Before the decision: collective discussion (R-27), legal review (R-28), approval (R-29).

Each is a row per round: a case returned for further investigation and brought back gets a
new review and a new approval, and the old rows stay as the record of what happened. The
services in `penalties.services.reviews` are the only writers; each round that ends
produces its document (集体讨论记录, 法制审核意见书) through `documents`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CollectiveDiscussion(models.Model):
    """集体讨论 (R-27, Art 57 ¶2): required by the engine's flag or chosen by a supervisor."""

    class Trigger(models.TextChoices):
        ENGINE = "engine", _("依裁量规则须集体讨论")
        SUPERVISOR = "supervisor", _("负责人决定提交集体讨论")
        MAJOR = "major", _("重大复杂案件")

    class Status(models.TextChoices):
        PENDING = "pending", _("待讨论")
        HELD = "held", _("已讨论")
        CANCELLED = "cancelled", _("已撤回")

    class Conclusion(models.TextChoices):
        AGREE = "agree", _("同意拟处罚意见")
        CHANGE = "change", _("变更处罚意见")
        NO_PENALTY = "no_penalty", _("不予行政处罚")
        NOT_ESTABLISHED = "not_established", _("违法事实不能成立")
        FURTHER_INVESTIGATION = "further_investigation", _("补充调查")

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="collective_discussions"
    )
    proposal = models.ForeignKey(
        "penalties.Proposal",
        verbose_name=_("处罚意见"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    trigger = models.CharField(_("提交原因"), max_length=20, choices=Trigger.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("提交时间"))
    held_at = models.DateTimeField(_("讨论时间"), null=True, blank=True)
    place = models.CharField(_("讨论地点"), max_length=200, blank=True)
    chair = models.CharField(_("主持人"), max_length=50, blank=True)
    recorder = models.CharField(_("记录人"), max_length=50, blank=True)
    # [{"name", "post"}]
    attendees = models.JSONField(_("参加人员"), default=list, blank=True)
    # [{"name", "opinion"}]
    opinions = models.JSONField(_("讨论意见"), default=list, blank=True)
    conclusion = models.CharField(
        _("讨论结论"), max_length=30, choices=Conclusion.choices, blank=True
    )
    conclusion_text = models.TextField(_("结论意见"), blank=True)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("集体讨论记录"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人账号"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("集体讨论")
        verbose_name_plural = _("集体讨论")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="pending"),
                name="pen_discussion_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_status_display()}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class LegalReview(models.Model):
    """法制审核 (R-28, Art 58): a legal reviewer's check of the case before the decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        PASSED = "passed", _("审核通过")
        RETURNED = "returned", _("退回")
        CANCELLED = "cancelled", _("已撤回")

    class Item(models.TextChoices):
        """The R-28 checklist, one finding each."""

        AUTHORITY = "authority", _("执法主体是否合法、是否具有管辖权")
        QUALIFICATION = "qualification", _("执法人员是否具备执法资格")
        FACTS = "facts", _("案件事实是否清楚")
        EVIDENCE = "evidence", _("证据是否合法、确实、充分")
        LEGAL_BASIS = "legal_basis", _("适用法律依据是否准确")
        DISCRETION = "discretion", _("裁量档次是否适当")
        PROCEDURE = "procedure", _("程序是否合法")
        DOCUMENTS = "documents", _("执法文书是否规范、齐全")
        CRIME_TRANSFER = "crime_transfer", _("是否涉嫌犯罪需要移送司法机关")

    class Reason(models.TextChoices):
        """Why the review is required (R-28); more than one may apply."""

        MAJOR_PUBLIC_INTEREST = "major_public_interest", _("涉及重大公共利益")
        HEARING = "hearing", _("经过听证程序")
        COMPLEX = "complex", _("案件情况疑难复杂、涉及多个法律关系")
        CATALOGUE = "catalogue", _("违法行为须经法制审核")
        ENGINE = "engine", _("裁量规则提示须法制审核")
        SUPERVISOR = "supervisor", _("负责人决定提交法制审核")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="legal_reviews")
    proposal = models.ForeignKey(
        "penalties.Proposal",
        verbose_name=_("处罚意见"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reasons_required = models.JSONField(_("审核事由"), default=list, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("提交时间"))
    reviewer = models.ForeignKey(
        "officers.Officer",
        verbose_name=_("审核人员"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # {item: {"ok": bool, "note": str}} for every Item.
    findings = models.JSONField(_("审核意见（逐项）"), default=dict, blank=True)
    opinion = models.TextField(_("审核意见"), blank=True)
    return_reasons = models.TextField(_("退回理由"), blank=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("法制审核意见书"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("法制审核")
        verbose_name_plural = _("法制审核")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="pending"),
                name="pen_review_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_status_display()}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class DecisionApproval(models.Model):
    """负责人审批 (R-29): the head approves the decision or returns it, with reasons.

    At most one pending-or-approved row per case (database constraint), so two
    supervisors approving at once can never both succeed; the service also locks the row.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        RETURNED = "returned", _("退回")
        SUPERSEDED = "superseded", _("已失效")

    class Outcome(models.TextChoices):
        """What the approver approves: the penalty, no penalty, or facts not established."""

        PENALTY = "penalty", _("给予行政处罚")
        NO_PENALTY = "no_penalty", _("不予行政处罚")
        NOT_ESTABLISHED = "not_established", _("违法事实不能成立")

    class ReturnTo(models.TextChoices):
        INVESTIGATION = "investigation", _("退回补充调查")
        RENOTIFY = "renotify", _("重新告知")

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="decision_approvals"
    )
    proposal = models.ForeignKey(
        "penalties.Proposal",
        verbose_name=_("处罚意见"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    outcome = models.CharField(
        _("审批结论"), max_length=20, choices=Outcome.choices, default=Outcome.PENALTY
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("提交时间"))
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reasons = models.TextField(_("审批意见"), blank=True)
    return_to = models.CharField(_("退回至"), max_length=20, choices=ReturnTo.choices, blank=True)
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("处罚决定审批")
        verbose_name_plural = _("处罚决定审批")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=["pending", "approved"]),
                name="pen_approval_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_status_display()}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


__all__ = ["CollectiveDiscussion", "DecisionApproval", "LegalReview"]
