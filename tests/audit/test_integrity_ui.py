"""Verification as the legal office sees it: progress while it runs (htmx polling of the
run row), the last result on the home page, and a broken chain alerting every audit
administrator (a notification row on their home page and an email)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from audit.alerts import chain_broken
from audit.models import AuditAlert, AuditEvent, VerificationRun
from audit.services import run_verification
from core.roles import Role
from tests.audit.helpers import make_events, triggers_disabled
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_run_reports_progress_as_it_goes(monkeypatch):
    make_events(7)
    seen: list[int] = []
    from audit import services, verify

    monkeypatch.setattr(services, "PROGRESS_EVERY", 0)
    original = verify.verify_chain

    def spy(**kwargs):
        inner = kwargs["progress"]

        def progress(checked, seq):
            inner(checked, seq)
            seen.append(VerificationRun.objects.get().checked)

        return original(progress=progress, chunk_size=2)

    monkeypatch.setattr(verify, "verify_chain", spy)
    run = run_verification()
    assert seen == [2, 4, 6, 7]
    assert run.target_seq == 7 and run.checked == 7 and run.ok


def test_running_card_polls_and_shows_a_progress_bar(client):
    client.force_login(UserFactory(roles=[Role.LEGAL_OFFICE]))
    run = VerificationRun.objects.create(started_at=timezone.now(), checked=40, target_seq=160)
    body = client.get(f"/audit/runs/{run.pk}/status/").content.decode()
    assert f'hx-get="/audit/runs/{run.pk}/status/"' in body and 'hx-trigger="every 1s"' in body
    assert '<progress value="40" max="160">25%</progress>' in body
    assert "立即校验" not in body  # no second run while one is going
    run.finished_at, run.ok, run.checked = timezone.now(), True, 160
    run.save()
    body = client.get(f"/audit/runs/{run.pk}/status/").content.decode()
    assert "hx-get" not in body and "通过" in body
    assert client.get("/audit/runs/999999/status/").status_code == 404


def test_status_is_404_for_other_roles(client):
    run = VerificationRun.objects.create(started_at=timezone.now())
    client.force_login(UserFactory(roles=[Role.OFFICER]))
    assert client.get(f"/audit/runs/{run.pk}/status/").status_code == 404


def test_last_result_is_on_the_legal_offices_home_page(client):
    client.force_login(UserFactory(roles=[Role.LEGAL_OFFICE]))
    make_events(3)
    with triggers_disabled():
        AuditEvent.objects.filter(seq=2).update(actor_name="mallory")
    run = run_verification()
    body = client.get("/").content.decode()
    assert "审计链完整性" in body
    assert "未通过" in body and "首个异常：第 2 号事件" in body
    assert run.started_at.astimezone(timezone.get_current_timezone()).strftime("%Y-%m-%d") in body


def test_officers_home_page_has_no_audit_panel(client):
    client.force_login(UserFactory(roles=[Role.OFFICER]))
    assert "审计链完整性" not in client.get("/").content.decode()


def test_broken_chain_alerts_every_audit_administrator(django_capture_on_commit_callbacks):
    admins = [
        UserFactory(username="shenji1", email="a1@example.cn", roles=[Role.AUDIT_ADMIN]),
        UserFactory(username="shenji2", email="", roles=[Role.AUDIT_ADMIN]),
    ]
    UserFactory(username="fazhi", email="f@example.cn", roles=[Role.LEGAL_OFFICE])
    make_events(4)
    with triggers_disabled():
        AuditEvent.objects.filter(seq=3).update(data={"forged": 1})
    with django_capture_on_commit_callbacks(execute=True):
        run = run_verification()
    assert run.ok is False
    alerts = AuditAlert.objects.order_by("recipient__username")
    assert [a.recipient for a in alerts] == admins
    assert all("第 3 号事件异常" in a.message for a in alerts)
    assert [m.to for m in mail.outbox] == [["a1@example.cn"]]
    assert "审计链校验未通过" in mail.outbox[0].subject
    assert AuditAlert.objects.get(recipient=admins[0]).emailed is True
    # idempotent per run
    assert chain_broken(run) == []


def test_good_run_alerts_nobody():
    UserFactory(roles=[Role.AUDIT_ADMIN])
    make_events(2)
    assert run_verification().ok
    assert not AuditAlert.objects.exists()


def test_alert_is_shown_on_the_audit_admins_home_and_can_be_read(client):
    admin = UserFactory(roles=[Role.AUDIT_ADMIN])
    other = UserFactory(roles=[Role.AUDIT_ADMIN])
    make_events(2)
    with triggers_disabled():
        AuditEvent.objects.filter(seq=1).update(data={"x": 1})
    run_verification()
    mine = AuditAlert.objects.get(recipient=admin)
    client.force_login(admin)
    body = client.get("/").content.decode()
    assert "审计告警" in body and "第 1 号事件异常" in body
    theirs = AuditAlert.objects.get(recipient=other)
    assert client.post(f"/audit/alerts/{theirs.pk}/read/").status_code == 404
    client.post(f"/audit/alerts/{mine.pk}/read/")
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert "审计告警" not in client.get("/").content.decode()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_verify_now_without_a_broker_leaves_no_dangling_run(client, monkeypatch):
    from audit import views

    client.force_login(UserFactory(roles=[Role.LEGAL_OFFICE]))

    def down(**kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(views.verify_chain, "delay", down)
    body = client.post("/audit/verify/", follow=True).content.decode()
    assert "无法启动校验任务" in body
    assert not VerificationRun.objects.exists()
