"""R-03: may this agency open a case for this violation, on this date?

The agency must be an enforcement body, and hold the power for the violation (权责清单)
on the act date, either directly or through a delegation (委托) valid on that date whose
principal holds the power. A delegated organisation acts and issues documents in the
principal's name (Art 20), so the answer also says *in whose name* documents are issued.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from core.errors import Verdict
from officers.models import Agency, Delegation, EnforcementDomain, Power


@dataclass(frozen=True)
class Authority:
    verdict: Verdict  # ok, or R-03 refusal with reason
    acting_agency: (
        Agency | None
    )  # in whose name documents are issued (the principal for a delegation, Art 20)
    delegation: Delegation | None


def _domain_id(domain: EnforcementDomain | int) -> int:
    return domain if isinstance(domain, int) else domain.pk


def _powers_on(agency_id: int, domain_id: int, violation_code: str, on: date):
    """Powers of the agency covering (domain, violation) on `on`; valid_to is inclusive."""
    return Power.objects.filter(
        agency_id=agency_id,
        domain_id=domain_id,
        violation_code__in=["", violation_code or ""],
        valid_from__lte=on,
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def may_enforce(
    agency: Agency, domain: EnforcementDomain | int, violation_code: str, *, on: date
) -> Authority:
    """Yes (with the acting agency and the delegation used, if any), or an R-03 refusal."""
    domain_id = _domain_id(domain)
    code = violation_code or ""
    # non-enforcement bodies cannot open cases.
    if not agency.can_enforce:
        return Authority(
            Verdict.refuse(
                "R-03",
                _("%(agency)s不是执法主体（或已停用），不得立案查处") % {"agency": agency.name},
            ),
            None,
            None,
        )
    # a power held directly, valid on the act date.
    if _powers_on(agency.pk, domain_id, code, on).exists():
        return Authority(Verdict(), agency, None)
    # a delegation valid on the act date, covering the domain, whose principal
    # holds the power on that date; documents go out in the principal's name (Art 20).
    delegations = (
        Delegation.objects.filter(
            delegate=agency,
            domains__id=domain_id,
            valid_from__lte=on,
            valid_to__gte=on,
        )
        .select_related("principal")
        .distinct()
        .order_by("pk")
    )
    for delegation in delegations:
        principal = delegation.principal
        if principal.can_enforce and _powers_on(principal.pk, domain_id, code, on).exists():
            return Authority(Verdict(), principal, delegation)
    domain_name = (
        domain.name
        if isinstance(domain, EnforcementDomain)
        else EnforcementDomain.objects.filter(pk=domain_id).values_list("name", flat=True).first()
        or str(domain_id)
    )
    return Authority(
        Verdict.refuse(
            "R-03",
            _(
                "%(agency)s于 %(on)s 不享有“%(domain)s”领域违法行为 %(code)s 的执法权限"
                "（权责清单中无此事项，也无有效的行政委托）"
            )
            % {
                "agency": agency.name,
                "on": on.isoformat(),
                "domain": domain_name,
                "code": code or "*",
            },
        ),
        None,
        None,
    )


__all__ = ["Authority", "may_enforce"]
