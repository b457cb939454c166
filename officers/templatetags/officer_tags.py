"""Badge classes for officer status and certificate state."""

from __future__ import annotations

from django import template

register = template.Library()

_STATUS = {"on_post": "ok", "study": "warn", "suspended": "bad", "transferred": ""}
_CERT = {"valid": "ok", "suspended": "warn", "revoked": "bad", "expired": "bad"}


@register.filter
def status_badge(status: str) -> str:
    return _STATUS.get(status, "")


@register.filter
def cert_badge(state: str) -> str:
    return _CERT.get(state, "")


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key) if mapping else None
