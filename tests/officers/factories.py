"""Officers-specific test helpers (shared factories live in tests/factories.py)."""

from __future__ import annotations

from core.roles import Role
from officers.idnumber import check_char
from officers.models import Agency, Officer
from tests.factories import AgencyFactory, OfficerFactory


def agency_admin(agency: Agency | None = None) -> Officer:
    """An agency admin's officer profile (no certificate: admins do not enforce)."""
    return OfficerFactory(
        agency=agency or AgencyFactory(),
        user__roles=[Role.AGENCY_ADMIN],
        certified=False,
        post="法制科",
    )


def staff(role: str, agency: Agency, *, certified: bool = True) -> Officer:
    return OfficerFactory(agency=agency, user__roles=[role], certified=certified)


def valid_id(first17: str = "11010519491231002") -> str:
    """A GB 11643-valid ID number built from 17 digits."""
    return first17 + check_char(first17)


class World:
    """Two agencies with people in every role; objects of agency A to poke at."""

    def __init__(self) -> None:
        from datetime import date

        from officers.models import Delegation, Fault, Power
        from tests.factories import DomainFactory

        self.food = DomainFactory()
        self.a = AgencyFactory(name="甲市市场监督管理局")
        self.b = AgencyFactory(name="乙市市场监督管理局")
        self.admin_a = agency_admin(self.a)
        self.legal_a = staff(Role.LEGAL_OFFICE, self.a, certified=False)
        self.sup_a = staff(Role.SUPERVISOR, self.a)
        self.off_a = staff(Role.OFFICER, self.a)
        self.off_a.id_number = valid_id()
        self.off_a.save()
        self.off_a.domains.add(self.food)
        self.off_a2 = staff(Role.OFFICER, self.a)
        self.admin_b = agency_admin(self.b)
        self.off_b = staff(Role.OFFICER, self.b)
        self.cert_a = self.off_a.certificates.get()
        self.fault_a = Fault.objects.create(
            officer=self.off_a,
            kind=Fault.Kind.ORDINARY,
            occurred_on=date(2026, 1, 5),
            found_on=date(2026, 1, 10),
            finding="询问笔录未交当事人核对",
        )
        self.power_a = Power.objects.create(
            agency=self.a,
            domain=self.food,
            legal_basis="《食品安全法》",
            valid_from=date(2020, 1, 1),
        )
        entrusted = AgencyFactory(kind=Agency.Kind.ENTRUSTED)
        self.delegation_a = Delegation.objects.create(
            principal=self.a,
            delegate=entrusted,
            scope="食品经营检查",
            valid_from=date(2026, 1, 1),
            valid_to=date(2026, 12, 31),
        )
        self.delegation_a.domains.add(self.food)
