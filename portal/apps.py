from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Public pages: disclosure, certificate check, complaints, evaluations."""

    name = "portal"
    verbose_name = _("公开门户")

    def ready(self) -> None:
        # Lower apps expose registries; the portal fills them (models are ready here).
        from portal import hooks
        from portal.services.common import register_audit_labels

        register_audit_labels()
        hooks.register()
