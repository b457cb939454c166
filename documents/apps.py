from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Numbered enforcement documents (文书): templates, numbering, PDFs, service records."""

    name = "documents"
    verbose_name = _("执法文书")

    def ready(self) -> None:
        # Register the audit action labels of this app.
        from documents import actions  # noqa: F401
