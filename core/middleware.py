"""Request id, audit context, session timeouts and the test clock."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core import clock
from core.context import RequestMeta, bind, unbind

_REQUEST_ID = re.compile(r"^[A-Za-z0-9\-]{8,64}$")


def client_ip(request: HttpRequest) -> str | None:
    """The client address; behind the reverse proxy the first X-Forwarded-For hop."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and getattr(settings, "USE_X_FORWARDED_FOR", True):
        return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Give each request an id (kept from X-Request-ID when well-formed) and echo it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class AuditContextMiddleware:
    """Bind actor, IP and request id for audit.record for the length of the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = bind(
            RequestMeta(
                request_id=getattr(request, "request_id", uuid.uuid4().hex),
                ip=client_ip(request),
                user=getattr(request, "user", None),
            )
        )
        try:
            return self.get_response(request)
        finally:
            unbind(token)


class SessionTimeoutMiddleware:
    """Log out after 30 idle minutes or 12 hours after login, whichever comes first."""

    LOGIN_AT = "_login_at"
    SEEN_AT = "_seen_at"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            login_at = session.setdefault(self.LOGIN_AT, now)
            seen_at = session.get(self.SEEN_AT, now)
            idle = now - seen_at > settings.SESSION_IDLE_TIMEOUT
            too_old = now - login_at > settings.SESSION_COOKIE_AGE
            if idle or too_old:
                logout(request)
                messages.info(request, _("会话已超时，请重新登录。"))
                return redirect(settings.LOGIN_URL)
            if now - seen_at > 60:  # write the session at most once a minute
                session[self.SEEN_AT] = now
            else:
                session.setdefault(self.SEEN_AT, now)
        return self.get_response(request)


class TestClockMiddleware:
    """With ENFORCEMENT_TEST_CLOCK on, adopt the shared clock offset for each request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.enabled = settings.ENFORCEMENT_TEST_CLOCK

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.enabled:
            clock.load_shared_offset()
        return self.get_response(request)
