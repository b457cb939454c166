from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PenaltiesConfig(AppConfig):
    """Violation catalogue, discretion benchmarks and engine, proposals through decision."""

    name = "penalties"
    verbose_name = _("行政处罚")
