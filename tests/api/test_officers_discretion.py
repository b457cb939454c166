"""Agencies, officers and certificates (read, scoped), the public certificate check (only
public fields), and the discretion recommendation (the engine on the agency's inputs)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from audit.models import AuditEvent
from officers.models import Certificate
from tests.api.conftest import problem
from tests.cases.factories import VIOLATION

pytestmark = pytest.mark.django_db

PUBLIC_FIELDS = {
    "name",
    "number",
    "domains",
    "state",
    "state_label",
    "valid_from",
    "valid_until",
    "is_valid",
}


@pytest.fixture
def fresh_cache():
    cache.clear()  # the per-IP limit of the public check lives in the cache
    yield
    cache.clear()


def test_public_certificate_check_returns_only_public_fields(w, fresh_cache):
    cert = w.a.officer.certificates.get()
    r = Client().get(f"/api/public/certificates/{cert.number}/")
    assert r.status_code == 200
    body = r.json()
    assert set(body) == PUBLIC_FIELDS
    assert body["name"] == w.a.officer.name and body["domains"] == ["食品安全"]
    assert body["is_valid"] is True and body["state"] == "valid"
    cert.state = Certificate.State.SUSPENDED
    cert.save(update_fields=["state"])
    body = Client().get(f"/api/public/certificates/{cert.number}/").json()
    assert body["is_valid"] is False and body["state_label"] == "暂扣"
    r = Client().get("/api/public/certificates/NO-SUCH-NUMBER/")
    assert r.status_code == 404 and problem(r)
    # A bad token does not matter on the public check (it needs none).
    r = Client().get(
        f"/api/public/certificates/{cert.number}/", HTTP_AUTHORIZATION="Bearer nonsense"
    )
    assert r.status_code == 200


def test_public_certificate_check_is_rate_limited_per_ip(w, fresh_cache, settings):
    """The public disclosure's own limit (portal.ratelimit, scope certificate_check)."""
    settings.PORTAL_RATE_LIMITS = {"certificate_check": (2, 60)}
    number = w.a.officer.certificates.get().number
    client = Client()
    assert [client.get(f"/api/public/certificates/{number}/").status_code for _ in range(2)] == [
        200,
        200,
    ]
    r = client.get(f"/api/public/certificates/{number}/")
    assert r.status_code == 429 and problem(r) and r["Retry-After"] == "60"


def test_officer_file_scope_and_qualification(w, api):
    supervisor = api(w.supervisor)
    officers = supervisor.get("officers/").json()["results"]
    assert {o["id"] for o in officers} >= {w.a.officer.pk, w.b.officer.pk}
    assert w.outsider.officer.pk not in {o["id"] for o in officers}
    me = api(w.a).get(f"officers/{w.a.officer.pk}/").json()
    assert me["qualification"] == {"ok": True, "reasons": []}
    assert me["certificates"][0]["number"] == w.a.officer.certificates.get().number
    assert api(w.a).get(f"officers/{w.b.officer.pk}/").status_code == 404
    assert supervisor.get("officers/", {"status": "bogus"}).status_code == 400
    certs = supervisor.get("certificates/").json()["results"]
    assert w.outsider.officer.certificates.get().pk not in {c["id"] for c in certs}


def test_discretion_recommendation(w, api):
    officer = api(w.a)
    facts = {"party_kind": "person", "minor": True, "harm": "small", "first_offence": True}
    r = officer.post(
        "discretion/recommendation/",
        {"violation_code": VIOLATION, "act_date": "2026-08-01", "facts": facts},
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["outcome"]["code"] == "warning" and body["first_minor_offence"] is True
    assert "R-13" in body["rules"]
    assert body["benchmark_is_default"] is True
    assert AuditEvent.objects.filter(action__startswith="penalties.").count() == 0  # a read

    r = officer.post(
        "discretion/recommendation/",
        {
            "violation_code": VIOLATION,
            "act_date": "2026-08-01",
            "facts": {"party_kind": "organisation", "harm": "serious", "goods_value": "1000"},
        },
    )
    assert r.status_code == 200
    fine = r.json()["fine_range"]
    assert fine is not None and float(fine["high"]) <= 50000  # never above the maximum

    r = officer.post(
        "discretion/recommendation/",
        {"violation_code": "NOPE", "act_date": "2026-08-01", "facts": {}},
    )
    assert r.status_code == 400 and problem(r)["errors"][0]["field"] == "violation_code"
    r = officer.post(
        "discretion/recommendation/",
        {
            "violation_code": VIOLATION,
            "act_date": "2026-08-01",
            "decision_date": "2026-07-01",
            "facts": {"age": 200},
        },
    )
    fields = {e["field"] for e in problem(r)["errors"]}
    assert r.status_code == 400 and {"facts.age"} <= fields
    r = officer.post(
        "discretion/recommendation/",
        {"violation_code": VIOLATION, "act_date": "2020-01-01", "facts": {}},
    )
    assert r.status_code == 422 and problem(r)["rule"] == "R-18"
