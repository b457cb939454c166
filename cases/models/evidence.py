"""Evidence (证据, R-22) with its files, and evidence preservation (先行登记保存, R-23)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Evidence(models.Model):
    class Type(models.TextChoices):
        # the eight statutory types (Art 46).
        DOCUMENTARY = "documentary", _("书证")
        PHYSICAL = "physical", _("物证")
        AUDIOVISUAL = "audiovisual", _("视听资料")
        ELECTRONIC = "electronic", _("电子数据")
        WITNESS = "witness", _("证人证言")
        PARTY_STATEMENT = "party_statement", _("当事人的陈述")
        EXPERT_OPINION = "expert_opinion", _("鉴定意见")
        SITE_RECORD = "site_record", _("勘验笔录、现场笔录")

    class State(models.TextChoices):
        COLLECTED = "collected", _("待审查")
        VERIFIED = "verified", _("已查证属实")
        EXCLUDED = "excluded", _("已排除")

    class Opinion(models.TextChoices):
        NONE = "", _("尚未听取")
        NO_OBJECTION = "no_objection", _("无异议")
        OBJECTION = "objection", _("有异议")
        REFUSED = "refused", _("拒绝发表意见")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="evidence")
    seq = models.PositiveIntegerField(_("证据序号"))
    type = models.CharField(_("证据种类"), max_length=20, choices=Type.choices)
    title = models.CharField(_("证据名称"), max_length=200)
    description = models.TextField(_("证明内容"), blank=True)
    collected_on = models.DateField(_("收集日期"))
    collected_by = models.ManyToManyField(
        "officers.Officer", verbose_name=_("收集人员"), related_name="+"
    )
    method = models.CharField(_("收集方式"), max_length=200)
    source = models.CharField(_("证据来源"), max_length=200)
    state = models.CharField(
        _("审查状态"), max_length=10, choices=State.choices, default=State.COLLECTED
    )
    illegally_obtained = models.BooleanField(_("以非法手段取得"), default=False)
    state_reason = models.TextField(_("审查说明"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reviewed_on = models.DateField(_("审查日期"), null=True, blank=True)
    party_opinion = models.CharField(
        _("当事人意见"), max_length=20, choices=Opinion.choices, default=Opinion.NONE, blank=True
    )
    party_opinion_text = models.TextField(_("意见内容"), blank=True)
    party_opinion_on = models.DateField(_("听取意见日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("证据")
        verbose_name_plural = _("证据")
        ordering = ["case", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="cases_evidence_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.seq}. {self.title}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    @property
    def is_citable(self) -> bool:
        """R-22: only verified evidence may be cited in a decision."""
        return self.state == self.State.VERIFIED and not self.illegally_obtained


def _evidence_path(instance: EvidenceFile, filename: str) -> str:
    # Stored under MEDIA_ROOT, which has no URL route: files are served only through the
    # permission-checked, audited download view. The name carries no user input.
    return f"evidence/{instance.evidence.case_id}/{instance.sha256}{instance.extension}"


class EvidenceFile(models.Model):
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("文件"), upload_to=_evidence_path, max_length=255)
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=100)
    extension = models.CharField(_("扩展名"), max_length=10)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("证据文件")
        verbose_name_plural = _("证据文件")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def audit_case_id(self) -> int:
        return self.evidence.case_id


class Preservation(models.Model):
    """先行登记保存 (R-23): head approval, and a disposal decision within 7 WD."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已保存")
        REJECTED = "rejected", _("未批准")
        DISPOSED = "disposed", _("已处理")

    class Disposal(models.TextChoices):
        RETURN = "return", _("解除保存、退还")
        CONFISCATE = "confiscate", _("依法没收")
        TRANSFER = "transfer", _("移送有关部门")
        TESTING = "testing", _("送检验、检测、鉴定")
        SEAL = "seal", _("转为查封扣押")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="preservations")
    items = models.TextField(_("保存物品清单"))
    place = models.CharField(_("保存地点"), max_length=255)
    reasons = models.TextField(_("保存理由"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    approval = models.OneToOneField(
        "cases.Approval",
        verbose_name=_("审批"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_on = models.DateField(_("申请日期"))
    preserved_on = models.DateField(_("保存日期"), null=True, blank=True)
    disposal_due_on = models.DateField(_("处理决定期限"), null=True, blank=True)
    disposal = models.CharField(_("处理决定"), max_length=20, choices=Disposal.choices, blank=True)
    disposal_note = models.TextField(_("处理说明"), blank=True)
    disposed_on = models.DateField(_("处理日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("先行登记保存")
        verbose_name_plural = _("先行登记保存")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.case} · {self.items[:30]}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id
