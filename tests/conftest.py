"""Shared test set-up: real services when present, visible skips when absent, failures
when CI requires them (REQUIRE_POSTGRES / REQUIRE_REDIS / REQUIRE_BROWSER)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.utils import translation

from core import clock
from core.roles import ensure_groups


def _required(flag: str) -> bool:
    return os.environ.get(flag, "").lower() in {"1", "true", "yes", "on"}


@receiver(connection_created)
def _allow_audit_flush(sender, connection, **kwargs) -> None:
    """Throw-away test databases may be truncated between tests (audit migration 0002)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET enforcement.audit_truncate_allowed = 'on'")


def postgres_available() -> bool:
    return connection.vendor == "postgresql"


def redis_url() -> str | None:
    return os.environ.get("REDIS_URL") or None


def redis_available() -> bool:
    url = redis_url()
    if not url:
        return False
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:
        return False


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def _skip_or_fail(item: pytest.Item, flag: str, reason: str) -> None:
    if _required(flag):
        pytest.fail(f"{reason} but {flag} is set", pytrace=False)
    pytest.skip(reason)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres") and not postgres_available():
        _skip_or_fail(item, "REQUIRE_POSTGRES", "needs PostgreSQL (set DATABASE_URL=postgres://…)")
    if item.get_closest_marker("redis") and not redis_available():
        _skip_or_fail(item, "REQUIRE_REDIS", "needs Redis (set REDIS_URL=redis://…)")
    if item.get_closest_marker("browser") and not chromium_path():
        _skip_or_fail(item, "REQUIRE_BROWSER", "needs Chromium (/usr/bin/chromium)")


def pytest_report_header(config) -> list[str]:
    return [
        f"database: {connection.vendor}; redis: {'yes' if redis_url() else 'no'}; "
        f"chromium: {chromium_path() or 'no'}",
    ]


@pytest.fixture(autouse=True)
def _reset_clock() -> Iterator[None]:
    """Every test starts on real time and in Chinese: tests move the clock with
    `clock.travel`, and a test client request in English must not leave the test thread
    translating into English for the tests that follow."""
    clock.reset()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    clock.reset()
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def roles(db) -> dict:
    """The role groups (data migrations' rows are gone after a transactional test)."""
    return ensure_groups()
