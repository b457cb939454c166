"""Agencies (执法主体), their rule settings, powers lists (权责清单) and delegations (委托).

Every write is one function, atomic, and records its audit event in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record, snapshot
from core.errors import DomainError, PermissionDenied
from core.roles import Role, has_role
from officers.models import Agency, AgencySettings, Delegation, EnforcementDomain, Power
from officers.services._common import authorise, clean_text, full_clean_or_raise

AGENCY_FIELDS = (
    "name",
    "short_name",
    "credit_code",
    "kind",
    "region",
    "parent",
    "doc_prefix",
    "address",
    "hotline",
    "is_active",
)
SETTINGS_FIELDS = (
    "lead_verification_wd",
    "lead_extension_wd",
    "first_offence_lookback_years",
    "statement_period_wd",
    "hearing_threshold_person",
    "hearing_threshold_org",
    "decision_time_limit_cd",
    "decision_extension_cd",
    "deadline_reminder_days",
    "publication_deadline_wd",
    "publish_warnings",
    "officers_see_assigned_only",
)
POWER_FIELDS = ("domain", "violation_code", "legal_basis", "valid_from", "valid_to")
DELEGATION_FIELDS = ("principal", "delegate", "scope", "valid_from", "valid_to", "document_number")


def _system(by: Any) -> None:
    """Creating agencies is the system administrator's work (or the system's)."""
    if by is not None and not has_role(by, Role.SYSTEM_ADMIN):
        raise PermissionDenied(_("只有系统管理员可以新建执法主体。"))


@transaction.atomic
def create_agency(
    *,
    by: Any,
    name: str,
    credit_code: str,
    doc_prefix: str,
    kind: str = Agency.Kind.STATUTORY,
    short_name: str = "",
    region: str = "",
    parent: Agency | None = None,
    address: str = "",
    hotline: str = "",
    domains: Iterable[EnforcementDomain] = (),
) -> Agency:
    _system(by)
    agency = Agency(
        name=clean_text(name, _("名称")),
        credit_code=clean_text(credit_code, _("统一社会信用代码")).upper(),
        doc_prefix=clean_text(doc_prefix, _("文书代字")),
        kind=kind,
        short_name=clean_text(short_name, _("简称")),
        region=clean_text(region, _("行政区划")),
        parent=parent,
        address=clean_text(address, _("地址")),
        hotline=clean_text(hotline, _("监督电话")),
    )
    full_clean_or_raise(agency)
    agency.save()
    agency.domains.set(list(domains))
    AgencySettings.objects.create(agency=agency)
    record(
        "officers.agency.created",
        agency,
        by=by,
        after={**snapshot(agency, AGENCY_FIELDS), "domains": sorted(d.code for d in domains)},
    )
    return agency


@transaction.atomic
def update_agency(
    agency: Agency, *, by: Any, domains: Iterable[EnforcementDomain] | None = None, **values: Any
) -> Agency:
    """Edit the agency's profile (name, prefix, address, hotline, …)."""
    authorise(by, agency, Role.AGENCY_ADMIN)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    unknown = set(values) - set(AGENCY_FIELDS)
    if unknown:
        raise DomainError(_("未知字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    if by is not None and {"kind", "is_active", "credit_code"} & set(values):
        # The legal status of an agency is not the agency admin's to change.
        if not has_role(by, Role.SYSTEM_ADMIN):
            values = {
                k: v for k, v in values.items() if k not in {"kind", "is_active", "credit_code"}
            }
    before = snapshot(agency, AGENCY_FIELDS)
    before_domains = sorted(agency.domains.values_list("code", flat=True))
    for key, value in values.items():
        setattr(agency, key, clean_text(value, key) if isinstance(value, str) else value)
    full_clean_or_raise(agency)
    changed = [k for k in values if before.get(k) != snapshot(agency, [k])[k]]
    if changed:
        agency.save(update_fields=changed)
    after_domains = before_domains
    if domains is not None:
        agency.domains.set(list(domains))
        after_domains = sorted(agency.domains.values_list("code", flat=True))
    if changed or after_domains != before_domains:
        record(
            "officers.agency.updated",
            agency,
            by=by,
            before={**{k: before[k] for k in changed}, "domains": before_domains},
            after={**snapshot(agency, changed), "domains": after_domains},
        )
    return agency


@transaction.atomic
def update_agency_settings(agency: Agency, *, by: Any, **values: Any) -> AgencySettings:
    """The R-rule numbers an agency may set (statement period, hearing thresholds, …).

    Validated by the model's validators (e.g. a statement period of at least one working
    day); nothing is saved when any value is bad.
    """
    authorise(by, agency, Role.AGENCY_ADMIN)
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise DomainError(_("未知设置项：%(f)s") % {"f": "、".join(sorted(unknown))})
    settings_obj, _created = AgencySettings.objects.select_for_update().get_or_create(agency=agency)
    before = snapshot(settings_obj, SETTINGS_FIELDS)
    for key, value in values.items():
        setattr(settings_obj, key, value)
    full_clean_or_raise(settings_obj, exclude=["agency"])
    after = snapshot(settings_obj, SETTINGS_FIELDS)
    changed = [k for k in SETTINGS_FIELDS if before[k] != after[k]]
    if changed:
        settings_obj.save(update_fields=changed)
        record(
            "officers.settings.updated",
            settings_obj,
            by=by,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return settings_obj


def _check_period(valid_from: date, valid_to: date | None) -> None:
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("失效日期不得早于生效日期。"))


@transaction.atomic
def create_power(
    agency: Agency,
    *,
    by: Any,
    domain: EnforcementDomain,
    legal_basis: str,
    valid_from: date,
    valid_to: date | None = None,
    violation_code: str = "",
) -> Power:
    """Add an entry to the agency's powers list (R-03)."""
    authorise(by, agency, Role.AGENCY_ADMIN)
    _check_period(valid_from, valid_to)
    power = Power(
        agency=agency,
        domain=domain,
        violation_code=clean_text(violation_code, _("违法行为代码")),
        legal_basis=clean_text(legal_basis, _("法律依据")),
        valid_from=valid_from,
        valid_to=valid_to,
    )
    full_clean_or_raise(power)
    power.save()
    record("officers.power.created", power, by=by, after=snapshot(power, POWER_FIELDS))
    return power


@transaction.atomic
def update_power(power: Power, *, by: Any, **values: Any) -> Power:
    authorise(by, power.agency_id, Role.AGENCY_ADMIN)
    power = Power.objects.select_for_update().get(pk=power.pk)
    unknown = set(values) - set(POWER_FIELDS)
    if unknown:
        raise DomainError(_("未知字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    before = snapshot(power, POWER_FIELDS)
    for key, value in values.items():
        setattr(power, key, clean_text(value, key) if isinstance(value, str) else value)
    _check_period(power.valid_from, power.valid_to)
    full_clean_or_raise(power)
    after = snapshot(power, POWER_FIELDS)
    changed = [k for k in POWER_FIELDS if before[k] != after[k]]
    if changed:
        power.save(update_fields=changed)
        record(
            "officers.power.updated",
            power,
            by=by,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return power


@transaction.atomic
def delete_power(power: Power, *, by: Any) -> None:
    """Remove an entry entered by mistake. (A power that ends is given a valid_to instead,
    so that cases decided under it still show their authority.)"""
    authorise(by, power.agency_id, Role.AGENCY_ADMIN)
    power = Power.objects.select_for_update().get(pk=power.pk)
    record("officers.power.deleted", power, by=by, before=snapshot(power, POWER_FIELDS))
    power.delete()


def _check_delegation(
    principal: Agency, delegate: Agency, valid_from: date, valid_to: date
) -> None:
    if principal.pk == delegate.pk:
        raise DomainError(_("委托机关与受委托组织不能相同。"))
    if principal.kind not in (Agency.Kind.STATUTORY, Agency.Kind.AUTHORISED):
        raise DomainError(
            _("R-03：只有行政机关或法律法规授权组织可以委托实施行政处罚（第二十条）。")
        )
    if delegate.kind != Agency.Kind.ENTRUSTED:
        raise DomainError(_("R-03：受委托方应登记为“受委托组织”。"))
    _check_period(valid_from, valid_to)


@transaction.atomic
def create_delegation(
    *,
    by: Any,
    principal: Agency,
    delegate: Agency,
    domains: Iterable[EnforcementDomain],
    scope: str,
    valid_from: date,
    valid_to: date,
    document_number: str = "",
) -> Delegation:
    """A written delegation (委托书, Art 20) by the principal; its admin records it."""
    authorise(by, principal, Role.AGENCY_ADMIN)
    domains = list(domains)
    if not domains:
        raise DomainError(_("请至少选择一个委托领域。"))
    _check_delegation(principal, delegate, valid_from, valid_to)
    delegation = Delegation(
        principal=principal,
        delegate=delegate,
        scope=clean_text(scope, _("委托事项与权限")),
        valid_from=valid_from,
        valid_to=valid_to,
        document_number=clean_text(document_number, _("委托书编号")),
    )
    full_clean_or_raise(delegation)
    delegation.save()
    delegation.domains.set(domains)
    record(
        "officers.delegation.created",
        delegation,
        by=by,
        after={
            **snapshot(delegation, DELEGATION_FIELDS),
            "domains": sorted(d.code for d in domains),
        },
    )
    return delegation


@transaction.atomic
def update_delegation(
    delegation: Delegation,
    *,
    by: Any,
    domains: Iterable[EnforcementDomain] | None = None,
    **values: Any,
) -> Delegation:
    authorise(by, delegation.principal_id, Role.AGENCY_ADMIN)
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    unknown = set(values) - set(DELEGATION_FIELDS) | ({"principal"} & set(values))
    if unknown:
        raise DomainError(_("不可修改的字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    before = {
        **snapshot(delegation, DELEGATION_FIELDS),
        "domains": sorted(delegation.domains.values_list("code", flat=True)),
    }
    for key, value in values.items():
        setattr(delegation, key, clean_text(value, key) if isinstance(value, str) else value)
    _check_delegation(
        delegation.principal, delegation.delegate, delegation.valid_from, delegation.valid_to
    )
    full_clean_or_raise(delegation)
    delegation.save()
    if domains is not None:
        domains = list(domains)
        if not domains:
            raise DomainError(_("请至少选择一个委托领域。"))
        delegation.domains.set(domains)
    after = {
        **snapshot(delegation, DELEGATION_FIELDS),
        "domains": sorted(delegation.domains.values_list("code", flat=True)),
    }
    changed = [k for k in after if before[k] != after[k]]
    if changed:
        record(
            "officers.delegation.updated",
            delegation,
            by=by,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return delegation


@transaction.atomic
def delete_delegation(delegation: Delegation, *, by: Any) -> None:
    authorise(by, delegation.principal_id, Role.AGENCY_ADMIN)
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    record(
        "officers.delegation.deleted",
        delegation,
        by=by,
        before={
            **snapshot(delegation, DELEGATION_FIELDS),
            "domains": sorted(delegation.domains.values_list("code", flat=True)),
        },
    )
    delegation.domains.clear()
    delegation.delete()
