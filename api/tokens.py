"""Token services: create, revoke, and check a presented token.

Every write is audited (`api.token.created`, `api.token.revoked`); so is every refused
token (`api.token.rejected`, with the reason and the token's prefix, never the secret).
Token lifetimes are security settings, not legal deadlines, so they run on real time
(`timezone.now()`), like session timeouts, not on `core.clock`.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from api.models import ApiToken
from audit import actions as audit_actions
from audit import services as audit
from core.errors import DomainError, PermissionDenied

TOKEN_PREFIX = "enf_"
PREFIX_LENGTH = 12  # "enf_" and eight characters of the random part

CREATED = "api.token.created"
REVOKED = "api.token.revoked"
REJECTED = "api.token.rejected"


def register_audit_actions() -> None:
    audit_actions.register(CREATED, gettext_lazy("创建接口令牌"))
    audit_actions.register(REVOKED, gettext_lazy("撤销接口令牌"))
    audit_actions.register(REJECTED, gettext_lazy("接口令牌认证失败"))


def max_days() -> int:
    return max(1, int(getattr(settings, "API_TOKEN_MAX_DAYS", 90)))


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown to the user once, never stored


@transaction.atomic
def create_token(*, by: Any, name: str, days: int) -> NewToken:
    """A new token for `by` itself, valid `days` days (1 … API_TOKEN_MAX_DAYS)."""
    if not getattr(by, "is_authenticated", False) or not by.is_active:
        raise PermissionDenied(_("请先登录"))
    name = (name or "").strip()
    if not name or "\x00" in name:
        raise DomainError(_("请填写令牌名称（不得含空字符）"))
    limit = max_days()
    if not 1 <= int(days) <= limit:
        raise DomainError(_("有效期须为 1 至 %(n)s 天") % {"n": limit})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=by,
        name=name[:100],
        prefix=secret[:PREFIX_LENGTH],
        digest=digest_of(secret),
        created_at=now,
        expires_at=now + timedelta(days=int(days)),
    )
    audit.record(
        CREATED,
        token,
        by=by,
        data={"name": token.name, "prefix": token.prefix, "expires_at": token.expires_at},
    )
    return NewToken(token, secret)


@transaction.atomic
def revoke_token(token: ApiToken, *, by: Any) -> ApiToken:
    """The owner revokes one of their tokens; it stops working at once."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.user_id != getattr(by, "pk", None):
        raise PermissionDenied(_("只能撤销本人的接口令牌"))
    if token.revoked_at is not None:
        raise DomainError(_("该令牌已撤销"))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(REVOKED, token, by=by, data={"name": token.name, "prefix": token.prefix})
    return token


def tokens_of(user: Any):
    """The user's own tokens, newest first (the profile page)."""
    if not getattr(user, "is_authenticated", False):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def record_rejection(reason: str, *, token: ApiToken | None, presented: str) -> None:
    """Audit a refused token in its own transaction (the request itself fails)."""
    prefix = token.prefix if token is not None else presented[:PREFIX_LENGTH]
    user = token.user if token is not None else None
    with transaction.atomic():
        audit.record(
            REJECTED,
            token,
            by=None,
            actor_name=user.get_username() if user is not None else "?",
            role="",
            agency_id=token.audit_agency_id if token is not None else None,
            data={"reason": reason, "prefix": prefix.replace("\x00", "")},
        )


LAST_USED_EVERY = timedelta(minutes=1)


def touch(token: ApiToken) -> None:
    """Stamp the last use, at most once a minute (no write on every request)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
