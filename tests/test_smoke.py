"""The shell of the product answers: login page in Chinese, home behind login."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model


@pytest.mark.django_db
def test_login_page_is_chinese(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


@pytest.mark.django_db
def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.django_db
def test_logged_in_user_sees_workspace(client):
    user = get_user_model().objects.create_user("zhang", password="x-Strong-123")
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert "工作台" in response.content.decode()


@pytest.mark.django_db
def test_an_english_browser_still_gets_chinese_until_the_user_chooses(client):
    """Simplified Chinese first: Accept-Language alone does not switch the UI."""
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "登录" in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert "Log in" in response.content.decode()
