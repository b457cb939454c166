"""The daily certificate check (Celery beat, `officers.tasks.daily_certificate_check`).

1. Certificates expiring within 60 days → one reminder to the officer and to each agency
   admin (a Reminder row, and an email when the user has an address).
2. Expired (expires_on < today) → state expired.
3. Annual review missed (review_due_on < today, still valid) → suspended (R-61).

Every change is an audit event with the task as actor. Idempotent: a Reminder is unique
per (certificate, recipient, kind, expiry date), and the transitions only apply to rows
still in the old state, so a second run the same day changes nothing and sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record
from core import clock
from officers.models import Certificate, Reminder
from officers.selectors import EXPIRY_WARNING_DAYS, agency_admin_users
from officers.services.certificates import expire_certificate, suspend_for_missed_review

TASK_ACTOR = "task:officers.daily_certificate_check"
S = Certificate.State


@dataclass
class DailyResult:
    expired: list[str] = field(default_factory=list)
    suspended: list[str] = field(default_factory=list)
    reminders: int = 0
    emails: int = 0

    def as_dict(self) -> dict:
        return {
            "expired": self.expired,
            "suspended": self.suspended,
            "reminders": self.reminders,
            "emails": self.emails,
        }


def _send_email(address: str, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True)


@transaction.atomic
def _remind(cert: Certificate, result: DailyResult) -> None:
    today = clock.today()
    officer = cert.officer
    days = (cert.expires_on - today).days
    message = _("%(name)s的执法证 %(n)s 将于 %(d)s 到期（还剩 %(k)s 天），请及时办理换证。") % {
        "name": officer.name,
        "n": cert.number,
        "d": cert.expires_on.isoformat(),
        "k": days,
    }
    recipients = [officer.user] if officer.user.is_active else []
    recipients += [u for u in agency_admin_users(officer.agency_id) if u.pk != officer.user_id]
    for user in recipients:
        reminder, created = Reminder.objects.get_or_create(
            certificate=cert,
            recipient=user,
            kind=Reminder.Kind.CERTIFICATE_EXPIRING,
            due_on=cert.expires_on,
            defaults={
                "officer": officer,
                "message": message,
                "created_on": today,
                "emailed": bool(user.email),
            },
        )
        if not created:
            continue
        result.reminders += 1
        record(
            "officers.certificate.reminder_sent",
            cert,
            by=None,
            actor_name=TASK_ACTOR,
            data={
                "recipient": user.get_username(),
                "expires_on": cert.expires_on.isoformat(),
                "email": bool(user.email),
            },
        )
        if user.email:
            result.emails += 1
            address = user.email
            transaction.on_commit(
                lambda a=address, m=message: _send_email(a, _("执法证到期提醒"), m)
            )


def daily_certificate_check() -> dict:
    """Run the three checks for every agency; each certificate in its own transaction, so
    one bad row cannot roll back the others' changes."""
    today = clock.today()
    result = DailyResult()
    base = Certificate.objects.select_related("officer", "officer__user")
    for cert in base.filter(state__in=(S.VALID, S.SUSPENDED), expires_on__lt=today).order_by("pk"):
        if expire_certificate(cert, by=None, actor_name=TASK_ACTOR):
            result.expired.append(cert.number)
    # annual review missed → suspended.
    for cert in base.filter(state=S.VALID, review_due_on__lt=today).order_by("pk"):
        if suspend_for_missed_review(cert, by=None, actor_name=TASK_ACTOR):
            result.suspended.append(cert.number)
    horizon = today + timedelta(days=EXPIRY_WARNING_DAYS)
    for cert in base.filter(state=S.VALID, expires_on__gte=today, expires_on__lte=horizon).order_by(
        "pk"
    ):
        _remind(cert, result)
    return result.as_dict()
