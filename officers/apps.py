from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficersConfig(AppConfig):
    """Agencies, powers, delegations, officers, certificates, exams, training, faults."""

    name = "officers"
    verbose_name = _("执法主体与执法人员")

    def ready(self) -> None:
        from audit.selectors import register_agency_resolver
        from core.home import register_panel
        from officers import panels
        from officers.models import Officer

        register_panel(panels.agency_admin_panel)
        register_panel(panels.own_certificate_panel)
        # The legal office reads the audit events of its own agency.
        register_agency_resolver(
            lambda user: Officer.objects.filter(user=user).values_list("agency_id", flat=True)
        )
