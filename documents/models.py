"""Numbered documents (文书), their rendered PDF versions, and their service records.

A Document refers to its case by a plain `case_id` (cases sit above this app). Its number
comes from a per-(agency, kind, year) counter row locked while it is taken (R-37); the data
it was rendered from is kept as a JSON snapshot, and every rendering is a new
DocumentVersion whose file is stored with its sha256. ServiceRecords say how, when and to
whom it was served (R-38); the first service date starts the clocks of later rules.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents import kinds
from documents.kinds import Kind
from officers.models import Agency


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class NumberCounter(models.Model):
    """The last number used for one agency, kind and year; locked while a number is taken."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("文书种类"), max_length=40, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    last_seq = models.PositiveIntegerField(_("已用至"), default=0)

    class Meta:
        verbose_name = _("文书编号计数器")
        verbose_name_plural = _("文书编号计数器")
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "year"], name="doc_counter_unique"),
        ]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.kind}/{self.year}: {self.last_seq}"


class Document(models.Model):
    """执法文书: one numbered document of a case."""

    class Status(models.TextChoices):
        RESERVED = "reserved", _("预留编号")
        ISSUED = "issued", _("已制作")
        VOID = "void", _("已作废")

    agency = models.ForeignKey(
        Agency, verbose_name=_("执法主体"), on_delete=models.PROTECT, related_name="documents"
    )
    case_id = models.BigIntegerField(_("案件"), null=True, blank=True, db_index=True)
    kind = models.CharField(_("文书种类"), max_length=40, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("顺序号"))
    number = models.CharField(_("文书编号"), max_length=80)
    title = models.CharField(_("文书名称"), max_length=100)
    agency_name = models.CharField(_("机关名称"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.ISSUED
    )
    data = models.JSONField(_("文书数据"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("编号时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编号人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("制作时间"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("制作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    evaluation_token = models.CharField(
        _("评价码"), max_length=64, unique=True, default=_new_token, editable=False
    )
    void_reason = models.TextField(_("作废原因"), blank=True)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作废人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("执法文书")
        verbose_name_plural = _("执法文书")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # unique per agency (the number text carries kind and year).
            models.UniqueConstraint(fields=["agency", "number"], name="doc_number_unique"),
            models.UniqueConstraint(
                fields=["agency", "kind", "year", "seq"], name="doc_seq_unique"
            ),
        ]
        indexes = [models.Index(fields=["case_id", "kind"], name="doc_case_kind")]

    def __str__(self) -> str:
        return f"{self.title} {self.number}"

    @property
    def audit_case_id(self) -> int | None:
        return self.case_id

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    @property
    def is_void(self) -> bool:
        return self.status == self.Status.VOID

    @property
    def kind_info(self) -> kinds.DocumentKind:
        return kinds.get(self.kind)

    @property
    def is_served_kind(self) -> bool:
        """Served on the party (R-38), carrying the evaluation QR code (R-65)."""
        return self.kind_info.served

    @property
    def issued_on(self):
        return timezone.localdate(self.issued_at) if self.issued_at else None

    @property
    def latest_version(self) -> DocumentVersion | None:
        """The newest version; uses prefetched versions when the list query fetched them."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "versions" in cache:
            versions = list(cache["versions"])
            return max(versions, key=lambda v: v.n) if versions else None
        return self.versions.order_by("-n").first()

    @property
    def first_service(self) -> ServiceRecord | None:
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "service_records" in cache:
            records = list(cache["service_records"])
            return min(records, key=lambda r: (r.served_on, r.pk)) if records else None
        return self.service_records.order_by("served_on", "pk").first()


def _version_path(instance: DocumentVersion, filename: str) -> str:
    doc = instance.document
    return f"documents/{doc.agency_id}/{doc.year}/{doc.pk}/v{instance.n}.pdf"


class DocumentVersion(models.Model):
    """One rendering of a document to PDF; re-rendering adds a version and keeps the old."""

    class State(models.TextChoices):
        PENDING = "pending", _("排队中")
        RENDERING = "rendering", _("生成中")
        DONE = "done", _("已生成")
        FAILED = "failed", _("生成失败")

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    n = models.PositiveIntegerField(_("版本"))
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.PENDING)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    file = models.FileField(_("文件"), upload_to=_version_path, max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("大小（字节）"), null=True, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    requested_at = models.DateTimeField(_("请求时间"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("请求人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rendered_at = models.DateTimeField(_("生成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("文书版本")
        verbose_name_plural = _("文书版本")
        ordering = ["document", "n"]
        constraints = [
            models.UniqueConstraint(fields=["document", "n"], name="doc_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.n}"

    @property
    def audit_case_id(self) -> int | None:
        return self.document.case_id

    @property
    def audit_agency_id(self) -> int:
        return self.document.agency_id

    @property
    def in_progress(self) -> bool:
        return self.state in (self.State.PENDING, self.State.RENDERING)


def _proof_path(instance: ServiceRecord, filename: str) -> str:
    doc = instance.document
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/{doc.agency_id}/{doc.year}/{doc.pk}/service/{secrets.token_hex(8)}.{suffix}"


class ServiceRecord(models.Model):
    """送达记录 (R-38): how, when and to whom a document was served, and the proof."""

    class Method(models.TextChoices):
        DIRECT = "direct", _("直接送达")
        LEFT_AT_RESIDENCE = "left_at_residence", _("留置送达")
        POST = "post", _("邮寄送达")
        ELECTRONIC = "electronic", _("电子送达")
        PUBLIC_NOTICE = "public_notice", _("公告送达")

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="service_records")
    method = models.CharField(_("送达方式"), max_length=30, choices=Method.choices)
    served_on = models.DateField(_("送达日期"))
    recipient = models.CharField(_("受送达人/签收人"), max_length=100)
    proof = models.FileField(_("送达凭证"), upload_to=_proof_path, max_length=255, blank=True)
    proof_sha256 = models.CharField(_("凭证SHA-256"), max_length=64, blank=True)
    proof_name = models.CharField(_("凭证原文件名"), max_length=200, blank=True)
    receipt = models.ForeignKey(
        Document,
        verbose_name=_("送达回证"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receipt_for",
    )
    consent_reference = models.CharField(
        _("电子送达确认书"),
        max_length=200,
        blank=True,
        help_text=_("R-38：电子送达须经受送达人同意并签订确认书"),
    )
    refused_to_sign = models.BooleanField(_("拒绝签收"), default=False)
    note = models.TextField(_("备注"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("送达记录")
        verbose_name_plural = _("送达记录")
        ordering = ["served_on", "pk"]

    def __str__(self) -> str:
        return f"{self.document} · {self.get_method_display()} · {self.served_on}"

    @property
    def audit_case_id(self) -> int | None:
        return self.document.case_id

    @property
    def audit_agency_id(self) -> int:
        return self.document.agency_id
