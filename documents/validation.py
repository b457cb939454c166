"""Checks on the data a stage hands over when it issues a document.

The data is normalised to exactly what the JSON snapshot will hold (Decimals and dates
become strings), so that the document rendered now and any later re-rendering print the
same thing. Refusals list every problem at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from core.errors import DomainError, RuleViolation
from documents.amounts import to_decimal
from documents.kinds import DocumentKind, missing_keys

# Where amounts may appear in a data dict; each is checked to be a valid amount.
_AMOUNT_PATHS: tuple[tuple[str, ...], ...] = (
    ("amounts", "*", "value"),
    ("penalties", "*", "amount"),
    ("items", "*", "value"),
    ("amount_due",),
    ("amount_involved",),
    ("goods_value",),
    ("items_value",),
    ("surcharge",),
)


def has_nul(value: Any) -> bool:
    """PostgreSQL refuses NUL characters in text and JSON."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(v) for v in value)
    return False


def _walk(value: Any, path: tuple[str, ...], trail: str = "") -> Iterator[tuple[str, Any]]:
    if not path:
        yield trail, value
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield from _walk(item, rest, f"{trail}[{i}]")
        return
    if isinstance(value, dict) and value.get(head) not in (None, ""):
        yield from _walk(value[head], rest, f"{trail}.{head}" if trail else head)


def normalise(kind: DocumentKind, data: Any) -> dict:
    """The snapshot to store, or a DomainError/RuleViolation naming what is wrong."""
    if not isinstance(data, dict):
        raise DomainError(_("文书数据必须是字典。"))
    if has_nul(data):
        raise DomainError(_("文书数据含有空字符（NUL），无法保存。"))
    try:
        snapshot = json.loads(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False))
    except (TypeError, ValueError) as exc:
        raise DomainError(_("文书数据含有无法保存的值：%(error)s") % {"error": exc}) from exc

    missing = missing_keys(kind, snapshot)
    if missing:
        message = _("%(title)s缺少必填内容：%(keys)s") % {
            "title": kind.title,
            "keys": "、".join(missing),
        }
        if kind.content_rule:
            raise RuleViolation(kind.content_rule, message)  # prescribed content
        raise DomainError(message)

    if kind.lists_officers:
        check_officers(kind, snapshot.get("officers"))

    bad = []
    for path in _AMOUNT_PATHS:
        for trail, value in _walk(snapshot, path):
            try:
                to_decimal(value)
            except ValueError:
                bad.append(trail)
    if bad:
        raise DomainError(_("金额格式不正确：%(keys)s") % {"keys": "、".join(bad)})
    return snapshot


def check_officers(kind: DocumentKind, officers: Any) -> None:
    """R-02: records and served documents list each officer's name and certificate number."""
    if not isinstance(officers, list) or not officers:
        raise RuleViolation(
            "R-02", _("%(title)s须列明执法人员及其执法证号。") % {"title": kind.title}
        )
    problems = []
    for i, officer in enumerate(officers, start=1):
        if not isinstance(officer, dict) or not str(officer.get("name") or "").strip():
            problems.append(_("第%(n)d名执法人员缺少姓名") % {"n": i})
        elif not str(officer.get("certificate_number") or "").strip():
            problems.append(_("%(name)s缺少执法证号") % {"name": officer["name"]})
    if problems:
        raise RuleViolation(
            "R-02",
            _("%(title)s须列明执法人员姓名及执法证号：%(problems)s")
            % {
                "title": kind.title,
                "problems": "；".join(problems),
            },
        )
