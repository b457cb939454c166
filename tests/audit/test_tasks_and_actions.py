"""The nightly verification task and the action-label registry."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from audit import actions
from audit.models import AuditEvent, VerificationRun
from audit.tasks import verify_chain
from core.context import RequestMeta, bind, unbind
from tests.audit.helpers import make_events, triggers_disabled
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_task_stores_the_run_and_records_its_own_event():
    make_events(3)
    run_id = verify_chain.delay().get()
    run = VerificationRun.objects.get(pk=run_id)
    assert run.ok is True and run.checked == 3 and run.first_bad_seq is None
    assert run.finished_at is not None and run.finished_at >= run.started_at
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.seq == 4
    assert event.action == "audit.chain.verified"
    assert event.actor_id is None
    assert event.actor_name == "task:audit.verify_chain"
    assert event.object_type == "audit.verificationrun" and event.object_id == str(run.pk)
    assert event.data["ok"] is True and event.data["checked"] == 3


def test_task_records_a_failure_and_names_the_seq():
    make_events(4)
    with triggers_disabled():
        AuditEvent.objects.filter(seq=2).update(data={"forged": True})
    run = VerificationRun.objects.get(pk=verify_chain.delay().get())
    assert run.ok is False and run.first_bad_seq == 2 and run.reason.startswith("edited:")
    event = AuditEvent.objects.get(action="audit.chain.verified")
    assert event.data["first_bad_seq"] == 2 and event.data["kind"] == "edited"


def test_task_is_the_actor_even_inside_a_users_request():
    """Eager runs happen inside the "verify now" request: the user who asked is named in
    the run and the event data, not taken as the event's actor."""
    user = UserFactory(username="shen.ji")
    token = bind(RequestMeta(request_id="req-verify-0001", ip="10.0.0.8", user=user))
    try:
        run = VerificationRun.objects.get(
            pk=verify_chain.delay(triggered_by_id=user.pk, request_id="req-verify-0001").get()
        )
    finally:
        unbind(token)
    assert run.triggered_by == user
    event = AuditEvent.objects.get(action="audit.chain.verified")
    assert event.actor_id is None and event.ip is None
    assert event.request_id == "req-verify-0001"
    assert event.data["triggered_by_id"] == user.pk


def test_task_name_matches_the_beat_schedule(settings):
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert verify_chain.name == "audit.tasks.verify_chain" in names


def test_registered_labels_and_fallback():
    assert actions.label_for("accounts.login.succeeded") == "登录成功"
    assert actions.label_for("audit.chain.verified") == "审计链校验"
    assert actions.label_for("nobody.registered.this") == "nobody.registered.this"
    assert "accounts.login" in actions.namespaces()
    assert actions.registered()["accounts.logout"] == "退出登录"


def test_register_refuses_bad_and_conflicting_codes():
    actions.register("tests.widget.made", "造了")
    actions.register("tests.widget.made", "造了")  # same label again: fine (reloads)
    with pytest.raises(ImproperlyConfigured):
        actions.register("tests.widget.made", "别的")
    with pytest.raises(ImproperlyConfigured):
        actions.register("NoNamespace", "x")
