"""The audit trail: one row per state change or sensitive read, hash-chained.

`hash = sha256(prev_hash || canonical_json(event))`, where the event is every column but
the hash itself. A single `ChainHead` row, locked for each write, keeps the sequence
gap-free and the chain linear under concurrent writers. On PostgreSQL, triggers refuse
UPDATE, DELETE and TRUNCATE on the event table (migration 0002).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.chain import GENESIS_HASH


class AuditEvent(models.Model):
    seq = models.BigIntegerField(_("序号"), unique=True)
    at = models.DateTimeField(_("时间 (UTC)"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,  # the log outlives accounts; the name is kept in actor_name
    )
    actor_name = models.CharField(_("操作人名称"), max_length=150, blank=True)
    role = models.CharField(_("角色"), max_length=32, blank=True)
    ip = models.GenericIPAddressField(_("来源IP"), null=True, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    action = models.CharField(_("操作"), max_length=100, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=255, blank=True)
    case_id = models.BigIntegerField(_("案件"), null=True, blank=True)
    agency_id = models.BigIntegerField(_("执法主体"), null=True, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    data = models.JSONField(_("附加信息"), default=dict, blank=True)
    prev_hash = models.CharField(_("前一哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64)

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["case_id", "seq"], name="audit_case_seq"),
            models.Index(fields=["agency_id", "seq"], name="audit_agency_seq"),
            models.Index(fields=["actor", "seq"], name="audit_actor_seq"),
            models.Index(fields=["actor_name", "seq"], name="audit_actor_name_seq"),
            models.Index(fields=["action", "seq"], name="audit_action_seq"),
            models.Index(fields=["object_type", "object_id", "seq"], name="audit_object_seq"),
            models.Index(fields=["at", "seq"], name="audit_at_seq"),
        ]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"


class ChainHead(models.Model):
    """The last sequence number and hash; exactly one row (pk=1)."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("审计链头")
        default_permissions = ()

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"


class VerificationRun(models.Model):
    """One recomputation of the whole chain (nightly by beat, or "verify now" in the UI).

    Kept apart from the chain so that the explorer can show the last result at once; the
    result is also appended to the chain itself as `audit.chain.verified`.
    """

    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    checked = models.BigIntegerField(_("已校验事件数"), default=0)
    ok = models.BooleanField(_("校验通过"), null=True, blank=True)
    first_bad_seq = models.BigIntegerField(_("首个异常序号"), null=True, blank=True)
    reason = models.TextField(_("异常原因"), blank=True)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("审计链校验记录")
        verbose_name_plural = _("审计链校验记录")
        ordering = ["-started_at", "-pk"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return _("审计链校验 #%(pk)s") % {"pk": self.pk}

    @property
    def running(self) -> bool:
        return self.finished_at is None
