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
from cases.models.deadline import CaseReminder, ExcludedPeriod, TimeExtension
from cases.models.evidence import Evidence, EvidenceFile, Preservation
from cases.models.inspection import Inspection
from cases.models.party import Party
from cases.models.record import Record, RecordOfficer, RecordQA
from cases.models.transfer import AssistanceRequest, ClosingReport, Correction, Transfer

__all__ = [
    "AssistanceRequest",
    "ClosingReport",
    "Correction",
    "Evidence",
    "EvidenceFile",
    "ExcludedPeriod",
    "Preservation",
    "Record",
    "RecordOfficer",
    "RecordQA",
    "TimeExtension",
    "Transfer",
    "AGENCY_WIDE_ROLES",
    "Approval",
    "Case",
    "CaseCounter",
    "CaseGroupObjectPermission",
    "CaseOfficer",
    "CaseParty",
    "CaseQuerySet",
    "CaseReminder",
    "CaseUserObjectPermission",
    "Inspection",
    "Party",
    "Recusal",
    "officer_of",
]
