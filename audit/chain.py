"""Canonical form and hashing of audit events, shared by writing and verification.

Kept free of Django imports so that a stand-alone verifier can reuse the same definition
of the hash.

The canonical form must be the same whether it is computed from the values handed to
`record()` or from the row read back later, on SQLite and on PostgreSQL. Three things
differ between what is written and what comes back, and are normalised here:

* JSON numbers: PostgreSQL `jsonb` keeps the decimal value but not its spelling
  (Python writes `1e+16`, jsonb answers `10000000000000000`, which reads back as an int).
  Every number is therefore written in one exact decimal spelling (`_number`).
* JSON object key order: jsonb reorders keys; canonical JSON sorts them.
* IP addresses: the `inet` column may print an address differently from how it was given
  (`::ffff:1.2.3.4`); the address is hashed in Python's compressed form.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import math
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

GENESIS_HASH = "0" * 64

# The fields that are hashed (all columns but `id` and `hash`).
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

# PostgreSQL refuses NUL in text and jsonb; SQLite takes it. One replacement everywhere
# keeps both databases (and the hash) identical.
NUL_REPLACEMENT = "\ufffd"


def clean_text(value: str) -> str:
    return value.replace("\x00", NUL_REPLACEMENT) if "\x00" in value else value


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def _plain(value: Any) -> Any:
    """JSON-native structure: NUL-free strings, string keys, finite numbers."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)  # jsonb has no NaN/Infinity
    if isinstance(value, dict):
        return {
            clean_text(str(k) if not isinstance(k, str) else k): _plain(v) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return _plain(_default(value))


def jsonable(value: Any) -> Any:
    """What a value becomes after a trip through a JSON column (so hashes survive it).

    Decimals and dates become strings, datetimes UTC strings, sets sorted lists, NaN and
    infinities strings, NUL characters U+FFFD.
    """
    if value is None:
        return None
    return json.loads(json.dumps(_plain(value), ensure_ascii=False))


def format_time(at: datetime) -> str:
    """UTC, microseconds, fixed width: the same string on SQLite and PostgreSQL."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def normalise_ip(value: str | None) -> str | None:
    """An address in one spelling, or None when it is not an address the column takes."""
    if not value:
        return None
    try:
        address = ipaddress.ip_address(str(value).strip())
    except ValueError:
        return None
    if getattr(address, "scope_id", None):  # fe80::1%eth0: PostgreSQL inet refuses it
        return None
    return address.compressed


def _number(value: int | float) -> str:
    """The exact decimal value in one spelling: digits without trailing zeros, then the
    exponent (`15e299`, `1e-1`, `0`). 100, 100.0 and jsonb's `100` all give `1e2`."""
    if isinstance(value, float) and not math.isfinite(value):
        return json.dumps(str(value))
    sign, digits, exponent = Decimal(repr(value) if isinstance(value, float) else value).as_tuple()
    text = "".join(map(str, digits)).lstrip("0")
    if not text:
        return "0"
    stripped = text.rstrip("0")
    exponent = int(exponent) + len(text) - len(stripped)
    return f"{'-' if sign else ''}{stripped}e{exponent}"


def _first(item: tuple[str, Any]) -> str:
    return item[0]


def _encode(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(json.dumps(clean_text(value), ensure_ascii=False))
    elif isinstance(value, int | float):
        out.append(_number(value))
    elif isinstance(value, dict):
        out.append("{")
        items = sorted(((clean_text(str(k)), v) for k, v in value.items()), key=_first)
        for index, (key, item) in enumerate(items):
            if index:
                out.append(",")
            out.append(json.dumps(key, ensure_ascii=False))
            out.append(":")
            _encode(item, out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _encode(item, out)
        out.append("]")
    else:
        _encode(_default(value), out)


def canonical(event: dict[str, Any]) -> bytes:
    """Sorted-key compact JSON of the hashed fields, numbers in `_number` spelling."""
    body = {name: event.get(name) for name in HASHED_FIELDS}
    if isinstance(body["at"], datetime):
        body["at"] = format_time(body["at"])
    body["ip"] = normalise_ip(body["ip"])
    out: list[str] = []
    _encode(body, out)
    return "".join(out).encode("utf-8")


def event_hash(prev_hash: str, event: dict[str, Any]) -> str:
    """sha256(prev_hash || canonical_json(event)) as 64 hex digits."""
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(event)).hexdigest()
