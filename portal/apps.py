from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Public pages: disclosure, certificate check, complaints, evaluations."""

    name = "portal"
    verbose_name = _("公开门户")
