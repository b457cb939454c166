from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared infrastructure with no domain knowledge: clock, errors, roles, calendar."""

    name = "core"
    verbose_name = _("基础设施")
