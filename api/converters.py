"""Path converters: ids are at most 18 digits, so a longer number in a URL is simply an
unknown path (404) instead of an integer the database cannot compare (BIGINT overflow)."""

from __future__ import annotations

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def register() -> None:
    register_converter(IdConverter, "id")
