"""Django admin (a developer tool here: production has no superuser login). The
catalogue is edited through `penalties.services.catalogue` in normal operation; the
admin is read-mostly for inspection."""

from django.contrib import admin

from penalties.models import (
    BenchmarkTier,
    BenchmarkVersion,
    FirstOffenceEntry,
    Provision,
    ViolationType,
    ViolationVersion,
)


@admin.register(Provision)
class ProvisionAdmin(admin.ModelAdmin):
    list_display = ("law_name", "law_version", "article", "paragraph", "item")
    list_filter = ("law_name",)
    search_fields = ("law_name", "text")


class ViolationVersionInline(admin.StackedInline):
    model = ViolationVersion
    extra = 0
    raw_id_fields = ("violated_provision", "penalty_provision", "supplementary_provision")


@admin.register(ViolationType)
class ViolationTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "domain", "is_active")
    list_filter = ("domain", "is_active")
    search_fields = ("code", "name")
    inlines = [ViolationVersionInline]


class BenchmarkTierInline(admin.TabularInline):
    model = BenchmarkTier
    extra = 0


@admin.register(BenchmarkVersion)
class BenchmarkVersionAdmin(admin.ModelAdmin):
    list_display = ("violation", "agency", "label", "status", "effective_from", "effective_to")
    list_filter = ("status", "agency")
    search_fields = ("violation__code", "label")
    inlines = [BenchmarkTierInline]
    readonly_fields = ("created_at", "published_at")


@admin.register(FirstOffenceEntry)
class FirstOffenceEntryAdmin(admin.ModelAdmin):
    list_display = ("violation", "agency", "effective_from", "effective_to")
    list_filter = ("agency",)
