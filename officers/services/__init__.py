"""Every write of the officers app. One function per action; each is atomic and records
its audit event in the same transaction. Import from here."""

from officers.services.agencies import (
    create_agency,
    create_delegation,
    create_power,
    delete_delegation,
    delete_power,
    update_agency,
    update_agency_settings,
    update_delegation,
    update_power,
)
from officers.services.certificates import (
    expire_certificate,
    issue_certificate,
    restore_certificate,
    review_certificate,
    revoke_certificate,
    suspend_certificate,
    suspend_for_missed_review,
)
from officers.services.daily import TASK_ACTOR, daily_certificate_check
from officers.services.records import record_exam, record_fault, record_training, update_fault
from officers.services.staff import (
    assign_role,
    change_status,
    clear_review_flag,
    create_officer,
    remove_role,
    reveal_id_number,
    update_officer,
)

__all__ = [
    "TASK_ACTOR",
    "assign_role",
    "change_status",
    "clear_review_flag",
    "create_agency",
    "create_delegation",
    "create_officer",
    "create_power",
    "daily_certificate_check",
    "delete_delegation",
    "delete_power",
    "expire_certificate",
    "issue_certificate",
    "record_exam",
    "record_fault",
    "record_training",
    "remove_role",
    "restore_certificate",
    "reveal_id_number",
    "review_certificate",
    "revoke_certificate",
    "suspend_certificate",
    "suspend_for_missed_review",
    "update_agency",
    "update_agency_settings",
    "update_delegation",
    "update_fault",
    "update_officer",
    "update_power",
]
