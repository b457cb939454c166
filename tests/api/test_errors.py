"""Bad input never gives a 500: every error is application/problem+json (RFC 9457);
validation errors list each field; NUL bytes are refused; filters, cursors and paths are
checked; a stale edit is a 409."""

from __future__ import annotations

import pytest
from django.test import Client

from cases.models import Case, Party
from tests.api.conftest import problem
from tests.cases.factories import investigating, lead

pytestmark = pytest.mark.django_db


def test_validation_errors_list_each_field(w, api):
    r = api(w.a).post("cases/", {"source": "bogus", "act_date": "not-a-date"})
    body = problem(r)
    assert r.status_code == 400 and body["type"] == "/api/problems/validation-error"
    fields = {e["field"]: e for e in body["errors"]}
    assert {"domain", "source", "title", "act_date"} <= set(fields)
    assert fields["title"]["pointer"] == "#/title" and fields["title"]["code"] == "required"
    assert fields["source"]["detail"] == "“bogus” 不是合法选项。"
    assert not Case.objects.exists()


def test_form_level_checks_come_back_as_field_errors(w, api):
    """The page's form runs after the shape check: a domain outside the agency's."""
    r = api(w.a).post("cases/", {"domain": 999999, "source": "complaint", "title": "案由"})
    body = problem(r)
    assert r.status_code == 400 and [e["field"] for e in body["errors"]] == ["domain"]


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "person", "name": "张\x00三", "id_type": "passport", "id_number": "E1234567"},
        {"kind": "person", "name": "张三", "id_type": "passport", "id_number": "E12\x0034567"},
    ],
)
def test_nul_bytes_are_a_400_not_a_500(w, api, payload):
    r = api(w.a).post("parties/", payload)
    body = problem(r)
    assert r.status_code == 400
    assert any("空字符" in e["detail"] or "Null" in e["detail"] for e in body["errors"])
    assert not Party.objects.filter(id_number__contains="1234567").exists()


def test_nul_bytes_in_queries_and_paths(w, api):
    officer = api(w.a)
    assert officer.get("cases/", {"q": "a\x00b"}).status_code == 400
    assert officer.get("officers/", {"q": "a\x00b"}).status_code == 400
    r = Client().get("/api/public/certificates/ZF%0000001/")
    assert r.status_code == 404


def test_malformed_json_and_wrong_media_type(w, api):
    officer = api(w.a)
    r = officer.client.post(
        "/api/cases/", "{not json", content_type="application/json", **officer.headers
    )
    assert r.status_code == 400 and problem(r)["detail"]
    r = officer.client.post("/api/cases/", "a=b", content_type="text/plain", **officer.headers)
    assert r.status_code == 415 and problem(r)
    r = officer.post("cases/", ["a", "list"])
    assert r.status_code == 400 and problem(r)


def test_case_list_filters_are_validated_like_the_page(w, api):
    case = lead(w)
    officer = api(w.a)
    r = officer.get("cases/", {"state": "nonsense", "filed_from": "2026-13-01"})
    body = problem(r)
    assert r.status_code == 400
    assert {e["field"] for e in body["errors"]} == {"state", "filed_from"}
    assert officer.get("cases/", {"cursor": "%%%"}).status_code == 400
    r = officer.get("cases/", {"state": "lead", "q": case.party_name, "sort": "party"})
    assert [c["id"] for c in r.json()["results"]] == [case.pk]
    assert officer.get("cases/", {"size": 7}).status_code == 400


def test_case_list_pages_by_cursor(w, api):
    cases = [lead(w, title=f"案件{i}") for i in range(3)]
    officer = api(w.a)
    r = officer.get("cases/", {"size": 20, "sort": "id"})
    assert [c["id"] for c in r.json()["results"]] == [c.pk for c in cases]
    assert r.json()["next"] is None
    # Two per page: the page size of the page list is one of 20/50/100/200; parties use
    # DRF's cursor pagination with any size from 1 to 200.
    r = officer.get("parties/", {"size": 2})
    assert len(r.json()["results"]) == 2 and r.json()["next"]
    nxt = officer.client.get(r.json()["next"], **officer.headers)
    assert len(nxt.json()["results"]) == 1
    assert officer.get("parties/", {"cursor": "garbage"}).status_code == 400
    assert officer.get("parties/", {"size": 0}).status_code == 400


def test_stale_version_is_a_409(w, api):
    case = investigating(w)
    r = api(w.a).post(f"cases/{case.pk}/edit/", {"version": case.version - 1, "title": "新案由"})
    body = problem(r)
    assert r.status_code == 409 and body["code"] == "stale"
    r = api(w.a).post(f"cases/{case.pk}/edit/", {"version": case.version, "facts": "补充事实"})
    assert r.status_code == 200 and r.json()["facts"] == "补充事实"
    assert r.json()["title"] == case.title  # partial edit: omitted fields are kept


def test_unknown_paths_and_methods(w, api):
    officer = api(w.a)
    r = officer.get("no-such-thing/")
    assert r.status_code == 404 and problem(r)
    r = officer.client.delete("/api/cases/", **officer.headers)
    assert r.status_code == 405 and problem(r)
    r = officer.get("cases/99999999999999999999/")
    assert r.status_code == 404
