"""Who may open which officers page: a role × URL matrix. Another agency's officers,
certificates, faults, powers and delegations are 404 for everyone outside it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.officers.factories import World

pytestmark = pytest.mark.django_db

# persona order matters only for POSTs: the one persona that may change things goes last
PERSONAS = ["anon", "off_b", "admin_b", "off_a2", "off_a", "sup_a", "legal_a", "admin_a"]

# url name, args (attribute names of World), method, {persona: expected status}; missing → 404
A, L, S, SELF = "admin_a", "legal_a", "sup_a", "off_a"
MATRIX = [
    ("officers:officer_detail", ["off_a"], "get", {A: 200, L: 200, S: 200, SELF: 200}),
    ("officers:officer_edit", ["off_a"], "get", {A: 200}),
    ("officers:officer_edit", ["off_a"], "post", {A: 200}),  # empty form → errors, nothing changed
    ("officers:officer_roles", ["off_a"], "get", {A: 200}),
    ("officers:officer_status", ["off_a"], "post", {A: 302, S: 302}),
    ("officers:clear_review_flag", ["off_a"], "post", {A: 302, L: 302}),
    ("officers:reveal_id_number", ["off_a"], "post", {A: 200, SELF: 200}),
    ("officers:certificate_issue", ["off_a"], "get", {A: 200}),
    ("officers:exam_create", ["off_a"], "get", {A: 200}),
    ("officers:training_create", ["off_a"], "get", {A: 200}),
    ("officers:fault_create", ["off_a"], "get", {A: 200, L: 200}),
    ("officers:certificate_action", ["cert_a", "review"], "get", {A: 200}),
    ("officers:certificate_action", ["cert_a", "suspend"], "post", {A: 200}),
    ("officers:fault_edit", ["fault_a"], "get", {A: 200, L: 200}),
    ("officers:power_edit", ["power_a"], "get", {A: 200}),
    ("officers:power_delete", ["power_a"], "post", {A: 302}),
    ("officers:delegation_edit", ["delegation_a"], "get", {A: 200}),
    ("officers:delegation_delete", ["delegation_a"], "post", {A: 302}),
    # agency-level pages: each agency's own; officers never
    ("officers:officer_list", [], "get", {A: 200, L: 200, S: 200, "admin_b": 200}),
    ("officers:my_file", [], "get", {p: 200 for p in PERSONAS if p != "anon"}),
    ("officers:officer_create", [], "get", {A: 200, "admin_b": 200}),
    ("officers:agency_settings", [], "get", {A: 200, "admin_b": 200}),
    ("officers:power_list", [], "get", {A: 200, L: 200, S: 200, "admin_b": 200}),
    ("officers:power_create", [], "get", {A: 200, "admin_b": 200}),
    ("officers:delegation_create", [], "get", {A: 200, "admin_b": 200}),
    ("officers:roster_import", [], "get", {A: 200, "admin_b": 200}),
    ("officers:roster_export", [], "get", {A: 200, "admin_b": 200}),
]


def _arg(world, name):
    value = getattr(world, name, name)
    return getattr(value, "pk", value)


@pytest.mark.parametrize(
    ("name", "args", "method", "expected"), MATRIX, ids=[f"{m[0]}-{m[2]}" for m in MATRIX]
)
def test_role_url_matrix_outsiders_get_404(client, name, args, method, expected):
    world = World()
    url = reverse(name, args=[_arg(world, a) for a in args])
    for persona in PERSONAS:
        client.logout()
        if persona != "anon":
            client.force_login(getattr(world, persona).user)
        response = getattr(client, method)(url)
        if persona == "anon":
            assert response.status_code == 302 and "/login/" in response["Location"], url
            continue
        want = expected.get(persona, 404)
        assert response.status_code == want, (
            f"{persona} {method.upper()} {url}: {response.status_code} != {want}"
        )


def test_other_agency_admin_cannot_change_officer(client):
    world = World()
    client.force_login(world.admin_b.user)
    before = AuditEvent.objects.count()
    url = reverse("officers:officer_status", args=[world.off_a.pk])
    assert client.post(url, {"status": "suspended", "reason": "越权"}).status_code == 404
    url = reverse("officers:certificate_action", args=[world.cert_a.pk, "revoke"])
    assert client.post(url, {"reason": "越权"}).status_code == 404
    world.off_a.refresh_from_db()
    world.cert_a.refresh_from_db()
    assert world.off_a.status == "on_post" and world.cert_a.state == "valid"
    assert AuditEvent.objects.count() == before


def test_other_agency_officers_not_in_list(client):
    world = World()
    client.force_login(world.admin_b.user)
    body = client.get(reverse("officers:officer_list")).content.decode()
    assert world.off_b.name in body and world.off_a.name not in body


def test_unknown_certificate_action_is_404(client):
    world = World()
    client.force_login(world.admin_a.user)
    assert (
        client.get(
            reverse("officers:certificate_action", args=[world.cert_a.pk, "destroy"])
        ).status_code
        == 404
    )
