"""Filters for printed documents: amounts in capitals, Chinese dates.

The data snapshot comes back from JSON, so amounts and dates arrive as strings; the
filters accept those as well as Decimal/date values and print anything else unchanged.
"""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone

from documents.amounts import amount_both, amount_in_capitals, amount_in_figures

register = template.Library()


def _safe(fn, value):
    if value in (None, ""):
        return ""
    try:
        return fn(value)
    except ValueError:
        return str(value)


@register.filter
def money(value) -> str:
    """`人民币伍佰元整（500.00元）`."""
    return _safe(amount_both, value)


@register.filter
def capitals(value) -> str:
    return _safe(amount_in_capitals, value)


@register.filter
def figures(value) -> str:
    return _safe(amount_in_figures, value)


def _parse(value) -> date | datetime | None:
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for parse in (datetime.fromisoformat, date.fromisoformat):
            try:
                parsed = parse(text)
            except ValueError:
                continue
            if isinstance(parsed, datetime) and len(text) <= 10:
                return parsed.date()
            return parsed
    return None


@register.filter
def cn_date(value) -> str:
    """`2026-12-04` → `2026年12月4日`; text that is not a date is printed as given."""
    parsed = _parse(value)
    if parsed is None:
        return "" if value is None else str(value)
    if isinstance(parsed, datetime):
        if timezone.is_aware(parsed):
            parsed = timezone.localtime(parsed)
        parsed = parsed.date()
    return f"{parsed.year}年{parsed.month}月{parsed.day}日"


@register.filter
def cn_datetime(value) -> str:
    """`2026-12-04T09:30` → `2026年12月4日9时30分`; a plain date as cn_date."""
    parsed = _parse(value)
    if not isinstance(parsed, datetime):
        return cn_date(value)
    if timezone.is_aware(parsed):
        parsed = timezone.localtime(parsed)
    return f"{parsed.year}年{parsed.month}月{parsed.day}日{parsed.hour}时{parsed.minute:02d}分"


@register.filter
def as_list(value) -> list:
    """A list stays a list; a string becomes a one-item list (for flexible data)."""
    if value in (None, ""):
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


@register.filter
def paras(value) -> list[str]:
    """Paragraphs of a text (split on line breaks) or of a list of texts."""
    if value in (None, ""):
        return []
    items = value if isinstance(value, list | tuple) else [value]
    out: list[str] = []
    for item in items:
        out.extend(line.strip() for line in str(item).splitlines() if line.strip())
    return out
