"""On SQLite there are no triggers: nothing is recorded, and the page says so."""

from __future__ import annotations

import pytest
from django.db import connection

from oversight import scan

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite behaviour")
def test_sqlite_records_nothing_and_says_so(client, w):
    assert scan.scan() is None
    client.force_login(w.legal)
    body = client.get("/oversight/outside-changes/").content.decode()
    assert "仅在 PostgreSQL 数据库上记录" in body
