"""API tokens: created by the user on their profile page (secret shown once, only a hash
kept), expiring, revocable, stamped when used; refused for inactive or locked-out
accounts; every creation, revocation and refusal in the audit trail."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api import tokens
from api.models import ApiToken
from audit.models import AuditEvent
from tests.api.conftest import Api, problem, token_for

pytestmark = pytest.mark.django_db


def _rejections(reason: str):
    return AuditEvent.objects.filter(action="api.token.rejected", data__reason=reason)


def test_token_page_shows_the_secret_once_and_stores_only_its_hash(w, settings):
    settings.API_TOKEN_MAX_DAYS = 60
    browser = Client()
    browser.force_login(w.a)
    page = browser.get(reverse("api:tokens"))
    assert page.status_code == 200 and "最长 60 天" in page.content.decode()

    r = browser.post(reverse("api:tokens"), {"name": "移动执法终端", "days": 30})
    assert r.status_code == 201 and r["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=w.a)
    secret = r.context["created"].secret
    assert secret.startswith("enf_") and secret in r.content.decode()
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.name, token.prefix, token.digest} and secret.startswith(
        token.prefix
    )
    assert timedelta(days=29, hours=23) < token.expires_at - token.created_at <= timedelta(days=30)
    event = AuditEvent.objects.get(action="api.token.created")
    assert event.actor == w.a and event.data["prefix"] == token.prefix
    assert secret not in str(event.data)

    # Shown once: the list afterwards carries the prefix only.
    again = browser.get(reverse("api:tokens")).content.decode()
    assert token.prefix in again and secret not in again

    # The token works with the same permissions as the user, and records its last use.
    r = Api(secret).get("cases/")
    assert r.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_token_lifetime_is_capped_by_the_setting(w, settings):
    settings.API_TOKEN_MAX_DAYS = 10
    browser = Client()
    browser.force_login(w.a)
    r = browser.post(reverse("api:tokens"), {"name": "太长", "days": 11})
    assert r.status_code == 200 and not ApiToken.objects.exists()
    assert "10" in str(r.context["form"].errors["days"])


def test_revoked_token_is_refused_and_the_refusal_audited(w):
    secret = token_for(w.a)
    token = ApiToken.objects.get(user=w.a)
    browser = Client()
    browser.force_login(w.a)
    r = browser.post(reverse("api:token_revoke", args=[token.pk]))
    assert r.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api.token.revoked", actor=w.a).exists()

    r = Api(secret).get("cases/")
    body = problem(r)
    assert r.status_code == 401 and body["detail"] == "令牌已撤销"
    assert r["WWW-Authenticate"].startswith("Bearer")
    [event] = _rejections("revoked")
    assert event.data["prefix"] == token.prefix and event.actor_name == w.a.username


def test_only_the_owner_may_revoke_a_token(w):
    token_for(w.a)
    token = ApiToken.objects.get(user=w.a)
    browser = Client()
    browser.force_login(w.b)
    assert browser.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    assert "测试令牌" not in browser.get(reverse("api:tokens")).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None


def test_expired_token_is_refused(w):
    secret = token_for(w.a)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    r = Api(secret).get("cases/")
    assert r.status_code == 401 and problem(r)["detail"] == "令牌已过期"
    assert _rejections("expired").count() == 1


def test_unknown_and_malformed_tokens_are_refused_and_audited(w):
    r = Api("enf_not-a-real-token").get("cases/")
    assert r.status_code == 401 and problem(r)["detail"] == "令牌无效"
    [event] = _rejections("unknown")
    assert event.data["prefix"] == "enf_not-a-re" and event.actor is None
    r = Client().get("/api/cases/", HTTP_AUTHORIZATION="Bearer two parts")
    assert r.status_code == 401 and _rejections("malformed").count() == 1


def test_token_of_an_inactive_user_does_not_work(w):
    secret = token_for(w.a)
    w.a.is_active = False
    w.a.save(update_fields=["is_active"])
    r = Api(secret).get("cases/")
    assert r.status_code == 401 and _rejections("inactive_user").count() == 1


def test_token_of_a_locked_out_user_does_not_work(w):
    """The lockout of the login page (5 failures per username) stops the user's tokens."""
    secret = token_for(w.a)
    assert Api(secret).get("cases/").status_code == 200
    login = Client()
    for _ in range(5):
        login.post(reverse("accounts:login"), {"username": w.a.username, "password": "wrong"})
    r = Api(secret).get("cases/")
    assert r.status_code == 401 and "锁定" in problem(r)["detail"]
    assert _rejections("locked_out").count() == 1


def test_anonymous_calls_get_401_problem(w):
    r = Client().get("/api/cases/")
    body = problem(r)
    assert r.status_code == 401 and body["type"] == "about:blank"
    assert r["WWW-Authenticate"] == 'Bearer realm="api"'


def test_session_login_works_for_the_browser(w):
    browser = Client()
    browser.force_login(w.a)
    assert browser.get("/api/cases/").status_code == 200


def test_token_services_refuse_bad_input(w):
    with pytest.raises(tokens.DomainError):
        tokens.create_token(by=w.a, name="a\x00b", days=1)
    with pytest.raises(tokens.DomainError):
        tokens.create_token(by=w.a, name="ok", days=0)
