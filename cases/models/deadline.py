"""The statutory clock (R-35): extensions of the decision time limit and the periods that
stop the clock (hearing, testing/appraisal, expert review, public notice, suspension)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeExtension(models.Model):
    """An approved extension of the decision time limit (head approval; a further one
    needs a recorded collective discussion)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("延长天数（自然日）"))
    reasons = models.TextField(_("延长理由"))
    approval = models.OneToOneField(
        "cases.Approval", verbose_name=_("审批"), on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField(_("批准日期"))
    discussion_on = models.DateField(_("集体讨论日期"), null=True, blank=True)
    discussion_conclusion = models.TextField(_("集体讨论结论"), blank=True)

    class Meta:
        verbose_name = _("办案期限延长")
        verbose_name_plural = _("办案期限延长")
        ordering = ["approved_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case} +{self.days}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class ExcludedPeriod(models.Model):
    """A period not counted in the decision time limit (R-35). `end` is None while it
    lasts (e.g. a suspension not yet resumed)."""

    class Kind(models.TextChoices):
        HEARING = "hearing", _("听证")
        TESTING = "testing", _("检测、检验、检疫、鉴定")
        EXPERT_REVIEW = "expert_review", _("专家评审")
        PUBLIC_NOTICE = "public_notice", _("公告")
        SUSPENSION = "suspension", _("中止")

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="excluded_periods"
    )
    kind = models.CharField(_("期间种类"), max_length=20, choices=Kind.choices)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)
    reasons = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("不计入办案期限的期间")
        verbose_name_plural = _("不计入办案期限的期间")
        ordering = ["start", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}–{self.end or '…'}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class CaseReminder(models.Model):
    """A reminder to the lead officer that the decision time limit is near (R-35); one
    per case, recipient and due date, so the daily task never repeats itself."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="case_reminders",
    )
    due_on = models.DateField(_("期限届满日"))
    message = models.TextField(_("内容"))
    created_on = models.DateField(_("提醒日期"))
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("办案期限提醒")
        verbose_name_plural = _("办案期限提醒")
        ordering = ["-created_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "recipient", "due_on"], name="cases_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return self.message[:50]

    @property
    def audit_case_id(self) -> int:
        return self.case_id
