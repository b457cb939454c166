from __future__ import annotations

from datetime import date

import pytest

from core import clock
from tests.cases.factories import make_world

# A Tuesday in a year chinese-calendar covers; tests move from here.
START = date(2026, 9, 1)


@pytest.fixture
def w(db):
    """The personas of one agency (officers a, b assigned; c not; supervisor; legal
    office) and an outsider agency, on START."""
    with clock.travel(START):
        yield make_world()
