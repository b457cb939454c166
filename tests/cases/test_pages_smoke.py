from __future__ import annotations

import pytest
from django.urls import reverse

from cases.states import State
from tests.cases.factories import in_state, make_world


@pytest.mark.django_db
def test_pages_render_for_supervisor(client):
    w = make_world()
    case = in_state(w, State.INVESTIGATING)
    client.force_login(w.supervisor)
    for url in [
        reverse("cases:case_list"),
        reverse("cases:lead_list"),
        reverse("cases:party_list"),
        reverse("cases:case_detail", args=[case.pk]),
        reverse("cases:case_edit", args=[case.pk]),
        reverse("core:home"),
    ]:
        r = client.get(url)
        assert r.status_code == 200, url
    from cases.actions import ACTIONS

    for a in ACTIONS:
        r = client.get(reverse("cases:case_action", args=[case.pk, a.code]))
        assert r.status_code == 200, a.code
