"""Records (笔录): on-site inspection records and inquiry records (R-02: the
participating officers with their certificate numbers, as on the date of the act)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Record(models.Model):
    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("现场检查笔录")
        INQUIRY = "inquiry", _("询问笔录")

    class Signature(models.TextChoices):
        SIGNED = "signed", _("已签名")
        REFUSED = "refused", _("拒绝签名")
        UNABLE = "unable", _("无法签名")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(_("笔录种类"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("日期"))
    start_time = models.TimeField(_("开始时间"), null=True, blank=True)
    end_time = models.TimeField(_("结束时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=255)
    subject_name = models.CharField(_("被询问人或现场负责人"), max_length=100)
    subject_role = models.CharField(_("身份"), max_length=100, blank=True)
    content = models.TextField(_("检查情况或询问内容"), blank=True)
    signature = models.CharField(_("签名情况"), max_length=10, choices=Signature.choices)
    signature_note = models.TextField(_("签名情况说明"), blank=True)
    witness = models.CharField(_("见证人"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    document_id = models.BigIntegerField(_("文书"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("笔录")
        verbose_name_plural = _("笔录")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on} {self.subject_name}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class RecordOfficer(models.Model):
    """R-02: who took part, and the certificate number shown, frozen at the act date."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="participants")
    officer = models.ForeignKey("officers.Officer", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=50)
    certificate_number = models.CharField(_("执法证号"), max_length=50)

    class Meta:
        verbose_name = _("笔录执法人员")
        verbose_name_plural = _("笔录执法人员")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_number}）"


class RecordQA(models.Model):
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="qa")
    seq = models.PositiveSmallIntegerField(_("序号"))
    question = models.TextField(_("问"))
    answer = models.TextField(_("答"))

    class Meta:
        verbose_name = _("问答")
        verbose_name_plural = _("问答")
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"{self.seq}. {self.question[:30]}"
