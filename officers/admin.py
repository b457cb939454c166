"""Django admin (a developer tool here: production has no superuser login). Read-mostly
views of the officers data; changes go through the pages and services, which audit."""

from __future__ import annotations

from django.contrib import admin

from officers.models import (
    Agency,
    Certificate,
    CertificateEvent,
    Delegation,
    EnforcementDomain,
    Exam,
    Fault,
    Officer,
    Power,
    Reminder,
    Training,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(EnforcementDomain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ("code", "name")


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "doc_prefix", "region", "is_active")
    list_filter = ("kind", "is_active")


@admin.register(Officer)
class OfficerAdmin(ReadOnlyAdmin):
    list_display = (
        "name",
        "agency",
        "post",
        "status",
        "is_new_staff",
        "flagged_for_transfer",
        "flagged_for_review",
    )
    list_filter = ("agency", "status")
    exclude = ("id_number",)


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ("number", "officer", "state", "expires_on", "review_due_on")
    list_filter = ("state",)


for model in (Power, Delegation, CertificateEvent, Exam, Training, Fault, Reminder):
    admin.site.register(model, ReadOnlyAdmin)
