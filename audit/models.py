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
from audit.expressions import ActionApp, ActionObject


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
            # Explorer filters added with the legal office's explorer (migration 0004):
            # each ends in seq, so that a filtered page is an index range walked backwards.
            models.Index(fields=["role", "seq"], name="audit_role_seq"),
            models.Index(fields=["object_type", "seq"], name="audit_objtype_seq"),
            models.Index(ActionApp("action"), "seq", name="audit_action_app_seq"),
            models.Index(ActionObject("action"), "seq", name="audit_action_obj_seq"),
        ]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"


class ChainHead(models.Model):
    """The last sequence number and hash; exactly one row (pk=1)."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)
    # Time of the last event: record() never stamps an event earlier than its predecessor
    # (a wall clock stepped back), so `at` grows with `seq` and a time range is a seq range.
    at = models.DateTimeField(null=True, blank=True)

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
    # The chain head when the run started: `checked / target_seq` is the progress bar.
    target_seq = models.BigIntegerField(_("校验至序号"), default=0)
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

    @property
    def percent(self) -> int:
        if not self.target_seq:
            return 100 if self.finished_at else 0
        return max(0, min(100, int(self.checked * 100 / self.target_seq)))


class Checkpoint(models.Model):
    """A signed statement "the chain had `seq` events and its head hash was `head_hash` at
    `signed_at`" (Ed25519). The private key is never stored here (settings name a file or
    an environment variable); the public key is kept with each checkpoint so that a
    downloaded checkpoint file can be checked on its own, and pinned by its fingerprint.
    """

    seq = models.BigIntegerField(_("序号"))
    head_hash = models.CharField(_("链头哈希"), max_length=64)
    signed_at = models.DateTimeField(_("签名时间"))
    signature = models.CharField(_("签名 (base64)"), max_length=128)
    public_key = models.CharField(_("公钥 (base64)"), max_length=64)
    key_fingerprint = models.CharField(_("公钥指纹 (SHA-256)"), max_length=64, db_index=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("发起人名称"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("审计链签名检查点")
        verbose_name_plural = _("审计链签名检查点")
        ordering = ["-seq", "-pk"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return _("检查点 #%(seq)s") % {"seq": self.seq}


class AuditAlert(models.Model):
    """A notification (站内提醒) to an audit administrator: the chain failed verification.
    One row per recipient and run; an email goes out when the row is created."""

    class Kind(models.TextChoices):
        CHAIN_BROKEN = "chain_broken", _("审计链校验未通过")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="audit_alerts",
    )
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    run = models.ForeignKey(
        VerificationRun,
        verbose_name=_("校验记录"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
    )
    message = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("提醒时间"))
    emailed = models.BooleanField(_("已发送邮件"), default=False)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("审计提醒")
        verbose_name_plural = _("审计提醒")
        ordering = ["-created_at", "-pk"]
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(fields=["recipient", "run"], name="audit_alert_once_per_run")
        ]

    def __str__(self) -> str:
        return self.message[:60]


class EventTransaction(models.Model):
    """Which database transaction wrote each event (PostgreSQL only; written by a trigger
    on the event table, migration 0005, never by the application).

    `(txid, xact_at)` = (`txid_current()`, `now()`) identifies a transaction exactly: the
    row-history triggers of oversight stamp the same pair on every change they record, so
    a changed row is matched to the application events of its own transaction. The pair,
    not the txid alone, so that txids reused after a dump and restore cannot match.
    """

    seq = models.BigIntegerField(_("序号"), primary_key=True)
    txid = models.BigIntegerField(_("事务号"))
    xact_at = models.DateTimeField(_("事务开始时间"))

    class Meta:
        verbose_name = _("审计事件事务")
        verbose_name_plural = _("审计事件事务")
        default_permissions = ()
        indexes = [models.Index(fields=["txid", "xact_at"], name="audit_eventtxn_tx")]

    def __str__(self) -> str:
        return f"#{self.seq} tx {self.txid}"
