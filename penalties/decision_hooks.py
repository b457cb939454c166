"""What the decision stage registers in lower apps' hooks (called from penalties'
AppConfig.ready): the R-48 complete-file check for closing, the labels of its audit
action codes, and its cards and actions on the case page."""

from __future__ import annotations

from audit import actions as audit_actions
from cases.closing import register_closing_check
from cases.sections import register_section
from core.home import register_panel
from penalties.complete_file import complete_file_verdict
from penalties.services import decisions, publicity, reviews, summary
from penalties.views import decisions as decision_views
from penalties.views import summary as summary_views


def register() -> None:
    register_closing_check(complete_file_verdict)
    for module in (reviews, decisions, publicity, summary):
        for code, label in module.ACTION_LABELS.items():
            audit_actions.register(code, label)
    register_sections()


def register_sections() -> None:
    """Cards on the case page (cases.sections)."""
    register_section(decision_views.case_section)
    register_section(summary_views.case_section)
    register_panel(decision_views.home_panel)
