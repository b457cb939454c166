"""Per-user API tokens (接口令牌).

The secret is shown once, when the user creates the token on their profile page; only its
SHA-256 digest is stored, so a copy of the database does not let anyone call the API. A
token expires (at most `settings.API_TOKEN_MAX_DAYS` after creation), can be revoked by
its owner, and records when it was last used. The token is only as good as its user: an
inactive or locked-out account's tokens are refused (see api.authentication).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("名称"), max_length=100)
    # The first characters of the secret, to tell tokens apart in lists and the audit trail.
    prefix = models.CharField(_("令牌前缀"), max_length=16)
    digest = models.CharField(_("摘要（SHA-256）"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"))
    expires_at = models.DateTimeField(_("到期时间"))
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "created_at"], name="api_token_user")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def audit_agency_id(self) -> int | None:
        officer = getattr(self.user, "officer", None)
        return officer.agency_id if officer is not None else None

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired
