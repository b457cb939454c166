"""Load the demo data of every app, in dependency order. Idempotent."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from cases import demo as cases_demo
from documents import demo as documents_demo
from officers import demo as officers_demo
from penalties import demo as penalties_demo
from portal import demo as portal_demo


class Command(BaseCommand):
    help = "Load demo agencies, officers, cases and penalties (running twice changes nothing)."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            for module in (officers_demo, documents_demo, cases_demo, penalties_demo, portal_demo):
                module.load(stdout=self.stdout)
        officers_demo.print_logins(stdout=self.stdout)
