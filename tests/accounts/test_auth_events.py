"""Logins, failures, logouts, lockouts and password changes go to the audit trail with IP
and request id; the login page is Chinese; superusers cannot log in in production."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from audit.models import AuditEvent
from audit.verify import verify_chain
from core.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "demo-Pass-2026"
REQ = {"REMOTE_ADDR": "10.20.30.40", "HTTP_X_REQUEST_ID": "req-login-0001"}


@pytest.fixture
def officer():
    return UserFactory(username="zhao.yi", roles=[Role.OFFICER])


def _login(client, username, password, **extra):
    return client.post("/login/", {"username": username, "password": password}, **{**REQ, **extra})


def _events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_login_page_is_chinese(client):
    response = client.get("/login/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in body
    for text in ("登录", "用户名", "密码", "连续 5 次输入错误，账号将锁定 30 分钟"):
        assert text in body


def test_login_success_is_recorded_with_ip_and_request_id(client, officer):
    response = _login(client, "zhao.yi", PASSWORD)
    assert response.status_code == 302 and _logged_in(client)
    [event] = _events("accounts.login.succeeded")
    assert event.actor_id == officer.pk and event.actor_name == "zhao.yi"
    assert event.role == "officer"
    assert event.ip == "10.20.30.40"
    assert event.request_id == "req-login-0001"
    assert event.object_type == "auth.user" and event.object_id == str(officer.pk)
    assert verify_chain().ok


def test_login_failure_is_recorded_without_the_password(client, officer):
    response = _login(client, "zhao.yi", "wrong-password")
    assert response.status_code == 200 and not _logged_in(client)
    assert "请输入一个正确的" in response.content.decode() or "不正确" in response.content.decode()
    [event] = _events("accounts.login.failed")
    assert event.actor_id is None and event.actor_name == "zhao.yi"
    assert event.ip == "10.20.30.40" and event.request_id == "req-login-0001"
    assert event.data == {"username": "zhao.yi", "locked": False}
    assert "wrong-password" not in str(event.data) + event.object_repr


def test_failure_for_unknown_username_is_recorded(client):
    _login(client, "nobody", "whatever-123")
    [event] = _events("accounts.login.failed")
    assert event.actor_name == "nobody"


def test_logout_is_recorded(client, officer):
    _login(client, "zhao.yi", PASSWORD)
    response = client.post("/logout/", **REQ)
    assert response.status_code == 302 and not _logged_in(client)
    [event] = _events("accounts.logout")
    assert event.actor_id == officer.pk and event.ip == "10.20.30.40"
    assert event.request_id == "req-login-0001"


def test_logout_by_get_is_refused(client, officer):
    _login(client, "zhao.yi", PASSWORD)
    assert client.get("/logout/").status_code == 405
    assert _logged_in(client)


def test_password_change_is_recorded(client, officer):
    _login(client, "zhao.yi", PASSWORD)
    response = client.post(
        "/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Another-Pass-2027",
            "new_password2": "Another-Pass-2027",
        },
        **REQ,
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("Another-Pass-2027")
    assert _logged_in(client)  # the session survives its own password change
    [event] = _events("accounts.password.changed")
    assert event.actor_id == officer.pk and event.ip == "10.20.30.40"
    assert "Another-Pass-2027" not in str(event.data)


def test_short_password_is_refused_and_not_recorded(client, officer):
    _login(client, "zhao.yi", PASSWORD)
    response = client.post(
        "/password/", {"old_password": PASSWORD, "new_password1": "Ab1-x", "new_password2": "Ab1-x"}
    )
    assert response.status_code == 200
    assert "至少" in response.content.decode()  # 密码太短。密码必须包含至少 8 个字符。
    assert _events("accounts.password.changed") == []


def test_five_failures_lock_the_username_and_the_sixth_right_password_is_refused(client, officer):
    for _ in range(5):
        _login(client, "zhao.yi", "wrong-password")
    assert len(_events("accounts.login.failed")) == 5
    [locked] = _events("accounts.login.locked_out")
    assert locked.actor_name == "zhao.yi" and locked.ip == "10.20.30.40"
    assert locked.data["username"] == "zhao.yi"

    response = _login(client, "zhao.yi", PASSWORD)
    assert not _logged_in(client)
    assert response.status_code == 429
    body = response.content.decode()
    assert "账号已锁定" in body and "锁定 30 分钟" in body
    assert _events("accounts.login.succeeded") == []
    refused = _events("accounts.login.failed")[-1]
    assert len(_events("accounts.login.failed")) == 6 and refused.data["locked"] is True
    assert verify_chain().ok


def test_lockout_is_per_username_not_per_office(client, officer):
    """Colleagues behind the same NAT address are not locked out with the culprit."""
    UserFactory(username="qian.er", roles=[Role.OFFICER])
    for _ in range(5):
        _login(client, "zhao.yi", "wrong-password")
    response = _login(client, "qian.er", PASSWORD)
    assert response.status_code == 302 and _logged_in(client)


def test_success_resets_the_failure_count(client, officer):
    for _ in range(4):
        _login(client, "zhao.yi", "wrong-password")
    _login(client, "zhao.yi", PASSWORD)
    client.post("/logout/")
    for _ in range(4):
        _login(client, "zhao.yi", "wrong-password")
    assert _login(client, "zhao.yi", PASSWORD).status_code == 302
    assert _events("accounts.login.locked_out") == []


@override_settings(ALLOW_SUPERUSER_LOGIN=False)
def test_superuser_cannot_log_in_in_production(client):
    get_user_model().objects.create_superuser("root", password="Root-Pass-2026")
    response = _login(client, "root", "Root-Pass-2026")
    assert response.status_code == 200 and not _logged_in(client)
    [event] = _events("accounts.login.failed")
    assert event.actor_name == "root"


@override_settings(ALLOW_SUPERUSER_LOGIN=False)
def test_superuser_session_is_not_honoured_in_production(client):
    root = get_user_model().objects.create_superuser("root", password="Root-Pass-2026")
    client.force_login(root, backend="core.auth.NoSuperuserBackend")
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@override_settings(ALLOW_SUPERUSER_LOGIN=True)
def test_superuser_can_log_in_when_allowed(client):
    get_user_model().objects.create_superuser("root", password="Root-Pass-2026")
    assert _login(client, "root", "Root-Pass-2026").status_code == 302
    assert _logged_in(client)


def test_inactive_user_cannot_log_in(client, officer):
    officer.is_active = False
    officer.save()
    _login(client, "zhao.yi", PASSWORD)
    assert not _logged_in(client)
