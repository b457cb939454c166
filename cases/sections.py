"""Cards that higher apps add to the case page (penalties: proposal, notice and gate,
review, decision, execution). Registered from their AppConfig.ready(); cases never
imports them.

A section is `fn(case, request) -> dict | None` returning
`{"title": str, "template": str, "context": dict, "order": int}`; None hides it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

Section = Callable[[Any, HttpRequest], dict | None]
_sections: list[Section] = []


def register_section(fn: Section) -> Section:
    if fn not in _sections:
        _sections.append(fn)
    return fn


def sections_for(case: Any, request: HttpRequest) -> list[dict]:
    shown = [s for s in (fn(case, request) for fn in _sections) if s]
    return sorted(shown, key=lambda s: s.get("order", 100))
