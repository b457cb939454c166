"""`Authorization: Bearer <token>` for other systems; the browser keeps its session.

A token works only while it is unrevoked and unexpired AND its user could log in now: an
inactive account, or a username locked out by django-axes after failed logins (the same
lockout as the login page), is refused. Every refusal is an audit event.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api import tokens
from api.models import ApiToken

KEYWORD = "Bearer"


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """Per-user API tokens (api.models.ApiToken)."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request)
        if not header:
            return None
        try:
            text = header.decode("latin-1")
        except UnicodeDecodeError:  # pragma: no cover - latin-1 decodes every byte
            text = ""
        parts = text.split()
        if not parts or parts[0].lower() != KEYWORD.lower():
            return None  # another scheme: not ours to judge
        if len(parts) != 2:
            tokens.record_rejection("malformed", token=None, presented="")
            raise exceptions.AuthenticationFailed(
                _("令牌格式错误：应为 Authorization: Bearer <令牌>")
            )
        return self._check(request, parts[1])

    def _check(self, request, secret: str):
        token = (
            ApiToken.objects.select_related("user").filter(digest=tokens.digest_of(secret)).first()
        )
        reason = None
        if token is None:
            reason = "unknown"
        elif token.revoked_at is not None:
            reason = "revoked"
        elif token.is_expired:
            reason = "expired"
        elif not token.user.is_active:
            reason = "inactive_user"
        elif AxesProxyHandler.is_locked(
            getattr(request, "_request", request),
            credentials={"username": token.user.get_username()},
        ):
            reason = "locked_out"
        if reason is not None:
            tokens.record_rejection(reason, token=token, presented=secret)
            raise exceptions.AuthenticationFailed(_MESSAGES[reason]())
        tokens.touch(token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (with WWW-Authenticate) rather than 403 to anonymous calls.
        return f'{KEYWORD} realm="api"'


_MESSAGES = {
    "unknown": lambda: _("令牌无效"),
    "revoked": lambda: _("令牌已撤销"),
    "expired": lambda: _("令牌已过期"),
    "inactive_user": lambda: _("令牌所属账号已停用"),
    "locked_out": lambda: _("令牌所属账号因多次登录失败已被锁定，请稍后再试"),
}


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Documents the scheme in the OpenAPI schema (Swagger UI offers an "Authorize" box)."""

    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": _("在个人资料的“接口令牌”页面创建的令牌（只显示一次）。"),
        }
