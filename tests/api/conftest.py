"""API test set-up: the cases personas (tests.cases.factories) with the violation in the
catalogue, a throw-away MEDIA_ROOT, and `api(user)`: a client calling /api/ with the
user's own bearer token (or anonymously)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from api import tokens
from core import clock
from tests.cases.factories import VIOLATION, make_world
from tests.factories import DomainFactory
from tests.penalties.factories import ViolationVersionFactory

START = date(2026, 9, 1)  # a Tuesday the working-day calendar covers


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def catalogue() -> None:
    """FOOD-001 in the violation catalogue (food-safety domain), as penalties registers it."""
    ViolationVersionFactory(violation__code=VIOLATION, violation__domain=DomainFactory())


@pytest.fixture
def w(db):
    with clock.travel(START):
        catalogue()
        yield make_world()


class Api:
    """Thin JSON client: `api.get(path)`, `api.post(path, data)`; `path` is under /api/."""

    def __init__(self, secret: str | None = None, client: Client | None = None) -> None:
        self.client = client or Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}

    def url(self, path: str) -> str:
        return path if path.startswith("/") else f"/api/{path}"

    def get(self, path: str, params: dict | None = None, **extra: Any):
        return self.client.get(self.url(path), params or {}, **self.headers, **extra)

    def post(self, path: str, data: Any = None, **extra: Any):
        return self.client.post(
            self.url(path),
            json.dumps({} if data is None else data, ensure_ascii=False),
            content_type="application/json",
            **self.headers,
            **extra,
        )

    def upload(self, path: str, data: dict, **extra: Any):
        return self.client.post(self.url(path), data, **self.headers, **extra)


def token_for(user, *, days: int = 30) -> str:
    return tokens.create_token(by=user, name="测试令牌", days=days).secret


@pytest.fixture
def api():
    def make(user=None) -> Api:
        return Api(token_for(user) if user is not None else None)

    return make


def problem(response) -> dict:
    """The problem+json body of an error response (asserting its media type)."""
    assert response["Content-Type"].startswith("application/problem+json"), response.content
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == response.status_code
    return body
