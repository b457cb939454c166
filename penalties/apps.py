from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PenaltiesConfig(AppConfig):
    """Violation catalogue, discretion benchmarks and engine, proposals through decision."""

    name = "penalties"
    verbose_name = _("行政处罚")

    def ready(self) -> None:
        # cases sits below penalties: it exposes a hook, penalties fills it.
        from cases import violations
        from penalties.selectors import CatalogueProvider

        violations.register_provider(CatalogueProvider())
