"""What the decision stage registers in lower apps' hooks (called from penalties'
AppConfig.ready): the R-48 complete-file check for closing, the labels of its audit
action codes, and its cards and actions on the case page."""

from __future__ import annotations

from audit import actions as audit_actions
from cases.closing import register_closing_check
from penalties.complete_file import complete_file_verdict
from penalties.services import decisions, publicity, reviews, summary


def register() -> None:
    register_closing_check(complete_file_verdict)
    for module in (reviews, decisions, publicity, summary):
        for code, label in module.ACTION_LABELS.items():
            audit_actions.register(code, label)
