"""Transfers (移送) and assistance requests (协查) between agencies (R-47), closing
reports (R-45) and recorded corrections of closed cases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Transfer(models.Model):
    class Kind(models.TextChoices):
        AGENCY = "agency", _("移送其他行政机关")
        JUDICIAL = "judicial", _("移送司法机关（涉嫌犯罪）")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="transfers")
    kind = models.CharField(_("移送类型"), max_length=10, choices=Kind.choices)
    to_agency = models.ForeignKey(
        "officers.Agency",
        verbose_name=_("接收机关"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    to_body = models.CharField(_("接收单位"), max_length=200)
    reasons = models.TextField(_("移送理由"))
    transferred_on = models.DateField(_("移送日期"))
    transferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("移送人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    receipt_on = models.DateField(_("回执日期"), null=True, blank=True)
    receipt_by = models.CharField(_("签收人"), max_length=100, blank=True)
    receipt_note = models.TextField(_("回执说明"), blank=True)

    class Meta:
        verbose_name = _("案件移送")
        verbose_name_plural = _("案件移送")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.case} → {self.to_body}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class AssistanceRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待答复")
        ACCEPTED = "accepted", _("已接受")
        REFUSED = "refused", _("拒绝协助")
        COMPLETED = "completed", _("已完成")

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="assistance_requests"
    )
    from_agency = models.ForeignKey(
        "officers.Agency", verbose_name=_("请求机关"), on_delete=models.PROTECT, related_name="+"
    )
    to_agency = models.ForeignKey(
        "officers.Agency",
        verbose_name=_("被请求机关"),
        on_delete=models.PROTECT,
        related_name="assistance_received",
    )
    matter = models.TextField(_("协助事项"))
    requested_on = models.DateField(_("请求日期"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("请求人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    response = models.TextField(_("答复内容或拒绝理由"), blank=True)
    responded_on = models.DateField(_("答复日期"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("协助调查请求")
        verbose_name_plural = _("协助调查请求")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.from_agency} → {self.to_agency}: {self.matter[:30]}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    @property
    def audit_agency_id(self) -> int:
        return self.from_agency_id


class ClosingReport(models.Model):
    """结案报告 (R-45), approved by the head through its Approval."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="closing_reports")
    outcome = models.CharField(_("结案情形"), max_length=30)
    summary = models.TextField(_("结案报告"))
    approval = models.OneToOneField(
        "cases.Approval", verbose_name=_("审批"), on_delete=models.PROTECT, related_name="+"
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("拟稿人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafted_on = models.DateField(_("拟稿日期"))

    class Meta:
        verbose_name = _("结案报告")
        verbose_name_plural = _("结案报告")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.case} · {self.outcome}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class Correction(models.Model):
    """A recorded correction of a closed case by the legal office (R-45)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(_("更正事项"), max_length=50)
    old_value = models.TextField(_("原内容"), blank=True)
    new_value = models.TextField(_("更正内容"))
    reasons = models.TextField(_("更正理由"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更正人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    corrected_on = models.DateField(_("更正日期"))

    class Meta:
        verbose_name = _("案卷更正")
        verbose_name_plural = _("案卷更正")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.case} · {self.field}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id
