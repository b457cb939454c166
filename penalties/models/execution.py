"""Execution of a decision (执行, R-40–R-44) and the wrongful-case hook (R-62).

What the party paid and how (R-40; on-the-spot cash under R-41), deferral and instalment
plans (R-42), reconsideration and lawsuits with their outcomes (they pause the surcharge,
R-43), the demand notice (催告书) and the court enforcement application (R-44). The figures
(amount due, surcharge) are computed by `penalties.surcharge` from these rows; the daily
task stores them in `ExecutionAccount` for lists and reminders. Each row keeps the case
beside the decision so that the case page and the audit trail reach it without a join.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2}


class Payment(models.Model):
    """罚款缴纳 (R-40): collection is separate from the decision (Art 67) — a bank or
    e-payment with its reference, or cash collected on the spot under R-41."""

    class Channel(models.TextChoices):
        BANK = "bank", _("指定银行缴纳")
        E_PAYMENT = "e_payment", _("电子支付")
        ON_SPOT = "on_spot", _("当场收缴")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="payments")
    decision = models.ForeignKey(
        "penalties.Decision",
        verbose_name=_("处罚决定"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    amount = models.DecimalField(_("缴款金额（元）"), validators=[MinValueValidator(0)], **MONEY)
    paid_on = models.DateField(_("缴款日期"))
    channel = models.CharField(_("缴款方式"), max_length=20, choices=Channel.choices)
    # the bank's or the payment system's reference (缴款凭证号/交易流水号).
    reference = models.CharField(_("缴款凭证号"), max_length=100, blank=True)
    # R-41 (Art 70): the number of the official receipt (财政部门统一制发的专用票据).
    receipt_number = models.CharField(_("专用票据号码"), max_length=100, blank=True)
    note = models.TextField(_("备注"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("罚款缴纳")
        verbose_name_plural = _("罚款缴纳")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="pen_payment_positive"),
            models.UniqueConstraint(
                fields=["decision", "channel", "reference"],
                condition=~Q(reference=""),
                name="pen_payment_unique_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.amount} · {self.paid_on}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    @property
    def proof(self) -> str:
        """What proves the payment: the bank reference, or the official receipt."""
        return self.receipt_number if self.channel == self.Channel.ON_SPOT else self.reference


class OnSpotCollection(models.Model):
    """当场收缴 (R-41, Art 68–71): the ground, the official receipt, and the hand-in of the
    cash to the agency within 2 WD."""

    class Ground(models.TextChoices):
        SMALL_SUMMARY = "small_summary", _("当场处罚，罚款一百元以下")
        HARD_TO_COLLECT = "hard_to_collect", _("当场处罚，不当场收缴事后难以执行")
        REMOTE_AREA = "remote_area", _("边远、水上、交通不便地区，当事人提出")

    payment = models.OneToOneField(
        Payment, on_delete=models.CASCADE, related_name="on_spot", verbose_name=_("缴款")
    )
    ground = models.CharField(_("当场收缴依据"), max_length=20, choices=Ground.choices)
    ground_note = models.TextField(_("情况说明"), blank=True)
    party_requested = models.BooleanField(_("当事人提出"), default=False)
    collected_by = models.ForeignKey(
        "officers.Officer",
        verbose_name=_("收缴人员"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # R-41 (Art 71): 自收缴罚款之日起二日内，交至行政机关.
    hand_in_due_on = models.DateField(_("上交期限"))
    handed_in_on = models.DateField(_("上交日期"), null=True, blank=True)
    handed_in_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上交登记人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    hand_in_overdue = models.BooleanField(_("逾期上交"), default=False)

    class Meta:
        verbose_name = _("当场收缴罚款")
        verbose_name_plural = _("当场收缴罚款")
        ordering = ["hand_in_due_on", "pk"]
        indexes = [
            models.Index(
                fields=["hand_in_due_on"],
                condition=Q(handed_in_on__isnull=True),
                name="pen_onspot_not_handed_in",
            )
        ]

    def __str__(self) -> str:
        return f"{self.payment} · {self.get_ground_display()}"

    @property
    def audit_case_id(self) -> int:
        return self.payment.case_id


class DeferralOrInstalment(models.Model):
    """暂缓或分期缴纳罚款 (R-42, Art 66 ¶2): on the party's application and the head's
    approval; the approved instalments replace the due date."""

    class Kind(models.TextChoices):
        DEFERRAL = "deferral", _("暂缓缴纳")
        INSTALMENT = "instalment", _("分期缴纳")

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("不予批准")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="payment_plans")
    decision = models.ForeignKey(
        "penalties.Decision",
        verbose_name=_("处罚决定"),
        on_delete=models.PROTECT,
        related_name="payment_plans",
    )
    kind = models.CharField(_("申请事项"), max_length=20, choices=Kind.choices)
    applied_on = models.DateField(_("申请日期"))
    reasons = models.TextField(_("申请理由（经济困难情况）"))
    # What was already paid when the party applied: the plan covers the rest.
    paid_before = models.DecimalField(_("申请时已缴金额（元）"), default=0, **MONEY)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("登记时间"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批负责人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        verbose_name = _("延期或分期缴纳")
        verbose_name_plural = _("延期或分期缴纳")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision"],
                condition=Q(status="pending"),
                name="pen_plan_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()} · {self.get_status_display()}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class PlanInstalment(models.Model):
    """One due date of a plan (a deferral has exactly one)."""

    plan = models.ForeignKey(
        DeferralOrInstalment, on_delete=models.CASCADE, related_name="instalments"
    )
    n = models.PositiveSmallIntegerField(_("期次"))
    due_on = models.DateField(_("缴款期限"))
    amount = models.DecimalField(_("金额（元）"), **MONEY)

    class Meta:
        verbose_name = _("分期缴款期次")
        verbose_name_plural = _("分期缴款期次")
        ordering = ["plan", "n"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "n"], name="pen_instalment_unique_n"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="pen_instalment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.n}: {self.amount} / {self.due_on}"


class RemedyProceeding(models.Model):
    """行政复议 / 行政诉讼 against the decision: while pending, the surcharge is not counted
    (R-43, Art 73 ¶3); a revoked decision opens a fault review (R-62)."""

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", _("行政复议")
        LITIGATION = "litigation", _("行政诉讼")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("审理中")
        UPHELD = "upheld", _("维持")
        REVOKED = "revoked", _("撤销")
        CHANGED = "changed", _("变更")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="remedies")
    decision = models.ForeignKey(
        "penalties.Decision",
        verbose_name=_("处罚决定"),
        on_delete=models.PROTECT,
        related_name="remedies",
    )
    kind = models.CharField(_("救济途径"), max_length=20, choices=Kind.choices)
    filed_on = models.DateField(_("申请或起诉日期"))
    body = models.CharField(_("复议机关或人民法院"), max_length=200)
    reference = models.CharField(_("案号"), max_length=100, blank=True)
    outcome = models.CharField(
        _("结果"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    decided_on = models.DateField(_("决定或裁判日期"), null=True, blank=True)
    # A "changed" outcome: the fine as changed (0 when the fine was removed).
    changed_fine = models.DecimalField(_("变更后的罚款（元）"), null=True, blank=True, **MONEY)
    outcome_note = models.TextField(_("结果说明"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"))
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("结果登记人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("行政复议或诉讼")
        verbose_name_plural = _("行政复议或诉讼")
        ordering = ["filed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()} · {self.get_outcome_display()}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    @property
    def pending(self) -> bool:
        return self.outcome == self.Outcome.PENDING


class FaultReview(models.Model):
    """R-62: a revoked decision is reviewed for a wrongful case (错案). Opened pending; the
    legal office confirms (a wrongful-case fault for each investigator, which suspends
    them) or dismisses it with reasons."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待法制机构认定")
        CONFIRMED = "confirmed", _("认定为错案")
        DISMISSED = "dismissed", _("不认定为错案")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="fault_reviews")
    decision = models.ForeignKey(
        "penalties.Decision",
        verbose_name=_("处罚决定"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    remedy = models.ForeignKey(
        RemedyProceeding,
        verbose_name=_("复议或诉讼"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    opened_on = models.DateField(_("启动日期"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("启动人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("认定人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_on = models.DateField(_("认定日期"), null=True, blank=True)
    finding = models.TextField(_("认定意见"), blank=True)
    faults = models.ManyToManyField(
        "officers.Fault", verbose_name=_("执法过错记录"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("错案审查")
        verbose_name_plural = _("错案审查")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="pending"), name="pen_faultreview_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_status_display()}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class DemandNotice(models.Model):
    """催告书 (R-44, 行政强制法 Art 35, 45, 54): issued through documents (kind
    `demand_notice`); served ten working days before any court application."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="demand_notices")
    decision = models.ForeignKey(
        "penalties.Decision",
        verbose_name=_("处罚决定"),
        on_delete=models.PROTECT,
        related_name="demand_notices",
    )
    document = models.OneToOneField(
        "documents.Document",
        verbose_name=_("催告书"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_on = models.DateField(_("制作日期"))
    amount_due = models.DecimalField(_("催告金额（元）"), **MONEY)
    surcharge = models.DecimalField(_("其中加处罚款（元）"), default=0, **MONEY)
    # 行政强制法 Art 35 (1), 54: the party has ten working days from service to pay; known
    # once the notice is served (the court application is possible from the next day).
    perform_by = models.DateField(_("履行期限"), null=True, blank=True)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("制作人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("催告书")
        verbose_name_plural = _("催告书")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case} · {self.document.number}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class CourtApplication(models.Model):
    """申请人民法院强制执行 (R-44, 行政强制法 Art 53–55)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("法院审查中")
        GRANTED = "granted", _("裁定准予执行")
        REFUSED = "refused", _("裁定不予执行")
        WITHDRAWN = "withdrawn", _("撤回申请")

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="court_applications"
    )
    decision = models.ForeignKey(
        "penalties.Decision",
        verbose_name=_("处罚决定"),
        on_delete=models.PROTECT,
        related_name="court_applications",
    )
    demand_notice = models.ForeignKey(
        DemandNotice, verbose_name=_("催告书"), on_delete=models.PROTECT, related_name="+"
    )
    court = models.CharField(_("受理法院"), max_length=200)
    filed_on = models.DateField(_("申请日期"))
    amount_claimed = models.DecimalField(_("申请执行金额（元）"), **MONEY)
    court_reference = models.CharField(_("法院案号"), max_length=100, blank=True)
    outcome = models.CharField(
        _("结果"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_on = models.DateField(_("裁定日期"), null=True, blank=True)
    outcome_note = models.TextField(_("结果说明"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("申请法院强制执行")
        verbose_name_plural = _("申请法院强制执行")
        ordering = ["-filed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case} · {self.court} · {self.filed_on}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class ExecutionAccount(models.Model):
    """The figures of one decision as of `as_of` (penalties.surcharge), stored by the
    services and the daily task for lists and reminders; the page recomputes live."""

    class State(models.TextChoices):
        NOT_DUE = "not_due", _("未到缴款期限")
        OVERDUE = "overdue", _("逾期未缴")
        PAUSED = "paused", _("复议或诉讼期间")
        PAID = "paid", _("已缴清")
        NOTHING = "nothing", _("无需缴款")

    decision = models.OneToOneField(
        "penalties.Decision", on_delete=models.CASCADE, related_name="execution_account"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="execution_accounts"
    )
    as_of = models.DateField(_("计算日期"))
    state = models.CharField(_("执行状态"), max_length=20, choices=State.choices)
    principal = models.DecimalField(_("应缴罚没款（元）"), **MONEY)
    paid = models.DecimalField(_("已缴（元）"), **MONEY)
    surcharge = models.DecimalField(_("加处罚款（元）"), **MONEY)
    outstanding = models.DecimalField(_("尚欠（元）"), **MONEY)
    days_counted = models.PositiveIntegerField(_("计算加处罚款天数"), default=0)
    days_paused = models.PositiveIntegerField(_("不计算天数"), default=0)
    next_due_on = models.DateField(_("下一缴款期限"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("执行台账")
        verbose_name_plural = _("执行台账")
        indexes = [models.Index(fields=["state", "as_of"], name="pen_account_state")]

    def __str__(self) -> str:
        return f"{self.case} · {self.outstanding}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


__all__ = [
    "CourtApplication",
    "DeferralOrInstalment",
    "DemandNotice",
    "ExecutionAccount",
    "FaultReview",
    "OnSpotCollection",
    "Payment",
    "PlanInstalment",
    "RemedyProceeding",
]
