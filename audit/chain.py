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
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
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
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


@lru_cache(maxsize=4096)
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
    if type(value) is not float:
        digits = str(abs(int(value)))
        if digits == "0":
            return "0"
        stripped = digits.rstrip("0")
        sign = "-" if value < 0 else ""
        return f"{sign}{stripped}e{len(digits) - len(stripped)}"
    sign, digit_tuple, exponent = Decimal(repr(value)).as_tuple()
    text = "".join(map(str, digit_tuple)).lstrip("0")
    if not text:
        return "0"
    stripped = text.rstrip("0")
    exponent = int(exponent) + len(text) - len(stripped)
    return f"{'-' if sign else ''}{stripped}e{exponent}"


# Numbers are spelled by `_number`, which the C JSON encoder cannot do; they travel through
# it as marked strings and are unquoted afterwards. The mark starts with NUL, which no
# other string can contain (`clean_text`), so nothing else can match the pattern.
_MARK = "\x00"
_MARKED = re.compile(r'"\\u0000([^"]*)"')


def _unmark(match: re.Match[str]) -> str:
    return match.group(1)


def _prepare(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return value if "\x00" not in value else value.replace("\x00", NUL_REPLACEMENT)
    if value is None or kind is bool:
        return value
    if kind is int:
        return _MARK + _number(value)
    if kind is float:
        return _MARK + _number(value) if math.isfinite(value) else str(value)
    if kind is dict:
        return {
            (key if type(key) is str and "\x00" not in key else clean_text(str(key))): _prepare(
                item
            )
            for key, item in value.items()
        }
    if kind is list or kind is tuple:
        return [_prepare(item) for item in value]
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int | float):
        return _prepare(float(value) if isinstance(value, float) else int(value))
    if isinstance(value, str):
        return clean_text(str(value))
    if isinstance(value, dict):
        return _prepare(dict(value))
    if isinstance(value, list | tuple):
        return _prepare(list(value))
    return _prepare(_default(value))


def canonical(event: dict[str, Any]) -> bytes:
    """Sorted-key compact JSON of the hashed fields, numbers in `_number` spelling."""
    body = {name: event.get(name) for name in HASHED_FIELDS}
    if isinstance(body["at"], datetime):
        body["at"] = format_time(body["at"])
    body["ip"] = normalise_ip(body["ip"])
    text = json.dumps(_prepare(body), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return _MARKED.sub(_unmark, text).encode("utf-8")


def event_hash(prev_hash: str, event: dict[str, Any]) -> str:
    """sha256(prev_hash || canonical_json(event)) as 64 hex digits."""
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(event)).hexdigest()
