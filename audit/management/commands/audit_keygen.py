"""`manage.py audit_keygen --out FILE`: make an Ed25519 key for signing audit checkpoints.

Writes an unencrypted PKCS#8 PEM file readable by its owner only (0600) and prints the
public key and its fingerprint. Point `AUDIT_SIGNING_KEY_FILE` at the file; never put the
private key in the database or in the repository.
"""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management.base import BaseCommand, CommandError

from audit.checkpoints import fingerprint, public_raw


class Command(BaseCommand):
    help = "Generate an Ed25519 private key (PEM, mode 0600) for signing audit checkpoints."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--out", required=True, help="Path of the PEM file to create.")
        parser.add_argument(
            "--force", action="store_true", help="Overwrite an existing file (the old key is lost)."
        )

    def handle(self, *args, out: str, force: bool = False, **options) -> None:
        if os.path.exists(out) and not force:
            raise CommandError(f"{out} exists; refusing to overwrite it (use --force).")
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
        try:
            fd = os.open(out, flags, 0o600)
        except OSError as exc:
            raise CommandError(f"cannot create {out}: {exc}") from None
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        os.chmod(out, 0o600)
        raw = public_raw(key)
        self.stdout.write(f"private key written to {out} (mode 0600)")
        self.stdout.write(f"public key (base64): {base64.b64encode(raw).decode()}")
        self.stdout.write(f"fingerprint (sha256): {fingerprint(raw)}")
        self.stdout.write(f"set AUDIT_SIGNING_KEY_FILE={os.path.abspath(out)}")
