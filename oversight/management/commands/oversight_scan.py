"""`manage.py oversight_scan [--full]`: list row changes made outside the application
(PostgreSQL row history without an audit event in the same transaction); for cron."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from oversight.scan import scan


class Command(BaseCommand):
    help = (
        "List tracked rows changed outside the application (no audit event in their transaction)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--full", action="store_true", help="Rescan the whole history.")

    def handle(self, *args, full: bool = False, **options) -> None:
        run = scan(full=full)
        if run is None:
            self.stdout.write("row history is recorded on PostgreSQL only; nothing to scan")
            return
        self.stdout.write(
            f"checked {run.checked} row changes, {run.found} new outside the application"
        )
