from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    """法制监督: the legal office's cross-cutting views over every case — row history by
    database triggers, case-file export bundles, fault reviews, the oversight dashboard.
    It sits on top of the domain apps (it reads them all) and below nothing."""

    name = "oversight"
    verbose_name = _("法制监督")

    def ready(self) -> None:
        from oversight import hooks

        hooks.register()
