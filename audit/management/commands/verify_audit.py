"""`manage.py verify_audit`: recompute the audit chain; non-zero exit names the first bad
event, so that cron, CI or an auditor's shell can rely on the exit status.

With `--checkpoint FILE` (a signed checkpoint downloaded earlier and kept elsewhere) it
first checks the signature, then proves that events 1..seq are unchanged since the
checkpoint was signed (their recomputed chain ends in the signed hash; a truncated tail
and an edited chain head are named), then checks the rest of the chain.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit import checkpoints
from audit.verify import verify_chain
from core.errors import DomainError


class Command(BaseCommand):
    help = "Recompute the audit hash chain; exit non-zero naming the first bad sequence number."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--start-seq",
            type=int,
            default=None,
            help="Start at this sequence number (trusting the previous event's hash).",
        )
        parser.add_argument(
            "--progress", action="store_true", help="Print progress every 100,000 events."
        )
        parser.add_argument(
            "--checkpoint",
            default=None,
            help="A signed checkpoint file: prove nothing up to its seq changed since.",
        )
        parser.add_argument(
            "--trusted-fingerprint",
            default=None,
            help="SHA-256 fingerprint of the public key the checkpoint must be signed with.",
        )

    def _reporter(self, enabled: bool):
        if not enabled:
            return None
        reported = set()

        def report(checked: int, seq: int) -> None:
            if checked and checked % 100_000 == 0 and checked not in reported:
                reported.add(checked)
                self.stderr.write(f"... {checked} events checked (#{seq})")

        return report

    def handle(
        self,
        *args,
        start_seq: int | None = None,
        progress: bool = False,
        checkpoint: str | None = None,
        trusted_fingerprint: str | None = None,
        **options,
    ):
        if checkpoint:
            if start_seq is not None:
                raise CommandError("--start-seq cannot be combined with --checkpoint")
            return self._checkpoint(checkpoint, trusted_fingerprint, self._reporter(progress))
        if start_seq is not None and start_seq < 1:
            raise CommandError("--start-seq must be 1 or more")
        result = verify_chain(start_seq=start_seq, progress=self._reporter(progress))
        if result.ok:
            self.stdout.write(result.summary())
            return
        raise CommandError(
            f"FAILED at seq {result.first_bad_seq} ({result.kind}) after {result.checked} "
            f"good events: {result.reason}",
            returncode=2,
        )

    def _checkpoint(self, path: str, trusted: str | None, report) -> None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from None
        try:
            cp = checkpoints.parse(data)
        except DomainError as exc:
            raise CommandError(f"{path}: {exc}") from None
        self.stdout.write(
            f"checkpoint: seq {cp.seq}, head {cp.head_hash}, signed {cp.signed_at}, "
            f"key {cp.fingerprint}"
        )
        configured = checkpoints.configured_public_key()
        if trusted is None and configured is not None and configured[1] != cp.fingerprint:
            self.stderr.write(
                "warning: the checkpoint was signed with another key than the one configured "
                f"here ({configured[1]}); pin the key with --trusted-fingerprint"
            )
        result = checkpoints.check(cp, trusted_fingerprint=trusted, progress=report)
        if not result.signature_valid:
            raise CommandError(
                "FAILED: bad signature (the file was altered or not signed with its key)",
                returncode=3,
            )
        if result.key_trusted is False:
            raise CommandError(
                f"FAILED: signed with key {cp.fingerprint}, not the trusted {trusted}",
                returncode=3,
            )
        self.stdout.write("signature: OK")
        prefix = result.prefix
        if not prefix.ok:
            raise CommandError(
                f"FAILED at seq {prefix.first_bad_seq} ({prefix.kind}): {prefix.reason}",
                returncode=2,
            )
        self.stdout.write(
            f"OK: events 1..{cp.seq} unchanged since the checkpoint ({prefix.checked} events)"
        )
        rest = result.rest
        if rest is not None and not rest.ok:
            raise CommandError(
                f"FAILED after the checkpoint at seq {rest.first_bad_seq} ({rest.kind}): "
                f"{rest.reason}",
                returncode=2,
            )
        if rest is not None:
            self.stdout.write(f"OK: {rest.checked} events after the checkpoint")
