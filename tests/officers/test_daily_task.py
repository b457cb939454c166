"""officers.tasks.daily_certificate_check: reminders, expiry, R-61 suspension; idempotent."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail

from audit.models import AuditEvent
from core import clock
from officers.models import Certificate, Reminder
from officers.services import TASK_ACTOR
from officers.tasks import daily_certificate_check
from tests.factories import CertificateFactory, OfficerFactory
from tests.officers.factories import agency_admin

pytestmark = pytest.mark.django_db

TODAY = date(2026, 9, 1)


@pytest.fixture
def world():
    with clock.travel(TODAY):
        admin = agency_admin()
        admin.user.email = "admin@example.cn"
        admin.user.save()
        officer = OfficerFactory(agency=admin.agency, certified=False, name="刘洋")
        officer.user.email = "liuyang@example.cn"
        officer.user.save()
        certs = {
            "expiring": CertificateFactory(
                officer=officer, number="ZF-EXP-60", expires_on=TODAY + timedelta(days=60)
            ),
            "later": CertificateFactory(
                officer=officer, number="ZF-EXP-61", expires_on=TODAY + timedelta(days=61)
            ),
            "expired": CertificateFactory(
                officer=officer, number="ZF-OLD", expires_on=TODAY - timedelta(days=1)
            ),
            "today": CertificateFactory(
                officer=officer, number="ZF-TODAY", expires_on=TODAY, review_due_on=TODAY
            ),
            "review": CertificateFactory(
                officer=officer, number="ZF-REV", review_due_on=TODAY - timedelta(days=1)
            ),
        }
    return admin, officer, certs


def _state(cert):
    return Certificate.objects.get(pk=cert.pk).state


def test_r61_daily_check_expires_suspends_and_reminds(world, django_capture_on_commit_callbacks):
    admin, officer, certs = world
    with clock.travel(TODAY), django_capture_on_commit_callbacks(execute=True):
        result = daily_certificate_check.delay().get()
    assert result["expired"] == ["ZF-OLD"]
    assert result["suspended"] == ["ZF-REV"]
    assert _state(certs["expired"]) == Certificate.State.EXPIRED
    assert _state(certs["review"]) == Certificate.State.SUSPENDED
    assert _state(certs["today"]) == Certificate.State.VALID  # expiry/review day itself
    assert _state(certs["later"]) == Certificate.State.VALID
    # reminders: ZF-EXP-60 and ZF-TODAY, each to the officer and the agency admin
    reminders = Reminder.objects.all()
    assert {(r.certificate.number, r.recipient_id) for r in reminders} == {
        ("ZF-EXP-60", officer.user_id),
        ("ZF-EXP-60", admin.user_id),
        ("ZF-TODAY", officer.user_id),
        ("ZF-TODAY", admin.user_id),
    }
    assert len(mail.outbox) == 4
    assert "ZF-EXP-60" in mail.outbox[0].body or "ZF-TODAY" in mail.outbox[0].body
    events = AuditEvent.objects.filter(actor_name=TASK_ACTOR)
    assert set(events.values_list("action", flat=True)) == {
        "officers.certificate.expired",
        "officers.certificate.suspended",
        "officers.certificate.reminder_sent",
    }
    assert all(e.actor_id is None for e in events)
    assert certs["review"].events.last().kind == "review_missed"


def test_daily_check_is_idempotent(world, django_capture_on_commit_callbacks):
    with clock.travel(TODAY):
        with django_capture_on_commit_callbacks(execute=True):
            daily_certificate_check.delay().get()
        events = AuditEvent.objects.count()
        reminders = Reminder.objects.count()
        history = Certificate.objects.get(number="ZF-OLD").events.count()
        sent = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            again = daily_certificate_check.delay().get()
    assert sent == 4
    assert again == {"expired": [], "suspended": [], "reminders": 0, "emails": 0}
    assert AuditEvent.objects.count() == events
    assert Reminder.objects.count() == reminders
    assert Certificate.objects.get(number="ZF-OLD").events.count() == history
    assert len(mail.outbox) == sent


def test_daily_check_next_day_does_not_repeat_reminders(world):
    with clock.travel(TODAY):
        daily_certificate_check()
    count = Reminder.objects.count()
    with clock.travel(TODAY + timedelta(days=1)):
        result = daily_certificate_check()
    # only the certificate that has just entered the 60-day window is reminded of
    assert result["reminders"] == 2 and Reminder.objects.count() == count + 2
    assert set(
        Reminder.objects.filter(created_on=TODAY + timedelta(days=1)).values_list(
            "certificate__number", flat=True
        )
    ) == {"ZF-EXP-61"}
    assert result["expired"] == ["ZF-TODAY"]  # the day after its expiry day
