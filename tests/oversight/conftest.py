from __future__ import annotations

from datetime import date

import pytest

from core import clock
from tests.cases.factories import make_world

# A Tuesday in a year chinese-calendar covers (as the cases tests).
START = date(2026, 9, 1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def w(db):
    """The personas of one agency (officers a, b assigned; c; supervisor; legal office)
    and an outsider agency, on START."""
    with clock.travel(START):
        yield make_world()
