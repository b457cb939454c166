"""Rendering of the engine's explanations.

The engine stores only a message code and its parameters (`RuleHit`); the text is rendered
with `gettext` when someone reads it. Rendering eagerly would cost ~7 µs per message
(Django's translation lookup) and the engine must produce 10,000 recommendations a second.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from enum import Enum

from django.utils.translation import gettext

from .messages import MESSAGES


class Times:
    """A multiple as a message parameter, shown without trailing zeros (15.0000 → 15)."""

    __slots__ = ("value",)

    def __init__(self, value: Decimal) -> None:
        self.value = value

    def __str__(self) -> str:
        return format_multiple(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Times) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return f"Times({self.value!r})"


def format_money(value: Decimal) -> str:
    """`Decimal('10000')` → `'10,000.00'` (figures as on the documents)."""
    return f"{value:,.2f}"


def format_multiple(value: Decimal) -> str:
    """`Decimal('19.5000')` → `'19.5'`."""
    text = format(value.normalize(), "f")
    return text


def render_value(value: object) -> str:
    """One parameter as the reader sees it: amounts with separators, enums by label."""
    if isinstance(value, Decimal):
        return format_money(value)
    if isinstance(value, Enum):
        label = getattr(value, "label", None)
        return str(label) if label is not None else str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list, frozenset, set)):
        return "、".join(render_value(v) for v in _ordered(value))
    return str(value)


def _ordered(values: Iterable[object]) -> list[object]:
    items = list(values)
    if items and all(isinstance(v, Enum) for v in items):
        return sorted(items, key=lambda v: getattr(v, "rank", 0) * 100 + _enum_index(v))
    return items


def _enum_index(member: Enum) -> int:
    return list(type(member)).index(member)


def render(code: str, params: tuple[tuple[str, object], ...]) -> str:
    """Translate the template of `code` and fill in its parameters."""
    template = gettext(MESSAGES[code].template)
    mapping = {key: render_value(value) for key, value in params}
    return template % mapping


def article(code: str) -> str:
    return gettext(MESSAGES[code].article)
