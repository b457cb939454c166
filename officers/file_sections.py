"""Registry of extra sections on the officer file (执法档案, R-64).

Cases and scores live above this app; `cases` (and later assessment) register a section
in their AppConfig.ready(), so the file shows them without this app importing upward.
A section is a callable `(request, officer) -> dict | None` returning
`{"title": str, "template": str, "context": dict, "order": int}`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from officers.models import Officer

FileSection = Callable[[HttpRequest, Officer], dict | None]
_sections: list[FileSection] = []


def register_file_section(section: FileSection) -> FileSection:
    if section not in _sections:
        _sections.append(section)
    return section


def sections_for(request: HttpRequest, officer: Officer) -> list[dict]:
    shown = [s for s in (section(request, officer) for section in _sections) if s]
    return sorted(shown, key=lambda s: s.get("order", 100))
