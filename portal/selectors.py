"""Reads for the public pages (R-70): what an anonymous visitor may see, and nothing more.

- agencies: active enforcement bodies (statutory, authorised, entrusted), with their
  powers list (权责清单) and delegations;
- officers: enforcement officers only (holding or having held a certificate, not
  transferred out of enforcement posts): name, certificate numbers, domains, status. The
  identity number and phone of an officer never leave this module;
- certificate check by number;
- published benchmark tables (never drafts) and published decisions (R-39: published, not
  withdrawn, decision in force and served; the masked text only).

Each list costs a constant number of queries (prefetches, no per-row query).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from core import clock
from officers.models import Agency, Certificate, Delegation, EnforcementDomain, Officer, Power
from penalties.models import BenchmarkTier, BenchmarkVersion, Decision, Publication, ViolationType

PUBLIC_KINDS = (Agency.Kind.STATUTORY, Agency.Kind.AUTHORISED, Agency.Kind.ENTRUSTED)
# Only what the public page prints; `id_number`, `phone` and the like are never loaded.
OFFICER_FIELDS = ("name", "post", "duties", "status", "agency_id", "agency__name")


def public_agencies() -> QuerySet[Agency]:
    # 执法主体资格公开 — active enforcement bodies only.
    return Agency.objects.filter(is_active=True, kind__in=PUBLIC_KINDS).order_by("name")


def public_agency(pk: int) -> Agency | None:
    return public_agencies().prefetch_related("domains").filter(pk=pk).first()


@dataclass(frozen=True)
class PowerRow:
    domain: str
    violation: str  # "code name", or "该领域全部违法行为"
    legal_basis: str
    valid_from: date
    valid_to: date | None


def powers(agency: Agency, *, on: date | None = None) -> list[PowerRow]:
    """The powers list in force on `on` (today), with the violation names (two queries)."""
    on = on or clock.today()
    rows = list(
        Power.objects.filter(agency=agency, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("domain")
        .order_by("domain__code", "violation_code", "pk")
    )
    codes = {p.violation_code for p in rows if p.violation_code}
    names = dict(ViolationType.objects.filter(code__in=codes).values_list("code", "name"))
    return [
        PowerRow(
            domain=p.domain.name,
            violation=(
                f"{p.violation_code} {names.get(p.violation_code, '')}".strip()
                if p.violation_code
                else _("该领域全部违法行为")
            ),
            legal_basis=p.legal_basis,
            valid_from=p.valid_from,
            valid_to=p.valid_to,
        )
        for p in rows
    ]


def delegations(agency: Agency, *, on: date | None = None) -> dict[str, list[Delegation]]:
    """Entrustments given and received that are in force (Art 20 disclosure)."""
    on = on or clock.today()
    live = Delegation.objects.filter(valid_from__lte=on, valid_to__gte=on).prefetch_related(
        "domains"
    )
    return {
        "given": list(live.filter(principal=agency).select_related("delegate")),
        "received": list(live.filter(delegate=agency).select_related("principal")),
    }


def public_officers(agency: Agency | int | None = None, *, q: str = "") -> QuerySet[Officer]:
    """Enforcement officers: with a certificate (ever), not transferred out (R-70)."""
    qs = (
        Officer.objects.filter(
            Exists(Certificate.objects.filter(officer_id=OuterRef("pk"))),
            agency__is_active=True,
            agency__kind__in=PUBLIC_KINDS,
        )
        .exclude(status=Officer.Status.TRANSFERRED)  # enforcement officers only
        .only(*OFFICER_FIELDS)
        .select_related("agency")
        .prefetch_related(
            "domains",
            Prefetch(
                "certificates",
                queryset=Certificate.objects.only(
                    "pk",
                    "officer_id",
                    "number",
                    "state",
                    "expires_on",
                    "review_due_on",
                    "issued_on",
                ).order_by("-expires_on", "-pk"),
            ),
        )
    )
    if agency is not None:
        qs = qs.filter(agency_id=agency if isinstance(agency, int) else agency.pk)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(certificates__number=q)).distinct()
    return qs.order_by("agency__name", "name", "pk")


@dataclass(frozen=True)
class PostRow:
    post: str
    duties: str
    officers: int


def posts(agency: Agency) -> list[PostRow]:
    """执法岗位责任: the agency's enforcement posts and their duties (no names)."""
    seen: dict[str, PostRow] = {}
    counts: dict[str, int] = {}
    for post, duties in public_officers(agency).values_list("post", "duties"):
        key = post or ""
        counts[key] = counts.get(key, 0) + 1
        if key not in seen or (duties and not seen[key].duties):
            seen[key] = PostRow(post=key, duties=duties or "", officers=0)
    return [
        PostRow(post=row.post, duties=row.duties, officers=counts[key])
        for key, row in sorted(seen.items())
        if key
    ]


# --- Certificate check --------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateCheck:
    number: str
    holder: str
    agency: str
    domains: list[str]
    state: str  # effective state code: valid, suspended, revoked, expired, review_missed, not_yet
    state_label: str
    issued_on: date
    expires_on: date
    officer_status: str
    officer_status_label: str

    @property
    def usable(self) -> bool:
        return self.state == "valid" and self.officer_status == Officer.Status.ON_POST


def effective_state(cert: Certificate, on: date) -> tuple[str, str]:
    """The state the public should see today: a VALID row past its expiry or review date
    is not valid (R-01, R-61)."""
    if cert.state != Certificate.State.VALID:  # the state as of today
        return cert.state, str(cert.get_state_display())
    if on < cert.issued_on:
        return "not_yet", _("尚未生效")
    if on > cert.expires_on:
        return "expired", _("已过期")
    if on > cert.review_due_on:
        return "review_missed", _("逾期未年审，暂停使用")
    return "valid", _("有效")


def normalise_certificate_number(raw: str) -> str:
    return "".join((raw or "").split())


def check_certificate(number: str, *, on: date | None = None) -> CertificateCheck | None:
    """R-70: verify a certificate by its number. None when unknown (or its holder is not
    publicly listed, e.g. the agency is inactive)."""
    number = normalise_certificate_number(number)
    if not number:
        return None
    on = on or clock.today()
    cert = (
        Certificate.objects.filter(number__in={number, number.upper()})
        .filter(officer__agency__is_active=True, officer__agency__kind__in=PUBLIC_KINDS)
        .select_related("officer", "officer__agency")
        .prefetch_related("domains")
        .first()
    )
    if cert is None:
        return None
    state, label = effective_state(cert, on)
    officer = cert.officer
    return CertificateCheck(
        number=cert.number,
        holder=officer.name,
        agency=officer.agency.name,
        domains=[d.name for d in cert.domains.all()],
        state=state,
        state_label=str(label),
        issued_on=cert.issued_on,
        expires_on=cert.expires_on,
        officer_status=officer.status,
        officer_status_label=str(officer.get_status_display()),
    )


# --- Benchmarks and decisions ----------------------------------------------------------------


def published_benchmarks(
    agency: Agency | int | None = None, *, on: date | None = None
) -> QuerySet[BenchmarkVersion]:
    """Published versions in force or announced for later (never drafts, never ended)."""
    on = on or clock.today()
    qs = (  # published benchmark tables only, never drafts
        BenchmarkVersion.objects.published()
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .filter(agency__is_active=True, agency__kind__in=PUBLIC_KINDS)
        .select_related("agency", "violation", "violation__domain")
    )
    if agency is not None:
        qs = qs.filter(agency_id=agency if isinstance(agency, int) else agency.pk)
    return qs.order_by("agency__name", "violation__code", "effective_from")


def published_benchmark(pk: int, *, on: date | None = None) -> BenchmarkVersion | None:
    return (
        published_benchmarks(on=on)
        .prefetch_related(Prefetch("tiers", queryset=BenchmarkTier.objects.order_by("pk")))
        .filter(pk=pk)
        .first()
    )


def published_decisions(agency: Agency | int | None = None) -> QuerySet[Publication]:
    """R-39: published, not withdrawn; the decision in force and served (never before)."""
    # only published, never withdrawn, never before service.
    qs = Publication.objects.filter(
        status=Publication.Status.PUBLISHED,
        published_at__isnull=False,
        decision__status__in=[Decision.Status.ISSUED, Decision.Status.SERVED],
        decision__served_on__isnull=False,
    ).select_related("agency")
    if agency is not None:
        qs = qs.filter(agency_id=agency if isinstance(agency, int) else agency.pk)
    return qs.only("pk", "title", "published_at", "agency__name", "agency_id").order_by(
        "-published_at", "-pk"
    )


def published_decision(pk: int) -> Publication | None:
    return (
        Publication.objects.filter(pk=pk)
        .filter(pk__in=published_decisions().values("pk"))
        .select_related("agency")
        .only("pk", "title", "masked_text", "published_at", "agency__name", "agency_id")
        .first()
    )


def domains_of(agency: Agency) -> list[EnforcementDomain]:
    return list(agency.domains.all())
