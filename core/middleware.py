"""Request id, audit context, session timeouts and the test clock."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect, resolve_url
from django.utils import translation

from core import clock
from core.context import RequestMeta, bind, unbind

_REQUEST_ID = re.compile(r"^[A-Za-z0-9\-]{8,64}$")


def client_ip(request: HttpRequest) -> str | None:
    """The client address as recorded in the audit trail.

    X-Forwarded-For is client-controlled except for the hops our own proxies append, so it
    is only read when `TRUSTED_PROXY_HOPS` (the number of reverse proxies in front of the
    app, appending to the header) is set: the client is then the address that many hops
    from the right. Without it the socket address is used, so nobody can write an
    arbitrary IP into the audit trail with a header.
    """
    hops = int(getattr(settings, "TRUSTED_PROXY_HOPS", 0) or 0)
    if hops > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Give each request an id (kept from X-Request-ID when well-formed) and echo it.

    Also binds IP and request id for audit.record from the very start of the request, so
    that events recorded before the user is known (the session-timeout logout, which runs
    before AuditContextMiddleware) still carry them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = bind(RequestMeta(request_id=request.request_id, ip=client_ip(request)))
        try:
            response = self.get_response(request)
        finally:
            unbind(token)
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
    """Log out after 30 idle minutes or 12 hours after login, whichever comes first.

    The login time is stamped by accounts at login (`stamp_login`). The logout is recorded
    in the audit trail as `accounts.session.expired` with the reason (the request carries
    it to the logout signal). The login page says why the user is there (`?expired=1`):
    this middleware runs before the message framework is set up for the request.
    """

    LOGIN_AT = "_login_at"
    SEEN_AT = "_seen_at"
    REASON_ATTR = "audit_logout_reason"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @classmethod
    def stamp_login(cls, request: HttpRequest) -> None:
        now = time.time()
        request.session[cls.LOGIN_AT] = now
        request.session[cls.SEEN_AT] = now

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            login_at = _as_float(session.setdefault(self.LOGIN_AT, now), now)
            seen_at = _as_float(session.get(self.SEEN_AT, now), now)
            reason = None
            if now - login_at > settings.SESSION_COOKIE_AGE:
                reason = "absolute_timeout"
            elif now - seen_at > settings.SESSION_IDLE_TIMEOUT:
                reason = "idle_timeout"
            if reason:
                setattr(request, self.REASON_ATTR, reason)
                logout(request)
                return self._to_login(request)
            if now - seen_at > 60:  # write the session at most once a minute
                session[self.SEEN_AT] = now
            else:
                session.setdefault(self.SEEN_AT, now)
        return self.get_response(request)

    @staticmethod
    def _to_login(request: HttpRequest) -> HttpResponse:
        query = {"expired": "1"}
        if request.method == "GET":
            query["next"] = request.get_full_path()
        url = f"{resolve_url(settings.LOGIN_URL)}?{urlencode(query)}"
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)


def _as_float(value: object, default: float) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


class TestClockMiddleware:
    """With ENFORCEMENT_TEST_CLOCK on, adopt the shared clock offset for each request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.enabled = settings.ENFORCEMENT_TEST_CLOCK

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.enabled:
            clock.load_shared_offset()
        return self.get_response(request)


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Simplified Chinese unless the user chose English with the language switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an
    officer's English-configured browser would silently switch the product to English.
    Here only the explicit choice (the language cookie set by `set_language`) counts.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = {code for code, _label in settings.LANGUAGES}
        translation.activate(chosen if chosen in available else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
