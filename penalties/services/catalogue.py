"""Writes to the violation catalogue: provisions, violation types and their versions.

The catalogue is maintained centrally (demo loader, Django admin for developers, later a
legal-office page). A revision of the law never edits a version: `add_violation_version`
starts a new one and ends the previous one the day before (R-18 needs both).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record
from core.errors import DomainError
from officers.models import EnforcementDomain
from penalties.models import Provision, ViolationType, ViolationVersion

VERSION_FIELDS = (
    "valid_from",
    "valid_to",
    "description",
    "violated_provision",
    "penalty_provision",
    "supplementary_provision",
    "penalty_types",
    "fine_basis",
    "mandatory_types",
    "fine_condition",
    "fine_min",
    "fine_max",
    "multiple_min",
    "multiple_max",
    "alternative_condition",
    "base_threshold",
    "needs_legal_review",
    "safety_related",
    "notes",
)


def provision(
    *,
    law_name: str,
    article: int,
    text: str,
    law_version: str = "",
    paragraph: int = 0,
    item: int = 0,
) -> Provision:
    """Find or create a provision by its citation; the text of an existing row is kept
    (a changed text belongs to another `law_version`)."""
    obj, _created = Provision.objects.get_or_create(
        law_name=law_name,
        law_version=law_version,
        article=article,
        paragraph=paragraph,
        item=item,
        defaults={"text": text},
    )
    return obj


@transaction.atomic
def create_violation_type(
    *,
    code: str,
    name: str,
    domain: EnforcementDomain,
    by: Any = None,
    actor_name: str | None = None,
) -> ViolationType:
    if ViolationType.objects.filter(code=code).exists():
        raise DomainError(_("违法行为代码“%(code)s”已存在") % {"code": code})
    vt = ViolationType.objects.create(code=code, name=name, domain=domain)
    record(
        "penalties.violation.created",
        vt,
        by=by,
        actor_name=actor_name,
        after={"code": code, "name": name, "domain": domain.code},
    )
    return vt


@transaction.atomic
def add_violation_version(
    *, violation: ViolationType, by: Any = None, actor_name: str | None = None, **fields: Any
) -> ViolationVersion:
    """Add the wording of the law from `valid_from` on (R-18).

    The version open at that date is ended the day before; a version may not start on or
    before the start of the latest one (history is appended, never rewritten).
    """
    unknown = set(fields) - set(VERSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    valid_from: date = fields["valid_from"]
    ViolationType.objects.select_for_update().get(pk=violation.pk)
    latest = violation.versions.order_by("-valid_from").first()
    if latest is not None and valid_from <= latest.valid_from:
        raise DomainError(
            _("新版本施行日期 %(new)s 须晚于现有版本的施行日期 %(old)s")
            % {"new": valid_from.isoformat(), "old": latest.valid_from.isoformat()}
        )
    for key in ("fine_min", "fine_max", "multiple_min", "multiple_max", "base_threshold"):
        if fields.get(key) is not None:
            fields[key] = Decimal(str(fields[key]))
    version = ViolationVersion(violation=violation, **fields)
    version.full_clean(exclude=["violation"])
    if latest is not None and (latest.valid_to is None or latest.valid_to >= valid_from):
        latest.valid_to = valid_from - timedelta(days=1)
        latest.save(update_fields=["valid_to"])
    version.save()
    record(
        "penalties.violation.version_added",
        version,
        by=by,
        actor_name=actor_name,
        data={"code": violation.code, "valid_from": valid_from.isoformat()},
    )
    return version
