"""Helpers shared by the officers services: who acts, may they, date arithmetic."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from core.errors import DomainError, PermissionDenied
from core.roles import Role, has_role
from officers.models import Agency
from officers.selectors import user_agency


def actor_label(by: Any, actor_name: str | None = None) -> str:
    """The name kept on history rows (certificate events, records): the person, or the task."""
    if actor_name:
        return actor_name[:150]
    if by is None:
        return "system"
    return (by.get_full_name() or by.get_username())[:150]


def authorise(by: Any, agency: Agency | int, *roles: str) -> None:
    """The acting user must hold one of `roles` in `agency`.

    `by=None` is the system itself (Celery tasks, demo loader, management commands), which
    always passes; every view passes the request's user.
    """
    if by is None:
        return
    agency_id = agency if isinstance(agency, int) else agency.pk
    own = user_agency(by)
    if own is None or own.pk != agency_id or not has_role(by, *(roles or (Role.AGENCY_ADMIN,))):
        raise PermissionDenied(_("无权对该机关的执法人员或设置进行此项操作。"))


def add_months(day: date, months: int) -> date:
    """Same day `months` later (end of month when the day does not exist: 31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def clean_text(value: str | None, label: str) -> str:
    """Strip text and refuse NUL bytes (PostgreSQL refuses them; so do we, clearly)."""
    text = (value or "").strip()
    if "\x00" in text:
        raise DomainError(_("“%(f)s”含有非法字符。") % {"f": label})
    return text


def full_clean_or_raise(obj: models.Model, exclude: list[str] | None = None) -> None:
    """Model validation turned into one translated DomainError listing every problem."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=True)
    except ValidationError as exc:
        raise DomainError(validation_message(exc, obj)) from None


def validation_message(exc: ValidationError, obj: models.Model | None = None) -> str:
    if hasattr(exc, "error_dict"):
        parts = []
        for field, errors in exc.error_dict.items():
            label = field
            if obj is not None and field != "__all__":
                try:
                    label = str(obj._meta.get_field(field).verbose_name)
                except Exception:
                    label = field
            for error in errors:
                text = " ".join(error.messages)
                parts.append(text if field == "__all__" else f"{label}：{text}")
        return "；".join(parts)
    return "；".join(exc.messages)
