"""Reads of the catalogue and benchmarks: who may see what, and what is in force when.

Every view goes through the `*_visible_to(user)` querysets, so another agency's benchmark
versions and first-offence entries are simply not there (404). The `*_in_force` helpers
are what the proposal stage and the engine adapters call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from cases.models import officer_of
from cases.violations import ViolationInfo
from core import clock
from core.roles import Role, role_codes
from officers.models import Agency, EnforcementDomain
from penalties.models import (
    BenchmarkTier,
    BenchmarkVersion,
    FirstOffenceEntry,
    ViolationType,
    ViolationVersion,
)

# Who reads an agency's benchmarks and first-offence list; only the agency admin edits.
BENCHMARK_READERS: frozenset[str] = frozenset(
    {Role.AGENCY_ADMIN, Role.SUPERVISOR, Role.LEGAL_OFFICE, Role.LEGAL_REVIEWER}
)
BENCHMARK_EDITORS: frozenset[str] = frozenset({Role.AGENCY_ADMIN})
# Every enforcement staff member reads the catalogue (it is public law).
CATALOGUE_READERS: frozenset[str] = frozenset(
    {Role.OFFICER, Role.SUPERVISOR, Role.LEGAL_REVIEWER, Role.LEGAL_OFFICE, Role.AGENCY_ADMIN}
)


def _agency_id(agency: Agency | int) -> int:
    return agency if isinstance(agency, int) else agency.pk


def user_agency(user) -> Agency | None:
    officer = officer_of(user)
    return officer.agency if officer is not None else None


def can_read_catalogue(user) -> bool:
    return bool(role_codes(user) & CATALOGUE_READERS)


def can_read_benchmarks(user) -> bool:
    return user_agency(user) is not None and bool(role_codes(user) & BENCHMARK_READERS)


def can_edit_benchmarks(user, agency: Agency | int | None = None) -> bool:
    """Agency admins edit their own agency's tables, nobody else's."""
    own = user_agency(user)
    if own is None or not (role_codes(user) & BENCHMARK_EDITORS):
        return False
    return agency is None or own.pk == _agency_id(agency)


def benchmarks_visible_to(user) -> QuerySet[BenchmarkVersion]:
    if not can_read_benchmarks(user):
        return BenchmarkVersion.objects.none()
    return BenchmarkVersion.objects.filter(agency=user_agency(user)).select_related(
        "violation", "violation__domain", "agency"
    )


def first_offence_visible_to(user) -> QuerySet[FirstOffenceEntry]:
    if not can_read_benchmarks(user):
        return FirstOffenceEntry.objects.none()
    return FirstOffenceEntry.objects.filter(agency=user_agency(user)).select_related(
        "violation", "violation__domain"
    )


def catalogue_visible_to(user) -> QuerySet[ViolationType]:
    if not can_read_catalogue(user):
        return ViolationType.objects.none()
    return ViolationType.objects.select_related("domain")


# --- Law in time (R-18) ----------------------------------------------------------------


def violation_version_on(violation_code: str, on: date) -> ViolationVersion | None:
    """The wording of the law for `violation_code` in force on `on` (R-18), or None."""
    return (
        ViolationVersion.objects.in_force(on)
        .filter(violation__code=violation_code)
        .select_related(
            "violation",
            "violation__domain",
            "violated_provision",
            "penalty_provision",
            "supplementary_provision",
        )
        .first()
    )


@dataclass(frozen=True)
class LawInTime:
    """R-18 (Art 37): the provision at the act date and the one at decision time. The
    engine decides which applies (the older one unless the newer is lighter or no longer
    treats the act as a violation: `at_decision is None`)."""

    at_act: ViolationVersion | None
    at_decision: ViolationVersion | None

    @property
    def revised(self) -> bool:
        a, d = self.at_act, self.at_decision
        return a is not None and (d is None or d.pk != a.pk)


def violation_versions_for(
    violation_code: str, *, act_date: date, decision_date: date
) -> LawInTime:
    return LawInTime(
        at_act=violation_version_on(violation_code, act_date),
        at_decision=violation_version_on(violation_code, decision_date),
    )


# --- Benchmarks in force (R-17) --------------------------------------------------------


def _with_tiers(qs: QuerySet[BenchmarkVersion]) -> QuerySet[BenchmarkVersion]:
    return qs.select_related("violation", "agency").prefetch_related(
        Prefetch("tiers", queryset=BenchmarkTier.objects.order_by("pk"))
    )


def benchmark_in_force(
    agency: Agency | int, violation_code: str, on: date
) -> BenchmarkVersion | None:
    """The agency's published benchmark version for the violation in force on `on`, with
    its tiers; None means no table, so the engine's default split applies (R-17)."""
    return (
        _with_tiers(BenchmarkVersion.objects.in_force(on))
        .filter(agency_id=_agency_id(agency), violation__code=violation_code)
        .order_by("-effective_from")
        .first()
    )


def first_offence_entry(
    agency: Agency | int, violation_code: str, on: date
) -> FirstOffenceEntry | None:
    """The agency's 首违不罚 list entry for the violation in force on `on` (R-13)."""
    return (
        FirstOffenceEntry.objects.filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=on),
            agency_id=_agency_id(agency),
            violation__code=violation_code,
            effective_from__lte=on,
        )
        .order_by("-effective_from")
        .first()
    )


def on_first_offence_list(agency: Agency | int, violation_code: str, on: date) -> bool:
    return first_offence_entry(agency, violation_code, on) is not None


def sorted_tiers(version: BenchmarkVersion) -> list[BenchmarkTier]:
    return sorted(version.tiers.all(), key=lambda t: t.rank)


@dataclass
class BenchmarkRow:
    """One line of the benchmark overview: a violation and the agency's tables for it."""

    violation: ViolationType
    statute: ViolationVersion | None
    in_force: BenchmarkVersion | None
    draft: BenchmarkVersion | None
    upcoming: BenchmarkVersion | None

    @property
    def uses_default(self) -> bool:
        return self.in_force is None


def benchmark_overview(
    agency: Agency, on: date, *, domain: str = "", query: str = ""
) -> list[BenchmarkRow]:
    """Every catalogue violation of the agency's domains (all when it lists none) with the
    version in force, the open draft and any published future version. Constant queries."""
    violations = ViolationType.objects.filter(is_active=True).select_related("domain")
    domain_ids = list(agency.domains.values_list("pk", flat=True))
    if domain_ids:
        violations = violations.filter(domain_id__in=domain_ids)
    if domain:
        violations = violations.filter(domain__code=domain)
    if query:
        violations = violations.filter(Q(code__icontains=query) | Q(name__icontains=query))
    violations = list(violations.order_by("domain__code", "code"))
    ids = [v.pk for v in violations]
    statutes = {
        s.violation_id: s
        for s in ViolationVersion.objects.in_force(on).filter(violation_id__in=ids)
    }
    versions = BenchmarkVersion.objects.filter(agency=agency, violation_id__in=ids)
    in_force: dict[int, BenchmarkVersion] = {}
    drafts: dict[int, BenchmarkVersion] = {}
    upcoming: dict[int, BenchmarkVersion] = {}
    for v in versions.order_by("effective_from"):
        if v.is_draft:
            drafts[v.violation_id] = v
        elif v.in_force(on):
            in_force[v.violation_id] = v
        elif v.effective_from > on:
            upcoming.setdefault(v.violation_id, v)
    return [
        BenchmarkRow(
            violation=vt,
            statute=statutes.get(vt.pk),
            in_force=in_force.get(vt.pk),
            draft=drafts.get(vt.pk),
            upcoming=upcoming.get(vt.pk),
        )
        for vt in violations
    ]


def versions_of(agency: Agency | int, violation: ViolationType) -> QuerySet[BenchmarkVersion]:
    return BenchmarkVersion.objects.filter(
        agency_id=_agency_id(agency), violation=violation
    ).order_by("status", "-effective_from", "-pk")


# --- The catalogue as seen by cases (cases.violations hook) ------------------------------


class CatalogueProvider:
    """Implements `cases.violations.ViolationProvider` over the catalogue; registered in
    `PenaltiesConfig.ready()` so that cases offer real violation codes."""

    def choices(self, agency, domain=None) -> list[tuple[str, str]]:
        """Active violations with a provision in force today, in the agency's domains
        (all, when the agency lists none), optionally of one domain (object, id or code)."""
        today = clock.today()
        qs = ViolationType.objects.filter(is_active=True).filter(
            pk__in=ViolationVersion.objects.in_force(today).values("violation_id")
        )
        if agency is not None:
            domain_ids = list(
                Agency.domains.through.objects.filter(agency_id=_agency_id(agency)).values_list(
                    "enforcementdomain_id", flat=True
                )
            )
            if domain_ids:
                qs = qs.filter(domain_id__in=domain_ids)
        if domain is not None and domain != "":
            if isinstance(domain, EnforcementDomain):
                qs = qs.filter(domain_id=domain.pk)
            elif isinstance(domain, int) or (isinstance(domain, str) and domain.isdigit()):
                qs = qs.filter(domain_id=int(domain))
            else:
                qs = qs.filter(domain__code=str(domain))
        return [(v.code, f"{v.code} {v.name}") for v in qs.order_by("domain__code", "code")]

    def get(self, code: str) -> ViolationInfo | None:
        vt = ViolationType.objects.select_related("domain").filter(code=code).first()
        if vt is None:
            return None
        version = vt.version_on(clock.today()) or vt.versions.order_by("-valid_from").first()
        return ViolationInfo(
            code=vt.code,
            name=vt.name,
            domain_code=vt.domain.code,
            safety_related=bool(version and version.safety_related),
            needs_legal_review=bool(version and version.needs_legal_review),
        )
