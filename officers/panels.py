"""Home page panels (registered in OfficersConfig.ready via core.home.register_panel)."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from core import clock
from core.roles import Role, has_role
from officers.models import Certificate, Officer, Reminder
from officers.qualification import may_act, with_qualification_data
from officers.selectors import EXPIRY_WARNING_DAYS, expiring_certificates, officer_of

PANEL_LIMIT = 10


def agency_admin_panel(request: HttpRequest) -> dict | None:
    """For agency admins: certificates expiring within 60 days, suspended/flagged officers."""
    user = request.user
    me = officer_of(user)
    if me is None or not has_role(user, Role.AGENCY_ADMIN):
        return None
    attention = (
        Officer.objects.filter(agency_id=me.agency_id)
        .filter(
            Q(status__in=[Officer.Status.SUSPENDED, Officer.Status.OFF_POST_STUDY])
            | Q(flagged_for_review=True)
            | Q(flagged_for_transfer=True)
        )
        .order_by("name")[:PANEL_LIMIT]
    )
    suspended = (
        Certificate.objects.filter(
            officer__agency_id=me.agency_id, state=Certificate.State.SUSPENDED
        )
        .select_related("officer")
        .order_by("number")[:PANEL_LIMIT]
    )
    return {
        "title": _("执法人员与执法证"),
        "template": "officers/panel_admin.html",
        "context": {
            "days": EXPIRY_WARNING_DAYS,
            "expiring": list(expiring_certificates(me.agency_id)[:PANEL_LIMIT]),
            "attention": list(attention),
            "suspended_certs": list(suspended),
        },
        "order": 20,
    }


def own_certificate_panel(request: HttpRequest) -> dict | None:
    """For officers: their own status, certificates and reminders."""
    user = request.user
    me = officer_of(user)
    if me is None or not has_role(user, Role.OFFICER):
        return None
    officer = with_qualification_data(Officer.objects.filter(pk=me.pk)).first()
    today = clock.today()
    reminders = Reminder.objects.filter(
        recipient=user, read_at__isnull=True, due_on__gte=today
    ).order_by("due_on")[:5]
    return {
        "title": _("我的执法证"),
        "template": "officers/panel_officer.html",
        "context": {
            "officer": officer,
            "verdict": may_act(officer, on=today),
            "certificates": list(officer.certificates.all()),
            "reminders": [r for r in reminders if r.officer_id == officer.pk],
        },
        "order": 10,
    }
