"""告知 and 陈述申辩: the notice of rights (R-24), the statement period (R-25), statements
with their re-checks (复核), written waivers, and the R-26 chain of notices.

A `Notice` is issued from the case's proposal in force as a 行政处罚告知书 (with the
听证告知书 content when R-30 applies). Its clocks start on the recorded SERVICE date
(R-38), never on the issue date: `statement_deadline` (R-25, agency setting in WD) and
`hearing_request_deadline` (R-31, 5 WD) stay empty until the service is recorded. A
heavier penalty after the notice (R-26) needs a new notice: the old one is superseded
and points to its successor, which states what changed.

Statements and waivers carry uploaded files stored like evidence: type judged by content,
sha256 kept. Only `penalties.services.notices` / `.statements` write these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """行政处罚告知书 (R-24), one per round of notice; R-26 re-notices add rounds."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("已制作，待送达")
        SERVED = "served", _("已送达")
        SUPERSEDED = "superseded", _("已重新告知")

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("案件"), on_delete=models.PROTECT, related_name="notices"
    )
    seq = models.PositiveSmallIntegerField(_("告知轮次"), default=1)
    proposal = models.ForeignKey(
        "penalties.Proposal",
        verbose_name=_("拟处罚"),
        on_delete=models.PROTECT,
        related_name="notices",
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("行政处罚告知书"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.ISSUED, db_index=True
    )
    # The notified penalty (R-26 compares the decision with this): engine codes and amounts.
    penalty = models.JSONField(_("告知的处罚"), default=dict)
    hearing_offered = models.BooleanField(_("告知听证权利"), default=False)
    statement_period_wd = models.PositiveSmallIntegerField(_("陈述申辩期限（工作日）"), default=5)
    # a re-notice states which facts, evidence or legal basis changed.
    changes = models.TextField(_("变更的事实、证据或依据"), blank=True)
    issued_on = models.DateField(_("制作日期"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("制作人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Filled when the service is recorded; the clocks count from here.
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    statement_deadline = models.DateField(_("陈述申辩期限届满日"), null=True, blank=True)
    hearing_request_deadline = models.DateField(_("听证申请期限届满日"), null=True, blank=True)
    # the new notice that replaced this one.
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("重新告知"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    superseded_on = models.DateField(_("重新告知日期"), null=True, blank=True)
    renotify_reasons = models.TextField(_("重新告知理由"), blank=True)

    class Meta:
        verbose_name = _("行政处罚告知")
        verbose_name_plural = _("行政处罚告知")
        ordering = ["case", "-seq"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="pen_notice_seq"),
            # At most one notice in force per case (issued or served).
            models.UniqueConstraint(
                fields=["case"],
                condition=~Q(status="superseded"),
                name="pen_notice_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {_('告知')} {self.seq}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    @property
    def is_served(self) -> bool:
        return self.served_on is not None

    @property
    def is_current(self) -> bool:
        return self.status != self.Status.SUPERSEDED


def upload_path(instance: UploadedFile, filename: str) -> str:
    """penalties/<case id>/<kind>/<sha256>.<ext>: the name says nothing about the party."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    kind = type(instance).__name__.lower()
    return f"penalties/{instance.audit_case_id}/{kind}/{instance.sha256}.{suffix}"


class UploadedFile(models.Model):
    """A file stored like evidence: type by content, size, sha256 (abstract)."""

    file = models.FileField(_("文件"), upload_to=upload_path, max_length=255)
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        abstract = True


class Statement(models.Model):
    """陈述申辩 received from the party (R-25)."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("当面陈述（制作笔录）")
        WRITTEN = "written", _("书面提交")
        POST = "post", _("邮寄")
        ELECTRONIC = "electronic", _("电子方式")

    notice = models.ForeignKey(
        Notice, verbose_name=_("告知"), on_delete=models.PROTECT, related_name="statements"
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("案件"), on_delete=models.PROTECT, related_name="+"
    )
    seq = models.PositiveSmallIntegerField(_("序号"))
    received_on = models.DateField(_("收到日期"))
    channel = models.CharField(_("提出方式"), max_length=20, choices=Channel.choices)
    stated_by = models.CharField(_("陈述申辩人"), max_length=200)
    content = models.TextField(_("陈述申辩内容"))
    late = models.BooleanField(_("逾期提出"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("陈述申辩")
        verbose_name_plural = _("陈述申辩")
        ordering = ["case", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="pen_statement_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {_('陈述申辩')} {self.seq}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class StatementAttachment(UploadedFile):
    statement = models.ForeignKey(
        Statement, verbose_name=_("陈述申辩"), on_delete=models.PROTECT, related_name="attachments"
    )

    class Meta:
        verbose_name = _("陈述申辩材料")
        verbose_name_plural = _("陈述申辩材料")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def audit_case_id(self) -> int:
        return self.statement.case_id


class Recheck(models.Model):
    """复核 of one statement (R-25): adopted, partly adopted or not adopted, with reasons."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("采纳")
        PARTLY = "partly", _("部分采纳")
        NOT_ADOPTED = "not_adopted", _("不予采纳")

    statement = models.OneToOneField(
        Statement, verbose_name=_("陈述申辩"), on_delete=models.PROTECT, related_name="recheck"
    )
    outcome = models.CharField(_("复核结论"), max_length=20, choices=Outcome.choices)
    reasons = models.TextField(_("复核理由"), blank=True)
    rechecked_on = models.DateField(_("复核日期"))
    rechecked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复核人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("陈述申辩复核")
        verbose_name_plural = _("陈述申辩复核")

    def __str__(self) -> str:
        return f"{self.statement} · {self.get_outcome_display()}"

    @property
    def audit_case_id(self) -> int:
        return self.statement.case_id


class Waiver(UploadedFile):
    """The party's written waiver (R-25), kept with the signed document."""

    class Scope(models.TextChoices):
        STATEMENT = "statement", _("放弃陈述申辩")
        HEARING = "hearing", _("放弃听证")
        ALL = "all", _("放弃陈述申辩和听证")

    notice = models.ForeignKey(
        Notice, verbose_name=_("告知"), on_delete=models.PROTECT, related_name="waivers"
    )
    scope = models.CharField(_("放弃事项"), max_length=20, choices=Scope.choices)
    signed_on = models.DateField(_("签署日期"))
    signed_by = models.CharField(_("签署人"), max_length=200)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("书面放弃")
        verbose_name_plural = _("书面放弃")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.notice} · {self.get_scope_display()}"

    @property
    def audit_case_id(self) -> int:
        return self.notice.case_id

    @property
    def covers_statement(self) -> bool:
        return self.scope in (self.Scope.STATEMENT, self.Scope.ALL)

    @property
    def covers_hearing(self) -> bool:
        return self.scope in (self.Scope.HEARING, self.Scope.ALL)


__all__ = ["Notice", "Recheck", "Statement", "StatementAttachment", "Waiver"]
