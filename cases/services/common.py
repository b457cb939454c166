"""Helpers every service of this app uses: lock the row, check who may write, bump the
version, and the text checks that keep NUL bytes and blanks out of the database."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from cases import guards
from cases.models import Case, officer_of
from core.errors import DomainError, PermissionDenied
from officers.models import Officer


def lock(case: Case | int) -> Case:
    """The case row, locked until the end of the transaction (DESIGN.md step 1).

    Only the case row: `of=("self",)` keeps PostgreSQL from also locking the joined agency
    and domain rows, which would queue every case write of an agency behind each other.
    """
    pk = case if isinstance(case, int) else case.pk
    query = Case.objects.select_for_update(of=("self",)).select_related("agency", "domain")
    return query.get(pk=pk)


def check_version(case: Case, expected: int | None) -> None:
    """Optimistic check for edits made from a form: refuse a stale form instead of
    silently overwriting another officer's change."""
    if expected is not None and int(expected) != case.version:
        raise DomainError(
            _("案件已被他人修改（当前版本 %(v)s），请刷新页面后重新填写") % {"v": case.version},
            code="stale",
        )


def save(obj: models.Model, fields: list[str]) -> None:
    """Save with update_fields; a Case also gets its version bumped."""
    if isinstance(obj, Case):
        obj.version += 1
        fields = [*fields, "version"]
    obj.save(update_fields=list(dict.fromkeys(fields)))


def acting_officer(user: Any) -> Officer:
    officer = officer_of(user)
    if officer is None:
        raise PermissionDenied(_("当前账号未关联执法人员档案，不能办理案件"))
    return officer


def ensure_can_change(case: Case, by: Any) -> None:
    guards.may_change(case, by).raise_if_refused()


def clean_text(value: Any, *, required: bool = False, label: str = "") -> str:
    """Strip a text value; refuse NUL bytes (PostgreSQL rejects them) and blanks."""
    text = "" if value is None else str(value)
    if "\x00" in text:
        raise DomainError(_("%(label)s含有非法字符（空字符）") % {"label": label or _("输入")})
    text = text.strip()
    if required and not text:
        raise DomainError(_("请填写%(label)s") % {"label": label})
    return text
