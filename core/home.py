"""Registry of home-page panels. Higher apps register; core never imports them.

A panel is a callable `(request) -> dict | None` returning
`{"title": str, "template": str, "context": dict, "order": int}` or None when it has
nothing to show this user.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

Panel = Callable[[HttpRequest], dict | None]
_panels: list[Panel] = []


def register_panel(panel: Panel) -> Panel:
    if panel not in _panels:
        _panels.append(panel)
    return panel


def panels_for(request: HttpRequest) -> list[dict]:
    shown = [p for p in (panel(request) for panel in _panels) if p]
    return sorted(shown, key=lambda p: p.get("order", 100))
