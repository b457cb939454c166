"""The decision (行政处罚决定, R-35–R-38) and its publication (R-39).

A Decision is written once, when its document (行政处罚决定书 / 不予行政处罚决定书 /
当场行政处罚决定书) is issued; service fills `served_on` and the payment due date that
EXECUTION counts from (R-40: 15 CD after service, rolled over rest days). A revoked or
changed decision keeps its row with the status and the reasons.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from penalties.discretion.enums import Tier


class Decision(models.Model):
    class Kind(models.TextChoices):
        PENALTY = "penalty", _("行政处罚决定")
        NO_PENALTY = "no_penalty", _("不予行政处罚决定")
        NOT_ESTABLISHED = "not_established", _("违法事实不能成立")
        SUMMARY = "summary", _("当场行政处罚决定")

    class Status(models.TextChoices):
        ISSUED = "issued", _("已作出")
        SERVED = "served", _("已送达")
        REVOKED = "revoked", _("已撤销")
        CHANGED = "changed", _("已变更")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="decisions")
    proposal = models.ForeignKey(
        "penalties.Proposal",
        verbose_name=_("处罚意见"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    approval = models.ForeignKey(
        "penalties.DecisionApproval",
        verbose_name=_("审批"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("决定书"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("决定种类"), max_length=20, choices=Kind.choices)
    penalty_types = models.JSONField(_("处罚种类"), default=list, blank=True)
    fine = models.DecimalField(
        _("罚款金额"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    confiscated_gains = models.DecimalField(
        _("没收违法所得"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    confiscated_property_value = models.DecimalField(
        _("没收非法财物价值"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    tier = models.CharField(_("裁量档次"), max_length=20, blank=True)
    violation_code = models.CharField(_("违法行为代码"), max_length=40, blank=True)
    legal_basis = models.TextField(_("法律依据"), blank=True)
    decided_on = models.DateField(_("决定日期"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("制作人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # served within 7 WD of the decision.
    service_due_on = models.DateField(_("送达期限"), null=True, blank=True)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    # 15 CD after service, rolled over rest days (EXECUTION reads it).
    payment_due_on = models.DateField(_("缴款期限"), null=True, blank=True)
    # the last days of the remedies, computed from service.
    reconsideration_until = models.DateField(_("申请复议截止日"), null=True, blank=True)
    litigation_until = models.DateField(_("提起诉讼截止日"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.ISSUED
    )
    status_changed_on = models.DateField(_("撤销或变更日期"), null=True, blank=True)
    status_reasons = models.TextField(_("撤销或变更理由"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("处罚决定")
        verbose_name_plural = _("处罚决定")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=["issued", "served"]),
                name="pen_decision_one_in_force",
            ),
        ]
        indexes = [models.Index(fields=["status", "service_due_on"], name="pen_decision_due")]

    def __str__(self) -> str:
        return f"{self.case} · {self.document.number}"

    @property
    def tier_label(self) -> str:
        """The discretion tier applied (R-36), in words."""
        try:
            return Tier(self.tier).label
        except ValueError:
            return self.tier

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    @property
    def in_force(self) -> bool:
        return self.status in (self.Status.ISSUED, self.Status.SERVED)

    @property
    def number(self) -> str:
        return self.document.number


class Publication(models.Model):
    """行政处罚决定公示 (R-39): the masked text, its deadline, publication and withdrawal."""

    class Status(models.TextChoices):
        WAITING_SERVICE = "waiting_service", _("待送达后公示")
        PENDING = "pending", _("待公示")
        PUBLISHED = "published", _("已公示")
        WITHDRAWAL_PENDING = "withdrawal_pending", _("待撤回")
        WITHDRAWN = "withdrawn", _("已撤回")
        CANCELLED = "cancelled", _("无需公示")

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="publication")
    agency = models.ForeignKey(
        "officers.Agency", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=30, choices=Status.choices, default=Status.WAITING_SERVICE
    )
    due_on = models.DateField(_("公示期限"))
    title = models.CharField(_("公示标题"), max_length=300)
    masked_text = models.TextField(_("公示内容（已隐去个人信息）"))
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公示人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    withdraw_due_on = models.DateField(_("撤回期限"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤回人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reasons = models.TextField(_("撤回理由"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("处罚决定公示")
        verbose_name_plural = _("处罚决定公示")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["agency", "status", "due_on"], name="pen_pub_queue")]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_case_id(self) -> int:
        return self.decision.case_id

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id


__all__ = ["Decision", "Publication"]
