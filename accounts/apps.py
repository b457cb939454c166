from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Login, logout, password change and their audit events; the role groups."""

    name = "accounts"
    verbose_name = _("账号")

    def ready(self) -> None:
        from accounts import signals  # noqa: F401  (connects receivers)
        from accounts.calendar_views import calendar_panel
        from core.home import register_panel

        register_panel(calendar_panel)  # years on the Mon–Fri fallback
