from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Append-only, hash-chained event log (全过程记录) and its verification."""

    name = "audit"
    verbose_name = _("审计")

    def ready(self) -> None:
        from audit import panels
        from core.home import register_panel

        register_panel(panels.audit_alerts)
        register_panel(panels.verification)
