from __future__ import annotations

import pytest

from cases.states import State
from tests.cases.factories import in_state, make_world


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state",
    [
        State.LEAD,
        State.FILING_REVIEW,
        State.NOT_FILED,
        State.FILED,
        State.INVESTIGATING,
        State.INVESTIGATION_CLOSED,
        State.SUSPENDED,
        State.TERMINATED,
        State.TRANSFERRED,
        State.CLOSED,
    ],
)
def test_each_state_reachable(state):
    w = make_world()
    case = in_state(w, state)
    assert case.state == state
