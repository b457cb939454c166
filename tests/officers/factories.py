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
