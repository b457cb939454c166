#!/usr/bin/env python3
"""Check an exported case file (一案一卷 bundle) without the system that made it.

    python3 verify_bundle.py case-123-bundle-4.zip [--trusted-fingerprint HEX]

Plain Python 3.10+, standard library only (no Django, no third-party package), so that a
court, a reviewer or the party can run it anywhere. It checks:

1. every file listed in manifest.json is in the ZIP with the listed SHA-256 and size, and
   no file is in the ZIP that the manifest does not list (a modified file is named);
2. every audit event in events.json: its hash recomputed from its fields equals its
   stored hash (a modified event is named), and it is the event the manifest places at
   that position of the chain (seq, hash, prev_hash);
3. events with consecutive sequence numbers link: the later one's prev_hash is the
   earlier one's hash (the bundle holds one case's events; gaps belong to other cases);
4. manifest.sig (when present): the Ed25519 signature of manifest.json, and its key's
   fingerprint (compare it with the one the agency publishes, or pin it with
   --trusted-fingerprint); checkpoint.json (when present): its signature.

Prints OK, or each problem on its own line; exit status 0 when OK, 1 otherwise, 2 when the
file cannot be read as a bundle.

The event hash is `sha256(prev_hash || canonical_json(event))`, with the canonical form
below — a copy of audit/chain.py of the system (tests/oversight checks that both give the
same hashes).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import ipaddress
import json
import math
import re
import sys
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

BUNDLE_FORMAT = "enforcement-case-bundle"
CHECKPOINT_FORMAT = "enforcement-audit-checkpoint"

# --- Canonical form of an audit event (copied from audit/chain.py; keep identical) -------
GENESIS_HASH = "0" * 64
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
NUL_REPLACEMENT = "\ufffd"


def clean_text(value: str) -> str:
    return value.replace("\x00", NUL_REPLACEMENT) if "\x00" in value else value


def format_time(at: datetime) -> str:
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


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


def normalise_ip(value: str | None) -> str | None:
    if not value:
        return None
    try:
        address = ipaddress.ip_address(str(value).strip())
    except ValueError:
        return None
    if getattr(address, "scope_id", None):
        return None
    return address.compressed


def _number(value: int | float) -> str:
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
    body = {name: event.get(name) for name in HASHED_FIELDS}
    if isinstance(body["at"], datetime):
        body["at"] = format_time(body["at"])
    body["ip"] = normalise_ip(body["ip"])
    text = json.dumps(_prepare(body), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return _MARKED.sub(_unmark, text).encode("utf-8")


def event_hash(prev_hash: str, event: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(event)).hexdigest()


# --- Ed25519 verification (RFC 8032, section 6 reference code; verification only) -------
_P = 2**255 - 19
_Q = 2**252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, _P - 2, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _add(a, b):
    ea, eb = (a[1] - a[0]) * (b[1] - b[0]) % _P, (a[1] + a[0]) * (b[1] + b[0]) % _P
    c, d = 2 * a[3] * b[3] * _D % _P, 2 * a[2] * b[2] % _P
    e, f, g, h = eb - ea, d - c, d + c, eb + ea
    return (e * f, g * h, f * g, e * h)


def _mul(s, point):
    acc = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            acc = _add(acc, point)
        point = _add(point, point)
        s >>= 1
    return acc


def _equal(a, b) -> bool:
    return (a[0] * b[2] - b[0] * a[2]) % _P == 0 and (a[1] * b[2] - b[1] * a[2]) % _P == 0


def _recover_x(y: int, sign: int):
    if y >= _P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P)
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P != 0:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P != 0:
        return None
    if (x & 1) != sign:
        x = _P - x
    return x


_GY = 4 * pow(5, _P - 2, _P) % _P
_GX = _recover_x(_GY, 0)
_G = (_GX, _GY, 1, _GX * _GY % _P)


def _decompress(raw: bytes):
    if len(raw) != 32:
        return None
    y = int.from_bytes(raw, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % _P)


def ed25519_verify(public: bytes, message: bytes, signature: bytes) -> bool:
    if len(public) != 32 or len(signature) != 64:
        return False
    a = _decompress(public)
    r = _decompress(signature[:32])
    if a is None or r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= _Q:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % _Q
    return _equal(_mul(s, _G), _add(r, _mul(h, a)))


# --- The checks -------------------------------------------------------------------------
class BundleError(Exception):
    """The file is not a readable bundle at all."""


def _b64(value: Any) -> bytes:
    try:
        return base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError):
        return b""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_files(zf: zipfile.ZipFile, manifest: dict) -> tuple[list[str], int]:
    problems: list[str] = []
    listed: set[str] = set()
    members = set(zf.namelist())
    checked = 0
    for entry in manifest.get("files", []):
        path = entry.get("path")
        if not isinstance(path, str):
            problems.append("manifest: a file entry without a path")
            continue
        listed.add(path)
        if entry.get("missing"):
            problems.append(f"{path}: was missing when the bundle was exported (see index.pdf)")
            continue
        if path not in members:
            problems.append(f"{path}: listed in the manifest but not in the ZIP (removed)")
            continue
        digest = hashlib.sha256()
        size = 0
        with zf.open(path) as fh:
            while chunk := fh.read(1024 * 1024):
                digest.update(chunk)
                size += len(chunk)
        checked += 1
        if digest.hexdigest() != entry.get("sha256"):
            problems.append(
                f"{path}: MODIFIED — sha256 {digest.hexdigest()} differs from the manifest's "
                f"{entry.get('sha256')}"
            )
        elif size != entry.get("size"):
            problems.append(f"{path}: size {size} differs from the manifest's {entry.get('size')}")
        if entry.get("matches_record") is False:
            problems.append(
                f"{path}: at export its sha256 already differed from the one the system "
                f"recorded ({entry.get('recorded_sha256')})"
            )
    for extra in sorted(members - listed - {"manifest.json", "manifest.sig"}):
        if not extra.endswith("/"):
            problems.append(f"{extra}: in the ZIP but not listed in the manifest (added)")
    return problems, checked


def check_events(events: Any, manifest: dict) -> tuple[list[str], int]:
    problems: list[str] = []
    if not isinstance(events, list):
        return ["events.json: not a list of events"], 0
    positions = {p.get("seq"): p for p in manifest.get("events", []) if isinstance(p, dict)}
    previous: dict | None = None
    seen: set = set()
    for event in events:
        if not isinstance(event, dict) or type(event.get("seq")) is not int:
            problems.append("events.json: an entry is not an event (no integer seq)")
            continue
        seq = event["seq"]
        label = f"event seq {seq} ({event.get('action', '?')})"
        if seq in seen:
            problems.append(f"{label}: appears twice")
        seen.add(seq)
        prev_hash = event.get("prev_hash")
        if not isinstance(prev_hash, str) or len(prev_hash) != 64:
            problems.append(f"{label}: prev_hash is not a sha256 value")
        elif event_hash(prev_hash, event) != event.get("hash"):
            problems.append(f"{label}: MODIFIED — its hash does not match its fields")
        position = positions.get(seq)
        if position is None:
            problems.append(f"{label}: not in the manifest's chain positions")
        elif (position.get("hash"), position.get("prev_hash")) != (event.get("hash"), prev_hash):
            problems.append(f"{label}: hash or prev_hash differs from its manifest position")
        if previous is not None:
            if seq <= previous["seq"]:
                problems.append(f"{label}: out of order (after seq {previous['seq']})")
            elif seq == previous["seq"] + 1 and prev_hash != previous.get("hash"):
                problems.append(
                    f"{label}: prev_hash does not link to event seq {previous['seq']} "
                    "(an event was replaced or reordered)"
                )
        previous = event
    for seq in sorted(set(positions) - seen, key=lambda s: (not isinstance(s, int), s)):
        problems.append(f"event seq {seq}: in the manifest but missing from events.json")
    return problems, len(seen)


def check_signature(zf: zipfile.ZipFile, manifest_bytes: bytes, trusted: str | None):
    """(problems, description line)."""
    if "manifest.sig" not in zf.namelist():
        if trusted:
            return ["manifest.sig: missing, but a trusted key was given"], ""
        return [], "manifest: not signed (no signing key was configured when exported)"
    try:
        sig = json.loads(zf.read("manifest.sig"))
    except ValueError:
        return ["manifest.sig: not valid JSON"], ""
    public = _b64(sig.get("public_key"))
    fingerprint = hashlib.sha256(public).hexdigest()
    problems = []
    if not ed25519_verify(public, manifest_bytes, _b64(sig.get("signature"))):
        problems.append("manifest.sig: BAD SIGNATURE — manifest.json was changed after signing")
    if trusted and trusted.strip().lower() != fingerprint:
        problems.append(f"manifest.sig: signed with key {fingerprint}, not the trusted {trusted}")
    return problems, f"manifest: signed (Ed25519), key fingerprint {fingerprint}"


def check_checkpoint(zf: zipfile.ZipFile, events: list) -> tuple[list[str], str]:
    if "checkpoint.json" not in zf.namelist():
        return [], ""
    try:
        cp = json.loads(zf.read("checkpoint.json"))
        message = (
            f"{CHECKPOINT_FORMAT}/v1\nseq:{int(cp['seq'])}\nhead_hash:{cp['head_hash']}\n"
            f"signed_at:{cp['signed_at']}\n"
        ).encode()
    except (ValueError, KeyError, TypeError):
        return ["checkpoint.json: not a checkpoint file"], ""
    public = _b64(cp.get("public_key"))
    if not ed25519_verify(public, message, _b64(cp.get("signature"))):
        return ["checkpoint.json: BAD SIGNATURE"], ""
    problems = []
    for event in events if isinstance(events, list) else []:
        if isinstance(event, dict) and event.get("seq") == cp["seq"]:
            if event.get("hash") != cp["head_hash"]:
                problems.append(f"event seq {cp['seq']}: hash differs from the signed checkpoint")
    return problems, (
        f"checkpoint: chain head seq {cp['seq']} signed {cp['signed_at']} "
        f"(key {hashlib.sha256(public).hexdigest()})"
    )


def verify(path: str, trusted: str | None = None) -> tuple[list[str], list[str]]:
    """(problems, information lines). Raises BundleError when unreadable."""
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BundleError(f"{path}: not a readable ZIP file ({exc})") from None
    with zf:
        try:
            manifest_bytes = zf.read("manifest.json")
            manifest = json.loads(manifest_bytes)
        except KeyError:
            raise BundleError(f"{path}: no manifest.json — not a case bundle") from None
        except ValueError:
            raise BundleError(f"{path}: manifest.json is not valid JSON") from None
        if not isinstance(manifest, dict) or manifest.get("format") != BUNDLE_FORMAT:
            raise BundleError(f"{path}: manifest.json is not a {BUNDLE_FORMAT} manifest")
        problems, files = check_files(zf, manifest)
        try:
            events = json.loads(zf.read("events.json"))
        except KeyError:
            events = []
            problems.append("events.json: missing")
        except ValueError:
            events = []
            problems.append("events.json: not valid JSON")
        event_problems, count = check_events(events, manifest)
        problems += event_problems
        sig_problems, sig_line = check_signature(zf, manifest_bytes, trusted)
        problems += sig_problems
        cp_problems, cp_line = check_checkpoint(zf, events)
        problems += cp_problems
    case = manifest.get("case", {})
    info = [
        f"case {case.get('number') or case.get('id')}: {case.get('title', '')}",
        f"{files} files checked, {count} events checked",
    ]
    info += [line for line in (sig_line, cp_line) if line]
    return problems, info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check an exported case file bundle (ZIP).")
    parser.add_argument("bundle", help="the bundle ZIP file")
    parser.add_argument(
        "--trusted-fingerprint", help="SHA-256 fingerprint of the key manifest.sig must use"
    )
    args = parser.parse_args(argv)
    try:
        problems, info = verify(args.bundle, args.trusted_fingerprint)
    except BundleError as exc:
        print(f"ERROR: {exc}")
        return 2
    for line in info:
        print(line)
    if problems:
        for problem in problems:
            print(f"PROBLEM: {problem}")
        print(f"FAILED: {len(problems)} problem(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
