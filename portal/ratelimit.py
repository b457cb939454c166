"""A simple per-IP rate limit for the public forms, kept in Django's cache.

Fixed windows: the first hit of a window creates the counter with the window as its
timeout, later hits increment it. Shared by every process when the cache is Redis
(production); per process with the local-memory cache (the embedded default), which is
good enough there. Limits can be changed with the `PORTAL_RATE_LIMITS` setting,
`{"scope": (hits, seconds)}`.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from core.middleware import client_ip

# scope: (hits allowed, window in seconds)
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "certificate_check": (30, 60),
    "complaint_submit": (5, 3600),
    "complaint_lookup": (10, 600),
    "evaluation_submit": (10, 3600),
}


def limit_for(scope: str) -> tuple[int, int]:
    overrides = getattr(settings, "PORTAL_RATE_LIMITS", None) or {}
    return tuple(overrides.get(scope, DEFAULT_LIMITS[scope]))  # type: ignore[return-value]


def _key(scope: str, request: HttpRequest) -> str:
    ip = client_ip(request) or "unknown"
    digest = hashlib.sha256(ip.encode()).hexdigest()[:32]
    return f"portal.ratelimit.{scope}.{digest}"


def hit(request: HttpRequest, scope: str) -> bool:
    """Count one attempt; False when the IP is over the limit for this scope."""
    hits, window = limit_for(scope)
    key = _key(scope, request)
    if cache.add(key, 1, timeout=window):
        return hits >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= hits
