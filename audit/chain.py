"""Canonical form and hashing of audit events, shared by writing and verification.

Kept free of Django imports except for typing so that the stand-alone bundle verifier can
reuse the same definition of the hash.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

GENESIS_HASH = "0" * 64

# The fields that are hashed, in a fixed order of meaning (JSON keys are sorted anyway).
HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "role",
    "ip",
    "request_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "case_id",
    "agency_id",
    "before",
    "after",
    "data",
    "prev_hash",
)


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)


def jsonable(value: Any) -> Any:
    """What a value becomes after a trip through a JSON column (so hashes survive it)."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=_default, ensure_ascii=False))


def format_time(at: datetime) -> str:
    """UTC, microseconds, fixed width: the same string on SQLite and PostgreSQL."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(event: dict[str, Any]) -> bytes:
    body = {name: event.get(name) for name in HASHED_FIELDS}
    if isinstance(body["at"], datetime):
        body["at"] = format_time(body["at"])
    return json.dumps(
        body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default
    ).encode("utf-8")


def event_hash(prev_hash: str, event: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(event)).hexdigest()
