from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The JSON API: the same services and permissions as the browser, for other systems."""

    name = "api"
    verbose_name = _("接口")

    def ready(self) -> None:
        from api import converters, tokens

        converters.register()  # before the URLconf is loaded: "<id:pk>" in api/*.py
        tokens.register_audit_actions()
