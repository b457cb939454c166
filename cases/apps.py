from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """Parties, leads, cases, assignment, evidence, records, the workflow and deadlines."""

    name = "cases"
    verbose_name = _("案件")

    def ready(self) -> None:
        from cases import hooks

        hooks.install()
