"""The hook through which the violation catalogue (in `penalties`, above this app) tells
cases what violations exist.

`penalties` calls `register_provider(provider)` in its AppConfig.ready(). Without a
provider (cases used alone, or in tests of this app) the violation is a free-text code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ViolationInfo:
    code: str
    name: str
    domain_code: str
    safety_related: bool = False  # five-year limitation when harm ensued
    needs_legal_review: bool = False


class ViolationProvider(Protocol):
    def choices(self, agency, domain=None) -> list[tuple[str, str]]: ...

    def get(self, code: str) -> ViolationInfo | None: ...


_provider: ViolationProvider | None = None


def register_provider(provider: ViolationProvider | None) -> None:
    """Install the catalogue (None removes it: tests)."""
    global _provider
    _provider = provider


def provider() -> ViolationProvider | None:
    return _provider


def has_catalogue() -> bool:
    return _provider is not None


def choices(agency, domain=None) -> list[tuple[str, str]]:
    return list(_provider.choices(agency, domain)) if _provider else []


def get(code: str) -> ViolationInfo | None:
    if not code or _provider is None:
        return None
    return _provider.get(code)


__all__ = [
    "ViolationInfo",
    "ViolationProvider",
    "choices",
    "get",
    "has_catalogue",
    "register_provider",
]
