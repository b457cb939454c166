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
