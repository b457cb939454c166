"""What the public side stores: party evaluations (R-65), complaints and reports (R-71),
an agency's commitments (R-72), its public settings (legal aid, complaint time limit) and
legal aid referrals (R-73).

The portal is the top layer: it refers to cases, documents and officers by foreign key.
Nothing here holds a party's identity number; a complaint's contact details are seen only
by the addressed agency's staff.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
DEFAULT_COMPLAINT_WD = 15  # handling deadline in working days (agency setting)


class PortalSettings(models.Model):
    """An agency's public-facing settings: where parties apply for legal aid (R-73) and
    how many working days a complaint may take (R-71)."""

    agency = models.OneToOneField(
        "officers.Agency", on_delete=models.CASCADE, related_name="portal_settings"
    )
    legal_aid_centre = models.CharField(_("法律援助机构"), max_length=200, blank=True)
    legal_aid_address = models.CharField(_("法律援助机构地址"), max_length=255, blank=True)
    legal_aid_phone = models.CharField(_("法律援助电话"), max_length=50, blank=True)
    legal_aid_note = models.TextField(
        _("申请说明"), blank=True, help_text=_("例如申请条件、所需材料、办公时间")
    )
    complaint_handling_wd = models.PositiveSmallIntegerField(
        _("投诉举报办理期限（工作日）"),
        default=DEFAULT_COMPLAINT_WD,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )

    class Meta:
        verbose_name = _("公开门户设置")
        verbose_name_plural = _("公开门户设置")

    def __str__(self) -> str:
        return f"{self.agency} · {self._meta.verbose_name}"

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    @property
    def has_legal_aid(self) -> bool:
        return bool(self.legal_aid_centre or self.legal_aid_address or self.legal_aid_phone)


class Evaluation(models.Model):
    """当事人评议 (R-65): one per served document, reached through its QR code.

    Stores the document, its case and the officers of the case at the time, so that the
    case-by-case assessment (R-63) can count it without asking the party who they met.
    """

    document = models.OneToOneField(
        "documents.Document",
        verbose_name=_("文书"),
        on_delete=models.PROTECT,
        related_name="evaluation",
    )
    agency = models.ForeignKey(
        "officers.Agency", verbose_name=_("执法机关"), on_delete=models.PROTECT, related_name="+"
    )
    case_id = models.BigIntegerField(_("案件"), null=True, blank=True, db_index=True)
    officers = models.ManyToManyField(
        "officers.Officer", verbose_name=_("承办人员"), related_name="party_evaluations", blank=True
    )
    courtesy = models.PositiveSmallIntegerField(_("文明执法"), validators=RATING_VALIDATORS)
    lawfulness = models.PositiveSmallIntegerField(_("程序合法"), validators=RATING_VALIDATORS)
    rights_explained = models.PositiveSmallIntegerField(
        _("权利告知清楚"), validators=RATING_VALIDATORS
    )
    comment = models.TextField(_("意见建议"), blank=True)
    submitted_on = models.DateField(_("评议日期"))
    submitted_at = models.DateTimeField(_("提交时间"))

    class Meta:
        verbose_name = _("当事人评议")
        verbose_name_plural = _("当事人评议")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["agency", "submitted_on"], name="portal_eval_agency_day")]

    def __str__(self) -> str:
        return f"{_('评议')} #{self.pk}"

    @property
    def audit_case_id(self) -> int | None:
        return self.case_id

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    @property
    def average(self) -> float:
        return round((self.courtesy + self.lawfulness + self.rights_explained) / 3, 2)


class ComplaintCounter(models.Model):
    """The last tracking number used in a year; locked while a number is taken (R-71)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    last_seq = models.PositiveIntegerField(_("已用至"), default=0)

    class Meta:
        verbose_name = _("投诉举报编号计数器")
        verbose_name_plural = _("投诉举报编号计数器")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_seq}"


class Complaint(models.Model):
    """投诉举报 (R-71): a complaint about enforcement or an officer, or a report of a
    violation. Tracking number and handling deadline at once; a recorded response."""

    class Kind(models.TextChoices):
        ENFORCEMENT = "enforcement", _("投诉执法行为")
        OFFICER = "officer", _("投诉执法人员")
        REPORT = "report", _("举报违法行为")

    class Status(models.TextChoices):
        RECEIVED = "received", _("已受理")
        ASSIGNED = "assigned", _("办理中")
        ANSWERED = "answered", _("已答复")

    number = models.CharField(_("受理编号"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("顺序号"))
    verify_digest = models.CharField(_("查询码摘要"), max_length=64)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    agency = models.ForeignKey(
        "officers.Agency",
        verbose_name=_("被投诉或受理机关"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    officer_ref = models.CharField(_("执法人员姓名或执法证号"), max_length=100, blank=True)
    officer = models.ForeignKey(
        "officers.Officer",
        verbose_name=_("被投诉执法人员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    description = models.TextField(_("事项描述"))
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    received_on = models.DateField(_("受理日期"))
    due_on = models.DateField(_("办理期限"))
    submitted_at = models.DateTimeField(_("提交时间"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_on = models.DateField(_("分派日期"), null=True, blank=True)
    response = models.TextField(_("答复内容"), blank=True)
    responded_on = models.DateField(_("答复日期"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lead = models.ForeignKey(
        "cases.Case",
        verbose_name=_("转立线索"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    converted_on = models.DateField(_("转为线索日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("投诉举报")
        verbose_name_plural = _("投诉举报")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "seq"], name="portal_complaint_seq"),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "due_on"], name="portal_complaint_queue"),
            models.Index(fields=["agency", "received_on"], name="portal_complaint_day"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    @property
    def audit_case_id(self) -> int | None:
        return self.lead_id

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.ANSWERED

    def is_overdue(self, today) -> bool:
        return self.is_open and today > self.due_on

    @property
    def answered_in_time(self) -> bool:
        return self.responded_on is not None and self.responded_on <= self.due_on


def _attachment_path(instance: ComplaintAttachment, filename: str) -> str:
    # MEDIA_ROOT has no URL route: staff download through the checked, audited view.
    return f"complaints/{instance.complaint.year}/{instance.complaint.seq}/{instance.sha256}{instance.extension}"


class ComplaintAttachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=_attachment_path, max_length=255)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    extension = models.CharField(_("扩展名"), max_length=10)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("投诉举报附件")
        verbose_name_plural = _("投诉举报附件")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def audit_agency_id(self) -> int:
        return self.complaint.agency_id


class Commitment(models.Model):
    """执法承诺 (R-72): an item an agency promises and its standard; optionally tied to a
    figure measured from case data so that the public page shows whether it is kept."""

    class Metric(models.TextChoices):
        NONE = "", _("不自动测算")
        DECISIONS_IN_TIME = "decisions_in_time", _("案件在办案期限内作出决定的比例")
        COMPLAINTS_IN_TIME = "complaints_in_time", _("投诉举报按期答复的比例")
        EVALUATION_SCORE = "evaluation_score", _("当事人评议平均分")

    agency = models.ForeignKey(
        "officers.Agency", on_delete=models.CASCADE, related_name="commitments"
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=1)
    item = models.CharField(_("承诺事项"), max_length=200)
    standard = models.TextField(_("承诺标准"))
    metric = models.CharField(
        _("履诺测算"), max_length=30, choices=Metric.choices, blank=True, default=Metric.NONE
    )
    is_active = models.BooleanField(_("公开"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("执法承诺")
        verbose_name_plural = _("执法承诺")
        ordering = ["agency", "position", "pk"]

    def __str__(self) -> str:
        return self.item

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id


class LegalAidReferral(models.Model):
    """法律援助转介 (R-73): a party of a case was told where to apply, or referred."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="legal_aid_referrals"
    )
    party = models.ForeignKey(
        "cases.Party",
        verbose_name=_("当事人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    party_name = models.CharField(_("当事人名称"), max_length=200)
    referred_on = models.DateField(_("转介日期"))
    centre = models.CharField(_("法律援助机构"), max_length=200)
    note = models.TextField(_("备注"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("法律援助转介")
        verbose_name_plural = _("法律援助转介")
        ordering = ["referred_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(centre=""), name="portal_referral_centre"),
        ]

    def __str__(self) -> str:
        return f"{self.party_name} → {self.centre}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    @property
    def audit_agency_id(self) -> int:
        return self.case.agency_id
