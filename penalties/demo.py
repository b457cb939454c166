"""Demo data for this app (called by `manage.py load_demo`; idempotent)."""

from __future__ import annotations

from typing import TextIO


def load(*, stdout: TextIO) -> None:
    """Nothing yet."""
