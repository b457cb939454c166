"""Models of the cases app, split by sub-domain."""

from cases.models.case import (
    AGENCY_WIDE_ROLES,
    Approval,
    Case,
    CaseCounter,
    CaseGroupObjectPermission,
    CaseOfficer,
    CaseParty,
    CaseQuerySet,
    CaseUserObjectPermission,
    Recusal,
    officer_of,
)
from cases.models.inspection import Inspection
from cases.models.party import Party

__all__ = [
    "AGENCY_WIDE_ROLES",
    "Approval",
    "Case",
    "CaseCounter",
    "CaseGroupObjectPermission",
    "CaseOfficer",
    "CaseParty",
    "CaseQuerySet",
    "CaseUserObjectPermission",
    "Inspection",
    "Party",
    "Recusal",
    "officer_of",
]
