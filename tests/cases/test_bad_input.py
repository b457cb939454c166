"""Bad input on every action of the case page: a translated error, nothing changed,
never a 500 (empty posts, garbage values, NUL bytes, ids of other agencies' objects)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases import actions
from cases.models import Case
from cases.states import State
from tests.cases.factories import in_state

pytestmark = pytest.mark.django_db

GARBAGE = {
    "reasons": "\x00",
    "decision": "maybe",
    "officer": "999999",
    "replacement": "abc",
    "kind": "x",
    "to_agency": "-1",
    "transfer": "0",
    "receipt_on": "2026-02-30",
    "recusal": "1e9",
    "ground": "none",
    "type": "hearsay",
    "collected_on": "yesterday",
    "collectors": ["x"],
    "preservation": "[]",
    "disposal": "burn",
    "held_on": "",
    "officers": ["1", "x"],
    "signature": "maybe",
    "qa": "答：先答后问",
    "start": "2026-99-01",
    "end": "x",
    "period": "7",
    "summary": "\x00",
    "field": "state",
    "new_value": "closed",
    "id_number": "\x00",
    "birth_date": "1900-00-00",
    "note": "\x00",
}


@pytest.mark.parametrize("state", [State.INVESTIGATING, State.CLOSED])
def test_every_action_survives_empty_and_garbage_posts(client, w, state):
    case = in_state(w, state)
    version = Case.objects.get(pk=case.pk).version
    client.force_login(w.supervisor)
    for action in actions.OWN_ACTIONS:  # actions higher apps register are theirs to test
        url = reverse("cases:case_action", args=[case.pk, action.code])
        for data in ({}, GARBAGE, {"decision": "approve", "note": "同意"}):
            r = client.post(url, data)
            assert r.status_code == 200, (action.code, data is GARBAGE, r.status_code)
    assert Case.objects.get(pk=case.pk).version == version


def test_unknown_action_and_bad_ids_are_404(client, w):
    case = in_state(w, State.LEAD)
    client.force_login(w.supervisor)
    assert client.get(f"/cases/{case.pk}/act/nonsense/").status_code == 404
    assert client.get("/cases/999999/").status_code == 404
    assert client.get(f"/cases/{case.pk}/evidence/999/").status_code == 404
    assert client.get(f"/cases/{case.pk}/records/999/").status_code == 404
    assert client.get("/cases/parties/999999/").status_code == 404
