"""Request id, client IP for the audit trail, and session timeouts (idle 30 min, absolute
12 h) that log the user out and record why."""

from __future__ import annotations

import time

import pytest
from django.test import RequestFactory, override_settings

from audit.models import AuditEvent
from core.middleware import SessionTimeoutMiddleware, client_ip
from core.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

IDLE = 30 * 60
ABSOLUTE = 12 * 60 * 60


@pytest.fixture
def logged_in(client):
    user = UserFactory(username="sun.san", roles=[Role.OFFICER])
    client.force_login(user)
    return user


def _set_session(client, **values) -> None:
    session = client.session
    for key, value in values.items():
        session[key] = value
    session.save()


def test_request_id_is_echoed(client):
    response = client.get("/login/", HTTP_X_REQUEST_ID="abc-12345-def")
    assert response["X-Request-ID"] == "abc-12345-def"


@pytest.mark.parametrize(
    "bad", ["short", "has space in it", "x" * 65, "inject\r\nheader", "中文编号请求编号"]
)
def test_malformed_request_id_is_replaced(client, bad):
    response = client.get("/login/", HTTP_X_REQUEST_ID=bad)
    assert response["X-Request-ID"] != bad
    assert len(response["X-Request-ID"]) == 32


def test_request_id_is_generated_when_absent(client):
    first = client.get("/login/")["X-Request-ID"]
    second = client.get("/login/")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_client_ip_ignores_forwarded_for_unless_proxies_are_trusted():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.1.1.1"
    )
    assert client_ip(request) == "172.18.0.5"  # a client cannot write its own IP
    with override_settings(TRUSTED_PROXY_HOPS=1):
        assert client_ip(request) == "10.1.1.1"  # what our one proxy appended
    with override_settings(TRUSTED_PROXY_HOPS=2):
        assert client_ip(request) == "6.6.6.6"
    with override_settings(TRUSTED_PROXY_HOPS=3):
        assert client_ip(request) == "172.18.0.5"  # fewer hops than proxies: socket


def test_active_session_stays_and_is_refreshed(client, logged_in):
    now = time.time()
    _set_session(client, _seen_at=now - IDLE + 120)
    response = client.get("/")
    assert response.status_code == 200
    assert client.session["_seen_at"] >= now


def test_idle_session_is_logged_out_and_recorded(client, logged_in):
    _set_session(client, _seen_at=time.time() - IDLE - 5)
    response = client.get(
        "/cases/?page=2", REMOTE_ADDR="10.9.8.7", HTTP_X_REQUEST_ID="req-idle-0001"
    )
    assert response.status_code == 302
    assert response["Location"] == "/login/?expired=1&next=%2Fcases%2F%3Fpage%3D2"
    assert "_auth_user_id" not in client.session
    [event] = AuditEvent.objects.filter(action="accounts.session.expired")
    assert event.actor_id == logged_in.pk
    assert event.data == {"reason": "idle_timeout"}
    assert event.ip == "10.9.8.7" and event.request_id == "req-idle-0001"
    page = client.get(response["Location"])
    assert "会话已超时，请重新登录。" in page.content.decode()


def test_absolute_limit_logs_out_even_an_active_session(client, logged_in):
    now = time.time()
    _set_session(client, _login_at=now - ABSOLUTE - 5, _seen_at=now - 10)
    response = client.get("/")
    assert response.status_code == 302 and "expired=1" in response["Location"]
    assert "_auth_user_id" not in client.session
    [event] = AuditEvent.objects.filter(action="accounts.session.expired")
    assert event.data == {"reason": "absolute_timeout"}


def test_login_time_is_stamped_at_login(client, logged_in):
    assert abs(client.session[SessionTimeoutMiddleware.LOGIN_AT] - time.time()) < 60


def test_post_after_timeout_redirects_without_next(client, logged_in):
    _set_session(client, _seen_at=time.time() - IDLE - 5)
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/?expired=1"
    # the expiry is recorded once, not also as an ordinary logout
    assert AuditEvent.objects.filter(action="accounts.session.expired").count() == 1
    assert not AuditEvent.objects.filter(action="accounts.logout").exists()


def test_htmx_request_after_timeout_gets_a_client_redirect(client, logged_in):
    _set_session(client, _seen_at=time.time() - IDLE - 5)
    response = client.get("/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/login/?expired=1")


def test_garbage_timestamps_do_not_break_the_request(client, logged_in):
    _set_session(client, _seen_at="yesterday", _login_at=None)
    assert client.get("/").status_code == 200
