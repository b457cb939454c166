"""Commitments (执法承诺, R-72) and the agency's public settings (legal aid, R-73; complaint
time limit, R-71), edited by the agency administrator; every change audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from core.errors import DomainError, PermissionDenied
from officers.models import Agency
from officers.selectors import is_agency_admin
from portal.models import Commitment, PortalSettings
from portal.services.common import clean_text

SETTINGS_FIELDS = (
    "legal_aid_centre",
    "legal_aid_address",
    "legal_aid_phone",
    "legal_aid_note",
    "complaint_handling_wd",
)
COMMITMENT_FIELDS = ("position", "item", "standard", "metric", "is_active")


def _require_admin(user: Any, agency: Agency | int) -> None:
    if not is_agency_admin(user, agency):
        raise PermissionDenied(_("只有本机关管理员可以修改执法承诺和公开信息"))


def settings_for(agency: Agency | int) -> PortalSettings:
    """The agency's settings row (defaults until saved; not created by reading)."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    found = PortalSettings.objects.filter(agency_id=agency_id).first()
    return found if found is not None else PortalSettings(agency_id=agency_id)


def _values(model, fields: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The given fields among `names`; text stripped, NUL refused with the field's label."""
    out = {}
    for name in names:
        if name not in fields:
            continue
        value = fields[name]
        if isinstance(value, str):
            value = clean_text(value, label=str(model._meta.get_field(name).verbose_name))
        out[name] = value
    return out


@transaction.atomic
def update_settings(agency: Agency, *, by: Any, **fields: Any) -> PortalSettings:
    _require_admin(by, agency)
    values = _values(PortalSettings, fields, SETTINGS_FIELDS)
    wd = values.get("complaint_handling_wd")
    if wd is not None and not 1 <= int(wd) <= 60:
        raise DomainError(_("投诉举报办理期限应在 1 至 60 个工作日之间"))
    ps, _created = PortalSettings.objects.select_for_update().get_or_create(agency=agency)
    before = audit.snapshot(ps, list(values))
    for name, value in values.items():
        setattr(ps, name, value)
    ps.save(update_fields=list(values) or None)
    audit.record(
        "portal.settings.updated", ps, by=by, before=before, after=audit.snapshot(ps, list(values))
    )
    return ps


@transaction.atomic
def save_commitment(
    agency: Agency, *, by: Any, commitment: Commitment | None = None, **fields: Any
) -> Commitment:
    """Add or edit one commitment (item and standard) of the agency (R-72)."""
    _require_admin(by, agency)
    values = _values(Commitment, fields, COMMITMENT_FIELDS)
    if commitment is None:
        row = Commitment(agency=agency)
        before: dict[str, Any] = {}
    else:
        row = Commitment.objects.select_for_update().get(pk=commitment.pk)
        if row.agency_id != agency.pk:
            raise PermissionDenied(_("只能修改本机关的执法承诺"))
        before = audit.snapshot(row, list(COMMITMENT_FIELDS))
    for name, value in values.items():
        setattr(row, name, value)
    if not row.item or not row.standard:  # items and standards
        raise DomainError(_("请填写承诺事项和承诺标准"))
    if row.metric not in Commitment.Metric.values:
        raise DomainError(_("履诺测算方式无效"))
    row.save()
    audit.record(
        "portal.commitment.saved",
        row,
        by=by,
        before=before,
        after=audit.snapshot(row, list(COMMITMENT_FIELDS)),
    )
    return row


@transaction.atomic
def remove_commitment(commitment: Commitment, *, by: Any) -> None:
    row = Commitment.objects.select_for_update().get(pk=commitment.pk)
    _require_admin(by, row.agency_id)
    audit.record(
        "portal.commitment.removed",
        row,
        by=by,
        before=audit.snapshot(row, list(COMMITMENT_FIELDS)),
    )
    row.delete()
