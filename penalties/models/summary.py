"""The summary procedure (当场处罚, R-20, Art 51–53).

One row per on-the-spot case: who acted (two officers, certificates shown, R-01/R-02), the
engine's eligibility, the oral notice of rights and the party's statement (R-24/R-25
still apply), the pre-numbered decision handed over on the spot, a refusal to sign, and
the filing with the agency (备案) within its deadline. The Decision row (kind `summary`)
holds the penalty like any other decision.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SummaryProcedure(models.Model):
    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="summary_procedure"
    )
    decision = models.OneToOneField(
        "penalties.Decision",
        verbose_name=_("当场处罚决定"),
        on_delete=models.PROTECT,
        related_name="summary_procedure",
        null=True,
        blank=True,
    )
    officer_a = models.ForeignKey(
        "officers.Officer", verbose_name=_("执法人员"), on_delete=models.PROTECT, related_name="+"
    )
    officer_b = models.ForeignKey(
        "officers.Officer", verbose_name=_("执法人员"), on_delete=models.PROTECT, related_name="+"
    )
    # [{"name", "certificate_number"}] as shown to the party.
    certificates = models.JSONField(_("出示的执法证件"), default=list)
    acted_at = models.DateTimeField(_("执法时间"))
    place = models.CharField(_("执法地点"), max_length=255)
    violation_code = models.CharField(_("违法行为代码"), max_length=40)
    legal_basis = models.TextField(_("法律依据"))
    facts = models.TextField(_("违法事实"))
    penalty_types = models.JSONField(_("处罚种类"), default=list)
    fine = models.DecimalField(
        _("罚款金额"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    tier = models.CharField(_("裁量档次"), max_length=20, blank=True)
    # the engine's recommendation and flags when the officers decided.
    eligibility = models.JSONField(_("适用简易程序的条件"), default=dict, blank=True)
    # R-24 orally, recorded.
    rights_notice = models.TextField(_("口头告知内容"))
    statement = models.TextField(_("当事人陈述申辩"), blank=True)
    statement_waived = models.BooleanField(_("当事人放弃陈述申辩"), default=False)
    recheck = models.TextField(_("复核意见"), blank=True)
    refused_to_sign = models.BooleanField(_("当事人拒绝签收"), default=False)
    signature_note = models.CharField(_("签收情况"), max_length=255, blank=True)
    reserved_number = models.CharField(_("预留文书编号"), max_length=80)
    # 备案 (Art 52 ¶3) with the agency within the deadline.
    filing_due_on = models.DateField(_("备案期限"))
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("备案审查人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    filing_note = models.TextField(_("备案意见"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("当场处罚")
        verbose_name_plural = _("当场处罚")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.case} · {self.reserved_number}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


__all__ = ["SummaryProcedure"]
