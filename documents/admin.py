"""Read-only admin (a developer tool here; documents change only through services)."""

from __future__ import annotations

from django.contrib import admin

from documents.models import Document, DocumentVersion, NumberCounter, ServiceRecord


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "agency", "case_id", "status", "issued_at")
    list_filter = ("kind", "status", "year")
    search_fields = ("number",)


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ReadOnlyAdmin):
    list_display = ("document", "n", "state", "progress", "sha256", "rendered_at")


@admin.register(ServiceRecord)
class ServiceRecordAdmin(ReadOnlyAdmin):
    list_display = ("document", "method", "served_on", "recipient", "recorded_at")


@admin.register(NumberCounter)
class NumberCounterAdmin(ReadOnlyAdmin):
    list_display = ("agency", "kind", "year", "last_seq")
