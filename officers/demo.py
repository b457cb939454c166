"""Demo agencies and officers (called by `manage.py load_demo`; idempotent)."""

from __future__ import annotations

from typing import TextIO

DEMO_PASSWORD = "demo-Pass-2026"


def load(*, stdout: TextIO) -> None:
    """Filled in by the officers issue."""


def print_logins(*, stdout: TextIO) -> None:
    stdout.write("Demo logins: (none yet)\n")
