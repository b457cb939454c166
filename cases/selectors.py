"""Reads that need care: permission-filtered querysets, the case list, party history and
supervision tier (R-74), citable evidence (R-22), the timeline.

Every read of a case starts from `Case.objects.visible_to(user)`.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.actions import label_for
from cases import deadlines
from cases.models import (
    AGENCY_WIDE_ROLES,
    Case,
    CaseOfficer,
    CaseParty,
    Evidence,
    Party,
    officer_of,
)
from cases.states import State
from core import clock
from core.roles import role_codes

try:  # the audit app's reader, when present
    from audit.selectors import events_for_case as _events_for_case
except ImportError:  # pragma: no cover - fallback for an older audit app
    _events_for_case = None


def visible_cases(user: Any) -> QuerySet[Case]:
    return Case.objects.visible_to(user)


def get_visible_case(user: Any, pk: int) -> Case | None:
    return (
        visible_cases(user).select_related("agency", "domain", "lead_officer").filter(pk=pk).first()
    )


# --- Evidence ----------------------------------------------------------------------------
def citable_evidence(case: Case | int) -> QuerySet[Evidence]:
    """R-22: the evidence a decision may cite: verified and not illegally obtained."""
    case_id = case if isinstance(case, int) else case.pk
    return Evidence.objects.filter(
        case_id=case_id, state=Evidence.State.VERIFIED, illegally_obtained=False
    ).order_by("seq")


# --- Parties ----------------------------------------------------------------------------
def parties_visible_to(user: Any) -> QuerySet[Party]:
    """Parties of a case the user may see, or registered by the user's agency."""
    officer = officer_of(user)
    if officer is None or not role_codes(user):
        return Party.objects.none()
    case_ids = visible_cases(user).values("pk")
    linked = CaseParty.objects.filter(case_id__in=case_ids).values("party_id")
    return Party.objects.filter(Q(pk__in=linked) | Q(registered_by_id=officer.agency_id))


def may_reveal_identity(user: Any, party: Party) -> bool:
    """Who needs the full number: the officers assigned to a case of the party, and the
    supervisors, legal office and legal reviewers of an agency with a case of the party."""
    officer = officer_of(user)
    if officer is None:
        return False
    links = CaseParty.objects.filter(party_id=party.pk)
    if role_codes(user) & AGENCY_WIDE_ROLES:
        return links.filter(case__agency_id=officer.agency_id).exists()
    return CaseOfficer.objects.filter(
        officer=officer, active=True, case_id__in=links.values("case_id")
    ).exists()


def party_history(user: Any, party: Party) -> QuerySet[Case]:
    """The party's cases the user may see (other agencies' cases are not shown)."""
    return (
        visible_cases(user)
        .filter(case_parties__party_id=party.pk)
        .select_related("agency")
        .order_by("-pk")
    )


# States where a violation has been established and sanctioned (R-74, R-13 look-back).
SANCTIONED = frozenset(
    {State.DECIDED, State.SERVED, State.EXECUTING, State.SUMMARY_DECIDED, State.CLOSED}
)


@dataclass(frozen=True)
class Tier:
    code: str
    label: str
    violations: int
    serious: int
    since: date
    explanation: str


TIER_LABELS = {
    "remote": gettext_lazy("远程监管"),
    "near": gettext_lazy("一般监管"),
    "close": gettext_lazy("重点监管"),
}


def supervision_tier(party: Party, *, today: date | None = None, years: int = 3) -> Tier:
    """R-74: no violation in 3 years → remote; one → near; repeated or serious → close.

    Computed from the party's record in every agency (a sanctioned case: decided, or
    closed after a decision), so that the tier is the same whoever looks; the page shows
    only counts, never another agency's case."""
    today = today or clock.today()
    since = deadlines.add_years(today, -years)
    rows = list(
        Case.objects.filter(
            case_parties__party_id=party.pk, decided_on__gte=since, decided_on__lte=today
        )
        .filter(state__in=SANCTIONED)
        .values_list("is_major", "safety_related")
    )
    count = len(rows)
    serious = sum(1 for major, safety in rows if major or safety)
    if count == 0:
        code = "remote"
        why = _("近%(y)s年无违法记录") % {"y": years}
    elif count == 1 and not serious:
        code = "near"
        why = _("近%(y)s年有1次违法记录") % {"y": years}
    else:
        code = "close"
        why = _("近%(y)s年有%(n)s次违法记录，其中%(s)s次情节严重") % {
            "y": years,
            "n": count,
            "s": serious,
        }
    return Tier(code, str(TIER_LABELS[code]), count, serious, since, why)


# --- Timeline ---------------------------------------------------------------------------
def timeline(case: Case, *, limit: int = 200):
    """The case's audit events, oldest first (全过程记录)."""
    if _events_for_case is not None:
        qs = _events_for_case(case.pk)
    else:  # pragma: no cover
        from audit.models import AuditEvent

        qs = AuditEvent.objects.filter(case_id=case.pk).order_by("seq")
    events = list(qs[:limit])
    for event in events:
        event.label = label_for(event.action)
    return events


# --- The case list ----------------------------------------------------------------------
SORTS: dict[str, tuple[str, bool]] = {
    # key: (field, descending)
    "-id": ("id", True),
    "id": ("id", False),
    "due": ("decision_due_on", False),
    "-filed": ("filed_on", True),
    "filed": ("filed_on", False),
    "party": ("party_name", False),
}
SORT_LABELS = {
    "-id": gettext_lazy("最新登记"),
    "id": gettext_lazy("最早登记"),
    "due": gettext_lazy("办案期限"),
    "-filed": gettext_lazy("立案日期（新→旧）"),
    "filed": gettext_lazy("立案日期（旧→新）"),
    "party": gettext_lazy("当事人"),
}
DEFAULT_SORT = "-id"
PAGE_SIZES = (20, 50, 100, 200)


class BadCursor(ValueError):
    pass


def encode_cursor(value: Any, pk: int) -> str:
    raw = f"{'' if value is None else value}\x1f{'n' if value is None else 'v'}\x1f{pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(token: str, field: str) -> tuple[Any, int]:
    try:
        padded = token + "=" * (-len(token) % 4)
        raw = base64.urlsafe_b64decode(padded.encode()).decode()
        value, kind, pk = raw.split("\x1f")
        pk_int = int(pk)
        if kind == "n":
            return None, pk_int
        if field in ("decision_due_on", "filed_on"):
            return date.fromisoformat(value), pk_int
        if field == "id":
            return int(value), pk_int
        if "\x00" in value:
            raise ValueError
        return value, pk_int
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise BadCursor(str(exc)) from None


def _after(field: str, desc: bool, value: Any, pk: int) -> Q:
    """Rows after (value, pk) in the order `field` asc nulls last / desc nulls first, pk."""
    if field == "id":
        return Q(pk__lt=pk) if desc else Q(pk__gt=pk)
    if desc:
        if value is None:  # nulls first: the rest of the nulls, then every value
            return Q(**{f"{field}__isnull": True, "pk__lt": pk}) | Q(**{f"{field}__isnull": False})
        return Q(**{f"{field}__lt": value}) | Q(**{field: value, "pk__lt": pk})
    if value is None:  # nulls last
        return Q(**{f"{field}__isnull": True, "pk__gt": pk})
    return (
        Q(**{f"{field}__gt": value})
        | Q(**{field: value, "pk__gt": pk})
        | Q(**{f"{field}__isnull": True})
    )


@dataclass
class CasePage:
    rows: list[Case]
    next_cursor: str | None
    sort: str
    page_size: int


def filter_cases(qs: QuerySet[Case], params: dict[str, Any]) -> QuerySet[Case]:
    """Apply cleaned filters (see forms.CaseFilterForm)."""
    if params.get("state"):
        qs = qs.filter(state=params["state"])
    if params.get("officer"):
        qs = qs.filter(
            pk__in=CaseOfficer.objects.filter(officer_id=params["officer"], active=True).values(
                "case_id"
            )
        )
    if params.get("violation"):
        qs = qs.filter(violation_code=params["violation"])
    if params.get("party"):
        qs = qs.filter(pk__in=CaseParty.objects.filter(party_id=params["party"]).values("case_id"))
    if params.get("filed_from"):
        qs = qs.filter(filed_on__gte=params["filed_from"])
    if params.get("filed_to"):
        qs = qs.filter(filed_on__lte=params["filed_to"])
    if params.get("overdue"):
        qs = qs.filter(is_overdue=True)
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(party_name__icontains=q))
    return qs


def case_page(
    qs: QuerySet[Case], *, sort: str = DEFAULT_SORT, after: str | None = None, page_size: int = 50
) -> CasePage:
    """One page by keyset (never OFFSET, never COUNT): one query whatever the page size."""
    if sort not in SORTS:
        sort = DEFAULT_SORT
    field, desc = SORTS[sort]
    if field == "id":
        ordering = ["-pk"] if desc else ["pk"]
    else:
        expr = F(field).desc(nulls_first=True) if desc else F(field).asc(nulls_last=True)
        ordering = [expr, "-pk" if desc else "pk"]
    if after:
        value, pk = decode_cursor(after, field)
        qs = qs.filter(_after(field, desc, value, pk))
    rows = list(qs.select_related("lead_officer").order_by(*ordering)[: page_size + 1])
    next_cursor = None
    if len(rows) > page_size:
        rows = rows[:page_size]
        last = rows[-1]
        next_cursor = encode_cursor(getattr(last, field), last.pk)
    return CasePage(rows, next_cursor, sort, page_size)


def my_cases(user: Any, *, limit: int = 20) -> list[Case]:
    """The workspace: open cases the user is assigned to, nearest deadline first."""
    officer = officer_of(user)
    if officer is None:
        return []
    return list(
        visible_cases(user)
        .filter(pk__in=CaseOfficer.objects.filter(officer=officer, active=True).values("case_id"))
        .exclude(state__in=[State.CLOSED, State.NOT_FILED])
        .prefetch_related("preservations")
        .order_by(F("decision_due_on").asc(nulls_last=True), "-pk")[:limit]
    )


def leads_to_verify(user: Any, *, limit: int = 20) -> QuerySet[Case]:
    return (
        visible_cases(user)
        .filter(state__in=[State.LEAD, State.FILING_REVIEW])
        .order_by("verification_due_on", "pk")[:limit]
    )
