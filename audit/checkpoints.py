"""Signed checkpoints of the audit chain (Ed25519).

Daily (beat) and on demand the system signs the statement "the chain had `seq` events,
the hash of the last was `head_hash`, at `signed_at`". The legal office downloads each
checkpoint as a small JSON file and keeps it outside the system. Later,
`manage.py verify_audit --checkpoint FILE` checks the signature and recomputes the chain
up to `seq`: any change to those events since the signature — even a rewrite that
recomputes every following hash, which a plain verification cannot notice — changes the
hash of event `seq` and is named.

The private key never enters the database: it is read at signing time from the PEM file
named by `settings.AUDIT_SIGNING_KEY_FILE`, or from the environment variable
`AUDIT_SIGNING_KEY` (base64 of the raw 32-byte key). `manage.py audit_keygen --out FILE`
makes one. The public key travels with every checkpoint (and its SHA-256 fingerprint is
shown on the page, so a reader can pin it).

Signed message (UTF-8, exactly):

    enforcement-audit-checkpoint/v1
    seq:<seq>
    head_hash:<64 hex>
    signed_at:<YYYY-MM-DDTHH:MM:SS.ffffffZ>

(each line ends with a line feed).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import chain
from audit.models import Checkpoint
from core.errors import DomainError

FORMAT = "enforcement-audit-checkpoint"
VERSION = 1
ENV_VAR = "AUDIT_SIGNING_KEY"
SIGNED = "audit.checkpoint.signed"
DOWNLOADED = "audit.checkpoint.downloaded"
TASK_ACTOR = "task:audit.sign_checkpoint"


class SigningKeyError(DomainError):
    """No usable signing key: signing is refused with a message saying how to set one."""


def how_to_configure() -> str:
    return _(
        "未配置审计签名私钥，无法签名检查点。请运行 manage.py audit_keygen --out /安全路径/"
        "audit-signing.pem 生成密钥，并设置环境变量 AUDIT_SIGNING_KEY_FILE 指向该文件（或将"
        "原始 32 字节私钥的 base64 写入环境变量 AUDIT_SIGNING_KEY），然后重启服务。私钥不得"
        "存入数据库。"
    )


def _key_from_env(value: str) -> Ed25519PrivateKey:
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise SigningKeyError(_("环境变量 AUDIT_SIGNING_KEY 不是有效的 base64。")) from None
    if len(raw) != 32:
        raise SigningKeyError(
            _("环境变量 AUDIT_SIGNING_KEY 应为 32 字节 Ed25519 私钥的 base64（现为 %(n)d 字节）。")
            % {"n": len(raw)}
        )
    return Ed25519PrivateKey.from_private_bytes(raw)


def _key_from_file(path: str) -> Ed25519PrivateKey:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SigningKeyError(
            _("无法读取审计签名私钥文件 %(path)s：%(error)s") % {"path": path, "error": exc}
        ) from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise SigningKeyError(
            _("审计签名私钥文件 %(path)s 不是无口令的 PEM 私钥。") % {"path": path}
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(_("审计签名私钥文件 %(path)s 不是 Ed25519 私钥。") % {"path": path})
    return key


def load_private_key() -> Ed25519PrivateKey | None:
    """The configured key, None when none is configured; SigningKeyError when one is
    configured but unusable (the message names the file or variable)."""
    path = getattr(settings, "AUDIT_SIGNING_KEY_FILE", None)
    if path:
        return _key_from_file(str(path))
    value = os.environ.get(ENV_VAR, "")
    if value.strip():
        return _key_from_env(value)
    return None


def public_raw(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public_key_raw: bytes) -> str:
    return hashlib.sha256(public_key_raw).hexdigest()


def configured_public_key() -> tuple[str, str] | None:
    """(base64 public key, fingerprint) of the configured key, or None. Never raises:
    for display."""
    try:
        key = load_private_key()
    except SigningKeyError:
        return None
    if key is None:
        return None
    raw = public_raw(key)
    return base64.b64encode(raw).decode("ascii"), fingerprint(raw)


def message(seq: int, head_hash: str, signed_at: str) -> bytes:
    return (
        f"{FORMAT}/v{VERSION}\nseq:{int(seq)}\nhead_hash:{head_hash}\nsigned_at:{signed_at}\n"
    ).encode()


def sign_checkpoint(*, by: Any = None, actor_name: str | None = None) -> Checkpoint:
    """Sign the current chain head and keep the checkpoint (and an audit event, which is
    the next event in the chain: its prev_hash is the signed hash)."""
    from audit.services import _locked_head, record

    key = load_private_key()
    if key is None:
        raise SigningKeyError(how_to_configure())
    raw = public_raw(key)
    with transaction.atomic():
        head = _locked_head()  # the head cannot move while we sign it
        signed_at = timezone.now()
        text = chain.format_time(signed_at)
        signature = key.sign(message(head.seq, head.hash, text))
        checkpoint = Checkpoint.objects.create(
            seq=head.seq,
            head_hash=head.hash,
            signed_at=signed_at,
            signature=base64.b64encode(signature).decode("ascii"),
            public_key=base64.b64encode(raw).decode("ascii"),
            key_fingerprint=fingerprint(raw),
            signed_by=by if getattr(by, "is_authenticated", False) else None,
            actor_name=actor_name or (by.get_username() if by is not None else ""),
        )
        record(
            SIGNED,
            checkpoint,
            by=by,
            actor_name=actor_name,
            data={
                "seq": checkpoint.seq,
                "head_hash": checkpoint.head_hash,
                "key_fingerprint": checkpoint.key_fingerprint,
            },
        )
    return checkpoint


def document(checkpoint: Checkpoint) -> dict[str, Any]:
    """The downloadable checkpoint file (JSON)."""
    signed_at = chain.format_time(checkpoint.signed_at)
    return {
        "format": FORMAT,
        "version": VERSION,
        "seq": checkpoint.seq,
        "head_hash": checkpoint.head_hash,
        "signed_at": signed_at,
        "algorithm": "Ed25519",
        "public_key": checkpoint.public_key,
        "public_key_fingerprint": checkpoint.key_fingerprint,
        "signature": checkpoint.signature,
        "signed_message": message(checkpoint.seq, checkpoint.head_hash, signed_at).decode(),
    }


def document_bytes(checkpoint: Checkpoint) -> bytes:
    return (json.dumps(document(checkpoint), ensure_ascii=False, indent=2) + "\n").encode()


@dataclass
class CheckpointFile:
    seq: int
    head_hash: str
    signed_at: str
    public_key: bytes
    signature: bytes
    problems: list[str] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


def parse(data: bytes | str) -> CheckpointFile:
    """Read a checkpoint file; raises DomainError naming what is wrong with it."""
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise DomainError(_("检查点文件不是有效的 JSON。")) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise DomainError(_("不是审计链检查点文件（format 字段不符）。"))
    if doc.get("version") != VERSION or doc.get("algorithm") != "Ed25519":
        raise DomainError(_("不支持的检查点版本或签名算法。"))
    seq, head_hash, signed_at = doc.get("seq"), doc.get("head_hash"), doc.get("signed_at")
    if type(seq) is not int or seq < 0:
        raise DomainError(_("检查点的序号无效。"))
    if not isinstance(head_hash, str) or len(head_hash) != 64:
        raise DomainError(_("检查点的链头哈希无效。"))
    try:
        int(head_hash, 16)
    except ValueError:
        raise DomainError(_("检查点的链头哈希无效。")) from None
    if not isinstance(signed_at, str):
        raise DomainError(_("检查点的签名时间无效。"))
    try:
        datetime.fromisoformat(signed_at.replace("Z", "+00:00"))
    except ValueError:
        raise DomainError(_("检查点的签名时间无效。")) from None
    try:
        public = base64.b64decode(str(doc.get("public_key", "")), validate=True)
        signature = base64.b64decode(str(doc.get("signature", "")), validate=True)
    except (binascii.Error, ValueError):
        raise DomainError(_("检查点的公钥或签名不是有效的 base64。")) from None
    if len(public) != 32 or len(signature) != 64:
        raise DomainError(_("检查点的公钥或签名长度不符。"))
    return CheckpointFile(seq, head_hash, signed_at, public, signature)


def signature_ok(cp: CheckpointFile) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(cp.public_key).verify(
            cp.signature, message(cp.seq, cp.head_hash, cp.signed_at)
        )
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass
class CheckpointCheck:
    """Result of checking the database against one checkpoint file."""

    checkpoint: CheckpointFile
    signature_valid: bool
    key_trusted: bool | None  # None: no key was pinned
    prefix: Any = None  # VerifyResult of events 1..seq against the signed head hash
    rest: Any = None  # VerifyResult of the events after the checkpoint

    @property
    def ok(self) -> bool:
        return (
            self.signature_valid
            and self.key_trusted is not False
            and self.prefix is not None
            and self.prefix.ok
            and (self.rest is None or self.rest.ok)
        )

    def problems(self) -> list[str]:
        out: list[str] = []
        if not self.signature_valid:
            out.append(_("检查点签名无效：文件被改动，或并非由该公钥签名。"))
        if self.key_trusted is False:
            out.append(
                _("检查点的公钥（指纹 %(fp)s）不是指定信任的公钥。")
                % {"fp": self.checkpoint.fingerprint}
            )
        for result in (self.prefix, self.rest):
            if result is not None and not result.ok:
                out.append(
                    _("第 %(seq)s 号事件异常（%(reason)s）")
                    % {"seq": result.first_bad_seq, "reason": result.reason}
                )
        return out


def check(
    cp: CheckpointFile,
    *,
    trusted_fingerprint: str | None = None,
    progress=None,
    whole_chain: bool = True,
) -> CheckpointCheck:
    """Signature first (nothing else is worth checking under a forged checkpoint), then
    events 1..seq against the signed hash, then (optionally) the rest of the chain."""
    from audit.verify import verify_chain, verify_prefix

    trusted = None
    if trusted_fingerprint:
        trusted = trusted_fingerprint.strip().lower() == cp.fingerprint
    result = CheckpointCheck(cp, signature_valid=signature_ok(cp), key_trusted=trusted)
    if not result.signature_valid or trusted is False:
        return result
    result.prefix = verify_prefix(cp.seq, cp.head_hash, progress=progress)
    if result.prefix.ok and whole_chain:
        result.rest = verify_chain(start_seq=cp.seq + 1, progress=progress)
    return result
