"""Reads that need care: which officers and agencies a user may see.

Agency admins, the legal office and supervisors see their own agency's officers; every
other staff member sees only themself. Anything outside these querysets is a 404 in the
views, never a 403 that would confirm it exists.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from core import clock
from core.roles import Role, has_role
from officers.models import Agency, Certificate, Delegation, Officer, Power
from officers.qualification import with_qualification_data

# Roles that see the whole agency's officer files.
AGENCY_READERS = (Role.AGENCY_ADMIN, Role.LEGAL_OFFICE, Role.SUPERVISOR)
EXPIRY_WARNING_DAYS = 60


def officer_of(user) -> Officer | None:
    """The user's own officer profile, if any (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_officer_profile"):
        user._officer_profile = (
            Officer.objects.select_related("agency").filter(user_id=user.pk).first()
        )
    return user._officer_profile


def user_agency(user) -> Agency | None:
    """The agency a staff user belongs to (through their officer profile)."""
    officer = officer_of(user)
    return officer.agency if officer else None


def is_agency_admin(user, agency: Agency | int | None) -> bool:
    own = user_agency(user)
    agency_id = agency if isinstance(agency, int) else getattr(agency, "pk", None)
    return own is not None and own.pk == agency_id and has_role(user, Role.AGENCY_ADMIN)


def officers_visible_to(user) -> QuerySet[Officer]:
    """Officers whose file the user may open."""
    me = officer_of(user)
    if me is None:
        return Officer.objects.none()
    if has_role(user, *AGENCY_READERS):
        return Officer.objects.filter(agency_id=me.agency_id)
    return Officer.objects.filter(pk=me.pk)


def officer_list(
    user, *, status: str = "", q: str = "", flagged: bool = False
) -> QuerySet[Officer]:
    """The officer list page: the agency's officers with what may_act needs prefetched."""
    qs = officers_visible_to(user).select_related("user", "agency").prefetch_related("domains")
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(user__username__icontains=q) | Q(post__icontains=q))
    if flagged:
        qs = qs.filter(Q(flagged_for_review=True) | Q(flagged_for_transfer=True))
    return with_qualification_data(qs).order_by("name", "pk")


def certificates_visible_to(user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(officer__in=officers_visible_to(user))


def expiring_certificates(
    agency: Agency | int, *, days: int = EXPIRY_WARNING_DAYS
) -> QuerySet[Certificate]:
    """Valid certificates of the agency expiring within `days` (today included)."""
    today = clock.today()
    return (
        Certificate.objects.filter(
            officer__agency=agency,
            state=Certificate.State.VALID,
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=days),
        )
        .select_related("officer")
        .order_by("expires_on", "number")
    )


def powers_of(agency: Agency) -> QuerySet[Power]:
    return (
        Power.objects.filter(agency=agency)
        .select_related("domain")
        .order_by("domain__code", "violation_code", "valid_from")
    )


def delegations_of(agency: Agency) -> QuerySet[Delegation]:
    return (
        Delegation.objects.filter(Q(principal=agency) | Q(delegate=agency))
        .select_related("principal", "delegate")
        .prefetch_related("domains")
        .order_by("-valid_from", "pk")
    )


def agency_admin_users(agency: Agency | int):
    """Users holding the agency admin role in the agency (reminder recipients)."""
    return (
        get_user_model()
        .objects.filter(officer__agency=agency, groups__name=Role.AGENCY_ADMIN, is_active=True)
        .distinct()
    )
