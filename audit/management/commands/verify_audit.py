"""`manage.py verify_audit`: recompute the audit chain; non-zero exit names the first bad
event, so that cron, CI or an auditor's shell can rely on the exit status."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from audit.verify import verify_chain


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

    def handle(self, *args, start_seq: int | None = None, progress: bool = False, **options):
        if start_seq is not None and start_seq < 1:
            raise CommandError("--start-seq must be 1 or more")

        reported = set()

        def report(checked: int, seq: int) -> None:
            if checked and checked % 100_000 == 0 and checked not in reported:
                reported.add(checked)
                self.stderr.write(f"... {checked} events checked (#{seq})")

        result = verify_chain(start_seq=start_seq, progress=report if progress else None)
        if result.ok:
            self.stdout.write(result.summary())
            return
        raise CommandError(
            f"FAILED at seq {result.first_bad_seq} ({result.kind}) after {result.checked} "
            f"good events: {result.reason}",
            returncode=2,
        )
